// Keeps this page on the phone for the day, through the app's service worker
// (static/js/offline-pages-sw.js): after one visit online, the page opens again with no
// connection, with the marks still waiting in localStorage. The element with
// data-offline-worker names the worker, which keeps its own folder's pages; once the page, its scripts and its styles
// are kept it gets data-offline-ready. While the phone is offline, [data-offline-notice] says
// that this is the kept copy. Without service workers the page works online as before.
(function () {
  var host = document.querySelector("[data-offline-worker]");
  if (!host) return;
  var notice = document.querySelector("[data-offline-notice]");

  function showNotice() { if (notice) notice.hidden = navigator.onLine !== false; }
  window.addEventListener("online", showNotice);
  window.addEventListener("offline", showNotice);
  showNotice();

  if (!("serviceWorker" in navigator) || !window.caches || !window.MessageChannel) return;
  var urls = [location.pathname];
  document.querySelectorAll("script[src], link[rel=stylesheet][href]").forEach(function (node) {
    urls.push(node.src || node.href);
  });
  function keep(list) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data && event.data.ok); };
        registration.active.postMessage({ type: "keep", urls: list }, [channel.port2]);
      });
    });
  }
  navigator.serviceWorker.register(host.dataset.offlineWorker).then(function () {
    return keep(urls);
  }).then(function (ok) {
    if (ok) host.setAttribute("data-offline-ready", "");
  }, function () { /* no worker: the page still works online */ });
  // Once marks are sent, the kept copy is refreshed so that it shows them as the server has them.
  document.addEventListener("udyokta:synced", function () {
    if (navigator.onLine !== false) keep([location.pathname]).catch(function () {});
  });
})();
