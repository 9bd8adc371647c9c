// The upcoming page's party filter: shows one party's items (also from `?party=ID`), hides the
// days left empty. Without JavaScript every item stays visible.
(function () {
  "use strict";
  var select = document.getElementById("party-filter");
  if (!select) return;
  function apply() {
    var party = select.value;
    document.querySelectorAll(".upcoming-day").forEach(function (day) {
      var shown = 0;
      day.querySelectorAll(".entry").forEach(function (e) {
        // `*`: the agreement's period, which concerns every party.
        var owner = e.getAttribute("data-party");
        var visible = !party || owner === party || owner === "*";
        e.hidden = !visible;
        if (visible) shown++;
      });
      day.hidden = shown === 0;
    });
    var url = new URL(window.location.href);
    if (party) url.searchParams.set("party", party); else url.searchParams.delete("party");
    window.history.replaceState(null, "", url);
  }
  var wanted = new URLSearchParams(window.location.search).get("party");
  if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
  select.addEventListener("change", apply);
  apply();
})();
