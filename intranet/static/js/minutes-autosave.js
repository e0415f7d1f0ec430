// The minutes editor saves itself as the secretary types. A form marked data-autosave is sent
// in the background (with its CSRF and stash tokens, and action=autosave) a few seconds after
// the last change; the answer's message ("Saved at 14:05", or "your session has ended, what you
// typed is kept") goes into the form's role="status" region, which screen readers announce.
// Without JavaScript the buttons save the draft on every submit.
(function () {
  "use strict";
  var DELAY = 3000;

  function start(form) {
    var status = form.querySelector("#autosave-status");
    var timer = null;
    var sending = false;
    var again = false;

    function show(text, problem) {
      if (!status) { return; }
      status.textContent = text;
      status.classList.toggle("text-danger", !!problem);
    }

    function send() {
      timer = null;
      if (sending) { again = true; return; }
      sending = true;
      var data = new FormData(form);
      data.set("action", "autosave");
      fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin", redirect: "manual",
        headers: {"Accept": "application/json"}
      }).then(function (response) {
        if (response.type === "opaqueredirect") {
          show(form.getAttribute("data-signed-out") || "", true);
          return null;
        }
        return response.json().then(function (answer) {
          show(answer.message || "", !answer.saved);
        });
      }).catch(function () {
        show(form.getAttribute("data-offline") || "", true);
      }).then(function () {
        sending = false;
        if (again) { again = false; schedule(); }
      });
    }

    function schedule() {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(send, DELAY);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("submit", function () {
      if (timer) { window.clearTimeout(timer); timer = null; }
    });
  }

  function ready() {
    document.querySelectorAll("form[data-autosave]").forEach(start);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
