/* global window, document */
// The asset graph's client side: pan and zoom (svg-pan-zoom), and a drag that ends over a node
// card does not open the asset. Everything else (statuses, filters) is server-rendered + htmx.
(function () {
  function start() {
    var svg = document.getElementById('asset-graph');
    if (!svg || typeof window.svgPanZoom !== 'function') return;
    var panZoom = window.svgPanZoom(svg, {
      viewportSelector: '.graph-content',
      zoomEnabled: true,
      controlIconsEnabled: true,
      fit: true,
      center: true,
      minZoom: 0.02,
      maxZoom: 8,
      zoomScaleSensitivity: 0.3,
      dblClickZoomEnabled: false,
    });
    // A graph much larger than the window starts readable at its top-left, not as a speck.
    var fitted = panZoom.getSizes().realZoom;
    if (fitted < 0.35) {
      panZoom.zoom(0.35 / fitted);
      panZoom.pan({ x: 20, y: 20 });
    }
    var down = null;
    svg.addEventListener('mousedown', function (e) { down = { x: e.clientX, y: e.clientY }; }, true);
    svg.addEventListener('click', function (e) {
      if (down && Math.abs(e.clientX - down.x) + Math.abs(e.clientY - down.y) > 5) {
        e.preventDefault();
        e.stopPropagation();
      }
      down = null;
    }, true);
    window.addEventListener('resize', function () { panZoom.resize(); });
    window.assetflowGraph = panZoom;
    window.assetflowGraphReady = true;
    document.documentElement.setAttribute('data-graph-ready', 'true');
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
