// Drives Debian's chromium with playwright-core against a running csto-kg server.
// Usage: node tests/browser/ui_check.mjs BASE_URL CHROMIUM_PATH
// Prints one JSON line with what it saw; exits non-zero on failure.
import { chromium } from "playwright-core";
import { checkGraph } from "./graph_check.mjs";
import { checkMap } from "./map_check.mjs";

const [base, executablePath] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const seen = { requests: [] };
try {
  const page = await browser.newPage();
  page.on("request", (r) => seen.requests.push(r.url()));
  await page.goto(base + "sparql", { waitUntil: "load" });
  await page.waitForSelector(".yasqe .CodeMirror", { timeout: 15000 });
  const tabTitles = () => page.$$eval(".tabsList [role=tab] > span", (els) => els.map((e) => e.textContent));
  const activeTitle = () => page.textContent(".tabsList .tab.active [role=tab] > span");
  const editorText = () => page.evaluate(() => window.cstoYasgui.getTab().getYasqe().getValue());
  seen.tabs = await tabTitles();
  seen.activeTab = await activeTitle();
  const setQuery = (text) => page.evaluate((text) => window.cstoYasgui.getTab().getYasqe().setValue(text), text);
  // run the active tab's query; wait for the table of its columns (then for selector in it)
  const runQuery = async (selector, columns) => {
    await page.click(".tabPanel.active .yasqe_queryButton");
    await page.waitForFunction((columns) => {
      const heads = [...document.querySelectorAll(".tabPanel.active .yasr thead th")].map((th) => th.textContent.trim());
      return heads.slice(1).join(" ") === columns.join(" ");
    }, columns, { timeout: 15000 });
    await page.waitForSelector(selector, { timeout: 15000 });
  };
  // the checks tab runs every violation check at once: no rows on the bundled data
  await page.click(".tabsList [role=tab] >> text=checks");
  seen.checksQuery = await editorText();
  await runQuery(".tabPanel.active .yasr tbody td[colspan]", ["check", "action", "instrument", "acted", "concluded",
                 "conflict", "claims", "fact", "entity", "lacking", "subject", "begins", "ends", "first", "second"]);
  seen.checksHeaders = await page.$$eval(".tabPanel.active .yasr thead th", (els) => els.map((e) => e.textContent.trim()));
  await page.click(".tabsList [role=tab] >> text=conflicts");
  await setQuery(
      "PREFIX csto: <https://w3id.org/csto-kg/ontology#>\n" +
      "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
      "SELECT ?state ?label WHERE { ?state a csto:State ; rdfs:label ?label FILTER(LANG(?label) = 'en') } ORDER BY ?label");
  await runQuery(".tabPanel.active .yasr tbody tr .csto-label", ["state", "label"]);
  seen.rows = await page.$$eval(".tabPanel.active .yasr tbody tr", (rows) => rows.length);
  seen.firstRow = await page.$eval(".tabPanel.active .yasr tbody tr", (row) => row.innerText);
  // a result IRI: a link to this server (the base IRI rewritten), its label beside it (from /labels)
  const cell = (row) => row.$eval("td:nth-child(2)", (td) => ({ href: td.querySelector("a.iri").getAttribute("href"),
    text: td.querySelector("a.iri").textContent, title: td.querySelector("a.iri").title,
    label: td.querySelector(".csto-label").textContent }));
  const firstRow = await page.$(".tabPanel.active .yasr tbody tr");
  seen.resultCell = await cell(firstRow);
  seen.resultLabelColumn = await firstRow.$eval("td:nth-child(3)", (td) => td.textContent);
  const [opened] = await Promise.all([page.context().waitForEvent("page"), page.click(".tabPanel.active .yasr tbody tr a.iri")]);
  await opened.waitForLoadState("load");
  seen.resultOpened = { url: opened.url(), title: await opened.textContent("h1") };
  await opened.close();
  // a ?xLabel column is the label shown beside ?x (no look-up)
  await setQuery(
      "PREFIX csto: <https://w3id.org/csto-kg/ontology#>\n" +
      "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
      "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n" +
      "SELECT ?state ?stateLabel ?founded WHERE { ?state a csto:State ; rdfs:label ?l FILTER(LANG(?l) = 'en') " +
      "BIND(CONCAT('«', ?l, '»') AS ?stateLabel) BIND('2002-10-07'^^xsd:date AS ?founded) } ORDER BY ?l LIMIT 1");
  await runQuery(".tabPanel.active .yasr tbody tr .csto-label", ["state", "stateLabel", "founded"]);
  seen.labelColumnCell = await cell(await page.$(".tabPanel.active .yasr tbody tr"));
  seen.dateCell = await page.$eval(".tabPanel.active .yasr tbody tr td:nth-child(4)", (td) => ({ text: td.innerText,
    lines: td.querySelector(".nonIri").getClientRects().length }));  // one box: not broken across lines
  // autocompletion from the ontology: typing csto:Sta after "a" adds the csto prefix and offers csto:State
  await setQuery("SELECT * WHERE {\n  ?x a ");
  await page.evaluate(() => { const y = window.cstoYasgui.getTab().getYasqe(); y.focus(); y.setCursor(y.lastLine(), 99); });
  await page.keyboard.type("csto:Sta");
  await page.waitForSelector(".CodeMirror-hints li", { timeout: 15000 });
  seen.classHints = await page.$$eval(".CodeMirror-hints li", (els) => els.map((e) => [e.firstChild.textContent, e.querySelector(".csto-hint-label").textContent]));
  await page.keyboard.press("Enter");
  seen.completedClass = await editorText();
  await page.keyboard.type(" ; csto:memberO");
  await page.waitForSelector(".CodeMirror-hints li", { timeout: 15000 });
  seen.propertyHints = await page.$$eval(".CodeMirror-hints li", (els) => els.map((e) => [e.firstChild.textContent, e.querySelector(".csto-hint-label").textContent]));
  await page.keyboard.press("Escape");
  // an edit typed (no blur, no run) is still there after a reload; the tabs are the same
  await page.evaluate(() => { const y = window.cstoYasgui.getTab().getYasqe(); y.focus(); y.setCursor(y.lastLine(), 99); });
  await page.keyboard.type(" ?o }");
  seen.editedQuery = await editorText();
  await page.reload({ waitUntil: "load" });
  await page.waitForSelector(".yasqe .CodeMirror", { timeout: 15000 });
  seen.reloaded = { tabs: await tabTitles(), active: await activeTitle(), query: await editorText() };
  // share link round trip: YASGUI's share button, then the link in a fresh browser (no storage)
  await setQuery("PREFIX csto: <https://w3id.org/csto-kg/ontology#>\nSELECT ?org WHERE { ?org a csto:Organization } ORDER BY ?org LIMIT 3");
  await page.click(".tabPanel.active .yasqe_share");
  seen.shareLink = await page.inputValue(".tabPanel.active .yasqe_sharePopup input");
  seen.sharedQuery = await editorText();
  const fresh = await browser.newContext();
  const shared = await fresh.newPage();
  shared.on("request", (r) => seen.requests.push(r.url()));
  await shared.goto(seen.shareLink, { waitUntil: "load" });
  await shared.waitForSelector(".tabPanel.active .yasr tbody tr .csto-label", { timeout: 15000 });  // it ran
  seen.opened = {
    query: await shared.evaluate(() => window.cstoYasgui.getTab().getYasqe().getValue()),
    endpoint: await shared.evaluate(() => window.cstoYasgui.getTab().getEndpoint()),
    active: await shared.textContent(".tabsList .tab.active [role=tab] > span"),
    tabs: await shared.$$eval(".tabsList [role=tab] > span", (els) => els.map((e) => e.textContent)),
    rows: await shared.$$eval(".tabPanel.active .yasr tbody tr td:nth-child(2) a.iri", (els) => els.map((e) => e.getAttribute("href"))),
  };
  await fresh.close();

  await page.goto(base + "id/CSTO", { waitUntil: "load" });
  seen.resourceUrl = page.url();
  seen.resourceTitle = await page.textContent("h1");
  const link = await page.$("table a[href^='/id/']");
  seen.linkHref = await link.getAttribute("href");
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), link.click()]);
  seen.followedUrl = page.url();
  seen.followedTitle = await page.textContent("h1");

  // An organization's page: the membership chart (inline SVG) and the graph view (Cytoscape.js).
  await page.goto(base + "doc/id/CSTO.html", { waitUntil: "load" });
  seen.chartBars = await page.$$eval("figure.chart svg [id^='membership-']", (els) => els.length);
  seen.map = await checkMap(page);  // the member map's date slider (tests/browser/map_check.mjs)
  await page.$eval("h1", (h) => h.scrollIntoView());
  await page.waitForFunction(() => window.cstoGraph && window.cstoGraph.nodes().length > 1, null, { timeout: 15000 });
  await page.$eval("#graph-view", (box) => box.scrollIntoView());
  seen.graph = await page.evaluate(() => {
    const cy = window.cstoGraph;
    return { nodes: cy.nodes().length, edges: cy.edges().length, dashed: cy.edges(".inferred").length,
             dashedStyle: cy.edges(".inferred").length ? cy.edges(".inferred")[0].style("line-style") : null,
             solidStyle: cy.edges(".asserted").length ? cy.edges(".asserted")[0].style("line-style") : null };
  });
  // the canvas has been drawn on: count non-transparent pixels (polled: drawing happens on a frame)
  await page.waitForFunction(() => {
    let painted = 0;
    for (const canvas of document.querySelectorAll("#graph-view canvas")) {
      const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { painted++; } }
    }
    window.cstoPainted = painted;
    return painted > 500;
  }, null, { timeout: 15000 });
  seen.painted = await page.evaluate(() => window.cstoPainted);
  seen.view = await checkGraph(page);  // ranked, coloured, no overlapping labels, "show more" (graph_check.mjs)
  // click the non-central node farthest from the others (so the click lands on it alone)
  const target = await page.evaluate(() => {
    const cy = window.cstoGraph;
    const box = document.getElementById("graph-view").getBoundingClientRect();
    const nodes = cy.nodes().filter((n) => !n.hasClass("center")).filter((n) => {
      const p = n.renderedPosition();
      return p.x > 10 && p.y > 10 && p.x < box.width - 10 && p.y < box.height - 10;
    });
    let best = null, bestGap = -1;
    nodes.forEach((n) => {
      const p = n.renderedPosition();
      let gap = Infinity;
      cy.nodes().forEach((m) => {
        if (m.id() === n.id()) { return; }
        const q = m.renderedPosition();
        gap = Math.min(gap, Math.hypot(p.x - q.x, p.y - q.y));
      });
      if (gap > bestGap) { bestGap = gap; best = n; }
    });
    const p = best.renderedPosition();
    return { x: box.left + p.x, y: box.top + p.y, href: best.data("href"), label: best.data("label") };
  });
  seen.clickedHref = target.href;
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.mouse.click(target.x, target.y)]);
  seen.graphFollowedUrl = page.url();
  seen.graphFollowedTitle = await page.textContent("h1");
  // An inferred fact on a page links to its explanation (issue 14).
  await page.goto(base + "doc/id/Serbia.html", { waitUntil: "load" });
  const why = await page.$("a.inferred[href*='memberOf']");
  seen.explainHref = await why.getAttribute("href");
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), why.click()]);
  seen.explainUrl = page.url();
  seen.explainTitle = await page.textContent("h1");
  seen.explainRules = await page.$$eval(".how code", (els) => els.map((e) => e.textContent));
  seen.explainQuotes = await page.$$eval("blockquote", (els) => els.map((e) => e.textContent));
  // Pages in French and Russian: from Accept-Language, and from the language switcher.
  const french = await browser.newContext({ locale: "fr-FR" });
  const frPage = await french.newPage();
  frPage.on("request", (r) => seen.requests.push(r.url()));
  await frPage.goto(base + "id/CSTO", { waitUntil: "load" });
  seen.french = { lang: await frPage.getAttribute("html", "lang"), title: await frPage.textContent("h1"),
                  card: await frPage.textContent("section.card") };
  await Promise.all([frPage.waitForNavigation({ waitUntil: "load" }), frPage.click(".langs a[hreflang=ru]")]);
  seen.russian = { url: frPage.url(), lang: await frPage.getAttribute("html", "lang"),
                   title: await frPage.textContent("h1"), nav: await frPage.textContent("header.site nav") };
  // Search from the search box of a page (Russian), accents and case ignored.
  await frPage.fill("form.search input[type=search]", "ouzbekistan");
  await Promise.all([frPage.waitForNavigation({ waitUntil: "load" }), frPage.press("form.search input[type=search]", "Enter")]);
  seen.search = { url: frPage.url(), lang: await frPage.getAttribute("html", "lang"),
                  first: await frPage.textContent("ol.results li a"),
                  firstHref: await frPage.getAttribute("ol.results li a", "href") };
  await frPage.goto(base + "sparql", { waitUntil: "load" });
  await frPage.waitForSelector(".yasqe .CodeMirror", { timeout: 15000 });
  seen.frenchTabs = await frPage.$$eval(".tabsList [role=tab] > span", (els) => els.map((e) => e.textContent));
  await french.close();
  seen.offsite = seen.requests.filter((u) => !u.startsWith(base) && !u.startsWith("data:"));
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
