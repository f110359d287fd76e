// The site's one service worker: it lets a few pages open with no connection. Each app serves
// this file from the top of the folder it keeps, through lms/lib/offline_pages.py, with
// `const CONFIG = {...};` above it:
//   cachePrefix, cache  this app's and language's caches, and the current one: named after the
//                       signed-in person on personal pages, and a hash of what it caches
//   keep                false when a personal worker was fetched without a session: keep nothing
//   personal            pages of one person (the fair's check-in desk, the workshop attendance
//                       sheet): forgotten when she is signed out; otherwise the same page for
//                       everyone (the certificate checker), whose kept copy stands in for errors
//   pages               regular expressions of the page paths kept after a visit (a page asks)
//   fresh               paths cached on install, network first, kept copy when offline
//   static              the static files' URL prefix: cache first; kept when a page asks
//   core                cached on install
// Why per person: a phone may be shared. A new person (or nobody) signed in makes a new script,
// whose worker deletes the other caches; a kept page that now redirects to the login is deleted.
/* global CONFIG */
"use strict";

// On a weak connection a request can hang for a minute: after this long the kept copy is shown,
// and the network's answer, if it comes, refreshes it for next time.
const NETWORK_WAIT_MS = 4000;
const PAGES = CONFIG.pages.map((source) => new RegExp(source));

function isPage(pathname) {
  return PAGES.some((pattern) => pattern.test(pathname));
}

function isStatic(pathname) {
  return pathname.indexOf(CONFIG.static) === 0;
}

function deleteCaches(which) {
  return caches.keys().then((names) => Promise.all(
    names.filter((name) => name.indexOf(CONFIG.cachePrefix) === 0 && which(name)).map((name) => caches.delete(name))
  ));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CONFIG.cache).then((cache) => {
      // cache: "reload" so the HTTP cache cannot hand over an older copy.
      return cache.addAll(CONFIG.core.map((url) => new Request(url, { cache: "reload" })));
    }).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    deleteCaches((name) => name !== CONFIG.cache || !CONFIG.keep).then(() => self.clients.claim())
  );
});

// A page asks to be kept, with its scripts and styles, after its first visit online (the visit
// that installed the worker did not pass through it); the certificate checker asks for the
// fallbacks its browser needs. Answers on the port when done.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const port = event.ports && event.ports[0];
  if (data.type !== "keep" || !port) return;
  if (!CONFIG.keep) { port.postMessage({ ok: false }); return; }
  event.waitUntil(
    caches.open(CONFIG.cache).then((cache) => Promise.all((data.urls || []).map((href) => {
      const url = new URL(href, self.location.href);
      if (url.origin !== self.location.origin) return null;
      if (isPage(url.pathname)) {
        return fetch(url.pathname, { credentials: "same-origin", cache: "no-store" }).then((response) => {
          if (response.ok && !response.redirected) return cache.put(url.pathname, response);
          return null;
        });
      }
      if (isStatic(url.pathname)) {
        return cache.match(url.pathname).then((hit) => hit || cache.add(url.pathname));
      }
      return null;
    }))).then(() => {
      port.postMessage({ ok: true });
    }, () => {
      port.postMessage({ ok: false });
    })
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if ((request.mode === "navigate" && isPage(url.pathname)) || CONFIG.fresh.indexOf(url.pathname) !== -1) {
    // A search (?q=, ?qr=) is the server's; offline, the kept page searches or checks on the phone.
    event.respondWith(networkFirst(event, url.pathname, url.search === ""));
  } else if (isStatic(url.pathname)) {
    event.respondWith(caches.open(CONFIG.cache).then((cache) => {
      return cache.match(url.pathname, { ignoreVary: true }).then((hit) => hit || fetch(request));
    }));
  }
});

function signedOut(response) {
  return response.redirected || response.type === "opaqueredirect" || response.status === 401 || response.status === 403;
}

function networkFirst(event, key, store) {
  return caches.open(CONFIG.cache).then((cache) => {
    const network = fetch(event.request).then((response) => {
      if (CONFIG.personal && signedOut(response)) {
        // Signed out, or no longer allowed here: what was kept for this person goes.
        event.waitUntil(deleteCaches(() => true));
        return response;
      }
      // A person's page answers as the server does; a public page's kept copy stands in.
      if (!response.ok && !CONFIG.personal) throw new Error("HTTP " + response.status);
      if (response.ok && store && CONFIG.keep) event.waitUntil(cache.put(key, response.clone()));
      return response;
    });
    const slow = new Promise((resolve, reject) => {
      setTimeout(() => reject(new Error("slow")), NETWORK_WAIT_MS);
    });
    event.waitUntil(network.catch(() => {}));
    return Promise.race([network, slow]).catch(() => {
      // ignoreVary: the page varies by Accept-Language and Cookie, but its URL fixes the language.
      return cache.match(key, { ignoreVary: true }).then((kept) => kept || network);
    });
  });
}
