// "Améliorer mon DCE": the insertion hours follow the parameters as they are typed
// (hours = value x labour share x rate / hourly cost, rounded half up, as drafting/hours.py).
// The clause texts change when the form is sent; the page works without this script.
(function () {
  "use strict";
  var form = document.getElementById("draft-params");
  if (!form) return;
  var minHours = parseFloat(form.dataset.minHours || "0");

  function number(input) {
    var value = parseFloat(String(input.value || "").replace(",", "."));
    return isNaN(value) ? null : value;
  }

  function grouped(n) {  // 1250 -> "1 250", with a no-break space as drafting/render.py
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  }

  function update() {
    var rate = number(form.elements.rate_pct);
    var cost = number(form.elements.hourly_cost);
    var share = number(form.elements.labour_share_pct);
    document.querySelectorAll("tr[data-hours-row]").forEach(function (row) {
      var value = parseFloat(row.dataset.value);
      var rowShare = share !== null ? share / 100 : parseFloat(row.dataset.familyShare);
      var cell = row.querySelector(".hours-value");
      if (!cell || isNaN(value) || isNaN(rowShare) || rate === null || !cost) return;
      var hours = Math.floor(value * rowShare * (rate / 100) / cost + 0.5);
      cell.textContent = grouped(hours) + "\u00a0heure" + (hours > 1 ? "s" : "") +
        (hours < minHours ? " (sous le seuil : la clause ne serait pas proposée)" : "");
      var shareCell = row.children[2];
      if (shareCell) shareCell.textContent = grouped(Math.round(rowShare * 1000) / 10).replace(".", ",") + "\u00a0%";
    });
  }

  ["rate_pct", "hourly_cost", "labour_share_pct"].forEach(function (name) {
    if (form.elements[name]) form.elements[name].addEventListener("input", update);
  });
})();
