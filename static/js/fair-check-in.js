// The fair's check-in desk on an organiser's phone. The hall's internet comes and goes, so a tap
// never waits for the server: the row shows "checked in" at once, the pass code is kept in
// localStorage and sent when there is a connection. Checking in twice is harmless on the server,
// so a resend after a lost answer changes nothing. Searching filters the list on the phone.
// Without this script the search is a GET and each button an ordinary form.
(function () {
  var desk = document.getElementById("desk");
  if (!desk || !window.fetch || !window.JSON) return;
  var store;
  try { store = window.localStorage; store.setItem("udyokta.probe", "1"); store.removeItem("udyokta.probe"); }
  catch (e) { return; }

  var KEY = "udyokta.fair.checkins";
  var RETRY_MS = 15000;
  var t = desk.dataset;
  var status = document.getElementById("desk-status");
  var search = document.getElementById("desk-search");
  var token = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var lang = document.documentElement.lang || "bn";
  var sending = false;
  var problem = "";

  function digits(value) {
    var text = String(value);
    return lang === "bn" ? text.replace(/[0-9]/g, function (d) { return "০১২৩৪৫৬৭৮৯"[d]; }) : text;
  }
  function load() { try { return JSON.parse(store.getItem(KEY) || "[]"); } catch (e) { return []; } }
  function save(queue) { store.setItem(KEY, JSON.stringify(queue)); }
  function render() {
    var waiting = load().length;
    status.textContent = problem || (waiting ? digits(waiting) + " " + t.waiting : "");
  }
  function markDone(row) {
    var form = row.querySelector("form[data-desk-form]");
    if (!form) return;
    var done = document.createElement("span");
    done.className = "small fw-semibold";
    done.setAttribute("data-state", "");
    done.textContent = t.done;
    form.parentNode.replaceChild(done, form);
  }

  function filter() {
    var q = search.value.trim().toLowerCase();
    Array.prototype.forEach.call(desk.querySelectorAll("li[data-code]"), function (row) {
      row.hidden = q && row.dataset.search.indexOf(q) < 0;
    });
  }

  function tap(event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-desk-form")) return;
    event.preventDefault();
    var row = form.closest("li[data-code]");
    var queue = load();
    if (!queue.some(function (q) { return q.code === row.dataset.code; })) {
      queue.push({ code: row.dataset.code, at: new Date().toISOString() });
      save(queue);
    }
    markDone(row);
    flush();
  }

  function flush() {
    var queue = load();
    if (sending || !queue.length || navigator.onLine === false) { render(); return; }
    sending = true;
    render();
    var batch = queue.slice(0, 200);
    fetch(t.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
      body: JSON.stringify({ checkins: batch })
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        return response.json().then(function (a) { problem = a.error || ""; throw new Error("login"); });
      }
      if (!response.ok) throw new Error("status " + response.status);
      return response.json();
    }).then(function (answer) {
      var done = {};
      problem = "";
      (answer.results || []).forEach(function (r) {
        done[r.code] = true;
        if (r.status === "refused") problem = r.message;
      });
      save(load().filter(function (q) { return !done[q.code]; }));
      sending = false;
      render();
    }).catch(function () {
      sending = false;
      render();
    });
  }

  // Searching happens on the phone (offline too); Enter does not reload the page.
  search.form.addEventListener("submit", function (event) { event.preventDefault(); filter(); });
  search.addEventListener("input", filter);
  desk.addEventListener("submit", tap);
  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  setInterval(flush, RETRY_MS);
  load().forEach(function (q) {
    var row = desk.querySelector('li[data-code="' + q.code + '"]');
    if (row) markDone(row);
  });
  filter();
  render();
  flush();
})();
