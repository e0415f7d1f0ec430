// The survey builder's question form, smoother with JavaScript: choosing the kind shows only
// the groups of fields that kind uses (elements with data-kinds="single multiple"), choosing
// the question a condition depends on shows that question's answers, and the
// row buttons of options and statements (add, move up, move down, remove) act on the page
// instead of posting the form. Without JavaScript the same buttons post the form and the
// server draws it again, so the two ways send the same fields.
(function () {
  "use strict";
  var BUTTON = /^edit-(options|items)-(?:(\d+)-)?(add|remove|up|down)$/;

  function showKind(form) {
    var kind = form.querySelector("select[name='kind']").value;
    form.querySelectorAll("[data-kinds]").forEach(function (group) {
      group.hidden = group.getAttribute("data-kinds").split(" ").indexOf(kind) < 0;
    });
  }

  // Names, ids and labels carry the row's number (options-2-text_sq, "Option 3"): after a
  // change every row of the list is numbered again from its place.
  function renumber(list) {
    var group = list.getAttribute("data-rows");
    var pattern = new RegExp("(^|[\\s-])" + group + "-\\d+-", "g");
    var rows = list.querySelectorAll(":scope > [data-row]");
    rows.forEach(function (row, index) {
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (element) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
          var value = element.getAttribute(attribute);
          if (value) {
            element.setAttribute(attribute, value.replace(pattern, "$1" + group + "-" + index + "-"));
          }
        });
      });
      row.querySelectorAll("[data-row-number]").forEach(function (label) {
        label.textContent = label.textContent.replace(/\d+/, String(index + 1));
      });
      var up = row.querySelector("[data-row-button='up']");
      var down = row.querySelector("[data-row-button='down']");
      if (up) { up.disabled = index === 0; }
      if (down) { down.disabled = index === rows.length - 1; }
    });
  }

  // Screen readers hear what a row button did: the focus stays where it was.
  function announce(form, group, message) {
    var status = form.querySelector("[data-rows-status='" + group + "']");
    if (status && message) { status.textContent = message; }
  }

  function firstBox(row) {
    return row && row.querySelector("input[type='text']");
  }

  function addRow(form, group, list) {
    var template = document.querySelector("template[data-row-template='" + group + "']");
    if (!template) { return false; }
    var row = template.content.firstElementChild.cloneNode(true);
    list.appendChild(row);
    renumber(list);
    firstBox(row).focus();
    return true;
  }

  function act(form, button, match) {
    var group = match[1];
    var verb = match[3];
    var list = form.querySelector("[data-rows='" + group + "']");
    if (!list) { return false; }
    if (verb === "add") { return addRow(form, group, list); }
    var row = button.closest("[data-row]");
    if (!row) { return false; }
    if (verb === "remove") {
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber(list);
      announce(form, group, list.getAttribute("data-removed"));
      (firstBox(next) || form.querySelector("[name='edit-" + group + "-add']")).focus();
      return true;
    }
    var other = verb === "up" ? row.previousElementSibling : row.nextElementSibling;
    if (other) {
      list.insertBefore(verb === "up" ? row : other, verb === "up" ? other : row);
      renumber(list);
      var place = Array.prototype.indexOf.call(list.children, row) + 1;
      announce(form, group, (list.getAttribute("data-moved") || "").replace("{n}", String(place)));
    }
    if (button.disabled) {  // now first or last: keep the focus on this row
      button = row.querySelector("[data-row-button='" + (verb === "up" ? "down" : "up") + "']");
    }
    if (button && !button.disabled) { button.focus(); }
    return true;
  }

  // The answers a condition compares with are drawn for every earlier question; show the chosen one's.
  function showCondition(form) {
    var chosen = form.querySelector("select[name='condition_question']").value;
    form.querySelectorAll("[data-condition-for]").forEach(function (answers) {
      answers.hidden = answers.getAttribute("data-condition-for") !== chosen;
    });
  }

  function attach(form) {
    var kind = form.querySelector("select[name='kind']");
    if (kind) {
      kind.addEventListener("change", function () { showKind(form); });
      showKind(form);
    }
    var condition = form.querySelector("select[name='condition_question']");
    if (condition) {
      condition.addEventListener("change", function () { showCondition(form); });
      showCondition(form);
    }
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[name]");
      var match = button && BUTTON.exec(button.name);
      if (match && act(form, button, match)) {
        event.preventDefault();
      }
    });
  }

  function start() {
    document.querySelectorAll("form[data-question-form]").forEach(attach);
    // A refused form: take the reader to the list of what to correct (unless a row asked for focus).
    var summary = document.getElementById("error-summary");
    if (summary && !document.querySelector("[autofocus]")) { summary.focus(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
