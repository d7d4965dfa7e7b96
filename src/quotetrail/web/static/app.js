// quotetrail: the only script, served from this server (the CSP allows nothing else).
// Changing a select in a filter form applies the filter at once; everything else works without it.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el && el.tagName === "SELECT" && el.form && el.form.classList.contains("filters")) {
    el.form.submit();
  }
});
