// Live preview of a Markdown field: each element with data-live-preview="<textarea id>"
// shows what readers will see, rendered and sanitised by the server (data-url), shortly
// after the writer stops typing. Without JavaScript the form's preview button does the same.
(function () {
  "use strict";
  var WAIT_MS = 400;

  function attach(box) {
    var source = document.getElementById(box.getAttribute("data-live-preview"));
    var form = source && source.form;
    var token = form && form.querySelector("input[name='csrf_token']");
    var body = box.querySelector(".live-preview-body");
    var problem = box.querySelector(".live-preview-problem");
    if (!source || !body) { return; }
    var timer = null;
    var sent = 0;

    function render() {
      var number = ++sent;
      var data = new FormData();
      data.append("body", source.value);
      fetch(box.getAttribute("data-url"), {
        method: "POST", body: data, credentials: "same-origin",
        headers: token ? { "X-CSRFToken": token.value } : {}
      }).then(function (response) {
        return response.json();
      }).then(function (result) {
        if (number !== sent) { return; }  // a later keystroke's answer is on its way
        body.innerHTML = result.html;  // sanitised by the server (nh3), as on the published page
        if (problem) { problem.textContent = result.problem || ""; }
      }).catch(function () {
        // The preview is a convenience; the preview button still works.
      });
    }

    source.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(render, WAIT_MS);
    });
    box.hidden = false;
    if (source.value) { render(); }
  }

  function start() {
    document.querySelectorAll("[data-live-preview]").forEach(attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
