(function () {
  "use strict";
  var Plotly = window.Plotly;
  var settingsBlock = document.getElementById("gns-diagraminstallningar");
  var settings = settingsBlock ? JSON.parse(settingsBlock.textContent) : { config: {}, locale: null };
  if (Plotly && Plotly.register && settings.locale) {
    Plotly.register(settings.locale);
  }
  // The toolbar's buttons: named, reachable and usable by keyboard.
  function accessibleToolbar(div) {
    var buttons = div.querySelectorAll(".modebar-btn");
    for (var b = 0; b < buttons.length; b++) {
      var button = buttons[b];
      var label = button.getAttribute("data-title") || "";
      button.setAttribute("role", "button");
      button.setAttribute("tabindex", "0");
      button.setAttribute("aria-label", label);
      button.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          this.dispatchEvent(new MouseEvent("click", { bubbles: true }));
        }
      });
    }
  }
  var blocks = document.querySelectorAll("script.gns-figur-data");
  var drawn = [];
  for (var i = 0; i < blocks.length; i++) {
    var div = blocks[i].previousElementSibling;
    try {
      var spec = JSON.parse(blocks[i].textContent);
      var config = Object.assign({}, spec.config || {}, settings.config || {}, { responsive: true });
      drawn.push(Plotly.newPlot(div, spec.data || [], spec.layout || {}, config).then(accessibleToolbar));
    } catch (err) {
      div.textContent = "Diagrammet kunde inte ritas.";
      console.error(err);
    }
  }
  // Printing (and the PDF): every chart redrawn at the width of the printed page.
  function resizeAll() {
    var plots = document.querySelectorAll(".js-plotly-plot");
    for (var p = 0; p < plots.length; p++) { Plotly.Plots.resize(plots[p]); }
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  window.gnsCharts = { ready: Promise.all(drawn), resize: resizeAll };
})();
