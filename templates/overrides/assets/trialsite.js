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

/* trialsite (browser tests, issue 6): on a phone a 4-column table scrolled sideways is hard to
   read, so trialsite.css stacks each row as a card below 45em. Each cell gets its column's
   header as data-label (shown by CSS, hidden from screen readers, which read the real headers),
   and explicit table roles keep the table's semantics when CSS changes its display. */
(function () {
  "use strict";
  var ROLES = { TABLE: "table", THEAD: "rowgroup", TBODY: "rowgroup", TR: "row",
                TH: "columnheader", TD: "cell" };

  function stack(table) {
    var heads = table.querySelectorAll("thead th");
    var rowHeads = table.querySelectorAll("tbody tr > th[scope=row]:first-child");
    var rows = table.querySelectorAll("tbody tr");
    var keyed = rows.length && rowHeads.length === rows.length;  /* "field | value" tables */
    if ((!heads.length && !keyed) || table.hasAttribute("data-stack")) return;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (heads[index]) cell.setAttribute("data-label", heads[index].textContent.trim());
      });
    });
    [table].concat(Array.prototype.slice.call(table.querySelectorAll("thead, tbody, tr, th, td")))
      .forEach(function (el) {
        var role = el.getAttribute("scope") === "row" ? "rowheader" : ROLES[el.tagName];
        if (!el.hasAttribute("role")) el.setAttribute("role", role);
      });
    table.setAttribute("data-stack", heads.length ? "columns" : "keyed");
  }

  function stackAll() {
    document.querySelectorAll(".md-typeset table:not([class])").forEach(stack);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", stackAll);
  } else {
    stackAll();
  }
})();
