// Draws each graph from its JSON island with Cytoscape.js (no inline script: the page's CSP forbids it).
(function () {
  const colour = { copy: "#c0392b", rewrite: "#d68910", partial: "#2874a6", origin: "#1e8449" };
  function lineageElements(g) {
    const nodes = g.nodes.map(n => ({ data: { id: n.id, label: (n.outlet || "?") + (n.date ? "\n" + n.date : ""), relation: n.relation } }));
    const edges = g.edges.map(e => ({ data: { id: e.source + "->" + e.target, source: e.source, target: e.target,
      label: e.relation + " " + e.score.toFixed(2) + (e.lag_days !== null ? " · " + e.lag_days + "d" : ""), relation: e.relation } }));
    return nodes.concat(edges);
  }
  function outletElements(g) {
    const nodes = g.outlets.map(o => ({ data: { id: "o:" + o, label: o } }));
    const edges = g.edges.map((e, i) => ({ data: { id: "e" + i, source: "o:" + e.source, target: "o:" + e.derived,
      label: e.count + " (" + Math.round(e.attributed_share * 100) + "% credited)", relation: "rewrite" } }));
    return nodes.concat(edges);
  }
  document.querySelectorAll("[data-graph]").forEach(function (box) {
    const g = JSON.parse(document.getElementById(box.dataset.graph).textContent);
    const outlets = box.dataset.kind === "outlets";
    const elements = outlets ? outletElements(g) : lineageElements(g);
    const roots = outlets ? undefined : g.nodes.filter(n => !n.derived_from).map(n => n.id);
    const cy = cytoscape({
      container: box, elements: elements, userZoomingEnabled: false,
      layout: outlets ? { name: "circle" } : { name: "breadthfirst", directed: true, roots: roots, spacingFactor: 1.1 },
      style: [
        { selector: "node", style: { label: "data(label)", "text-wrap": "wrap", "font-size": 10, "text-valign": "bottom",
          "background-color": ele => colour[ele.data("relation")] || "#7f8c8d", width: 18, height: 18 } },
        { selector: "edge", style: { label: "data(label)", "font-size": 9, "curve-style": "bezier", "target-arrow-shape": "triangle",
          "line-color": ele => colour[ele.data("relation")] || "#999", "target-arrow-color": ele => colour[ele.data("relation")] || "#999",
          "text-background-color": "#fff", "text-background-opacity": 0.8 } }
      ]
    });
    if (!outlets) {
      cy.on("tap", "node", evt => { window.location.href = "/article/" + encodeURIComponent(evt.target.id()); });
    }
    box.dataset.ready = cy.nodes().length;
  });
})();
