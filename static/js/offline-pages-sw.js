// The service worker that lets a few signed-in pages open with no connection: the fair's check-in
// desk (fairs/offline.py) and the workshop attendance sheet (workshops/offline.py). Each app serves
// this file under its own folder with `const CONFIG = {...};` above it:
//   cachePrefix, cache  this app's and language's caches, and the current one, named after the
//                       signed-in person (a keyed hash) and a hash of what it caches
//   signedIn            false when the script was fetched without a session: keep nothing
//   pages               regular expressions of the page paths kept (nothing else in scope is)
//   static              the static files' URL prefix: kept only when a kept page asks
//   core                static files cached on install
// Why per person: a phone may be shared. A new person (or nobody) signed in makes a new script,
// whose worker deletes the other caches; a kept page that now redirects to the login is deleted.
/* global CONFIG */
"use strict";

// On a weak connection a request can hang for a minute: after this long the kept copy is shown.
var NETWORK_WAIT_MS = 4000;
var PAGES = CONFIG.pages.map(function (source) { return new RegExp(source); });

function isPage(pathname) {
  return PAGES.some(function (pattern) { return pattern.test(pathname); });
}

function isStatic(pathname) {
  return pathname.indexOf(CONFIG.static) === 0;
}

function forgetEverything() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(CONFIG.cachePrefix) === 0;
    }).map(function (name) { return caches.delete(name); }));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CONFIG.cache).then(function (cache) {
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
        return name.indexOf(CONFIG.cachePrefix) === 0 && (name !== CONFIG.cache || !CONFIG.signedIn);
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

// A page asks to be kept, with its scripts and styles, after its first visit online (the visit
// that installed the worker did not pass through it). Answers on the port when done.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  if (data.type !== "keep" || !port) return;
  if (!CONFIG.signedIn) { port.postMessage({ ok: false }); return; }
  event.waitUntil(
    caches.open(CONFIG.cache).then(function (cache) {
      return Promise.all((data.urls || []).map(function (href) {
        var url = new URL(href, self.location.href);
        if (url.origin !== self.location.origin) return null;
        if (isPage(url.pathname)) {
          return fetch(url.pathname, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
            if (response.ok && !response.redirected) return cache.put(url.pathname, response);
            return null;
          });
        }
        if (isStatic(url.pathname)) {
          return cache.match(url.pathname).then(function (hit) { return hit || cache.add(url.pathname); });
        }
        return null;
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
  if (request.mode === "navigate" && isPage(url.pathname)) {
    // A search (?q=) is the server's; offline, the kept page searches on the phone.
    event.respondWith(networkFirst(event, url.pathname, url.search === ""));
  } else if (isStatic(url.pathname)) {
    event.respondWith(caches.open(CONFIG.cache).then(function (cache) {
      return cache.match(url.pathname).then(function (hit) { return hit || fetch(request); });
    }));
  }
});

function networkFirst(event, key, store) {
  return caches.open(CONFIG.cache).then(function (cache) {
    var network = fetch(event.request).then(function (response) {
      if (response.redirected || response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
        // Signed out, or no longer allowed here: what was kept for this person goes.
        event.waitUntil(forgetEverything());
        return response;
      }
      if (response.ok && store && CONFIG.signedIn) event.waitUntil(cache.put(key, response.clone()));
      return response;
    });
    var slow = new Promise(function (resolve, reject) {
      setTimeout(function () { reject(new Error("slow")); }, NETWORK_WAIT_MS);
    });
    event.waitUntil(network.catch(function () {}));
    return Promise.race([network, slow]).catch(function () {
      return cache.match(key, { ignoreVary: true }).then(function (kept) { return kept || network; });
    });
  });
}
