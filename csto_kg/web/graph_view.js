// csto-kg graph view: one entity's neighbourhood drawn with Cytoscape.js (served from the package).
// Reads the JSON at the container's data-src (nodes, edges with "inferred"), draws asserted edges
// solid and inferred edges dashed, and opens a node's page when it is clicked.
(function () {
  "use strict";
  var box = document.getElementById("graph-view");
  if (!box || typeof cytoscape !== "function") { return; }
  var status = document.getElementById("graph-status");
  fetch(box.getAttribute("data-src"), { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (view) {
      var elements = view.nodes.map(function (n) {
        return { group: "nodes", data: { id: n.id, label: n.label, href: n.href }, classes: n.center ? "center" : "" };
      });
      view.edges.forEach(function (e, i) {
        elements.push({ group: "edges", classes: e.inferred ? "inferred" : "asserted",
                        data: { id: "e" + i, source: e.source, target: e.target, label: e.label, property: e.property } });
      });
      var cy = cytoscape({
        container: box,
        elements: elements,
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: { "label": "data(label)", "font-size": 9, "text-wrap": "ellipsis",
            "text-max-width": 160, "text-valign": "bottom", "text-margin-y": 3, "width": 14, "height": 14,
            "background-color": "#56B4E9", "color": "#222" } },
          { selector: "node.center", style: { "background-color": "#0072B2", "width": 24, "height": 24,
            "font-weight": "bold", "font-size": 11 } },
          { selector: "edge", style: { "curve-style": "bezier", "width": 1.2, "line-color": "#888",
            "target-arrow-shape": "triangle", "target-arrow-color": "#888", "arrow-scale": 0.7,
            "label": "data(label)", "font-size": 7, "color": "#555", "text-rotation": "autorotate",
            "min-zoomed-font-size": 7, "text-background-color": "#fff", "text-background-opacity": 0.7 } },
          { selector: "edge.inferred", style: { "line-style": "dashed", "line-color": "#E69F00",
            "target-arrow-color": "#E69F00" } },
        ],
        // force-directed (Cytoscape's own "cose"): linked entities close, labels kept apart
        layout: { name: "cose", animate: false, randomize: true, nodeDimensionsIncludeLabels: false,
                  nodeRepulsion: function () { return 30000; }, idealEdgeLength: function () { return 70; },
                  numIter: 1500 },
      });
      cy.on("tap", "node", function (event) {
        var href = event.target.data("href");
        if (href && !event.target.hasClass("center")) { window.location.href = href; }
      });
      if (status) {
        status.textContent = view.nodes.length + " entities, " + view.edges.length + " links" +
          (view.truncated ? " (cut at " + view.limit + " entities; " + view.neighbours + " neighbours in all)" : "") + ".";
      }
      window.cstoGraph = cy;
    })
    .catch(function (error) {
      if (status) { status.textContent = "The graph view could not be drawn: " + error.message; }
    });
})();
