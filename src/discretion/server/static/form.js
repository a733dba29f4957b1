// Refresh the envelope panel as facts are entered: the server renders the panel, this only asks.
(function () {
  "use strict";
  var form = document.getElementById("facts");
  var target = document.getElementById("envelope");
  if (!form || !target) { return; }
  var pending = null;
  var serial = 0;
  function refresh() {
    var query = new URLSearchParams(new FormData(form)).toString();
    var mine = ++serial;
    fetch(form.dataset.envelope + "?" + query, { headers: { "Accept": "text/html" } })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        if (mine === serial) { target.innerHTML = html; target.dataset.serial = String(mine); }
      });
  }
  form.addEventListener("change", refresh);
  form.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(refresh, 250);
  });
})();
