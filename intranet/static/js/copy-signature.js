// The signature builder's copy buttons (templates/handbook/signature.html).
// Each button names the read-only box it copies (data-copy-source). With
// data-copy-format="html" the signature goes to the clipboard as formatted HTML, with
// the plain text beside it (data-copy-plain), so Outlook pastes it formatted; otherwise
// as plain text. The outcome is announced in the aria-live status region. Without
// JavaScript the buttons stay hidden and the boxes remain selectable.
(function () {
  "use strict";
  var status = document.getElementById("signature-copy-status");
  if (!status) {
    return;
  }

  function say(text) {
    // Emptied first so that copying the same thing twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 30);
  }

  function copyBySelecting(box) {
    box.focus();
    box.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  document.querySelectorAll("button[data-copy-source]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var box = document.getElementById(button.dataset.copySource);
      var plain = document.getElementById(button.dataset.copyPlain || button.dataset.copySource);
      var copied = function () { say(button.dataset.copied); };
      var fallBack = function () {
        if (copyBySelecting(box)) {
          copied();
        } else {
          say(button.dataset.failed);
        }
      };
      if (!navigator.clipboard) {
        fallBack();
        return;
      }
      var copying;
      if (button.dataset.copyFormat === "html" && window.ClipboardItem) {
        copying = navigator.clipboard.write([new window.ClipboardItem({
          "text/html": new Blob([box.value], {type: "text/html"}),
          "text/plain": new Blob([plain.value], {type: "text/plain"})
        })]);
      } else {
        copying = navigator.clipboard.writeText(box.value);
      }
      copying.then(copied, fallBack);
    });
  });
}());
