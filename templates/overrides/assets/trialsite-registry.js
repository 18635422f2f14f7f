/* trialsite: the registry page's filters (issue 20). Each row carries its trial's facts as data
   attributes (generator/render/finder.py); the form is hidden until this script shows it, so
   without JavaScript every trial is listed. The state lives in the URL query only: no storage,
   no cookie, no request. Lists in the query are comma-separated, each value percent-encoded. */
(function () {
  "use strict";
  var form = document.getElementById("trialsite-filters");
  if (!form) return;
  var tbody = document.querySelector(".trialsite-registry tbody");
  var rows = Array.prototype.slice.call(tbody.querySelectorAll("tr[data-nct]"));
  var original = rows.slice();
  var output = form.querySelector("[role=status]");
  var LISTS = ["status", "phase", "type", "condition", "country", "sex", "healthy"];
  var KEYS = LISTS.concat(["age", "q", "sort"]);
  var OPEN = ["recruiting", "not_yet_recruiting"];
  var RECRUITING = OPEN.concat(["enrolling_by_invitation", "available"]);
  var plural = new Intl.PluralRules(document.documentElement.lang || "en");

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var trials = rows.map(function (row) {
    var d = row.dataset;
    return {
      row: row, nct: d.nct, status: d.status, phase: JSON.parse(d.phase || "[]"),
      type: d.type, conditions: JSON.parse(d.conditions || "[]"),
      countries: JSON.parse(d.countries || "[]"), sex: d.sex, healthy: d.healthy,
      min: d.minAge === "" ? null : Number(d.minAge),
      max: d.maxAge === "" ? null : Number(d.maxAge),
      results: d.results === "true", lastUpdate: d.lastUpdate || "", start: d.start || "",
      text: fold(row.textContent + " " + d.nct)
    };
  });

  /* The query -> {key: [values]}; unknown keys are ignored. */
  function readQuery(search) {
    var state = {};
    search.replace(/^\?/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var at = pair.indexOf("=");
      var key = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
      if (KEYS.indexOf(key) < 0) return;
      var raw = at < 0 ? "" : pair.slice(at + 1).replace(/\+/g, " ");
      var values = raw.split(",").map(function (v) {
        try { return decodeURIComponent(v).trim(); } catch (e) { return ""; }
      }).filter(Boolean);
      if (LISTS.indexOf(key) >= 0) values = values.map(function (v) { return v.toLowerCase(); });
      if (values.length) state[key] = values;
    });
    return state;
  }

  function writeQuery(state) {
    var parts = [];
    KEYS.forEach(function (key) {
      if (state[key] && state[key].length) {
        parts.push(key + "=" + state[key].map(encodeURIComponent).join(","));
      }
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  function statusMatches(trial, values) {
    var wanted = values.filter(function (v) { return v !== "with_results"; });
    if (values.indexOf("with_results") >= 0 && !trial.results) return false;
    if (!wanted.length) return true;
    return wanted.some(function (v) {
      if (v === "closed") return trial.status !== "" && RECRUITING.indexOf(trial.status) < 0;
      return trial.status === v;
    });
  }

  var TESTS = {
    status: statusMatches,
    phase: function (t, v) { return t.phase.some(function (p) { return v.indexOf(p) >= 0; }); },
    type: function (t, v) { return v.indexOf(t.type) >= 0; },
    condition: function (t, v) {
      return t.conditions.some(function (c) { return v.indexOf(c) >= 0; });
    },
    country: function (t, v) {
      return t.countries.some(function (c) { return v.indexOf(c) >= 0; });
    },
    /* A trial that states no sex or age limit is not excluded by it. */
    sex: function (t, v) {
      return t.sex === "" || t.sex === "all" || v.indexOf(t.sex) >= 0;
    },
    healthy: function (t, v) { return v.indexOf(t.healthy) >= 0; },
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

  function matches(trial, state) {
    return Object.keys(TESTS).every(function (key) {
      return !state[key] || TESTS[key](trial, state[key]);
    });
  }

  function compareBy(field) {
    return function (a, b) {
      if (a[field] === b[field]) return original.indexOf(a.row) - original.indexOf(b.row);
      return a[field] < b[field] ? 1 : -1;  /* newest first; an empty date last */
    };
  }

  function apply(state) {
    var shown = 0;
    trials.forEach(function (trial) {
      var keep = matches(trial, state);
      trial.row.hidden = !keep;
      if (keep) shown += 1;
    });
    var sort = (state.sort || [""])[0];
    var ordered = trials.slice();
    if (sort === "last_update") ordered.sort(compareBy("lastUpdate"));
    else if (sort === "start") ordered.sort(compareBy("start"));
    ordered.forEach(function (trial) { tbody.appendChild(trial.row); });
    var template = shown === 0 ? form.dataset.countZero
      : plural.select(shown) === "one" ? form.dataset.countOne : form.dataset.countOther;
    output.textContent = template.replace("{n}", shown.toLocaleString(document.documentElement.lang))
      .replace("{total}", trials.length.toLocaleString(document.documentElement.lang));
    countChoices(state);
  }

  /* Beside each choice, how many trials it would show with the other filters as they are. */
  function countChoices(state) {
    var lang = document.documentElement.lang;
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox], option"), function (c) {
      var key = c.name || c.parentElement.name;
      if (!c.value || !TESTS[key]) return;
      var others = {};
      Object.keys(state).forEach(function (k) { if (k !== key) others[k] = state[k]; });
      others[key] = [c.value];
      var n = trials.filter(function (t) { return matches(t, others); }).length;
      var text = " (" + n.toLocaleString(lang) + ")";
      if (c.tagName === "OPTION") {
        if (c.dataset.label === undefined) c.dataset.label = c.textContent;
        c.textContent = c.dataset.label + text;
      } else {
        var span = c.parentElement.querySelector(".trialsite-choice-count");
        if (!span) {
          span = document.createElement("span");
          span.className = "trialsite-choice-count";
          c.parentElement.appendChild(span);
        }
        span.textContent = text;
      }
    });
  }

  /* The form <- state (the URL), and the form -> state. */
  function fill(state) {
    Array.prototype.forEach.call(form.elements, function (control) {
      var values = state[control.name] || [];
      if (control.type === "checkbox") control.checked = values.indexOf(control.value) >= 0;
      else if (control.tagName === "SELECT") {
        control.value = values[0] || "";
        if (control.value !== (values[0] || "")) control.value = "";
      } else if (control.name) control.value = values.join(" ");
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

  function update(push) {
    var state = read();
    apply(state);
    var url = location.pathname + writeQuery(state) + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history[push ? "pushState" : "replaceState"](null, "", url);
    }
  }

  function fromLocation() {
    var state = readQuery(location.search);
    fill(state);
    /* What the URL asked, for values the form has no control for (status=completed). */
    apply(state);
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("input", function (event) {
    if (event.target.type === "search" || event.target.type === "number") update(false);
  });
  form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
  window.addEventListener("popstate", fromLocation);
  fromLocation();
})();
