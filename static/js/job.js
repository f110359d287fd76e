// Follows a background job: polls its status every two seconds until it has finished.
(function () {
  var box = document.getElementById("job");
  if (!box || !window.fetch) return;
  var url = box.dataset.jobStatus;
  var lang = document.documentElement.lang === "bn" ? "bn-BD" : "en";
  var digits = function (n) { return Number(n).toLocaleString(lang, { useGrouping: false }); };
  var template = document.getElementById("counts-template").innerHTML;
  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }
  function tick() {
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (job) {
      field("label").textContent = job.label;
      field("counts").textContent = template.replace("{done}", digits(job.done)).replace("{total}", digits(job.total));
      field("bar").style.width = job.percent + "%";
      field("message").textContent = job.message;
      field("result").hidden = !job.has_result;
      if (!job.finished) setTimeout(tick, 2000);
    }).catch(function () { setTimeout(tick, 5000); });
  }
  tick();
})();
