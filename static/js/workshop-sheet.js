// The workshop attendance sheet on the trainer's phone. Venues often have weak internet, so a tap
// never waits for the server: it changes the row at once, is kept in localStorage with an id made
// here and the time of the tap, and is sent when there is a connection. The server applies each
// id once and lets a later tap win over an earlier one, so sending again after a lost answer is
// harmless. Without this script every button is an ordinary form that sends one tap.
(function () {
  var sheet = document.getElementById("sheet");
  if (!sheet || !window.fetch || !window.JSON) return;
  var store;
  try { store = window.localStorage; store.setItem("udyokta.probe", "1"); store.removeItem("udyokta.probe"); }
  catch (e) { return; } // private mode without storage: the plain forms still work

  var KEY = "udyokta.workshop.marks";
  var RETRY_MS = 15000;
  var t = sheet.dataset;
  var session = Number(sheet.dataset.session);
  var lang = document.documentElement.lang || "bn";
  var token = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
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
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function button(learner) { return sheet.querySelector('button[data-learner="' + learner + '"]'); }

  function paint(btn, state, pending) {
    btn.dataset.state = state;
    btn.setAttribute("aria-pressed", state === "present" ? "true" : "false");
    btn.classList.remove("btn-success", "btn-outline-danger", "btn-outline-secondary");
    btn.classList.add(state === "present" ? "btn-success" : state === "absent" ? "btn-outline-danger" : "btn-outline-secondary");
    btn.querySelector('[data-sheet="state"]').textContent = state === "present" ? t.tPresent : state === "absent" ? t.tAbsent : t.tUnmarked;
    btn.querySelector('[data-sheet="pending"]').hidden = !pending;
    btn.value = state === "present" ? "0" : "1"; // what the plain form would send next
  }

  function render() {
    var queue = load();
    var mine = {};
    queue.forEach(function (m) { if (m.session === session) mine[m.learner] = m; });
    sheet.querySelectorAll("button[data-learner]").forEach(function (btn) {
      var m = mine[btn.dataset.learner];
      if (m) paint(btn, m.present ? "present" : "absent", true);
      else btn.querySelector('[data-sheet="pending"]').hidden = true;
    });
    var all = sheet.querySelectorAll("button[data-learner]");
    var present = sheet.querySelectorAll('button[data-state="present"]').length;
    sheet.querySelector('[data-sheet="count"]').textContent = t.tCount
      .replace("%(n)s", digits(present)).replace("%(total)s", digits(all.length));
    var status = sheet.querySelector('[data-sheet="status"]');
    status.classList.remove("alert-success", "alert-warning", "alert-danger");
    if (problem) {
      status.textContent = problem;
      status.classList.add("alert-danger");
    } else if (queue.length) {
      status.textContent = sending ? t.tSending : t.tUnsent.replace("%(n)s", digits(queue.length));
      status.classList.add("alert-warning");
    } else {
      status.textContent = t.tAllSent;
      status.classList.add("alert-success");
    }
    sheet.dataset.unsent = String(queue.length);
  }

  function tap(event) {
    var btn = event.target.closest("button[data-learner]");
    if (!btn) return;
    event.preventDefault();
    var present = btn.dataset.state !== "present";
    var learner = Number(btn.dataset.learner);
    // Only the newest unsent tap per learner and class is worth sending; the server would
    // discard the older one anyway.
    var queue = load().filter(function (m) { return !(m.session === session && m.learner === learner); });
    queue.push({ id: newId(), session: session, learner: learner, present: present, at: Date.now() });
    save(queue);
    problem = "";
    paint(btn, present ? "present" : "absent", true);
    render();
    flush();
  }

  function flush() {
    var queue = load();
    if (sending || !queue.length || navigator.onLine === false) { render(); return; }
    sending = true;
    render();
    var batch = queue.slice(0, 200);
    fetch(sheet.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
      body: JSON.stringify({ sent_at: Date.now(), marks: batch })
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) { problem = t.tLogin; throw new Error("login"); }
      if (!response.ok) throw new Error("status " + response.status);
      return response.json();
    }).then(function (answer) {
      var done = {};
      (answer.results || []).forEach(function (r) {
        done[r.id] = true;
        var sent = batch.filter(function (m) { return m.id === r.id; })[0];
        var btn = sent && sent.session === session ? button(sent.learner) : null;
        if (btn && (r.status === "superseded" || r.status === "refused" || r.status === "duplicate")) {
          // The server's answer is what the sheet says now (a later tap won, or this one was refused).
          paint(btn, r.present === true ? "present" : r.present === false ? "absent" : "unmarked", false);
        }
        if (r.status === "refused") problem = r.message;
      });
      save(load().filter(function (m) { return !done[m.id]; }));
      sending = false;
      render();
      document.dispatchEvent(new CustomEvent("udyokta:synced"));
      if (load().length && Object.keys(done).length) flush();
    }).catch(function () {
      sending = false;
      render();
    });
  }

  sheet.addEventListener("click", tap);
  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  setInterval(flush, RETRY_MS);
  render();
  flush();
})();
