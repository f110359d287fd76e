// The offline certificate verifier (certificates/offline.py). It reads a QR code (camera, photo
// or pasted text), checks the token's Ed25519 signature against the public keys kept on the phone,
// and shows the result. Every word it shows is in the page, translated by Django: this script only
// shows, hides and fills in values. The token format is described in certificates/signing.py.
(function () {
  "use strict";

  var VERSION = 1;
  var SIGNATURE_LENGTH = 64;
  var ESCAPE = 0x01;
  var DAY_MS = 86400000;
  var SCAN_EVERY_MS = 250;
  // jsQR's time grows with the pixels. A camera frame is read four times a second, so small. A
  // photo is read once: small first (a close-up of the code), then large, since a photo of the whole
  // certificate leaves its QR code few pixels (jsQR needs about 2.5 a module: 3000 across an A4 page).
  var FRAME_MAX_SIDE = 1000;
  var PHOTO_MAX_SIDES = [1000, 3200];
  // RFC 8032's first test key: importing it tells whether WebCrypto has Ed25519.
  var PROBE_KEY = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

  var config = JSON.parse(document.getElementById("verify-config").textContent);
  var contextBytes = Uint8Array.from(atob(config.context), function (c) { return c.charCodeAt(0); });
  var utf8 = new TextDecoder("utf-8", { fatal: true });
  var result = document.querySelector("[data-result]");
  var form = document.querySelector("[data-check-form]");
  var textarea = form.querySelector("textarea");

  var keys = loadKeys();
  keepForOffline();
  setUpScanner();
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    check(textarea.value);
  });

  // --- keys and the service worker ---------------------------------------------------------

  function loadKeys() {
    // Through the service worker: the network when it answers, else the copy kept on the phone.
    // The response's Date says when that copy came from the server.
    return fetch(config.keysUrl).then(function (response) {
      if (!response.ok) throw new Error("keys: HTTP " + response.status);
      var date = response.headers.get("Date");
      return response.json().then(function (data) {
        if (date) {
          // 24-hour clock: Bangla reads "১৪:০৭" more easily than a Latin "PM" among Bangla digits.
          document.querySelector("[data-keys-synced]").textContent = new Intl.DateTimeFormat(config.locale, {
            dateStyle: "medium", timeStyle: "short", hourCycle: "h23"
          }).format(new Date(date));
        }
        return data;
      });
    }).catch(function () { return null; });
  }

  function keepForOffline() {
    if (!("serviceWorker" in navigator) || !window.caches) {
      show("[data-offline-unsupported]");
      return;
    }
    navigator.serviceWorker.register(config.serviceWorker, { scope: config.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return fallbacksNeeded().then(function (urls) { return askToCache(registration.active, urls); });
    }).then(function () {
      show("[data-offline-ready]");
    }, function () {
      show("[data-offline-unsupported]");
    });
  }

  function fallbacksNeeded() {
    return Promise.all([qrDetectorSupported(), ed25519Supported()]).then(function (supported) {
      var urls = [];
      if (!supported[0]) urls.push(config.cacheOptional.qr);
      if (!supported[1]) urls.push(config.cacheOptional.ed25519);
      return urls;
    });
  }

  function askToCache(worker, urls) {
    if (!urls.length) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { (event.data.ok ? resolve : reject)(); };
      worker.postMessage({ type: "keep", urls: urls }, [channel.port2]);
    });
  }

  // --- checking ----------------------------------------------------------------------------

  function check(text) {
    text = text.trim();
    var hash = text.indexOf("#");
    var link = hash === -1 ? "" : text.slice(0, hash);
    var token = hash === -1 ? text : text.slice(hash + 1).trim();
    return Promise.resolve(token).then(verifyToken).catch(function (error) {
      return { state: error && error.state ? error.state : "malformed" };
    }).then(function (outcome) {
      showResult(outcome, linkToThisSite(link));
    });
  }

  function verifyToken(token) {
    var data = base64UrlToBytes(token);
    if (data.length <= SIGNATURE_LENGTH) throw malformed();
    var body = data.subarray(0, data.length - SIGNATURE_LENGTH);
    var signature = data.subarray(data.length - SIGNATURE_LENGTH);
    var fields = unpack(body);
    return keys.then(function (publicKeys) {
      if (!publicKeys) return { state: "no_keys" };
      if (!Object.prototype.hasOwnProperty.call(publicKeys, fields.kid)) return { state: "unknown_key" };
      var message = new Uint8Array(contextBytes.length + body.length);
      message.set(contextBytes);
      message.set(body, contextBytes.length);
      return verifySignature(base64UrlToBytes(publicKeys[fields.kid]), signature, message).then(function (ok) {
        return ok ? { state: "valid", fields: fields } : { state: "bad_signature" };
      });
    });
  }

  function verifySignature(publicKey, signature, message) {
    if (!window.crypto || !crypto.subtle) return Promise.reject({ state: "unsupported" });
    return crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]).then(function (key) {
      return crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
    }, function (error) {
      if (error.name !== "NotSupportedError") throw error;
      // Browsers before WebCrypto had Ed25519 (Chrome 137): the vendored noble-ed25519, strict RFC 8032.
      return import(config.cacheOptional.ed25519).then(function (ed) {
        return ed.verifyAsync(signature, message, publicKey, { zip215: false });
      }, function () {
        throw { state: "unsupported" };
      });
    });
  }

  function ed25519Supported() {
    if (!window.crypto || !crypto.subtle) return Promise.resolve(true);  // nothing to cache would help
    return crypto.subtle.importKey("raw", base64UrlToBytes(PROBE_KEY), { name: "Ed25519" }, false, ["verify"]).then(
      function () { return true; },
      function (error) { return error.name !== "NotSupportedError"; }
    );
  }

  // signing.py's body: version | kid | serial | kind | days since 1970 | name
  function unpack(body) {
    var at = 0;
    function take(size) {
      if (at + size > body.length) throw malformed();
      at += size;
      return body.subarray(at - size, at);
    }
    function text() {
      return decodeText(take(take(1)[0]));
    }
    if (take(1)[0] !== VERSION) throw malformed();
    var kid = text();
    var serial = text();
    var kind = take(1)[0];
    var day = take(2);
    var name = text();
    if (at !== body.length) throw malformed();
    return {
      kid: kid,
      serial: serial,
      // A kind newer than this cached page is still a genuine certificate: show its number.
      kind: config.kindLabels[config.kinds[kind]] || "#" + kind,
      date: new Date((day[0] * 256 + day[1]) * DAY_MS),
      name: name
    };
  }

  // Printable ASCII as itself, 0x80-0xFF as the Bengali block, ESCAPE + UTF-8 for anything else.
  function decodeText(bytes) {
    var out = "";
    var i = 0;
    while (i < bytes.length) {
      var byte = bytes[i];
      if (byte >= 0x20 && byte <= 0x7e) {
        out += String.fromCharCode(byte);
        i += 1;
      } else if (byte >= 0x80) {
        out += String.fromCharCode(0x0980 + byte - 0x80);
        i += 1;
      } else if (byte === ESCAPE && i + 1 < bytes.length) {
        var lead = bytes[i + 1];
        var size = lead < 0x80 ? 1 : lead >> 5 === 6 ? 2 : lead >> 4 === 14 ? 3 : 4;
        if (i + 1 + size > bytes.length) throw malformed();
        try {
          out += utf8.decode(bytes.subarray(i + 1, i + 1 + size));
        } catch (error) {
          throw malformed();
        }
        i += 1 + size;
      } else {
        throw malformed();
      }
    }
    return out;
  }

  function base64UrlToBytes(text) {
    if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) throw malformed();
    var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(binary, function (c) { return c.charCodeAt(0); });
  }

  function malformed() {
    return { state: "malformed" };
  }

  // A forged QR code could pair a genuine token with a look-alike site's link: link only to ours.
  function linkToThisSite(link) {
    try {
      var url = new URL(link);
      return url.origin === location.origin ? url.href : "";
    } catch (error) {
      return "";
    }
  }

  function showResult(outcome, link) {
    var valid = outcome.state === "valid";
    result.querySelectorAll("[data-state]").forEach(function (node) {
      node.hidden = node.getAttribute("data-state") !== outcome.state;
    });
    result.querySelector("[data-fields]").hidden = !valid;
    if (valid) {
      var fields = outcome.fields;
      fill("name", fields.name);
      fill("serial", fields.serial);
      fill("kind", fields.kind);
      fill("date", new Intl.DateTimeFormat(config.locale, {
        day: "numeric", month: "long", year: "numeric", timeZone: "UTC"
      }).format(fields.date));
      fill("kid", fields.kid);
    }
    result.querySelector("[data-dev-warning]").hidden = !(valid && outcome.fields.kid === config.devKeyId);
    result.querySelector('[data-checked="offline"]').hidden = false;
    result.querySelector('[data-checked="server"]').hidden = true;
    var linkRow = result.querySelector("[data-verify-link]");
    linkRow.hidden = !link;
    linkRow.querySelector("a").href = link || "#";
    result.setAttribute("data-outcome", outcome.state);
    result.hidden = false;
    result.focus();
  }

  function fill(field, value) {
    result.querySelector('[data-field="' + field + '"]').textContent = value;
  }

  function show(selector) {
    document.querySelector(selector).hidden = false;
  }

  // --- scanning ----------------------------------------------------------------------------

  function setUpScanner() {
    var section = document.querySelector("[data-scan]");
    var start = section.querySelector("[data-scan-start]");
    var view = section.querySelector("[data-scan-view]");
    var video = section.querySelector("[data-scan-video]");
    var stream = null;
    var timer = null;

    section.hidden = false;
    start.hidden = !(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);

    function error(which) {
      section.querySelectorAll("[data-scan-error]").forEach(function (node) {
        node.hidden = node.getAttribute("data-scan-error") !== which;
      });
    }

    function stop() {
      clearTimeout(timer);
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      video.srcObject = null;
      view.hidden = true;
      start.hidden = false;
    }

    function found(text) {
      textarea.value = text;
      check(text);
    }

    start.addEventListener("click", function () {
      error(null);
      Promise.all([
        navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }),
        qrReader()
      ]).then(function (both) {
        stream = both[0];
        var read = both[1];
        video.srcObject = stream;
        view.hidden = false;
        start.hidden = true;
        return video.play().then(function () {
          (function scan() {
            read(video, FRAME_MAX_SIDE).then(function (text) {
              if (!stream) return;
              if (text) {
                stop();
                found(text);
              } else {
                timer = setTimeout(scan, SCAN_EVERY_MS);
              }
            }, function () { timer = setTimeout(scan, SCAN_EVERY_MS); });
          })();
        });
      }).catch(function () {
        stop();
        error("camera");
      });
    });
    section.querySelector("[data-scan-stop]").addEventListener("click", stop);
    document.addEventListener("visibilitychange", function () { if (document.hidden) stop(); });

    section.querySelector("[data-scan-photo]").addEventListener("change", function (event) {
      var file = event.target.files && event.target.files[0];
      event.target.value = "";
      if (!file) return;
      error(null);
      Promise.all([createImageBitmap(file), qrReader()]).then(function (both) {
        var image = both[0];
        var read = both[1];
        return read(image, PHOTO_MAX_SIDES[0]).then(function (text) {
          return text || read(image, PHOTO_MAX_SIDES[1]);
        });
      }).then(function (text) {
        if (text) found(text); else error("not_found");
      }, function () {
        error("not_found");
      });
    });
  }

  function qrDetectorSupported() {
    if (!("BarcodeDetector" in window)) return Promise.resolve(false);
    return BarcodeDetector.getSupportedFormats().then(function (formats) {
      return formats.indexOf("qr_code") !== -1;
    }, function () { return false; });
  }

  // A function (image, maxSide) from a video or bitmap to the text of the QR code in it, or null.
  // BarcodeDetector takes the image as it is; for jsQR it is first scaled down to maxSide.
  function qrReader() {
    return qrDetectorSupported().then(function (supported) {
      if (supported) {
        var detector = new BarcodeDetector({ formats: ["qr_code"] });
        return function (image) {
          return detector.detect(image).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
        };
      }
      return loadScript(config.cacheOptional.qr).then(function () {
        var canvas = document.createElement("canvas");
        var context = canvas.getContext("2d", { willReadFrequently: true });
        return function (image, maxSide) {
          var width = image.videoWidth || image.width;
          var height = image.videoHeight || image.height;
          var scale = Math.min(1, maxSide / Math.max(width, height));
          canvas.width = Math.round(width * scale);
          canvas.height = Math.round(height * scale);
          context.drawImage(image, 0, 0, canvas.width, canvas.height);
          var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
          var code = window.jsQR(pixels.data, canvas.width, canvas.height, { inversionAttempts: "dontInvert" });
          return Promise.resolve(code ? code.data : null);
        };
      });
    });
  }

  function loadScript(src) {
    if (window.jsQR) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
})();
