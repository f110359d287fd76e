// The fair's check-in desk on an organiser's phone. The hall's internet comes and goes, so a tap
// never waits for the server: the row shows "checked in" at once, and the pass code waits in this
// organiser's queue on the phone (static/js/offline-queue.js) until there is a connection.
// Checking in twice is harmless on the server, so a resend after a lost answer changes nothing.
// Searching filters the list on the phone. Without this script the search is a GET and each
// button an ordinary form.
// A pass's QR code (fairs/passes.py: a link ending in fairs/pass/<pass code>/) can be scanned with
// the phone's camera here: frames go through jsQR (static/vendor/jsqr), the code is looked up in
// the list on the page, and the check-in is queued like a tap — offline too.
(function () {
  var desk = document.getElementById("desk");
  if (!desk || !window.OfflineQueue) return;
  var t = desk.dataset;
  var status = document.getElementById("desk-status");
  var search = document.getElementById("desk-search");
  // static/js/offline-queue.js; the sync view reads {checkins: [{code, at}]} and answers by code.
  var queue = OfflineQueue("udyokta.fair.checkins", t.syncUrl, {
    owner: t.queueOwner,
    id: "code",
    body: function (batch) { return { checkins: batch }; },
    onChange: render
  });
  if (!queue) return;

  function render() {
    var waiting = queue.count();
    status.textContent = queue.problem() || (waiting ? OfflineQueue.digits(waiting) + " " + t.waiting : "");
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
    checkIn(form.closest("li[data-code]"));
  }

  function checkIn(row) {
    var code = row.dataset.code;
    // A check-in already waiting keeps its first time.
    if (queue.items().some(function (q) { return q.code === code; })) queue.flush();
    else queue.add({ code: code, at: new Date().toISOString() });
    markDone(row);
  }

  // --- scanning a pass ---------------------------------------------------------------------

  // Any prefix before fairs/pass/ (a language, the staff folder of the day): passes printed under an
  // older address still scan.
  var PASS = /\/fairs\/pass\/([A-Za-z0-9_-]+)\/?(?:[?#]|$)/;
  var FRAME_MAX_SIDE = 640; // jsQR's time grows with the pixels; a pass's QR fills much of a frame
  var SCAN_EVERY_MS = 250;
  var SAME_PASS_MS = 3000; // the pass stays in front of the camera for a while: answer it once

  // What a scanned QR text means for this desk: {state: "checked" | "already" | "unknown", row}.
  // The camera's frames and any other image end here, through readQr.
  function scanned(text) {
    var match = PASS.exec(String(text || ""));
    var row = null;
    if (match) {
      row = Array.prototype.filter.call(desk.querySelectorAll("li[data-code]"), function (li) {
        return li.dataset.code === match[1];
      })[0] || null;
    }
    if (!row) return { state: "unknown", row: null };
    if (!row.querySelector("form[data-desk-form]")) return { state: "already", row: row };
    checkIn(row);
    return { state: "checked", row: row };
  }

  var canvas = document.createElement("canvas");
  var context2d = canvas.getContext("2d", { willReadFrequently: true });
  // The text of the QR code in a video frame or image, or null.
  function readQr(image) {
    if (!window.jsQR) return null;
    var width = image.videoWidth || image.naturalWidth || image.width;
    var height = image.videoHeight || image.naturalHeight || image.height;
    if (!width || !height) return null;
    var scale = Math.min(1, FRAME_MAX_SIDE / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context2d.drawImage(image, 0, 0, canvas.width, canvas.height);
    var pixels = context2d.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(pixels.data, canvas.width, canvas.height, { inversionAttempts: "dontInvert" });
    return code ? code.data : null;
  }

  function setUpScanner() {
    var section = document.querySelector("[data-desk-scan]");
    if (!section || !window.jsQR || !(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) return;
    var s = section.dataset;
    var start = section.querySelector("[data-scan-start]");
    var view = section.querySelector("[data-scan-view]");
    var video = section.querySelector("[data-scan-video]");
    var result = section.querySelector("[data-scan-result]");
    var stream = null;
    var timer = null;
    var last = { text: "", at: 0 };
    section.hidden = false;

    function say(answer) {
      var name = answer.row ? answer.row.querySelector("strong").textContent : "";
      result.textContent = (answer.state === "checked" ? s.tChecked : answer.state === "already" ? s.tAlready : s.tUnknown)
        .replace("%(name)s", name);
      result.dataset.state = answer.state;
      if (answer.row) {
        search.value = "";
        filter();
        answer.row.scrollIntoView({ block: "nearest" });
      }
    }
    function stop() {
      clearTimeout(timer);
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      video.srcObject = null;
      view.hidden = true;
      start.hidden = false;
    }
    function frame() {
      if (!stream) return;
      var text = null;
      try { text = readQr(video); } catch (e) { text = null; }
      var now = Date.now();
      if (text && !(text === last.text && now - last.at < SAME_PASS_MS)) say(scanned(text));
      if (text) last = { text: text, at: now };
      timer = setTimeout(frame, SCAN_EVERY_MS);
    }
    start.addEventListener("click", function () {
      result.textContent = "";
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (media) {
        stream = media;
        video.srcObject = media;
        view.hidden = false;
        start.hidden = true;
        return video.play().then(frame);
      }).catch(function () {
        stop();
        result.textContent = s.tCamera;
        result.dataset.state = "camera";
      });
    });
    section.querySelector("[data-scan-stop]").addEventListener("click", stop);
    document.addEventListener("visibilitychange", function () { if (document.hidden) stop(); });
  }

  // Searching happens on the phone (offline too); Enter does not reload the page.
  search.form.addEventListener("submit", function (event) { event.preventDefault(); filter(); });
  search.addEventListener("input", filter);
  desk.addEventListener("submit", tap);
  queue.items().forEach(function (q) {
    var row = desk.querySelector('li[data-code="' + q.code + '"]');
    if (row) markDone(row);
  });
  filter();
  queue.flush();
  setUpScanner();
})();
