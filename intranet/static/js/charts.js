// Draws every chart on the page from the figure in its data-figure attribute.
// The same numbers are in the table beside each chart, so nothing depends on this.
(function () {
  "use strict";
  function draw() {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".ura-chart-canvas[data-figure]").forEach(function (el) {
      var figure = JSON.parse(el.getAttribute("data-figure"));
      window.Plotly.newPlot(el, figure.data, figure.layout, {
        // The mode bar would need inline styles (blocked by the CSP); the data table beside
        // each chart serves those who want the numbers.
        displayModeBar: false, responsive: true
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
