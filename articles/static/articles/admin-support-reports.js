// Support reports charts (admin): drawn with Chart.js from the page's json_script data,
// as the search analytics are. Each <canvas data-kb-chart="name"> gets the chart `name`
// of the data: {title, labels, datasets: [{label, data}], stacked}. Without JavaScript
// (or Chart.js) the tables under the charts carry the same numbers.
(function () {
  "use strict";
  var COLORS = ["#417690", "#e6a23c", "#5a9e5a", "#b5568f", "#7a6fc4", "#c0504d"];

  function barChart(canvas, chart, rtl) {
    var stacked = Boolean(chart.stacked);
    var datasets = chart.datasets.map(function (series, index) {
      return { label: series.label, data: series.data,
               backgroundColor: COLORS[index % COLORS.length], stack: stacked ? "all" : undefined };
    });
    return new window.Chart(canvas, {
      type: "bar",
      data: { labels: chart.labels, datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        locale: document.documentElement.lang || "en",
        plugins: {
          title: { display: true, text: chart.title },
          legend: { rtl: rtl, position: "bottom" },
          tooltip: { rtl: rtl },
        },
        scales: {
          x: { stacked: stacked, reverse: rtl, ticks: { maxRotation: 0, autoSkip: true } },
          y: { stacked: stacked, beginAtZero: true, position: rtl ? "right" : "left" },
        },
      },
    });
  }

  function draw() {
    var source = document.getElementById("kb-support-data");
    if (!source || !window.Chart) return;
    var data = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-kb-chart]").forEach(function (canvas) {
      var chart = data[canvas.dataset.kbChart];
      if (chart) barChart(canvas, chart, data.rtl);
    });
    document.documentElement.classList.add("kb-charts-drawn");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
