// A job's progress, asked for again every two seconds until it is finished.
(function () {
  document.querySelectorAll(".job[data-status-url]").forEach(function (box) {
    if (box.dataset.finished === "1") return;
    var part = function (name) { return box.querySelector('[data-job="' + name + '"]'); };
    var tick = function () {
      fetch(box.dataset.statusUrl, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          part("state").textContent = s.state_label;
          part("state").className = "status status-" + s.state;
          part("message").textContent = s.message;
          part("progress").value = s.progress;
          var outcome = part("outcome");
          if (s.state === "done") {
            outcome.textContent = "已完成。";
            if (s.result_url) {
              var a = document.createElement("a");
              a.href = s.result_url;
              a.textContent = s.result_label || "查看结果";
              outcome.appendChild(a);
            }
          } else if (s.state === "failed") {
            outcome.textContent = "失败：" + s.error;
          }
          if (!s.finished) setTimeout(tick, 2000);
        })
        .catch(function () { setTimeout(tick, 5000); });
    };
    setTimeout(tick, 1000);
  });
})();
