// The judge's scoring sheet at a fair. The hall's internet is weak, so saving a score never waits
// for the server: the marks wait in this judge's queue on the phone (static/js/offline-queue.js)
// with the id the page made for that form (client_id) and are sent when there is a connection.
// The server stores each id once, so sending again after a lost answer is harmless. Without this
// script each form is an ordinary POST.
(function () {
  var sheet = document.getElementById("score-sheet");
  if (!sheet || !window.OfflineQueue) return;
  var t = sheet.dataset;
  var status = document.getElementById("score-queue");
  var queue = OfflineQueue("udyokta.fair.scores", t.syncUrl, {
    owner: t.queueOwner,
    body: function (batch) { return { scores: batch }; },
    onResult: function (r, sent) {
      var box = sent ? card(sent.exhibitor) : null;
      if (box) box.querySelector("[data-state]").textContent = "· " + (r.status === "refused" ? r.message : t.sent);
    },
    onChange: render
  });
  if (!queue) return; // no storage: the plain forms still work

  function card(exhibitor) { return sheet.querySelector('[data-exhibitor="' + exhibitor + '"]'); }

  function render() {
    var waiting = queue.count();
    status.textContent = queue.problem() || (waiting ? OfflineQueue.digits(waiting) + " " + t.waiting : "");
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
    var box = card(item.exhibitor);
    if (box) {
      box.querySelector("[data-state]").textContent = "· " + t.kept;
      form.parentNode.removeChild(form);
      box.open = false;
    }
    queue.add(item);
  }

  sheet.addEventListener("submit", submit);
  queue.flush();
})();
