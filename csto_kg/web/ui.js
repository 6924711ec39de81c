// csto-kg query UI: YASGUI (served from the package) pointed at this server's /sparql,
// with one tab per helper query. No state is kept in the browser's storage.
(function () {
  "use strict";
  var helpers = JSON.parse(document.getElementById("csto-helpers").textContent);
  var endpoint = window.location.origin + "/sparql";
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
  });
  var first = Object.keys(yasgui._tabs || {});
  helpers.forEach(function (helper, index) {
    yasgui.addTab(index === 0, {
      name: helper.name,
      yasqe: { value: helper.query },
      requestConfig: { endpoint: endpoint, method: "POST" },
    });
  });
  // drop the empty default tab(s) YASGUI opened before ours
  first.forEach(function (id) {
    var tab = yasgui.getTab(id);
    if (tab && helpers.length) { tab.close(); }
  });
  window.cstoYasgui = yasgui;
})();
