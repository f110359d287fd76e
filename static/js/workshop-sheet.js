// The workshop attendance sheet on the trainer's phone. Venues often have weak internet, so a tap
// never waits for the server: it changes the row at once and waits in this trainer's queue on the
// phone (static/js/offline-queue.js) with an id made here and the time of the tap, until there is
// a connection. The server applies each id once and lets a later tap win over an earlier one, so
// sending again after a lost answer is harmless. Without this script every button is an ordinary
// form that sends one tap.
(function () {
  var sheet = document.getElementById("sheet");
  if (!sheet || !window.OfflineQueue) return;
  var t = sheet.dataset;
  var session = Number(sheet.dataset.session);
  var queue = OfflineQueue("udyokta.workshop.marks", t.syncUrl, {
    owner: t.queueOwner,
    body: function (batch) { return { sent_at: Date.now(), marks: batch }; },
    loginMessage: t.tLogin,
    onResult: function (r, sent) {
      var btn = sent && sent.session === session ? button(sent.learner) : null;
      if (btn && (r.status === "superseded" || r.status === "refused" || r.status === "duplicate")) {
        // The server's answer is what the sheet says now (a later tap won, or this one was refused).
        paint(btn, r.present === true ? "present" : r.present === false ? "absent" : "unmarked", false);
      }
    },
    onChange: render
  });
  if (!queue) return; // private mode without storage: the plain forms still work

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
    var waiting = queue.items();
    var mine = {};
    waiting.forEach(function (m) { if (m.session === session) mine[m.learner] = m; });
    sheet.querySelectorAll("button[data-learner]").forEach(function (btn) {
      var m = mine[btn.dataset.learner];
      if (m) paint(btn, m.present ? "present" : "absent", true);
      else btn.querySelector('[data-sheet="pending"]').hidden = true;
    });
    var all = sheet.querySelectorAll("button[data-learner]");
    var present = sheet.querySelectorAll('button[data-state="present"]').length;
    sheet.querySelector('[data-sheet="count"]').textContent = t.tCount
      .replace("%(n)s", OfflineQueue.digits(present)).replace("%(total)s", OfflineQueue.digits(all.length));
    var status = sheet.querySelector('[data-sheet="status"]');
    status.classList.remove("alert-success", "alert-warning", "alert-danger");
    if (queue.problem()) {
      status.textContent = queue.problem();
      status.classList.add("alert-danger");
    } else if (waiting.length) {
      status.textContent = queue.sending() ? t.tSending : t.tUnsent.replace("%(n)s", OfflineQueue.digits(waiting.length));
      status.classList.add("alert-warning");
    } else {
      status.textContent = t.tAllSent;
      status.classList.add("alert-success");
    }
    sheet.dataset.unsent = String(waiting.length);
  }

  function tap(event) {
    var btn = event.target.closest("button[data-learner]");
    if (!btn) return;
    event.preventDefault();
    var present = btn.dataset.state !== "present";
    var learner = Number(btn.dataset.learner);
    // Only the newest unsent tap per learner and class is worth sending; the server would
    // discard the older one anyway. The queue's redraw paints the button.
    queue.add({ id: newId(), session: session, learner: learner, present: present, at: Date.now() }, function (m) {
      return m.session === session && m.learner === learner;
    });
  }

  sheet.addEventListener("click", tap);
  queue.flush();
})();
