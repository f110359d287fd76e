// The fair's check-in desk on an organiser's phone. The hall's internet comes and goes, so a tap
// never waits for the server: the row shows "checked in" at once, the pass code is kept in
// localStorage and sent when there is a connection. Checking in twice is harmless on the server,
// so a resend after a lost answer changes nothing. Searching filters the list on the phone.
// Without this script the search is a GET and each button an ordinary form.
// A pass's QR code (fairs/passes.py: a link ending in /organise/fairs/pass/<pass code>/, or
// /manage/fairs/pass/<pass code>/ on a pass printed before the organisers' pages moved) can be
// scanned with the phone's camera here: frames go through jsQR (static/vendor/jsqr), the code is
// looked up in the list on the page, and the check-in is queued like a tap — offline too.
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
    checkIn(form.closest("li[data-code]"));
  }

  function checkIn(row) {
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
      document.dispatchEvent(new CustomEvent("udyokta:synced"));
    }).catch(function () {
      sending = false;
      render();
    });
  }

  // --- scanning a pass ---------------------------------------------------------------------

  var PASS = /\/(?:organise|manage)\/fairs\/pass\/([A-Za-z0-9_-]+)\/?(?:[?#]|$)/;
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
  setUpScanner();
})();
