(function () {
  "use strict";
  var Plotly = window.Plotly;
  if (Plotly && Plotly.register) {
    Plotly.register({
      moduleType: "locale",
      name: "sv",
      dictionary: {},
      format: {
        days: ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
        shortDays: ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
        months: ["januari", "februari", "mars", "april", "maj", "juni", "juli",
          "augusti", "september", "oktober", "november", "december"],
        shortMonths: ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        date: "%Y-%m-%d",
        decimal: ",",
        thousands: "\u00a0"
      }
    });
  }
  var blocks = document.querySelectorAll("script.gns-figur-data");
  for (var i = 0; i < blocks.length; i++) {
    var div = blocks[i].previousElementSibling;
    try {
      var spec = JSON.parse(blocks[i].textContent);
      var config = Object.assign({}, spec.config || {}, {
        displaylogo: false, responsive: true, locale: "sv", showLink: false
      });
      Plotly.newPlot(div, spec.data || [], spec.layout || {}, config);
    } catch (err) {
      div.textContent = "Diagrammet kunde inte ritas.";
      console.error(err);
    }
  }
})();
