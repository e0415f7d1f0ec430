// Leaving an answering page with answers not yet saved asks first. A form marked
// data-unsaved-warning counts as changed once a field in it changes; the browser's own
// "leave this page?" prompt then guards links, the address bar and closing the tab.
// Sending the form (Next, Back, Save and stop) saves the answers, so it does not ask.
(function () {
  "use strict";
  function guard(form) {
    var changed = false;
    function mark() { changed = true; }
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { changed = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!changed) { return; }
      event.preventDefault();
      // older browsers show the prompt only when returnValue is set
      event.returnValue = "";
    });
  }
  function start() {
    document.querySelectorAll("form[data-unsaved-warning]").forEach(guard);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
