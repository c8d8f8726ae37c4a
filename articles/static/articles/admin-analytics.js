// Search analytics charts (admin): drawn with Chart.js from the page's json_script data.
// Without JavaScript (or Chart.js) the tables under the charts carry the same numbers.
(function () {
  "use strict";
  var COLORS = ["#417690", "#e6a23c", "#5a9e5a", "#b5568f", "#7a6fc4", "#c0504d"];

  function barChart(canvas, data, series, title) {
    var datasets = data.languages.map(function (lang, index) {
      return {
        label: lang,
        data: series[lang],
        backgroundColor: COLORS[index % COLORS.length],
        stack: "languages",
      };
    });
    return new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        locale: document.documentElement.lang || "en",
        plugins: {
          title: { display: true, text: title },
          legend: { rtl: data.rtl, position: "bottom" },
          tooltip: { rtl: data.rtl },
        },
        scales: {
          x: { stacked: true, reverse: data.rtl, ticks: { maxRotation: 0, autoSkip: true } },
          y: { stacked: true, beginAtZero: true, position: data.rtl ? "right" : "left",
               ticks: { precision: 0 } },
        },
      },
    });
  }

  function draw() {
    var source = document.getElementById("kb-analytics-data");
    if (!source || !window.Chart) return;
    var data = JSON.parse(source.textContent);
    var searches = document.getElementById("kb-chart-searches");
    var zero = document.getElementById("kb-chart-zero");
    if (searches) barChart(searches, data, data.searches, data.titles.searches);
    if (zero) barChart(zero, data, data.zero, data.titles.zero);
    document.documentElement.classList.add("kb-charts-drawn");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
