// The member map's date slider on an organization's page (issue 17), checked in the page ui_check.mjs has
// open: moves the slider with the keyboard (Home, ArrowRight, End), to each date (value + input event, as a
// drag does) and with a click on its track, and returns for each position the date shown, the SVG's date
// text, the class of every country that is not "none" and Uzbekistan's tooltip.
export const MAP_DATES = ["2004-06-01", "2006-03-01", "2010-06-01", "2020-06-01"];

export async function checkMap(page, dates = MAP_DATES) {
  await page.waitForFunction(() => window.cstoMap, null, { timeout: 15000 });
  const seen = { positions: {} };
  seen.controlsShown = await page.$eval(".map-controls", (p) => !p.hidden);
  const read = () => page.evaluate(() => ({
    shown: document.getElementById("map-slider-date").textContent,
    svgDate: document.querySelector("#member-map #map-date").textContent,
    classes: window.cstoMap.classes(),
    titleUZB: (document.querySelector("#country-UZB title") || {}).textContent || null,
  }));
  seen.initial = await read();
  await page.$eval("#map-slider", (s) => s.scrollIntoView());
  await page.focus("#map-slider");
  await page.keyboard.press("Home");
  seen.home = await read();
  await page.keyboard.press("ArrowRight");
  seen.right = await read();
  await page.keyboard.press("End");
  seen.end = await read();
  for (const date of dates) {
    await page.$eval("#map-slider", (slider, iso) => {
      const [y, m, d] = iso.split("-").map(Number);
      slider.value = String(Math.round(Date.UTC(y, m - 1, d) / 86400000));
      slider.dispatchEvent(new Event("input", { bubbles: true }));
    }, date);
    seen.positions[date] = await read();
  }
  const box = await page.$eval("#map-slider", (s) => {
    const r = s.getBoundingClientRect();
    return [r.left, r.top, r.width, r.height];
  });
  await page.mouse.click(box[0] + box[2] / 2, box[1] + box[3] / 2);  // a click in the middle of the track
  seen.clicked = await read();
  return seen;
}
