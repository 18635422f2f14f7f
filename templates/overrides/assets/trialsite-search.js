/* trialsite: the site's search (issue 20), Pagefind's index shown in Material's search dialog.

   partials/search.html writes Material's search markup, hidden, with the words Material
   translates for the page's language and the address of the Pagefind bundle at the site root.
   This script shows it, loads Pagefind on first use (an ES module import: only the index
   chunks a query needs are fetched, from this site only), and writes each matching page as
   Material's result list does: the page title, an excerpt with the query's words marked, and
   the sections that matched. The count is announced in a live region; Escape closes. Pagefind
   reads the page's <html lang>, so a French page searches the French index (French stemming). */
(function () {
  "use strict";
  var BATCH = 3; /* trials listed at first, and then each time the list's end is scrolled to:
                    each costs its record's text (a fragment: 27 KB for a trial of 1,148
                    sites), so a first query stays under 300 KB at 10,000 trials; three fill
                    a phone's screen and most of a desktop's */
  var SECTIONS = 3; /* matching sections listed under a page */
  /* Pagefind's ranking (issue 20). A trial is one record holding the words of its three pages
     (generator/site/search.py), so records are long, and long for reasons that say nothing of
     a match (NCT04267848 lists 1,148 sites): Pagefind's default length penalty (0.75) put a
     condition's short page above the trial the reader asked for. Length counts less (0.3), a
     word said again counts a little longer (saturation 2), and the title field, which Pagefind
     weighs on top of the record's own words, is not weighed again: the title is the record's
     h1 already, and the overview's number and conditions weigh most (its template). */
  var RANKING = { metaWeights: { title: 0 }, pageLength: 0.3, termSaturation: 2 };
  /* Words too common to tell pages apart, left out of a query of several words (Pagefind
     keeps every word: « cancer du poumon » matched every « du » and « d'un »). */
  var COMMON = {
    en: ["a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "with"],
    fr: ["a", "à", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les",
         "ou", "par", "pour", "sur", "un", "une"]
  };

  var dialog = document.querySelector(".trialsite-search");
  var toggle = document.getElementById("__search");
  if (!dialog || !toggle || !window.Promise) return;
  var opener = document.querySelector(".trialsite-search-open");
  var input = dialog.querySelector(".md-search__input");
  var form = dialog.querySelector(".md-search__form");
  var meta = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var region = dialog.querySelector(".md-search-result");
  var loading = null;
  var asked = 0; /* the latest query's number: an older answer arriving late is dropped */

  function pagefind() {
    if (!loading) {
      /* Relative to the page, not to this script (import() resolves against the module). */
      var bundle = new URL(dialog.getAttribute("data-pagefind"), document.baseURI).href;
      loading = import(bundle).then(function (module) {
        return Promise.resolve(module.options({ excerptLength: 24, ranking: RANKING })).then(function () {
          /* Its WebAssembly and the language's metadata start loading now, when the box is
             opened, not when the first query is typed. */
          module.init();
          return module;
        });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    pagefind();
  }

  function close() {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    if (document.activeElement && dialog.contains(document.activeElement)) {
      document.activeElement.blur();
      if (opener && opener.offsetParent !== null) opener.focus();
    }
  }

  function counted(count) {
    if (count === 0) return dialog.getAttribute("data-none");
    if (count === 1) return dialog.getAttribute("data-one");
    return dialog.getAttribute("data-other").replace("#", count.toLocaleString(document.documentElement.lang));
  }

  /* Pagefind's excerpt is text with <mark> around matched words: keep exactly that, as nodes
     (a parsed <template> runs nothing), whatever the indexed page held. */
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = document.createDocumentFragment();
    template.content.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function article(title, text, kind) {
    var node = document.createElement("article");
    node.className = "md-search-result__article md-typeset" +
      (kind === "page" ? " md-search-result__article--document" : "");
    if (kind === "page") {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      node.appendChild(icon);
    }
    var heading = document.createElement("div");
    heading.className = kind === "page" ? "trialsite-search-title" : "trialsite-search-section";
    heading.textContent = title;
    node.appendChild(heading);
    if (text) {
      var paragraph = document.createElement("p");
      paragraph.appendChild(excerpt(text));
      node.appendChild(paragraph);
    }
    return node;
  }

  function link(url, child) {
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.className = "md-search-result__link";
    anchor.appendChild(child);
    return anchor;
  }

  /* A section of a page searched within a trial's overview has the anchor "patients/#risks"
     (generator/site/search.py): a link relative to the overview, to where the section is. */
  function located(url) {
    var at = url.indexOf("#");
    var anchor = at < 0 ? "" : url.slice(at + 1);
    if (anchor.indexOf("#") < 0) return url;
    return new URL(anchor, new URL(url.slice(0, at), document.baseURI)).href;
  }

  /* A trial's overview names its other pages (data-pagefind-meta "page2", with its label
     "page2-label", numbered in the order of the page's own links): listed under the trial,
     each a link of its own. */
  function pages(data) {
    var meta = data.meta || {};
    var keys = Object.keys(meta).filter(function (key) {
      return /^page\d+$/.test(key) && meta[key + "-label"];
    }).sort(function (a, b) { return a.slice(4) - b.slice(4); });
    if (!keys.length) return null;
    var line = document.createElement("p");
    line.className = "trialsite-search-pages";
    keys.forEach(function (key, index) {
      if (index) line.appendChild(document.createTextNode(" · "));
      var anchor = document.createElement("a");
      anchor.href = new URL(meta[key], new URL(data.url, document.baseURI)).href;
      anchor.textContent = meta[key + "-label"];
      line.appendChild(anchor);
    });
    return line;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var title = (data.meta && data.meta.title) || data.url;
    li.appendChild(link(data.url, article(title, data.excerpt, "page")));
    var others = pages(data);
    if (others) li.appendChild(others);
    (data.sub_results || []).filter(function (sub) {
      return sub.url !== data.url && sub.title && sub.title !== title;
    }).slice(0, SECTIONS).forEach(function (sub) {
      li.appendChild(link(located(sub.url), article(sub.title, sub.excerpt, "section")));
    });
    return li;
  }

  function essential(query) {
    var common = COMMON[document.documentElement.lang] || [];
    var words = query.split(/\s+/).filter(function (word) {
      return common.indexOf(word.toLowerCase().replace(/['’]$/, "")) < 0;
    });
    return words.length ? words.join(" ") : query;
  }

  function show(number, found, pages) {
    if (number !== asked) return;
    list.textContent = "";
    pages.forEach(function (data) { list.appendChild(item(data)); });
    meta.textContent = counted(found);
    region.setAttribute("aria-busy", "false");
  }

  /* The next trials of the answer, when the list is scrolled near its end (or its end is
     already in view once a batch is shown): the scroll position is read on each scroll of
     the list and after each batch, so no scroll is missed while a batch loads. */
  var more = null;
  var scroller = dialog.querySelector(".md-search__scrollwrap");
  function nearEnd() {
    return !scroller || scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 160;
  }
  if (scroller) {
    scroller.addEventListener("scroll", function () {
      if (more && nearEnd()) more();
    }, { passive: true });
  }

  function page(number, results, from) {
    more = null;
    /* Fetched together, shown in order as each arrives: the first trial need not wait for
       the others' text (a trial of a thousand sites has a long one). */
    var shown = Promise.resolve();
    results.slice(from, from + BATCH).map(function (result) {
      return result.data();
    }).forEach(function (loading) {
      shown = shown.then(function () { return loading; }).then(function (data) {
        if (number === asked) list.appendChild(item(data));
      });
    });
    return shown.then(function () {
      if (number !== asked || from + BATCH >= results.length) return;
      more = function () {
        more = null;
        page(number, results, from + BATCH);
      };
      if (nearEnd()) more();
    });
  }

  function search() {
    var query = input.value.trim();
    var number = ++asked;
    if (!query) {
      show(number, 0, []);
      meta.textContent = dialog.getAttribute("data-placeholder");
      return;
    }
    pagefind().then(function (module) {
      return module.search(essential(query));
    }).then(function (answer) {
      if (number !== asked) return;
      list.textContent = "";
      return page(number, answer.results, 0).then(function () {
        if (number !== asked) return;
        meta.textContent = counted(answer.results.length);
        region.setAttribute("aria-busy", "false");
      });
    }).catch(function () {
      show(number, 0, []);
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    region.setAttribute("aria-busy", "true"); /* until this query's answer is shown */
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener("focus", open);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector(".md-search-result__link");
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { search(); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked && document.activeElement !== input) input.focus();
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  if (opener) {
    opener.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open();
        input.focus();
      }
    });
    opener.hidden = false;
  }
  dialog.hidden = false;
})();
