// Draws every chart on the page from the figure in its data-figure attribute.
// The same numbers are in the table beside each chart, so nothing depends on this.
(function () {
  "use strict";
  function canvases() {
    return document.querySelectorAll(".ura-chart-canvas[data-figure]");
  }
  // Bar labels are wrapped on the server for a desktop-wide chart; a narrower chart (a phone)
  // gets shorter lines, so the bars keep room. Every word is kept (see intranet/charts.py).
  function wrap(text, width) {
    var lines = [];
    text.split(/\s+/).forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && lines[last].length + 1 + word.length <= width) {
        lines[last] += " " + word;
      } else if (word) {
        lines.push(word);
      }
    });
    return lines.join("<br>");
  }
  function wrapped(el, layout) {
    var meta = layout.meta || {};
    if (!meta.labels || !el.clientWidth) { return null; }
    var width = Math.max(14, Math.min(38, Math.floor(el.clientWidth / 18)));
    return meta.labels.map(function (label) { return wrap(label, width); });
  }
  // as intranet/charts.py sizes a horizontal bar chart: a line of label text, a gap per bar
  function height(layout, ticks) {
    if (layout.meta.label_axis !== "yaxis") { return layout.height; }
    var lines = ticks.reduce(function (n, tick) { return n + tick.split("<br>").length; }, 0);
    return Math.max(240, 18 * lines + 14 * ticks.length + 90);
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
      var ticks = wrapped(el, figure.layout);
      if (ticks) {
        figure.layout[figure.layout.meta.label_axis].ticktext = ticks;
        figure.layout.height = height(figure.layout, ticks);
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
  // A chart in a folded section is drawn while hidden, at plotly's default width: fit it to the
  // section when it opens ("toggle" does not bubble, so it is caught on the way down).
  document.addEventListener("toggle", function (event) {
    if (!window.Plotly || !event.target.open) { return; }
    event.target.querySelectorAll(".ura-chart-canvas[data-figure]").forEach(function (el) {
      if (!el.classList.contains("js-plotly-plot")) { return; }
      var ticks = wrapped(el, el.layout);
      if (ticks) {
        var update = {};
        update[el.layout.meta.label_axis + ".ticktext"] = ticks;
        update.height = height(el.layout, ticks);
        window.Plotly.relayout(el, update);
      }
      window.Plotly.Plots.resize(el);
    });
  }, true);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
