// Drives Debian's chromium with playwright-core against a running csto-kg server.
// Usage: node tests/browser/ui_check.mjs BASE_URL CHROMIUM_PATH
// Prints one JSON line with what it saw; exits non-zero on failure.
import { chromium } from "playwright-core";

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
  seen.tabs = await page.$$eval(".tabPanel, [role=tab]", (els) => els.length);
  await page.evaluate(() => {
    const tab = window.cstoYasgui.getTab();
    tab.getYasqe().setValue(
      "PREFIX csto: <https://w3id.org/csto-kg/ontology#>\n" +
      "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
      "SELECT ?state ?label WHERE { ?state a csto:State ; rdfs:label ?label FILTER(LANG(?label) = 'en') } ORDER BY ?label");
  });
  await page.click(".yasqe_queryButton");
  await page.waitForFunction(() => document.querySelectorAll(".yasr tbody tr").length > 3, null, { timeout: 15000 });
  seen.rows = await page.$$eval(".yasr tbody tr", (rows) => rows.length);
  seen.firstRow = await page.$eval(".yasr tbody tr", (row) => row.innerText);

  await page.goto(base + "id/CSTO", { waitUntil: "load" });
  seen.resourceUrl = page.url();
  seen.resourceTitle = await page.textContent("h1");
  const link = await page.$("table a[href^='/id/']");
  seen.linkHref = await link.getAttribute("href");
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), link.click()]);
  seen.followedUrl = page.url();
  seen.followedTitle = await page.textContent("h1");
  seen.offsite = seen.requests.filter((u) => !u.startsWith(base) && !u.startsWith("data:"));
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
