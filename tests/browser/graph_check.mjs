// The graph view of an entity's page (issue 15), checked in the page ui_check.mjs has open, once drawn: the
// nodes and edges drawn, every node's colour and passage badge, the tooltip of the entity's own node, the
// status line, and whether any two node boxes (circle and label, cy's boundingBox with includeLabels)
// overlap; then the same after a click on "show more".
export async function checkGraph(page) {
  const drawn = () => page.waitForFunction(() => window.cstoGraph &&
    document.getElementById("graph-view").getAttribute("data-shown") === String(window.cstoGraph.nodes().length),
    null, { timeout: 30000 });
  const read = () => page.evaluate(() => {
    const cy = window.cstoGraph;
    const boxes = cy.nodes().map((n) => ({ id: n.id(), box: n.boundingBox({ includeLabels: true }) }));
    const overlaps = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].box, b = boxes[j].box;
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) { overlaps.push([boxes[i].id, boxes[j].id]); }
      }
    }
    const colours = {};  // kind -> the fill colours its nodes are drawn with
    cy.nodes().forEach((n) => {
      const fill = n.style("background-color");
      colours[n.data("kind")] = [...new Set([...(colours[n.data("kind")] || []), fill])];
    });
    const more = document.getElementById("graph-more");
    return { nodes: cy.nodes().map((n) => n.id()), edges: cy.edges().length, overlaps, colours,
             badged: cy.nodes().filter((n) => n.style("background-image") !== "none").map((n) => n.id()),
             status: document.getElementById("graph-status").textContent,
             more: more.hidden ? null : more.textContent };
  });
  await drawn();
  const seen = { first: await read() };
  // the tooltip of the page's own entity: pointer on its circle
  const at = await page.evaluate(() => {
    const p = window.cstoGraph.nodes(".center").renderedPosition();
    const box = document.getElementById("graph-view").getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  });
  await page.mouse.move(at.x, at.y);
  await page.waitForFunction(() => document.getElementById("graph-view").title !== "", null, { timeout: 5000 });
  seen.tooltip = await page.$eval("#graph-view", (box) => box.title);
  seen.named = await page.evaluate(() => window.cstoGraph.edges(".named").length);
  await page.mouse.move(1, 1);
  await page.click("#graph-more");
  await page.waitForFunction((n) => window.cstoGraph.nodes().length > n, seen.first.nodes.length, { timeout: 30000 });
  await drawn();
  seen.more = await read();
  return seen;
}
