// The class room: live status, Join button, presence, questions, announcements, check-in.
// Every text comes from #room-strings (translated in the template); user text only ever goes
// in with textContent. Without this script, or without websockets, the page still works:
// it shows what was true when it loaded, and a link to reload.
(function () {
  // Websockets may be served apart from the pages (README "Running in production").
  function wsBase() {
    var meta = document.querySelector('meta[name="ws-url"]');
    if (meta && meta.content) return meta.content;
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host;
  }
  var room = document.getElementById("room");
  if (!room || !window.WebSocket || !window.JSON) return;
  var t = document.getElementById("room-strings").dataset;
  var lang = document.documentElement.lang || "bn";
  var role = room.dataset.role;
  var BADGES = { scheduled: "text-bg-secondary", soon: "text-bg-warning", live: "text-bg-danger",
    ended: "text-bg-secondary", cancelled: "text-bg-warning" };
  var state = JSON.parse(document.getElementById("room-state").textContent);
  var skew = 0; // server clock − this phone's clock: cheap phones are often minutes off
  var me = null, questions = {}, present = {}, socket = null, attempt = 0, everConnected = false;

  function $(name) { return document.querySelector('[data-room="' + name + '"]'); }
  function $all(name) { return document.querySelectorAll('[data-room="' + name + '"]'); }
  function show(node, on) { if (node) node.hidden = !on; }
  function digits(value) {
    var text = String(value);
    return lang === "bn" ? text.replace(/[0-9]/g, function (d) { return "০১২৩৪৫৬৭৮৯"[d]; }) : text;
  }
  function fill(format, values) {
    return format.replace(/%\((\w+)\)s/g, function (_, key) { return digits(values[key]); });
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- status and the Join button, on the clock between pushes --------------------------------
  function status() {
    var now = Date.now() + skew;
    if (state.cancelled) return "cancelled";
    if (state.live_ended_at || now >= Date.parse(state.ends_at)) return "ended";
    if (state.live_started_at || now >= Date.parse(state.starts_at)) return "live";
    if (now >= Date.parse(state.soon_at)) return "soon";
    return "scheduled";
  }
  function renderStatus() {
    var current = status(), badge = $("status");
    badge.textContent = t[current];
    badge.className = "badge " + BADGES[current];
    var joinable = state.can_join && (current === "soon" || current === "live");
    show($("join"), joinable);
    show($("join-later"), !joinable && current !== "ended" && current !== "cancelled");
    var checkin = $("checkin");
    if (checkin && !checkin.dataset.done) show(checkin, state.checkin_open && current === "live");
  }

  // --- connection ------------------------------------------------------------------------------
  function setConnection(kind) {
    var box = $("connection");
    box.textContent = "";
    if (kind === "connected") { box.textContent = t.connected; }
    else if (kind === "reconnecting" && everConnected) { box.textContent = t.reconnecting; }
    else {
      box.appendChild(document.createTextNode(t.offline + " "));
      var link = el("a", "", t.reload);
      link.href = "";
      box.appendChild(link);
    }
    var live = kind === "connected";
    ["ask", "announce"].forEach(function (name) { show($(name), live); });
    document.querySelectorAll("#room button[data-action]").forEach(function (b) { b.disabled = !live; });
  }
  function send(message) {
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify(message)); return true; }
    return false;
  }
  function connect() {
    socket = new WebSocket(wsBase() + room.dataset.ws + "?lang=" + encodeURIComponent(lang));
    socket.onopen = function () { attempt = 0; everConnected = true; setConnection("connected"); };
    socket.onmessage = function (e) { receive(JSON.parse(e.data)); };
    socket.onclose = function () {
      setConnection("reconnecting");
      // 1 s, 2 s, 4 s … up to 30 s, each somewhere between half and all of it, so a class
      // of phones dropped together does not come back all in the same second.
      var delay = Math.min(30000, 1000 * Math.pow(2, attempt++));
      setTimeout(connect, delay / 2 + Math.random() * delay / 2);
    };
  }

  // --- what the server says ---------------------------------------------------------------------
  var handlers = {
    snapshot: function (m) {
      me = m.me;
      questions = {};
      m.questions.forEach(function (q) { questions[q.id] = q; });
      handlers.state(m.state);
      handlers.presence(m.presence);
      var list = $("announcements");
      list.textContent = "";
      m.announcements.forEach(handlers.announcement);
      if (m.checkin) handlers.checkin(m.checkin);
      if (m.present) { present = {}; m.present.forEach(function (id) { present[id] = true; }); renderPresent(); }
      if (m.checked_in) handlers.checked_in({ session: null });
      renderQuestions();
    },
    state: function (m) {
      state = m;
      skew = Date.parse(m.now) - Date.now();
      renderStatus();
    },
    presence: function (m) {
      var count = $("presence");
      count.textContent = fill(t.presence, { n: m.count });
      show(count, true);
      var names = $("names");
      if (names) { names.textContent = m.names.join(", "); show(names, m.names.length > 0); }
    },
    question: function (q) {
      var old = questions[q.id];
      q.voted = (old && old.voted) || (q.voted || false);
      questions[q.id] = q;
      renderQuestions();
    },
    announcement: function (a) {
      $("announcements").insertBefore(el("li", "alert alert-info py-2 mb-1", a.text), $("announcements").firstChild);
    },
    checkin: function (c) {
      show($("checkin-open"), c.open);
      show($("checkin-closed"), !c.open && c.running);
      show($("checkin-off"), !c.open && !c.running);
      var code = document.querySelector('[data-testid="checkin-code"]');
      if (code) code.textContent = digits(c.code);
      var until = $("checkin-until");
      if (until && c.until) {
        until.textContent = new Date(c.until).toLocaleTimeString(lang === "bn" ? "bn-BD" : "en",
          { hour: "numeric", minute: "2-digit", timeZone: "Asia/Dhaka" });
      }
    },
    attendance: function (a) {
      if (a.present) present[a.user_id] = true;
      var box = document.querySelector('input[name="present"][value="' + Number(a.user_id) + '"]');
      if (box) {
        box.checked = a.present;
        var sources = box.closest("li").querySelector('[data-room="sources"]');
        if (sources && sources.textContent.indexOf(t.checkinSource) < 0) {
          sources.textContent = sources.textContent ? sources.textContent + ", " + t.checkinSource : t.checkinSource;
        }
      }
      renderPresent();
    },
    checked_in: function (m) {
      if (m.session !== null && String(m.session) !== room.dataset.ws.split("/")[3]) return;
      var form = $("checkin");
      if (form) { form.dataset.done = "1"; show(form, false); }
      var done = $("checked-in");
      if (done) { done.textContent = t.checkedIn; show(done, true); }
    },
    error: function (m) {
      var box = $("error");
      box.textContent = m.message;
      show(box, true);
      setTimeout(function () { show(box, false); }, 8000);
    }
  };
  function receive(message) {
    var handle = handlers[message.type];
    if (handle) handle(message);
  }

  function renderPresent() {
    var heading = $("present-count");
    if (!heading) return;
    var total = document.querySelectorAll('input[name="present"]').length;
    heading.textContent = "(" + fill(t.presentCount, { n: Object.keys(present).length, total: total }) + ")";
  }

  function button(label, action, id, className) {
    var b = el("button", "btn btn-sm " + className, label);
    b.type = "button";
    b.dataset.action = action;
    b.dataset.id = id;
    return b;
  }
  function renderQuestions() {
    var list = $("questions");
    var items = Object.keys(questions).map(function (id) { return questions[id]; })
      .filter(function (q) { return !q.hidden; })
      .sort(function (a, b) { return (a.answered - b.answered) || (b.votes - a.votes) || (a.id - b.id); });
    list.textContent = "";
    if (!items.length) list.appendChild(el("li", "list-group-item text-muted", t.noQuestions));
    items.forEach(function (q) {
      var item = el("li", "list-group-item");
      item.dataset.question = q.id;
      item.appendChild(el("p", "mb-1", q.text));
      var row = el("div", "d-flex flex-wrap align-items-center gap-2 small");
      row.appendChild(el("span", "text-muted", fill(t.votes, { n: q.votes })));
      if (q.answered) row.appendChild(el("span", "badge text-bg-success", t.answered));
      if (role === "learner" && q.author_id !== me && !q.voted && !q.answered) {
        row.appendChild(button(t.upvote, "upvote", q.id, "btn-outline-primary"));
      }
      if (role === "trainer") {
        if (!q.answered) row.appendChild(button(t.markAnswered, "answered", q.id, "btn-outline-success"));
        row.appendChild(button(t.hide, "hide", q.id, "btn-outline-secondary"));
      }
      item.appendChild(row);
      list.appendChild(item);
    });
  }

  // --- what the person does ---------------------------------------------------------------------
  room.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-action]");
    if (!b || !send({ type: b.dataset.action, id: Number(b.dataset.id) })) return;
    if (b.dataset.action === "upvote") { questions[b.dataset.id].voted = true; b.remove(); }
  });
  function onSubmit(name, type, field) {
    var form = $(name);
    if (!form) return;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var input = form.querySelector(field);
      if (input.value.trim() && send({ type: type, text: input.value })) input.value = "";
    });
  }
  onSubmit("ask", "ask", "textarea");
  onSubmit("announce", "announce", "textarea");
  // Check-in forms still post the page when the socket is down; live, they go through it.
  document.querySelectorAll("form[data-room-action]").forEach(function (form) {
    form.addEventListener("submit", function (e) { if (send({ type: form.dataset.roomAction })) e.preventDefault(); });
  });
  var checkin = $("checkin");
  if (checkin) {
    checkin.addEventListener("submit", function (e) {
      if (send({ type: "check_in", code: checkin.querySelector('[name="code"]').value })) e.preventDefault();
    });
  }

  setInterval(function () { send({ type: "ping" }); }, 25000);
  setInterval(renderStatus, 15000);
  renderStatus();
  connect();
})();
