// csto-kg member map: the date slider on an organization's page.
// The server computed every state's class for every day (csto_kg/maps/member_maps.py, map_history) and
// put them in #map-history as segments; this script only finds the segment of the chosen day and
// applies its classes, fills and tooltips to the countries of the inline SVG, and writes the date.
(function () {
  "use strict";
  var source = document.getElementById("map-history");
  var slider = document.getElementById("map-slider");
  var svg = document.getElementById("member-map");
  if (!source || !slider || !svg) { return; }
  var history = JSON.parse(source.textContent);
  var DAY = 86400000;
  function dayNumber(iso) {
    return Math.round(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY);
  }
  function isoOf(day) {
    var date = new Date(day * DAY);
    var year = String(date.getUTCFullYear()).padStart(4, "0");
    return year + "-" + String(date.getUTCMonth() + 1).padStart(2, "0") + "-" + String(date.getUTCDate()).padStart(2, "0");
  }
  var starts = history.segments.map(function (s) { return dayNumber(s.from); });
  var output = document.getElementById("map-slider-date");
  var dateText = svg.querySelector("#map-date");
  function show(day) {
    var i = starts.length - 1;
    while (i > 0 && starts[i] > day) { i--; }
    var countries = history.segments[i].countries;
    Object.keys(countries).forEach(function (code) {
      var country = svg.querySelector("#country-" + code);
      if (!country) { return; }
      var style = history.styles[countries[code]];
      country.setAttribute("class", "country " + style[0]);
      country.setAttribute("fill", style[1]);
      var title = country.querySelector("title");
      if (title) { title.textContent = style[2]; }
    });
    var iso = isoOf(day);
    slider.value = String(day);
    if (output) { output.textContent = iso; }
    if (dateText) { dateText.textContent = history.on.replace("{date}", iso); }
    return iso;
  }
  slider.min = String(dayNumber(history.first));
  slider.max = String(dayNumber(history.last));
  slider.step = "1";
  slider.addEventListener("input", function () { show(+slider.value); });
  slider.closest(".map-controls").hidden = false;
  show(dayNumber(history.last));
  // for the browser test and the curious: show a day (YYYY-MM-DD); the classes of the countries shown
  window.cstoMap = {
    show: function (iso) { return show(dayNumber(iso)); },
    classes: function () {
      var seen = {};
      svg.querySelectorAll("path.country[id]").forEach(function (p) {
        var css = p.getAttribute("class").split(" ")[1];
        if (css !== "none") { seen[p.id.slice("country-".length)] = css; }
      });
      return seen;
    },
  };
})();
