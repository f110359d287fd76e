// What a person does on a phone with weak internet (check-ins at a fair's desk, a judge's scores, a
// trainer's attendance marks) never waits for the server: it is kept in localStorage and sent to
// the page's sync view when there is a connection (now, when the phone comes online, and every
// 15 seconds). The server answers each item by its id and applies an id once, so sending again
// after a lost answer is harmless; an answered item (done or refused) leaves the queue.
//
//   const queue = OfflineQueue("udyokta.fair.scores", syncUrl, {
//     owner: sheet.dataset.queueOwner,          // who is signed in (see below)
//     body: (batch) => ({ scores: batch }),     // the JSON the sync view reads
//     id: "id",                                 // the field the server's results name an item by
//     onResult: (result, item) => {},           // one answer, with the item it answers
//     onChange: () => {},                       // count(), sending() or problem() changed
//     loginMessage: "",                         // said on 401/403 instead of the server's error
//   });
//   queue.add(item, replaces)   keep an item (instead of the queued ones `replaces` picks; by
//                               default those with its id) and send
//   queue.items(), queue.count(), queue.sending(), queue.problem(), queue.flush()
//   OfflineQueue.digits(n)      a number in the page's digits (Bangla on Bangla pages)
//
// OfflineQueue returns null without fetch or localStorage (private mode): the page's plain forms
// still work. Each signed-in person has her own queue on the phone: two trainers who share one
// would otherwise send each other's marks, and the server would refuse (and so drop) the ones that
// are not the sender's. Items kept before queues had owners go to the first person who opens the page.
// Loaded with its own <script src> before the page's script (the CSP allows no inline script).
(function () {
  "use strict";
  const RETRY_MS = 15000;
  const BATCH = 200; // the sync views refuse larger batches
  const BANGLA_DIGITS = "০১২৩৪৫৬৭৮৯";

  function storage() {
    try {
      const store = window.localStorage;
      store.setItem("udyokta.probe", "1");
      store.removeItem("udyokta.probe");
      return store;
    } catch (e) {
      return null;
    }
  }

  function OfflineQueue(name, syncUrl, options) {
    const store = window.fetch && window.JSON ? storage() : null;
    if (!store) return null;
    const o = Object.assign({ owner: "", id: "id", loginMessage: "", onResult() {}, onChange() {} }, options);
    const key = o.owner ? name + "." + o.owner : name;
    let sending = false;
    let problem = "";

    function load(at) {
      try { return JSON.parse(store.getItem(at || key) || "[]"); } catch (e) { return []; }
    }
    function save(items) { store.setItem(key, JSON.stringify(items)); }
    if (key !== name && store.getItem(name) !== null) {
      save(load().concat(load(name)));
      store.removeItem(name);
    }

    function answered(batch, answer, more) {
      const done = {};
      if (!more) problem = "";
      (answer.results || []).forEach((result) => {
        const id = result[o.id];
        done[id] = true;
        if (result.status === "refused") problem = result.message;
        o.onResult(result, batch.find((item) => item[o.id] === id));
      });
      save(load().filter((item) => !done[item[o.id]]));
      sending = false;
      o.onChange();
      document.dispatchEvent(new CustomEvent("udyokta:synced"));
      // More than one batch waits: the next goes now, and its answer keeps this one's problem.
      if (Object.keys(done).length && load().length) send(true);
    }

    function send(more) {
      const queue = load();
      if (sending || !queue.length || navigator.onLine === false) { o.onChange(); return; }
      sending = true;
      o.onChange();
      const batch = queue.slice(0, BATCH);
      const token = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
      fetch(syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
        body: JSON.stringify(o.body(batch))
      }).then((response) => {
        if (response.status === 401 || response.status === 403) {
          // Signed out, or no longer allowed: the items wait for a valid session.
          return response.json().catch(() => ({})).then((answer) => {
            problem = o.loginMessage || answer.error || problem;
            throw new Error("login");
          });
        }
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      }).then((answer) => answered(batch, answer, more)).catch(() => {
        sending = false;
        o.onChange();
      });
    }

    const flush = () => send(false);
    window.addEventListener("online", flush);
    window.addEventListener("offline", () => o.onChange());
    setInterval(flush, RETRY_MS);
    return {
      add(item, replaces) {
        const same = replaces || ((queued) => queued[o.id] === item[o.id]);
        save(load().filter((queued) => !same(queued)).concat([item]));
        problem = "";
        flush();
      },
      items: () => load(),
      count: () => load().length,
      sending: () => sending,
      problem: () => problem,
      flush: flush
    };
  }

  OfflineQueue.digits = function (value) {
    const text = String(value);
    if ((document.documentElement.lang || "bn") !== "bn") return text;
    return text.replace(/[0-9]/g, (d) => BANGLA_DIGITS[d]);
  };

  window.OfflineQueue = OfflineQueue;
})();
