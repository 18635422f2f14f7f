/* trialsite: the registry's filters (issue 20). The registry's pages list every trial without
   JavaScript, 50 to a page. Here the first page reads registry/<lang>.json (same origin, see
   generator/render/finder.py) and filters, sorts and pages every trial in the browser; the form
   is hidden until then, so a reader whose script or fetch fails keeps the static list. The
   state lives in the URL query only: no storage, no cookie, no request to another host. Lists
   in the query are comma-separated, each value percent-encoded. */
(function () {
  "use strict";
  var form = document.getElementById("trialsite-filters");
  if (!form || !window.fetch) return;
  var tbody = document.querySelector(".trialsite-registry tbody");
  var output = document.querySelector(".trialsite-filter-count");
  var pager = document.querySelector("nav.trialsite-pages");
  var heading = document.getElementById("trials");
  var lang = document.documentElement.lang || "en";
  var LISTS = ["status", "phase", "type", "condition", "country", "city", "sex", "healthy"];
  var KEYS = LISTS.concat(["age", "q", "sort", "page"]);
  var RECRUITING = ["recruiting", "not_yet_recruiting", "enrolling_by_invitation", "available"];
  var plural = new Intl.PluralRules(lang);
  var data, trials;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#34;": '"', "&#39;": "'" };

  /* The text of our own escaped HTML, without the "(translation pending)" notes. */
  function plain(html) {
    return html.replace(/<span class="translation-note"[^>]*>[^<]*<\/span>/g, "")
      .replace(/<[^>]*>/g, "").replace(/&(amp|lt|gt|quot|#34|#39);/g, function (e) {
        return ENTITIES[e];
      });
  }

  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  function unique(values) {
    return values.filter(function (v, i) { return values.indexOf(v) === i; });
  }

  function values(table, indexes) {
    return unique((indexes || []).map(function (i) { return data[table][i][0]; }));
  }

  function trialOf(d, index) {
    /* Words finds a trial by its conditions as its row shows them and by their groups' names. */
    var names = (d.c || []).map(function (i) { return data.condition[i][1]; })
      .concat((d.cc || []).map(function (i) { return plain(data.cell[i]); }));
    return {
      index: index, nct: d.n, title: d.t, status: d.s || "", statusLabel: d.sl,
      results: !!d.r, posted: !!d.rp, phase: d.p || [], phaseLabel: d.pl, type: d.y || "",
      cells: d.cc || [], conditions: values("condition", d.c),
      countries: values("country", d.k), cities: values("city", d.ci),
      min: d.a0 === undefined ? null : d.a0, max: d.a1 === undefined ? null : d.a1,
      sex: d.x || "", healthy: d.h || "", lastUpdate: d.u || "", start: d.st || "",
      text: fold(plain(d.t) + " " + names.join(" ") + " " + d.n)
    };
  }

  /* The query -> {key: [values]}; unknown keys are ignored. */
  function readQuery(search) {
    var state = {};
    search.replace(/^\?/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var at = pair.indexOf("=");
      var key = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
      if (KEYS.indexOf(key) < 0) return;
      var raw = at < 0 ? "" : pair.slice(at + 1).replace(/\+/g, " ");
      var found = raw.split(",").map(function (v) {
        try { return decodeURIComponent(v).trim(); } catch (e) { return ""; }
      }).filter(Boolean);
      if (LISTS.indexOf(key) >= 0) found = found.map(function (v) { return v.toLowerCase(); });
      if (found.length) state[key] = found;
    });
    return state;
  }

  function writeQuery(state) {
    var parts = [];
    KEYS.forEach(function (key) {
      if (state[key] && state[key].length) {
        parts.push(key + "=" + state[key].map(function (v) {
          return encodeURIComponent(v).replace(/%2F/g, "/");
        }).join(","));
      }
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  function closed(trial) {
    return trial.status !== "" && RECRUITING.indexOf(trial.status) < 0;
  }

  function statusMatches(trial, wanted) {
    var statuses = wanted.filter(function (v) { return v !== "with_results"; });
    if (wanted.indexOf("with_results") >= 0 && !trial.results) return false;
    if (!statuses.length) return true;
    return statuses.some(function (v) { return v === "closed" ? closed(trial) : trial.status === v; });
  }

  function any(list) {
    return function (wanted) { return list.some(function (v) { return wanted.indexOf(v) >= 0; }); };
  }

  /* The choice values one trial satisfies on its own, per filter (for the counts too). */
  var FACETS = {
    status: function (t) {
      return [t.status].concat(closed(t) ? ["closed"] : [], t.results ? ["with_results"] : []);
    },
    phase: function (t) { return t.phase; },
    type: function (t) { return [t.type]; },
    condition: function (t) { return t.conditions; },
    country: function (t) { return t.countries; },
    city: function (t) { return t.cities; },
    /* A trial that states no sex limit is not excluded by it. */
    sex: function (t) { return t.sex === "" || t.sex === "all" ? ["female", "male"] : [t.sex]; },
    healthy: function (t) { return [t.healthy]; }
  };

  var TESTS = {
    status: statusMatches,
    age: function (t, v) {
      var age = Number(v[0]);
      if (!isFinite(age)) return true;
      return (t.min === null || t.min <= age) && (t.max === null || age <= t.max);
    },
    q: function (t, v) {
      return fold(v.join(" ")).split(/\s+/).filter(Boolean).every(function (word) {
        return t.text.indexOf(word) >= 0;
      });
    }
  };
  Object.keys(FACETS).forEach(function (key) {
    if (!TESTS[key]) TESTS[key] = function (t, v) { return any(FACETS[key](t))(v); };
  });

  function matches(trial, state) {
    return Object.keys(TESTS).every(function (key) {
      return !state[key] || TESTS[key](trial, state[key]);
    });
  }

  /* Newest first, or oldest first with `_asc`; a trial without the date comes last. */
  function sorter(sort) {
    var field = { last_update: "lastUpdate", start: "start" }[sort.replace(/_asc$/, "")];
    if (!field) return function (a, b) { return a.index - b.index; };
    var ascending = /_asc$/.test(sort) ? -1 : 1;
    return function (a, b) {
      var x = a[field], y = b[field];
      if (x === y) return a.index - b.index;
      if (!x || !y) return x ? -1 : 1;
      return (x < y ? 1 : -1) * ascending;
    };
  }

  /* The same row as templates/registry-row.md.j2, from the data. */
  function row(t) {
    var href = t.nct + "/";
    var posted = t.posted ? '<br><a href="' + href + 'investigators/#results">' +
      escape(form.dataset.resultsPosted) + "</a>" : "";
    var conditions = t.cells.map(function (i) { return data.cell[i]; });
    return '<tr data-nct="' + t.nct + '"><td><a href="' + href + '">' + t.title + "</a><br>" +
      t.nct + "</td><td>" + data.status[t.statusLabel] + posted + "</td><td>" +
      data.phase[t.phaseLabel] + "</td><td>" + conditions.join(escape(form.dataset.separator)) +
      "</td><td>" + (data.dates[t.lastUpdate] || "") + "</td></tr>";
  }

  /* New rows get what assets/trialsite.js gave the static ones: on a phone each row is a card
     whose cells show their column's header, with explicit table roles. */
  function stackRows() {
    var table = tbody.parentElement;
    if (!table.hasAttribute("data-stack")) return;
    var heads = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(tbody.rows, function (r) {
      r.setAttribute("role", "row");
      Array.prototype.forEach.call(r.cells, function (cell, i) {
        if (heads[i]) cell.setAttribute("data-label", heads[i].textContent.trim());
        cell.setAttribute("role", "cell");
      });
    });
  }

  function number(n) { return n.toLocaleString(lang); }

  function words(template, values) {
    return Object.keys(values).reduce(function (text, key) {
      return text.replace("{" + key + "}", values[key]);
    }, template);
  }

  /* The page numbers to link: first, last and two either side (as finder.page_window). */
  function pageWindow(current, count) {
    var shown = [];
    for (var n = 1; n <= count; n += 1) {
      if (n === 1 || n === count || Math.abs(n - current) <= 2) {
        if (shown.length && n - shown[shown.length - 1] > 1) shown.push(null);
        shown.push(n);
      }
    }
    return shown;
  }

  function pageLink(state, page, text, rel) {
    var query = {};
    Object.keys(state).forEach(function (k) { query[k] = state[k]; });
    if (page > 1) query.page = [String(page)]; else delete query.page;
    var a = document.createElement("a");
    a.href = location.pathname + writeQuery(query);
    a.dataset.page = page;
    a.textContent = text;
    if (rel) a.rel = rel;
    return a;
  }

  function drawPager(state, page, pages) {
    pager.hidden = pages < 2;
    var list = document.createElement("ul");
    function item(node) {
      var li = document.createElement("li");
      li.appendChild(node);
      list.appendChild(li);
      return li;
    }
    if (page > 1) item(pageLink(state, page - 1, form.dataset.previous, "prev"));
    pageWindow(page, pages).forEach(function (n) {
      if (n === null) {
        item(document.createTextNode("…")).setAttribute("aria-hidden", "true");
        return;
      }
      var link = pageLink(state, n, number(n));
      link.setAttribute("aria-label", words(form.dataset.pageLabel, { page: number(n) }));
      if (n === page) link.setAttribute("aria-current", "page");
      item(link);
    });
    if (page < pages) item(pageLink(state, page + 1, form.dataset.next, "next"));
    var old = pager.querySelector("ul");
    function squeezed(node) { return node.textContent.replace(/\s+/g, ""); }
    if (old && squeezed(old) === squeezed(list) && old.children.length === list.children.length) {
      /* The same links (the static pager, when the data arrives): keep them, with new targets. */
      Array.prototype.forEach.call(old.querySelectorAll("a"), function (a, i) {
        var fresh = list.querySelectorAll("a")[i];
        ["href", "data-page", "aria-label", "aria-current", "rel"].forEach(function (name) {
          if (fresh.hasAttribute(name)) a.setAttribute(name, fresh.getAttribute(name));
          else a.removeAttribute(name);
        });
      });
    } else pager.replaceChildren(list);
  }

  function apply(state) {
    var found = trials.filter(function (t) { return matches(t, state); });
    found.sort(sorter((state.sort || [""])[0]));
    var size = data.pageSize;
    var pages = Math.max(1, Math.ceil(found.length / size));
    var page = Math.min(Math.max(parseInt((state.page || ["1"])[0], 10) || 1, 1), pages);
    /* The rows already there (the static first page, when the data arrives) stay: a reader
       already tabbing through them keeps the focus. */
    var shown = found.slice((page - 1) * size, page * size);
    var there = Array.prototype.map.call(tbody.rows, function (r) { return r.dataset.nct; });
    if (there.join() !== shown.map(function (t) { return t.nct; }).join()) {
      tbody.innerHTML = shown.map(row).join("");
      stackRows();
    }
    var n = found.length;
    var template = n === 0 ? form.dataset.countZero
      : plural.select(n) === "one" ? form.dataset.countOne : form.dataset.countOther;
    var text = words(template, { n: number(n), total: number(trials.length) });
    if (pages > 1) {
      text += " " + words(form.dataset.countPage, { page: number(page), pages: number(pages) });
    }
    output.textContent = text;
    drawPager(state, page, pages);
    countChoices(state);
  }

  /* Beside each choice, how many trials it would show with the other filters as they are.
     The boxes are labelled at once; a menu (thousands of cities on a large registry) when it
     is about to be used: on focus, or at once if it has the focus. */
  var counts = {};
  function countChoices(state) {
    Object.keys(FACETS).forEach(function (key) {
      var others = {};
      Object.keys(state).forEach(function (k) { if (k !== key) others[k] = state[k]; });
      var found = counts[key] = {};
      trials.forEach(function (t) {
        if (!matches(t, others)) return;
        unique(FACETS[key](t)).forEach(function (v) { found[v] = (found[v] || 0) + 1; });
      });
      form.querySelectorAll('[name="' + key + '"]').forEach(function (control) {
        if (control.tagName !== "SELECT") label(control, found[control.value] || 0);
        else if (document.activeElement === control) labelMenu(control);
        else control.dataset.stale = "true";
      });
    });
  }

  function labelMenu(select) {
    var found = counts[select.name] || {};
    delete select.dataset.stale;
    Array.prototype.forEach.call(select.options, function (c) { label(c, found[c.value] || 0); });
  }

  function freshen(event) {
    var select = event.target;
    if (select.tagName === "SELECT" && select.dataset.stale) labelMenu(select);
  }

  function label(choice, n) {
    if (!choice.value) return;
    var text = " (" + number(n) + ")";
    if (choice.tagName === "OPTION") {
      /* Only the cities some trial would show stay in the menu. */
      choice.hidden = choice.parentElement.name === "city" && n === 0 && !choice.selected;
      if (choice.dataset.label === undefined) choice.dataset.label = choice.textContent;
      if (choice.dataset.count !== text) choice.textContent = choice.dataset.label + text;
      choice.dataset.count = text;
      return;
    }
    var span = choice.parentElement.querySelector(".trialsite-choice-count");
    if (!span) {
      span = document.createElement("span");
      span.className = "trialsite-choice-count";
      choice.parentElement.appendChild(span);
    }
    span.textContent = text;
  }

  /* The menus of conditions, countries and cities, from the data's tables. */
  function fillMenus() {
    ["condition", "country", "city"].forEach(function (key) {
      var select = form.querySelector('select[name="' + key + '"]');
      var seen = {};
      data[key].forEach(function (item) {
        if (seen[item[0]]) return;
        seen[item[0]] = true;
        var option = new Option(item[1], item[0]);
        if (item[2]) option.lang = "en"; /* a condition's English name on another page */
        select.appendChild(option);
      });
    });
  }

  /* The form <- state (the URL), and the form -> state. */
  function fill(state) {
    Array.prototype.forEach.call(form.elements, function (control) {
      var found = state[control.name] || [];
      if (control.type === "checkbox") control.checked = found.indexOf(control.value) >= 0;
      else if (control.tagName === "SELECT") {
        control.value = found[0] || "";
        if (control.value !== (found[0] || "")) control.value = "";
      } else if (control.name) control.value = found.join(" ");
    });
  }

  function read() {
    var state = {};
    Array.prototype.forEach.call(form.elements, function (control) {
      if (!control.name || KEYS.indexOf(control.name) < 0) return;
      if (control.type === "checkbox" && !control.checked) return;
      var value = control.value.trim();
      if (!value) return;
      if (control.name === "age" && !/^\d{1,3}$/.test(value)) return;
      (state[control.name] = state[control.name] || []).push(value);
    });
    return state;
  }

  function go(state, push) {
    apply(state);
    var url = location.pathname + writeQuery(state) + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history[push ? "pushState" : "replaceState"](null, "", url);
    }
  }

  /* A new filter starts again at page 1. */
  function update(push) { go(read(), push); }

  /* A condition is a group's slug (finder.py). A value that is none, such as one written before
     the groups ("condition=covid-19" from "COVID-19" is one; "breast cancer" is not), is tried
     as a slug, then left out of the state and of the URL, rather than match no trial. */
  function knownConditions(state) {
    if (!state.condition) return state;
    var known = {};
    data.condition.forEach(function (item) { known[item[0]] = true; });
    var kept = unique(state.condition.map(function (value) {
      var slug = (fold(value).match(/[a-z]+|[0-9]+/g) || []).join("-");
      return known[value] ? value : known[slug] ? slug : "";
    }).filter(Boolean));
    if (kept.join() === state.condition.join()) return state;
    if (kept.length) state.condition = kept; else delete state.condition;
    history.replaceState(null, "", location.pathname + writeQuery(state) + location.hash);
    return state;
  }

  function fromLocation() {
    var state = knownConditions(readQuery(location.search));
    fill(state);
    /* What the URL asked, for values the form has no control for (status=completed). */
    apply(state);
  }

  function start(loaded) {
    data = loaded;
    trials = data.trials.map(trialOf);
    fillMenus();
    form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
    /* Words and the age apply as they are typed; their change event (on leaving the field,
       such as by a click on the pager) must not draw the list again. */
    function typed(event) { return event.target.type === "search" || event.target.type === "number"; }
    form.addEventListener("change", function (event) { if (!typed(event)) update(true); });
    form.addEventListener("input", function (event) { if (typed(event)) update(false); });
    form.addEventListener("focusin", freshen);
    form.addEventListener("pointerdown", freshen);
    form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
    pager.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-page]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
      event.preventDefault();
      var state = readQuery(location.search);
      if (link.dataset.page === "1") delete state.page; else state.page = [link.dataset.page];
      go(state, true);
      /* The reader goes on reading at the top of the new page of trials. */
      heading.focus();
      heading.scrollIntoView({ block: "start" });
    });
    window.addEventListener("popstate", fromLocation);
    fromLocation();
    form.hidden = false;
  }

  fetch(form.dataset.registry, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.url);
      return response.json();
    })
    .then(start)
    .catch(function (error) {
      /* The static list stays: every trial is reachable through the pages. */
      if (window.console) window.console.warn("trialsite registry:", error);
    });
})();
