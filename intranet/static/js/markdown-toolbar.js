// A small formatting toolbar over a Markdown textarea: each [data-markdown-toolbar="<textarea id>"]
// (drawn hidden, with translated button labels) is shown and its buttons wrap or prefix the
// selected text. Without JavaScript the textarea works as it is: the toolbar stays hidden.
(function () {
  "use strict";

  function changed(area) {
    // The live preview listens for input, as if the writer had typed it.
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  }

  function wrap(area, before, after, placeholder) {
    var start = area.selectionStart, end = area.selectionEnd;
    var chosen = area.value.slice(start, end) || placeholder;
    area.setRangeText(before + chosen + after, start, end, "end");
    area.setSelectionRange(start + before.length, start + before.length + chosen.length);
    changed(area);
  }

  function prefixLines(area, prefix, placeholder) {
    var value = area.value;
    var start = value.lastIndexOf("\n", area.selectionStart - 1) + 1;
    var end = area.selectionEnd;
    var chosen = value.slice(start, end) || placeholder;
    var lines = chosen.split("\n").map(function (line) { return prefix + line; }).join("\n");
    var lead = start > 0 && value.charAt(start - 1) !== "\n" ? "\n" : "";
    area.setRangeText(lead + lines, start, end, "end");
    changed(area);
  }

  var ACTIONS = {
    bold: function (area) { wrap(area, "**", "**", "…"); },
    italic: function (area) { wrap(area, "*", "*", "…"); },
    list: function (area) { prefixLines(area, "- ", "…"); },
    heading: function (area, button) { prefixLines(area, "## ", button.getAttribute("data-placeholder") || "…"); },
    link: function (area, button) {
      var start = area.selectionStart, end = area.selectionEnd;
      var text = area.value.slice(start, end) || button.getAttribute("data-placeholder") || "…";
      var address = "https://";
      area.setRangeText("[" + text + "](" + address + ")", start, end, "end");
      // The address is selected, ready to be typed over.
      var at = start + text.length + 3;
      area.setSelectionRange(at, at + address.length);
      changed(area);
    }
  };

  function attach(toolbar) {
    var area = document.getElementById(toolbar.getAttribute("data-markdown-toolbar"));
    if (!area || typeof area.setRangeText !== "function") { return; }
    toolbar.querySelectorAll("button[data-markdown]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = ACTIONS[button.getAttribute("data-markdown")];
        if (action) { action(area, button); }
      });
    });
    toolbar.hidden = false;
  }

  function start() {
    document.querySelectorAll("[data-markdown-toolbar]").forEach(attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
