// newsdex niceties. The pages work without this file: every control is a
// link or a form that submits.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Changing the sort applies it at once.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () {
      if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
    });
  });
  // "/" focuses the search box, as on many sites.
  document.addEventListener("keydown", function (e) {
    var t = document.activeElement && document.activeElement.tagName;
    if (e.key !== "/" || t === "INPUT" || t === "TEXTAREA" || t === "SELECT") { return; }
    var q = document.querySelector("input[name=q]");
    if (q) { e.preventDefault(); q.focus(); q.select(); }
  });
  // Empty fields stay out of the address, so it is short enough to share.
  document.querySelectorAll("form.search").forEach(function (f) {
    f.addEventListener("submit", function () {
      f.querySelectorAll("input[name], select[name]").forEach(function (el) {
        if (!el.value || (el.name === "syntax" && el.value === "plain")) { el.disabled = true; }
      });
    });
  });
});
// Coming back to a page from the history re-enables what the submit disabled.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form.search [disabled]").forEach(function (el) { el.disabled = false; });
});
