/* trialsite: a table wider than the screen scrolls in its own box; make that box reachable
   and named for keyboard and screen-reader users (WCAG 2.1.1, axe scrollable-region-focusable). */
(function () {
  "use strict";
  var SELECTOR = ".md-typeset table[class], .md-typeset .trialsite-scroll";

  function label(box) {
    var caption = box.querySelector("caption");
    if (caption) return caption.textContent.trim();
    var node = box;
    while (node && !/^H[1-6]$/.test(node.tagName || "")) {
      node = node.previousElementSibling || node.parentElement;
    }
    return node ? node.textContent.replace(/\s+/g, " ").trim() : document.title;
  }

  function update() {
    document.querySelectorAll(SELECTOR).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      var focusable = box.querySelector("a[href], button, input, select, textarea");
      if (scrolls && !focusable) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", box.tagName === "TABLE" ? "table" : "region");
        box.setAttribute("aria-label", label(box));
      } else if (box.getAttribute("tabindex") === "0" && !scrolls) {
        box.removeAttribute("tabindex");
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  window.addEventListener("resize", update);

  /* Print folded sections unfolded (browsers without ::details-content), then fold them back. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".md-typeset details:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      d.setAttribute("data-trialsite-printed", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-trialsite-printed]").forEach(function (d) {
      d.removeAttribute("open");
      d.removeAttribute("data-trialsite-printed");
    });
  });
})();
