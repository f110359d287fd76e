// Keeps "next class in …" counting down without a reload. The page reads fine without it.
(function () {
  var nodes = document.querySelectorAll(".countdown[data-start]");
  if (!nodes.length || !window.Intl) return;
  var lang = document.documentElement.lang || "bn";
  var format = new Intl.RelativeTimeFormat(lang === "bn" ? "bn-BD" : "en", { numeric: "auto" });
  function tick() {
    var now = Date.now();
    nodes.forEach(function (node) {
      var minutes = Math.round((Date.parse(node.dataset.start) - now) / 60000);
      var text = Math.abs(minutes) < 120 ? format.format(minutes, "minute")
        : Math.abs(minutes) < 48 * 60 ? format.format(Math.round(minutes / 60), "hour")
        : format.format(Math.round(minutes / 1440), "day");
      node.textContent = "(" + text + ")";
    });
  }
  tick();
  setInterval(tick, 30000);
})();
