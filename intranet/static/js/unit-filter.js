// The filter over a tree of unit checkboxes: each [data-unit-filter="<list id>"] (drawn hidden)
// is shown, and typing in its search box hides the units whose name (and whose sub-units'
// names) do not contain what was typed. Hidden units keep their ticks. Without JavaScript the
// tree is a plain list of checkboxes.
(function () {
  "use strict";

  function fold(text) {
    return (text || "").toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function attach(box) {
    var tree = document.getElementById(box.getAttribute("data-unit-filter"));
    var input = box.querySelector("input[type=search]");
    var status = box.querySelector("[role=status]");
    if (!tree || !input) { return; }
    var items = Array.prototype.slice.call(tree.querySelectorAll("li[data-unit-name]"));

    function apply() {
      var wanted = fold(input.value.trim());
      var shown = 0;
      // Children first: a unit stays visible when one of its sub-units matches.
      items.slice().reverse().forEach(function (item) {
        var own = !wanted || fold(item.getAttribute("data-unit-name")).indexOf(wanted) !== -1;
        var child = Array.prototype.some.call(item.querySelectorAll(":scope > ul > li"), function (li) {
          return !li.hidden;
        });
        item.hidden = !(own || child);
        if (own && wanted) { shown += 1; }
      });
      if (status) {
        status.textContent = !wanted ? "" : (shown ? status.getAttribute("data-some").replace("{n}", shown)
                                                    : status.getAttribute("data-none"));
      }
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      // Enter in the filter must not submit the whole bulletin form.
      if (event.key === "Enter") { event.preventDefault(); }
    });
    box.hidden = false;
  }

  function start() {
    document.querySelectorAll("[data-unit-filter]").forEach(attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
