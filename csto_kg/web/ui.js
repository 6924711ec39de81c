// csto-kg query UI: YASGUI (served from the package) pointed at this server's /sparql.
// The page (csto_kg/web/query_ui.py) gives, as JSON in #csto-ui: the tabs (each helper query,
// then one tab for the violation checks), the base IRI, the prefixes, the page's language and
// the ontology's classes and properties. Here:
// - tabs are kept in the browser's localStorage (YASGUI's persistence), edits included, so a
//   reload keeps them; a helper tab is offered once (a closed one does not come back);
// - a YASGUI share link (#query=...&endpoint=...) opens as a tab and runs, always against
//   this server;
// - result IRIs under the base IRI link to this server (/id/... 303s to its page), and each
//   IRI shows its label: the query's ?xLabel column when it projects one, else from /labels;
//   cells are shown whole;
// - autocompletion of classes and properties comes from the ontology in the page, never from
//   a remote service (YASQE's default class and property completers ask LOV: not used).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("csto-ui").textContent);
  var endpoint = window.location.origin + "/sparql";
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;
  var STORAGE = "csto-kg-sparql";
  var OFFERED = STORAGE + "_offered"; // ids of the tabs this browser has been given once
  var LABEL_BATCH = 200; // csto_kg.web.labels.MAX_IRIS
  var MAX_LOOKUPS = 1000; // distinct IRIs looked up per result
  var XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // -- autocompletion from the ontology ------------------------------------------------
  var termLabels = {};
  function iris(terms) {
    return terms.map(function (term) { termLabels[term.iri] = term.label; return term.iri; });
  }
  function withLabels(yasqe, hints) {
    var prefixes = yasqe.getPrefixesFromQuery();
    return hints.map(function (hint) {
      var iri = hint.text.charAt(0) === "<" ? hint.text.slice(1, -1) : null;
      if (!iri) {
        var colon = hint.text.indexOf(":");
        var ns = prefixes[hint.text.slice(0, colon)];
        iri = ns === undefined ? hint.text : ns + hint.text.slice(colon + 1);
      }
      var label = termLabels[iri];
      if (label === undefined) { return hint; }
      hint.render = function (element) {
        element.textContent = hint.text;
        var span = document.createElement("span");
        span.className = "csto-hint-label";
        span.textContent = label;
        element.appendChild(span);
      };
      return hint;
    });
  }
  var ontologyCompleter = { bulk: true, autoShow: true, persistenceId: null, postprocessHints: withLabels };
  Yasqe.forkAutocompleter("class", Object.assign({ name: "cstoClasses", get: iris(config.terms.classes) },
                                                 ontologyCompleter), false);
  Yasqe.forkAutocompleter("property", Object.assign({ name: "cstoProperties", get: iris(config.terms.properties) },
                                                    ontologyCompleter), false);
  // the prefix completer (YASQE's bundled list, no prefix.cc) knows this graph's prefixes first
  var bundledPrefixes = Yasqe.Autocompleters.prefixes.get;
  Yasqe.forkAutocompleter("prefixes", {
    name: "cstoPrefixes",
    persistenceId: null,
    get: function (yasqe) {
      var ours = Object.keys(config.prefixes).map(function (p) { return p + ": <" + config.prefixes[p] + ">"; });
      return Promise.resolve(bundledPrefixes(yasqe)).then(function (others) {
        return ours.concat(others.filter(function (line) { return !(line.split(":")[0] in config.prefixes); }));
      });
    },
  }, false);
  Yasqe.defaults.autocompleters = ["variables", "cstoPrefixes", "cstoProperties", "cstoClasses"];

  // -- result cells: local links, labels, whole values ---------------------------------
  function localHref(iri) {
    if (iri.indexOf(config.base) !== 0) { return /^https?:\/\//.test(iri) ? iri : null; }
    var path = "/" + iri.slice(config.base.length);
    return config.lang === "en" ? path : path + (path.indexOf("?") < 0 ? "?" : "&") + "lang=" + config.lang;
  }
  function shortName(iri, prefixes) {
    for (var name in prefixes) {
      if (prefixes[name] && iri.indexOf(prefixes[name]) === 0) { return name + ":" + iri.slice(prefixes[name].length); }
    }
    return null;
  }
  function lookUpLabels(yasr) {
    var results = yasr.results;
    if (!results || !results.getVariables()) { return Promise.resolve({}); }
    if (results.cstoLabels) { return results.cstoLabels; }
    var vars = results.getVariables();
    var wanted = {};
    (results.getBindings() || []).forEach(function (row) {
      vars.forEach(function (name) {
        var cell = row[name];
        if (cell && cell.type === "uri" && !(vars.indexOf(name + "Label") >= 0 && row[name + "Label"])) {
          wanted[cell.value] = true;
        }
      });
    });
    var list = Object.keys(wanted).slice(0, MAX_LOOKUPS);
    var batches = [];
    for (var i = 0; i < list.length; i += LABEL_BATCH) { batches.push(list.slice(i, i + LABEL_BATCH)); }
    results.cstoLabels = Promise.all(batches.map(function (batch) {
      var params = new URLSearchParams();
      batch.forEach(function (iri) { params.append("iri", iri); });
      params.append("lang", config.lang);
      return fetch("/labels?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { labels: {} }; })
        .then(function (answer) { return answer.labels; }, function () { return {}; });
    })).then(function (found) { return Object.assign.apply(null, [{}].concat(found)); });
    return results.cstoLabels;
  }

  var Table = Yasr.plugins.table;
  class LabelledTable extends Table {
    initialize() {
      var self = this;
      return lookUpLabels(this.yasr).then(function (labels) { self.cstoLabels = labels; });
    }
    draw(persistentConfig) {
      // cells whole by default (YASR's "Ellipse" switch cuts them); the switch still works
      return super.draw(Object.assign({ isEllipsed: false }, persistentConfig));
    }
    getColumns() {
      var columns = super.getColumns();
      var vars = this.yasr.results.getVariables();
      var prefixes = this.yasr.getPrefixes();
      var self = this;
      columns.slice(1).forEach(function (column, index) {
        var labelAt = vars.indexOf(vars[index] + "Label") + 1; // its place in a row (0: the row number)
        column.render = function (data, type, row) {
          if (data === "") { return data; }
          var label = data.type === "uri"
            ? (labelAt > 0 && row[labelAt] ? row[labelAt].value : (self.cstoLabels || {})[data.value]) : undefined;
          if (type === "filter" || type === "sort" || !type) { return label ? data.value + " " + label : data.value; }
          return "<div>" + self.cstoCell(data, prefixes, label) + "</div>";
        };
      });
      return columns;
    }
    cstoCell(binding, prefixes, label) {
      var compact = this.persistentConfig.compact;
      if (binding.type === "uri") {
        var name = shortName(binding.value, prefixes);
        var shown = escapeHtml(name || binding.value);
        var href = localHref(binding.value);
        var link = href === null ? "<span class='iri'>" + shown + "</span>"
          : "<a class='iri' target='_blank' rel='noopener noreferrer' title='" + escapeHtml(binding.value) +
            "' href='" + escapeHtml(href) + "'>" + shown + "</a>";
        if (!name && !compact) { link = "&lt;" + link + "&gt;"; }
        return "<span>" + link + (label ? " <span class='csto-label'>" + escapeHtml(label) + "</span>" : "") + "</span>";
      }
      // the whole value; a date or number (a typed literal other than a string) is never broken across lines
      var text = escapeHtml(binding.value);
      var typed = binding.datatype && binding.datatype !== XSD_STRING;
      if (!compact && binding["xml:lang"]) {
        text = '"' + text + '"<sup>@' + escapeHtml(binding["xml:lang"]) + "</sup>";
      } else if (!compact && binding.datatype) {
        var type = shortName(binding.datatype, prefixes);
        text = '"' + text + '"<sup>^^' + escapeHtml(type || "<" + binding.datatype + ">") + "</sup>";
      }
      return "<span class='nonIri" + (typed ? " csto-typed" : "") + "'>" + text + "</span>";
    }
  }
  Yasr.registerPlugin("table", LabelledTable);

  // -- YASGUI, its tabs kept in localStorage -------------------------------------------
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: STORAGE,
    autoAddOnInit: false,
    // a share link opens as a tab (and runs), against this server whatever endpoint it names
    populateFromUrl: function (tab) {
      tab.requestConfig.endpoint = endpoint;
      tab.requestConfig.args = [];
      tab.requestConfig.headers = {};
      return tab;
    },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasr: { prefixes: config.prefixes },
  });
  var offered = [];
  try { offered = JSON.parse(window.localStorage.getItem(OFFERED) || "[]"); } catch (e) { offered = []; }
  config.tabs.forEach(function (tab) {
    if (yasgui.getTab(tab.id) || offered.indexOf(tab.id) >= 0) { return; }
    yasgui.addTab(!yasgui.persistentConfig.getActiveId(), {
      id: tab.id,
      name: tab.name,
      yasqe: { value: tab.query },
      requestConfig: { endpoint: endpoint, method: "POST" },
    });
    offered.push(tab.id);
  });
  try { window.localStorage.setItem(OFFERED, JSON.stringify(offered)); } catch (e) { /* storage full or off */ }
  if (!Object.keys(yasgui._tabs).length) { yasgui.addTab(true); }
  if (!yasgui.getTab()) { // no tab was active (say, the active one was closed): the first
    var first = yasgui.persistentConfig.getTabs()[0];
    yasgui.persistentConfig.setActive(first);
    yasgui.markTabSelected(first);
  }

  // YASGUI stores an edit when the editor loses focus or runs; store it as it is typed too
  function keep(tab) {
    var yasqe = tab && tab.getYasqe && tab.getYasqe();
    if (!yasqe || yasqe.cstoKept) { return; }
    yasqe.cstoKept = true;
    var timer = null;
    function store() {
      timer = null;
      var json = tab.getPersistedJson();
      if (json.yasqe.value !== yasqe.getValue()) {
        json.yasqe.value = yasqe.getValue();
        yasgui.emit("tabChange", yasgui, tab);
      }
    }
    yasqe.on("change", function () { if (timer) { clearTimeout(timer); } timer = setTimeout(store, 300); });
    window.addEventListener("pagehide", store);
  }
  keep(yasgui.getTab());
  yasgui.on("tabSelect", function (_yasgui, id) { keep(yasgui.getTab(id)); });
  yasgui.on("tabAdd", function (_yasgui, id) { setTimeout(function () { keep(yasgui.getTab(id)); }, 0); });
  window.cstoYasgui = yasgui;
})();
