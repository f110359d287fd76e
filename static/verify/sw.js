// The offline verifier's service worker. Served by certificates/offline.py at
// /verify/offline/sw.js (or /en/...), which puts `const CONFIG = {...};` above this:
//   cachePrefix, cache  this language's caches, and the current one (named by a content hash)
//   page                the page's URL
//   fresh               the page, its manifest and /verify/keys.json: network first, cache when offline
//   core                cached on install: what the page needs to open and check a certificate
//   optional            cached when the page asks (fallbacks only some phones need)
/* global CONFIG */
"use strict";

// On a weak connection a request can hang for a minute: after this long the cached copy is
// shown, and the network's answer, if it comes, refreshes the cache for next time.
var NETWORK_WAIT_MS = 4000;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CONFIG.cache).then(function (cache) {
      // cache: "reload" so the HTTP cache cannot hand over an older copy.
      return cache.addAll(CONFIG.core.map(function (url) { return new Request(url, { cache: "reload" }); }));
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(CONFIG.cachePrefix) === 0 && name !== CONFIG.cache;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

// The page asks for the fallbacks its browser needs; the reply says when they are cached.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  if (data.type !== "cache" || !port) return;
  var urls = (data.urls || []).filter(function (url) { return CONFIG.optional.indexOf(url) !== -1; });
  event.waitUntil(
    caches.open(CONFIG.cache).then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return cache.match(url).then(function (hit) { return hit || cache.add(url); });
      }));
    }).then(function () {
      port.postMessage({ ok: true });
    }, function () {
      port.postMessage({ ok: false });
    })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === CONFIG.page && request.mode === "navigate") {
    // The page with ?qr=... is the server's own check: fetch it, but offline show the page.
    event.respondWith(networkFirst(event, CONFIG.page, url.search === ""));
  } else if (CONFIG.fresh.indexOf(url.pathname) !== -1) {
    event.respondWith(networkFirst(event, url.pathname, true));
  } else if (CONFIG.core.indexOf(url.pathname) !== -1 || CONFIG.optional.indexOf(url.pathname) !== -1) {
    event.respondWith(cacheFirst(url.pathname, request));
  }
});

function networkFirst(event, key, store) {
  return caches.open(CONFIG.cache).then(function (cache) {
    var network = fetch(event.request).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      if (store) {
        var copy = response.clone();
        event.waitUntil(cache.put(key, copy));
      }
      return response;
    });
    var slow = new Promise(function (resolve, reject) {
      setTimeout(function () { reject(new Error("slow")); }, NETWORK_WAIT_MS);
    });
    event.waitUntil(network.catch(function () {}));
    return Promise.race([network, slow]).catch(function () {
      // ignoreVary: the page varies by Accept-Language and Cookie, but its URL fixes the language.
      return cache.match(key, { ignoreVary: true }).then(function (cached) {
        return cached || network;
      });
    });
  });
}

function cacheFirst(key, request) {
  return caches.open(CONFIG.cache).then(function (cache) {
    return cache.match(key, { ignoreVary: true }).then(function (cached) {
      return cached || fetch(request);
    });
  });
}
