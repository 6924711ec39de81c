// csto-kg graph view: one entity's neighbourhood drawn with Cytoscape.js and its fCoSE layout (both served
// from the package). Reads the JSON at the container's data-src (the entities most linked to this one first,
// edges with "inferred"), colours each node by its kind (the colours of the legend, #graph-legend), writes in
// its circle the number of passages that support it, draws asserted edges solid and inferred edges dashed,
// names an entity's links when the pointer is on it, and opens a node's page when it is clicked. The button
// "show more" asks for the next data-step entities and adds them to the drawing. After each layout, labels
// that still overlap are pushed apart, so that no two labels overlap. The words come from #graph-messages
// (the page's language).
(function () {
  "use strict";
  var box = document.getElementById("graph-view");
  if (!box || typeof cytoscape !== "function") { return; }
  var status = document.getElementById("graph-status");
  var more = document.getElementById("graph-more");
  var words = JSON.parse(document.getElementById("graph-messages").textContent);
  var colours = {};
  document.querySelectorAll("#graph-legend [data-kind]").forEach(function (item) {
    colours[item.getAttribute("data-kind")] = item.getAttribute("data-colour");
  });
  var src = box.getAttribute("data-src");
  var step = Number(box.getAttribute("data-step")) || 25;
  var GAP = 4;  // least room between two labels (model pixels)
  var cy = null, asked = step;

  function say(message, fields) {
    return message.replace(/\{(\w+)\}/g, function (all, name) { return name in fields ? String(fields[name]) : all; });
  }
  function light(hex) {  // whether dark text reads better than white on this colour
    var n = parseInt(hex.slice(1), 16);
    return 0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255) > 150;
  }
  function badge(count, colour) {  // the count written in the node's circle, as an SVG image
    var text = count > 99 ? "99+" : String(count);
    var svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">' +
      '<text x="20" y="21" text-anchor="middle" dominant-baseline="middle" font-family="sans-serif" ' +
      'font-weight="bold" font-size="' + (text.length > 2 ? 15 : 19) + '" fill="' + (light(colour) ? "#111" : "#fff") +
      '">' + text + "</text></svg>";
    return "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
  }
  function nodeElement(n) {
    var colour = colours[n.kind] || colours.other || "#999999";
    var data = { id: n.id, label: n.label, href: n.href, kind: n.kind, colour: colour, passages: n.passages,
                 tip: say(words.tooltip, { label: n.label, kind: words.kinds[n.kind] || n.kind, passages: n.passages,
                                           documents: n.documents, links: n.links }) };
    if (n.passages > 0) { data.badge = badge(n.passages, colour); }
    return { group: "nodes", data: data, classes: n.center ? "center" : "" };
  }
  function edgeElement(e) {
    return { group: "edges", classes: e.inferred ? "inferred" : "asserted",
             data: { id: e.source + " " + e.property + " " + e.target, source: e.source, target: e.target,
                     label: e.label, property: e.property } };
  }
  function layout(randomize) {
    var name = cytoscape("layout", "fcose") ? "fcose" : "cose";
    cy.layout({ name: name, quality: "proof", randomize: randomize, animate: false, fit: false,
                nodeDimensionsIncludeLabels: true, nodeSeparation: 120, packComponents: true,
                idealEdgeLength: function () { return 170; }, nodeRepulsion: function () { return 60000; },
                edgeElasticity: function () { return 0.3; }, gravity: 0.08, numIter: 2500 }).run();
    stretch();
    separate();
    cy.fit(undefined, 24);
    if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(); }  // a small neighbourhood: not blown up
  }
  // widen (or heighten) the drawing to the container's shape, up to twice, so that labels can be read larger
  function stretch() {
    var drawn = cy.nodes().boundingBox({ includeLabels: true });
    var wanted = box.clientWidth / Math.max(box.clientHeight, 1), shape = drawn.w / Math.max(drawn.h, 1);
    var factor = Math.min(Math.max(wanted / shape, 0.5), 2);
    var cx = (drawn.x1 + drawn.x2) / 2, cy0 = (drawn.y1 + drawn.y2) / 2;
    cy.nodes().positions(function (n) {
      var p = n.position();
      return factor >= 1 ? { x: cx + (p.x - cx) * factor, y: p.y } : { x: p.x, y: cy0 + (p.y - cy0) / factor };
    });
  }
  // push apart every two nodes whose boxes (circle and label) overlap, along the axis that needs least
  function separate() {
    var nodes = cy.nodes();
    for (var round = 0; round < 500; round++) {
      var boxes = nodes.map(function (n) { return n.boundingBox({ includeLabels: true }); });
      var moved = false;
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = boxes[i], b = boxes[j];
          var dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + GAP;
          var dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + GAP;
          if (dx <= 0 || dy <= 0) { continue; }
          var horizontal = dx < dy, shift = (horizontal ? dx : dy) / 2;
          var before = horizontal ? (a.x1 + a.x2 <= b.x1 + b.x2) : (a.y1 + a.y2 <= b.y1 + b.y2);
          var s = before ? -shift : shift;
          [[nodes[i], a, s], [nodes[j], b, -s]].forEach(function (move) {
            var p = move[0].position();
            move[0].position(horizontal ? { x: p.x + move[2], y: p.y } : { x: p.x, y: p.y + move[2] });
            if (horizontal) { move[1].x1 += move[2]; move[1].x2 += move[2]; }
            else { move[1].y1 += move[2]; move[1].y2 += move[2]; }
          });
          moved = true;
        }
      }
      if (!moved) { return; }
    }
  }
  function report(view) {
    var shown = cy.nodes().length;
    if (status) { status.textContent = say(words.status, { shown: shown, total: view.total, links: cy.edges().length }); }
    if (more) {
      more.hidden = shown >= view.total;
      more.textContent = say(words.more, { count: Math.min(step, view.total - shown) });
      more.disabled = false;
    }
    box.setAttribute("data-shown", String(shown));
  }
  function draw(view) {
    cy = cytoscape({
      container: box,
      elements: view.nodes.map(nodeElement).concat(view.edges.map(edgeElement)),
      wheelSensitivity: 0.3, minZoom: 0.15, maxZoom: 4,
      style: [
        { selector: "node", style: { "label": "data(label)", "font-size": 11, "text-wrap": "wrap",
          "text-max-width": 130, "text-valign": "bottom", "text-margin-y": 3, "width": 22, "height": 22,
          "background-color": "data(colour)", "color": "#222", "text-background-color": "#fff",
          "text-background-opacity": 0.85, "text-background-padding": 1 } },
        { selector: "node[badge]", style: { "background-image": "data(badge)", "background-fit": "contain" } },
        { selector: "node.center", style: { "width": 36, "height": 36, "border-width": 3, "border-color": "#222",
          "font-weight": "bold", "font-size": 13 } },
        { selector: "edge", style: { "curve-style": "bezier", "width": 1, "line-color": "#999", "opacity": 0.75,
          "target-arrow-shape": "triangle", "target-arrow-color": "#999", "arrow-scale": 0.7,
          "font-size": 9, "color": "#333", "text-rotation": "autorotate",
          "text-background-color": "#fff", "text-background-opacity": 0.9 } },
        { selector: "edge.inferred", style: { "line-style": "dashed", "line-color": "#E69F00",
          "target-arrow-color": "#E69F00" } },
        { selector: "edge.named", style: { "label": "data(label)", "width": 2, "z-index": 10 } },
        { selector: ".faded", style: { "opacity": 0.2 } },
      ],
      layout: { name: "preset" },
    });
    layout(true);
    cy.on("mouseover", "node", function (event) {
      var node = event.target;
      box.title = node.data("tip");
      cy.elements().difference(node.closedNeighborhood()).addClass("faded");
      node.connectedEdges().addClass("named");
    });
    cy.on("mouseout", "node", function () {
      box.title = "";
      cy.elements().removeClass("faded named");
    });
    cy.on("tap", "node", function (event) {
      var href = event.target.data("href");
      if (href && !event.target.hasClass("center")) { window.location.href = href; }
    });
    window.cstoGraph = cy;
    report(view);
  }
  function grow(view) {  // add the entities not drawn yet, each beside a drawn entity it is linked to
    var fresh = view.nodes.filter(function (n) { return cy.getElementById(n.id).empty(); });
    cy.batch(function () {
      fresh.forEach(function (n, i) {
        var anchor = view.edges.map(function (e) { return e.source === n.id ? e.target : e.target === n.id ? e.source : null; })
          .map(function (id) { return id && cy.getElementById(id); }).filter(function (m) { return m && m.nonempty(); })[0];
        var at = anchor ? anchor.position() : cy.nodes(".center").position();
        var angle = 2 * Math.PI * i / Math.max(fresh.length, 1);
        var element = nodeElement(n);
        element.position = { x: at.x + 60 * Math.cos(angle), y: at.y + 60 * Math.sin(angle) };
        cy.add(element);
      });
      view.edges.forEach(function (e) {
        var element = edgeElement(e);
        if (cy.getElementById(element.data.id).empty()) { cy.add(element); }
      });
    });
    layout(false);
    report(view);
  }
  function load(limit) {
    return fetch(src + (src.indexOf("?") < 0 ? "?" : "&") + "limit=" + limit, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      });
  }
  function fail(error) {
    if (status) { status.textContent = say(words.error, { error: error.message }); }
  }
  if (more) {
    more.addEventListener("click", function () {
      more.disabled = true;
      asked = cy.nodes().length + step;
      load(asked).then(grow).catch(fail);
    });
  }
  load(asked).then(draw).catch(fail);
})();
