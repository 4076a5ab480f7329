// The report's only script: search, filters, sorting, expand/collapse. It is constant text (no
// report data is ever written into it), allowed by the page's CSP by its SHA-256, and it only
// reads data-* attributes and toggles `hidden`, `open` and row order: it never writes markup
// (no innerHTML), so no value from the EKS API can become code. Without it the page is the
// complete static report (the controls stay hidden).
import { createHash } from "node:crypto";

export const REPORT_SCRIPT = `(function () {
"use strict";
var d = document, $ = function (id) { return d.getElementById(id); };
var bar = $("controls");
if (!bar) return;
bar.hidden = false;
var q = $("f-search"), sev = $("f-severity"), chk = $("f-check"), acc = $("f-account"), reg = $("f-region"), out = $("f-count");
var all = function (sel, root) { return Array.prototype.slice.call((root || d).querySelectorAll(sel)); };
var tbody = d.querySelector("#clusters tbody");
var rows = all("tr", tbody);
var cards = all("details.cluster");
var inList = function (list, v) { return v === "" || (" " + (list || "") + " ").indexOf(" " + v + " ") >= 0; };
function matches(el, terms) {
  if (!inList(el.getAttribute("data-sevs"), sev.value) || !inList(el.getAttribute("data-rules"), chk.value)) return false;
  if (acc.value !== "" && el.getAttribute("data-account") !== acc.value) return false;
  if (reg.value !== "" && el.getAttribute("data-region") !== reg.value) return false;
  var hay = el.getAttribute("data-search") || "";
  return terms.every(function (t) { return hay.indexOf(t) >= 0; });
}
function apply() {
  var terms = q.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
  rows.forEach(function (r) { r.hidden = !matches(r, terms); if (!r.hidden) shown++; });
  cards.forEach(function (c) {
    c.hidden = !matches(c, terms);
    all("details[data-sev]", c).forEach(function (f) {
      f.hidden = (sev.value !== "" && f.getAttribute("data-sev") !== sev.value) || (chk.value !== "" && f.getAttribute("data-rule") !== chk.value);
    });
  });
  out.textContent = shown + " of " + rows.length + " clusters";
  $("f-none").hidden = shown !== 0;
}
[q, sev, chk, acc, reg].forEach(function (el) { el.addEventListener("input", apply); el.addEventListener("change", apply); });
$("f-reset").addEventListener("click", function () { q.value = ""; sev.value = chk.value = acc.value = reg.value = ""; apply(); });
$("f-open").addEventListener("click", function () { cards.forEach(function (c) { if (!c.hidden) c.open = true; }); });
$("f-close").addEventListener("click", function () { all("details").forEach(function (c) { c.open = false; }); });
all("#clusters th[data-sort] button").forEach(function (b) {
  b.addEventListener("click", function () {
    var th = b.parentNode, key = "data-s-" + th.getAttribute("data-sort");
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    all("#clusters th[data-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    rows.sort(function (x, y) {
      var a = x.getAttribute(key) || "", c = y.getAttribute(key) || "";
      return dir * a.localeCompare(c, "en", { numeric: true }) || rows.indexOf(x) - rows.indexOf(y);
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
  });
});
all("#clusters a[data-card]").forEach(function (a) {
  a.addEventListener("click", function () { var c = $(a.getAttribute("data-card")); if (c) c.open = true; });
});
apply();
})();`;

export const SCRIPT_HASH = `sha256-${createHash("sha256").update(REPORT_SCRIPT, "utf8").digest("base64")}`;
