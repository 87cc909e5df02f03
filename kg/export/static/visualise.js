/* unkg interactive graph (kg visualise): legend, filter by type, search, node details.
   Data: the JSON in <script id="unkg-data">. State for tests: window.__unkg and <pre id="status">. */
(function () {
  "use strict";
  var state = window.__unkg;
  var report = state.report;
  try {
    var data = JSON.parse(document.getElementById("unkg-data").textContent);
    state.nodeCount = data.nodes.length;
    state.edgeCount = data.edges.length;
    document.getElementById("note").textContent = data.note;

    /* A seeded random source, so the force layout draws the same picture every time. */
    var seed = 20240601;
    Math.random = function () {
      seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };

    var colour = {};
    data.kinds.forEach(function (k) { colour[k.kind] = k.colour; });
    var maxDegree = 1;
    data.nodes.forEach(function (n) { if (n.degree > maxDegree) maxDegree = n.degree; });
    var elements = [];
    data.nodes.forEach(function (n, i) {
      elements.push({group: "nodes", data: {id: "n" + i, index: i, kind: n.kind, label: n.label,
        colour: colour[n.kind] || "#999", size: 14 + 34 * Math.sqrt(n.degree / maxDegree),
        showLabel: n.showLabel ? 1 : 0}});
    });
    data.edges.forEach(function (e, i) {
      elements.push({group: "edges", data: {id: "e" + i, source: "n" + e[0], target: "n" + e[1],
        width: Math.min(6, 0.6 + Math.log(1 + e[2])), relation: e[3]}});
    });

    var cy = cytoscape({
      container: document.getElementById("cy"),
      elements: elements,
      minZoom: 0.05, maxZoom: 6,
      style: [
        {selector: "node", style: {"background-color": "data(colour)", width: "data(size)",
          height: "data(size)", "border-width": 1, "border-color": "#555555", "border-opacity": 0.5, label: "",
          "font-size": 11, "text-outline-color": "#fff", "text-outline-width": 2, "min-zoomed-font-size": 6}},
        {selector: "node[showLabel = 1]", style: {label: "data(label)"}},
        {selector: "edge", style: {width: "data(width)", "line-color": "#b8b8b8", opacity: 0.7,
          "curve-style": "haystack"}},
        {selector: ".hover", style: {label: "data(label)", "z-index": 10}},
        {selector: ".dim", style: {opacity: 0.12}},
        {selector: ".hit", style: {"border-width": 4, "border-color": "#d62728", label: "data(label)"}},
        {selector: "node:selected", style: {"border-width": 5, "border-color": "#111", label: "data(label)"}}
      ],
      layout: {name: "preset"}
    });
    state.cy = cy;

    var layout = cy.layout({name: "cose", animate: false, randomize: true, nodeDimensionsIncludeLabels: false,
      idealEdgeLength: function () { return 60; }, nodeRepulsion: function () { return 9000; },
      gravity: 0.4, numIter: 1500, fit: true, padding: 30});
    layout.on("layoutstop", function () {
      var shown = cy.nodes().filter(function (n) {
        var p = n.position();
        return n.visible() && isFinite(p.x) && isFinite(p.y);
      });
      state.rendered = shown.length;
      state.ready = true;
      report();
    });
    layout.run();

    /* Legend and filter by type. */
    var legend = document.getElementById("legend");
    data.kinds.forEach(function (k) {
      var row = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox"; box.checked = true; box.value = k.kind;
      box.addEventListener("change", function () {
        cy.nodes().filter(function (n) { return n.data("kind") === k.kind; })
          .style("display", box.checked ? "element" : "none");
      });
      var sw = document.createElement("span");
      sw.className = "swatch"; sw.style.background = k.colour;
      var name = document.createElement("span"); name.textContent = k.name;
      var count = document.createElement("span"); count.className = "count"; count.textContent = k.count;
      row.appendChild(box); row.appendChild(sw); row.appendChild(name); row.appendChild(count);
      legend.appendChild(row);
    });

    /* Details of a node. */
    var info = document.getElementById("info");
    function el(tag, text, cls) {
      var e = document.createElement(tag);
      if (text !== undefined) e.textContent = text;
      if (cls) e.className = cls;
      return e;
    }
    function show(i) {
      var n = data.nodes[i];
      info.innerHTML = "";
      info.appendChild(el("h2", n.label));
      var dl = el("dl");
      function item(term, value) { if (value === "" || value === undefined || value === null) return;
        dl.appendChild(el("dt", term)); dl.appendChild(el("dd", String(value))); }
      item("type", (data.kinds.filter(function (k) { return k.kind === n.kind; })[0] || {}).name || n.kind);
      item("English", n.label_en); item("中文", n.label_zh); item("key", n.key); item("IRI", n.iri);
      item("links in this view", n.degree);
      if (n.community !== undefined && n.community !== null) item("community", n.community);
      n.props.forEach(function (p) { item(p[0], p[1]); });
      info.appendChild(dl);
      info.appendChild(el("h2", "Found in (" + n.total + ")"));
      if (!n.found.length) info.appendChild(el("p", "No mention recorded for this node."));
      var ol = el("ol");
      n.found.forEach(function (f) {
        var li = el("li");
        li.appendChild(el("span", f[0] + (f[1] ? " ¶ " + f[1] : "") + ", chars " + f[2] + "–" + f[3] + (f[4] ? ": " : "")));
        if (f[4]) li.appendChild(el("span", f[4], "surface"));  // no surface in the compact provenance profile
        ol.appendChild(li);
      });
      info.appendChild(ol);
      if (n.total > n.found.length) info.appendChild(el("p", "… and " + (n.total - n.found.length) + " more."));
    }
    cy.on("tap", "node", function (evt) { show(evt.target.data("index")); });
    cy.on("mouseover", "node", function (evt) { evt.target.addClass("hover"); });
    cy.on("mouseout", "node", function (evt) { evt.target.removeClass("hover"); });

    /* Search by label (Chinese or English), key or IRI. */
    var search = document.getElementById("search"), results = document.getElementById("results");
    function focus(i) {
      var node = cy.getElementById("n" + i);
      cy.elements().unselect(); node.select();
      cy.animate({center: {eles: node}, zoom: Math.max(cy.zoom(), 1.2)}, {duration: 250});
      show(i);
    }
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      results.innerHTML = "";
      cy.elements().removeClass("dim hit");
      if (!q) return;
      var hits = [];
      data.nodes.forEach(function (n, i) {
        var hay = [n.label, n.label_en, n.label_zh, n.key, n.iri].join("\n").toLowerCase();
        if (hay.indexOf(q) >= 0) hits.push(i);
      });
      cy.elements().addClass("dim");
      hits.forEach(function (i) { cy.getElementById("n" + i).removeClass("dim").addClass("hit"); });
      hits.slice(0, 50).forEach(function (i) {
        var li = el("li", data.nodes[i].label + (data.nodes[i].label_zh && data.nodes[i].label_zh !== data.nodes[i].label ? " · " + data.nodes[i].label_zh : ""));
        li.addEventListener("click", function () { focus(i); });
        results.appendChild(li);
      });
      if (!hits.length) results.appendChild(el("li", "no match"));
    });
    search.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && results.firstChild && results.firstChild.textContent !== "no match") results.firstChild.click();
    });
    document.getElementById("fit").addEventListener("click", function () { cy.fit(undefined, 30); });
    /* graph.html#search=TEXT opens with TEXT searched and its first match shown (a link to a node). */
    var m = /^#search=(.+)$/.exec(window.location.hash);
    if (m) {
      search.value = decodeURIComponent(m[1]);
      search.dispatchEvent(new Event("input"));
      if (results.firstChild && results.firstChild.textContent !== "no match") results.firstChild.click();
    }
    var labelsOn = false;
    document.getElementById("labels").addEventListener("click", function () {
      labelsOn = !labelsOn;
      if (labelsOn) cy.nodes().style("label", "data(label)"); else cy.nodes().removeStyle("label");
    });
  } catch (err) {
    state.errors.push(String(err && err.stack || err));
  }
  report();
})();
