// A logged-in person's notifications, live on every page: the header's unread counter and a
// short notice when one arrives. The server renders the counter; without this script or
// without websockets the page is the same, only not updated until the next page.
// Titles and texts arrive from the server already translated and go in with textContent.
(function () {
  // Websockets may be served apart from the pages (README "Running in production").
  function wsBase() {
    var meta = document.querySelector('meta[name="ws-url"]');
    if (meta && meta.content) return meta.content;
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host;
  }
  var link = document.getElementById("notify");
  var toasts = document.getElementById("notify-toasts");
  if (!link || !toasts || !window.WebSocket || !window.JSON) return;
  var badge = link.querySelector('[data-notify="count"]');
  var number = link.querySelector('[data-notify="n"]');
  var bangla = (document.documentElement.lang || "bn") === "bn";
  var attempt = 0;

  function digits(value) {
    var text = String(value);
    return bangla ? text.replace(/[0-9]/g, function (d) { return "০১২৩৪৫৬৭৮৯"[d]; }) : text;
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }
  function unread(n) {
    number.textContent = digits(n);
    badge.hidden = !n;
  }
  function toast(n) {
    var box = el("div", "toast show mb-2", "");  // read out by the container's aria-live
    var head = el("div", "toast-header", "");
    head.appendChild(el("strong", "me-auto", n.title));
    var close = el("button", "btn-close", "");
    close.type = "button";
    close.setAttribute("aria-label", link.dataset.close);
    close.onclick = function () { box.remove(); };
    head.appendChild(close);
    box.appendChild(head);
    var body = el("div", "toast-body", n.body);
    if (n.url) {
      var open = el("a", "d-block mt-1", link.dataset.open);
      open.href = link.getAttribute("href") + n.id + "/";  // marks it read on the way
      body.appendChild(open);
    }
    box.appendChild(body);
    toasts.appendChild(box);
    while (toasts.children.length > 3) toasts.removeChild(toasts.firstChild);
    setTimeout(function () { box.remove(); }, 20000);
  }
  function connect() {
    var socket = new WebSocket(wsBase() + link.dataset.ws);
    socket.onopen = function () { attempt = 0; link.dataset.live = "1"; };
    socket.onmessage = function (e) {
      var m = JSON.parse(e.data);
      if (typeof m.unread === "number") unread(m.unread);
      if (m.type === "notification") toast(m);
    };
    socket.onclose = function () {
      delete link.dataset.live;
      // 1 s, 2 s, 4 s … up to a minute, jittered so phones dropped together come back apart.
      var delay = Math.min(60000, 1000 * Math.pow(2, attempt++));
      setTimeout(connect, delay / 2 + Math.random() * delay / 2);
    };
  }
  connect();
})();
