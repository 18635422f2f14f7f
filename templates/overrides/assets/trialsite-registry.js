/* trialsite: the registry's filters (issue 20). The registry's pages list every trial without
   JavaScript, 50 to a page. Here the first page reads registry/<lang>.json (same origin, see
   generator/render/finder.py) and filters, sorts and pages every trial in the browser; the form
   is hidden until then, so a reader whose script or fetch fails keeps the static list. The
   state lives in the URL query only: no storage, no cookie, no request to another host. Lists
   in the query are comma-separated, each value percent-encoded.
   The trials' cities and site coordinates (registry/places.json) are read only when a reader
   needs them: on the way to the city menu, for a city in the URL, or for the "nearest to me"
   sort. That sort asks the browser for the reader's position only when the reader chooses it
   (or, on a reload, only if the browser already allows it), keeps it in this page's memory,
   and computes each distance here: the position is never sent, stored or put in the URL. */
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
  var citySelect = form.querySelector('select[name="city"]');
  var sortSelect = form.querySelector('select[name="sort"]');
  var data, trials, places, loadingPlaces, position;
  var current = {};
  var notice = "";

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
      countries: values("country", d.k), cities: [], points: [], distance: null,
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

  /* Great-circle distance in km (haversine, mean Earth radius) between [lat, lon] points. */
  function kilometres(a, b) {
    var rad = Math.PI / 180;
    var dLat = (b[0] - a[0]) * rad, dLon = (b[1] - a[1]) * rad;
    var h = Math.pow(Math.sin(dLat / 2), 2) +
      Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /* Each trial's distance from the reader to its nearest site; null without coordinates.
     Once per position: filtering again does not measure again. */
  var measured;
  function measure() {
    if (measured === position) return;
    measured = position;
    trials.forEach(function (t) {
      t.distance = t.points.reduce(function (nearest, point) {
        var d = kilometres([position.lat, position.lon], point);
        return nearest === null || d < nearest ? d : nearest;
      }, null);
    });
  }

  /* Nearest first; a trial whose sites have no coordinates comes last. */
  function byDistance(a, b) {
    if (a.distance === b.distance) return a.index - b.index;
    if (a.distance === null || b.distance === null) return a.distance === null ? 1 : -1;
    return a.distance - b.distance;
  }

  /* Newest first, or oldest first with `_asc`; a trial without the date comes last. */
  function sorter(sort) {
    if (sort === "near") return byDistance;
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

  /* What a row says of its nearest site, sorted by distance. */
  function distanceText(t) {
    var text = form.dataset.distanceUnknown;
    if (t.distance !== null) {
      var km = new Intl.NumberFormat(lang, {
        style: "unit", unit: "kilometer", maximumFractionDigits: t.distance < 10 ? 1 : 0
      }).format(t.distance);
      text = words(form.dataset.distance, { distance: km });
    }
    return '<br><span class="trialsite-distance">' + escape(text) + "</span>";
  }

  var near = false;

  /* The same row as templates/registry-row.md.j2, from the data (with the distance when the
     list is sorted by it). */
  function row(t) {
    var href = t.nct + "/";
    var posted = t.posted ? '<br><a href="' + href + 'investigators/#results">' +
      escape(form.dataset.resultsPosted) + "</a>" : "";
    var conditions = t.cells.map(function (i) { return data.cell[i]; });
    return '<tr data-nct="' + t.nct + '"><td><a href="' + href + '">' + t.title + "</a><br>" +
      t.nct + (near ? distanceText(t) : "") + "</td><td>" + data.status[t.statusLabel] + posted +
      "</td><td>" + data.phase[t.phaseLabel] + "</td><td>" +
      conditions.join(escape(form.dataset.separator)) +
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
    current = state;
    var sort = (state.sort || [""])[0];
    near = sort === "near" && !!position;
    if (near) measure();
    var found = trials.filter(function (t) { return matches(t, state); });
    found.sort(sorter(near || sort !== "near" ? sort : ""));
    var size = data.pageSize;
    var pages = Math.max(1, Math.ceil(found.length / size));
    var page = Math.min(Math.max(parseInt((state.page || ["1"])[0], 10) || 1, 1), pages);
    /* The rows already there (the static first page, when the data arrives) stay: a reader
       already tabbing through them keeps the focus. */
    var shown = found.slice((page - 1) * size, page * size);
    var there = Array.prototype.map.call(tbody.rows, function (r) { return r.dataset.nct; });
    var drawn = shown.map(function (t) { return t.nct; }).join() + (near ? " near" : "");
    if (there.join() + (tbody.dataset.near ? " near" : "") !== drawn) {
      tbody.innerHTML = shown.map(row).join("");
      if (near) tbody.dataset.near = "true"; else delete tbody.dataset.near;
      stackRows();
    }
    var n = found.length;
    var template = n === 0 ? form.dataset.countZero
      : plural.select(n) === "one" ? form.dataset.countOne : form.dataset.countOther;
    var text = words(template, { n: number(n), total: number(trials.length) });
    if (pages > 1) {
      text += " " + words(form.dataset.countPage, { page: number(page), pages: number(pages) });
    }
    /* Something the reader should hear once (a refused position), before the count. */
    output.textContent = notice ? notice + " " + text : text;
    notice = "";
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

  /* The menus of conditions and countries, from the data's tables. */
  function fillMenus() {
    ["condition", "country"].forEach(function (key) {
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

  /* The city menu, from places.json: each city named with its country in this language. */
  function fillCities() {
    var countries = {};
    data.country.forEach(function (item) { countries[item[0]] = item[1]; });
    var collator = new Intl.Collator(lang);
    places.city.map(function (item) {
      var country = item[2] && (countries[item[2]] || item[2]);
      return [item[0], country ? item[1] + ", " + country : item[1]];
    }).sort(function (a, b) { return collator.compare(a[1], b[1]); }).forEach(function (item) {
      citySelect.appendChild(new Option(item[1], item[0]));
    });
  }

  /* registry/places.json, once: each trial's cities and site coordinates, the city menu, and
     the counts beside its choices. A failure rejects with {places: true}; a later need asks
     again. */
  function loadPlaces() {
    if (loadingPlaces) return loadingPlaces;
    citySelect.setAttribute("aria-busy", "true");
    loadingPlaces = fetch(form.dataset.places, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.url);
        return response.json();
      })
      .then(function (loaded) {
        places = loaded;
        trials.forEach(function (t) {
          var own = loaded.trials[t.nct] || [[], []];
          t.cities = own[0].map(function (i) { return loaded.city[i][0]; });
          t.points = own[1].map(function (i) { return loaded.geo[i]; });
        });
        fillCities();
        citySelect.removeAttribute("aria-busy");
        fill(current, citySelect);
        countChoices(current);
        if (document.activeElement === citySelect) labelMenu(citySelect);
      })
      .catch(function (error) {
        loadingPlaces = null;
        citySelect.removeAttribute("aria-busy");
        if (window.console) window.console.warn("trialsite registry:", error);
        throw { places: true };
      });
    return loadingPlaces;
  }

  /* The reader's position, asked of the browser only here; kept in this page's memory. */
  function locate() {
    return new Promise(function (resolve, reject) {
      if (!navigator.geolocation) { reject({ code: 2 }); return; }
      navigator.geolocation.getCurrentPosition(function (found) {
        position = { lat: found.coords.latitude, lon: found.coords.longitude };
        resolve();
      }, reject, { maximumAge: 600000, timeout: 30000 });
    });
  }

  /* On a reload or a shared link, the position is asked only if the browser already allows it:
     no prompt the reader did not ask for. */
  function allowed() {
    if (!navigator.permissions || !navigator.geolocation) return Promise.reject({ code: "ask" });
    return navigator.permissions.query({ name: "geolocation" }).then(function (status) {
      if (status.state !== "granted") throw { code: status.state === "denied" ? 1 : "ask" };
    }, function () { throw { code: "ask" }; });
  }

  /* Why the list is not sorted by distance, for the live region. */
  function refusal(error) {
    if (error && error.places) return form.dataset.placesFailed;
    var code = error && error.code;
    return code === 1 ? form.dataset.positionRefused
      : code === "ask" ? form.dataset.positionAsk : form.dataset.positionUnavailable;
  }

  /* The reader chose "Nearest to me": ask for the position, then sort; if the browser says
     no, keep the sort the list had and say why. */
  function chooseNear() {
    var previous = (current.sort || [""])[0];
    output.textContent = form.dataset.locating;
    Promise.all([loadPlaces(), position ? null : locate()]).then(function () {
      /* (Unless the reader chose another sort meanwhile.) */
      if (sortSelect.value === "near") notice = form.dataset.nearSorted;
      update(true);
    }, function (error) {
      sortSelect.value = previous === "near" ? "" : previous;
      notice = refusal(error);
      apply(current);
    });
  }

  /* The form <- state (the URL), and the form -> state. */
  function fill(state, only) {
    Array.prototype.forEach.call(form.elements, function (control) {
      if (only && control !== only) return;
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

  /* The list the URL asks for. A city, or the distance sort, waits for places.json; the
     distance sort also for a position the browser already allows. Without them the list is
     shown without that city or sort, and the live region says why. */
  function fromLocation() {
    var state = knownConditions(readQuery(location.search));
    var wantsNear = (state.sort || [""])[0] === "near";
    var needs = [], errors = [];
    if ((state.city || wantsNear) && !places) needs.push(loadPlaces());
    if (wantsNear && !position) needs.push(allowed().then(locate));
    /* Every need settled, so that a refused position does not also drop a city. */
    return Promise.all(needs.map(function (need) {
      return need.catch(function (error) { errors.push(error); });
    })).then(function () {
      if (errors.length) {
        notice = refusal(errors[0]);
        if (!places) delete state.city;
        if (wantsNear && !(places && position)) delete state.sort;
        history.replaceState(null, "", location.pathname + writeQuery(state) + location.hash);
      }
      fill(state);
      /* What the URL asked, for values the form has no control for (status=completed). */
      apply(state);
    });
  }

  function start(loaded) {
    data = loaded;
    trials = data.trials.map(trialOf);
    fillMenus();
    form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
    /* Words and the age apply as they are typed; their change event (on leaving the field,
       such as by a click on the pager) must not draw the list again. */
    function typed(event) { return event.target.type === "search" || event.target.type === "number"; }
    form.addEventListener("change", function (event) {
      if (typed(event)) return;
      if (event.target === sortSelect && sortSelect.value === "near" && !(places && position)) {
        chooseNear();
      } else update(true);
    });
    /* places.json is read on the way to the city menu: hovered, focused or touched. */
    ["pointerenter", "focus", "pointerdown", "touchstart"].forEach(function (name) {
      citySelect.addEventListener(name, function () {
        loadPlaces().catch(function () { output.textContent = form.dataset.placesFailed; });
      }, { passive: true });
    });
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
    /* The form shows once the list is the URL's (a city in it waits for places.json). */
    fromLocation().then(function () { form.hidden = false; });
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
