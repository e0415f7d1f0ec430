// Draws every chart on the page from the figure in its data-figure attribute.
// The same numbers are in the table beside each chart, so nothing depends on this.
(function () {
  "use strict";
  function canvases() {
    return document.querySelectorAll(".ura-chart-canvas[data-figure]");
  }
  function draw() {
    if (!window.Plotly) { return; }
    canvases().forEach(function (el) {
      var figure = JSON.parse(el.getAttribute("data-figure"));
      // A figure that would shrink its numbers below reading size scrolls in its box instead
      // (set through the CSSOM, which the CSP allows; style attributes it does not).
      if (el.getAttribute("data-min-width")) {
        el.style.minWidth = el.getAttribute("data-min-width") + "px";
      }
      window.Plotly.newPlot(el, figure.data, figure.layout, {
        // The mode bar would need inline styles (blocked by the CSP); the data table beside
        // each chart serves those who want the numbers.
        displayModeBar: false, responsive: true
      });
    });
  }
  // Printing lays the page out narrower than the screen: fit each chart to the paper, then back.
  function resize() {
    if (!window.Plotly) { return; }
    canvases().forEach(function (el) { window.Plotly.Plots.resize(el); });
  }
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
