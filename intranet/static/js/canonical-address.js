// A page that is the answer to a form's submission (the survey's thank-you page) names its own
// address in <link rel="canonical">. Putting that address in the address bar makes a reload read
// the page again, instead of offering to send the form a second time.
(function () {
  "use strict";
  var canonical = document.querySelector('link[rel="canonical"]');
  if (canonical && window.history && window.history.replaceState && canonical.href !== window.location.href) {
    window.history.replaceState(null, "", canonical.href);
  }
})();
