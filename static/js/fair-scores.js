// The judge's scoring sheet at a fair. The hall's internet is weak, so saving a score never waits
// for the server: the marks are kept in localStorage with the id the page made for that form
// (client_id) and sent when there is a connection. The server stores each id once, so sending
// again after a lost answer is harmless. Without this script each form is an ordinary POST.
(function () {
  var sheet = document.getElementById("score-sheet");
  if (!sheet || !window.fetch || !window.JSON) return;
  var store;
  try { store = window.localStorage; store.setItem("udyokta.probe", "1"); store.removeItem("udyokta.probe"); }
  catch (e) { return; } // no storage: the plain forms still work

  var KEY = "udyokta.fair.scores";
  var RETRY_MS = 15000;
  var t = sheet.dataset;
  var status = document.getElementById("score-queue");
  var token = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var lang = document.documentElement.lang || "bn";
  var sending = false;
  var problem = "";

  function digits(value) {
    var text = String(value);
    return lang === "bn" ? text.replace(/[0-9]/g, function (d) { return "০১২৩৪৫৬৭৮৯"[d]; }) : text;
  }
  function load() {
    try { return JSON.parse(store.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { store.setItem(KEY, JSON.stringify(queue)); }
  function card(exhibitor) { return sheet.querySelector('[data-exhibitor="' + exhibitor + '"]'); }

  function render() {
    var waiting = load().length;
    status.textContent = problem || (waiting ? digits(waiting) + " " + t.waiting : "");
  }

  function submit(event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-score-form")) return;
    if (form.checkValidity && !form.checkValidity()) return; // the browser says what is wrong
    event.preventDefault();
    var marks = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[data-criterion]"), function (input) {
      marks[input.dataset.criterion] = Number(input.value);
    });
    var item = {
      id: form.querySelector("input[name=client_id]").value,
      category: Number(t.category),
      exhibitor: Number(form.querySelector("input[name=exhibitor]").value),
      marks: marks,
      at: new Date().toISOString()
    };
    var queue = load().filter(function (q) { return q.id !== item.id; });
    queue.push(item);
    save(queue);
    var box = card(item.exhibitor);
    if (box) {
      box.querySelector("[data-state]").textContent = "· " + t.kept;
      form.parentNode.removeChild(form);
      box.open = false;
    }
    problem = "";
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
      body: JSON.stringify({ scores: batch })
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        return response.json().then(function (a) { problem = a.error || ""; throw new Error("login"); });
      }
      if (!response.ok) throw new Error("status " + response.status);
      return response.json();
    }).then(function (answer) {
      var done = {};
      (answer.results || []).forEach(function (r) {
        done[r.id] = true;
        var sent = batch.filter(function (q) { return q.id === r.id; })[0];
        var box = sent ? card(sent.exhibitor) : null;
        if (box) box.querySelector("[data-state]").textContent = "· " + (r.status === "refused" ? r.message : t.sent);
        if (r.status === "refused") problem = r.message;
      });
      save(load().filter(function (q) { return !done[q.id]; }));
      sending = false;
      render();
    }).catch(function () {
      sending = false;
      render();
    });
  }

  sheet.addEventListener("submit", submit);
  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  setInterval(flush, RETRY_MS);
  render();
  flush();
})();
