/* netclust network map: reads its data from a JSON script block, draws it with vis-network.
 * Firm names and attributes are data: they only ever reach the page through textContent
 * or canvas labels, never through innerHTML. */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function fmt(n) {
    return Number(n).toLocaleString("en-US");
  }

  // UI text of the page's language (script.nc-map-text, written by the template); English otherwise
  var TEXT = {};
  function t(key, english, vals) {
    var s = TEXT[key] || english;
    Object.keys(vals || {}).forEach(function (k) { s = s.split("{" + k + "}").join(String(vals[k])); });
    return s;
  }

  function rgba(hex, alpha) {
    var h = hex.replace("#", "");
    var r = parseInt(h.substring(0, 2), 16), g = parseInt(h.substring(2, 4), 16),
        b = parseInt(h.substring(4, 6), 16);
    return "rgba(" + r + "," + g + "," + b + "," + alpha + ")";
  }

  function initMap(root) {
    var t0 = performance.now();
    var data = JSON.parse(root.querySelector("script.nc-map-data").textContent);
    if (root.getAttribute("data-text")) { TEXT = JSON.parse(root.getAttribute("data-text")); }
    var F = data.firms, L = data.links, C = data.communities, CL = data.communityLinks;
    var nF = F.id.length, nL = L.s.length;
    var canvas = root.querySelector(".nc-canvas");
    var status = root.querySelector(".nc-status");
    var back = root.querySelector(".nc-back");
    var tip = root.querySelector(".nc-tooltip");
    var info = root.querySelector(".nc-info");
    var search = root.querySelector(".nc-search");
    var results = root.querySelector(".nc-results");
    var layerOn = data.layers.map(function () { return true; });
    var labelled = new Uint8Array(nF);
    F.lab.forEach(function (i) { labelled[i] = 1; });
    var colors = data.groups.map(function (g) { return g.color; });
    var fallback = "#b0b7bf";
    var nodes = new vis.DataSet();
    var edges = new vis.DataSet();
    var edgeView = new vis.DataView(edges, {
      filter: function (e) { return layerOn[e.layer]; }
    });
    var mode = null, current = -1;

    function firmColor(i) {
      var c = colors[F.g[i]] || fallback;
      return { background: c, border: "#ffffff",
               highlight: { background: c, border: "#222222" },
               hover: { background: c, border: "#222222" } };
    }

    function firmNode(i, forceLabel) {
      var n = { id: i, x: F.x[i], y: F.y[i], size: F.s[i], color: firmColor(i) };
      if (forceLabel || labelled[i]) { n.label = F.name[i]; }
      return n;
    }

    function linkEdge(j, arrows) {
      var lay = data.layers[L.l[j]];
      var e = { id: j, from: L.s[j], to: L.t[j], layer: L.l[j], width: L.w[j],
                color: { color: lay.color, opacity: edgeAlpha, highlight: lay.color, hover: lay.color } };
      if (arrows && lay.directed) { e.arrows = { to: { enabled: true, scaleFactor: 0.35 } }; }
      return e;
    }

    function setStatus(text) { status.textContent = text; }
    var edgeAlpha = 0.45;

    function showFirms(members) {
      // members: Uint8Array mask or null for all firms
      var list = [], e = [], i, j, count = 0;
      for (i = 0; i < nF; i++) { if (!members || members[i]) { count++; } }
      var labelAll = count <= 200;
      for (i = 0; i < nF; i++) {
        if (!members || members[i]) { list.push(firmNode(i, labelAll)); }
      }
      var idx = [];
      for (j = 0; j < nL; j++) {
        if (!members || (members[L.s[j]] && members[L.t[j]])) { idx.push(j); }
      }
      var arrows = idx.length <= 3000;
      edgeAlpha = idx.length > 5000 ? 0.18 : (idx.length > 1000 ? 0.3 : 0.5);
      for (j = 0; j < idx.length; j++) { e.push(linkEdge(idx[j], arrows)); }
      nodes.clear(); edges.clear();
      nodes.add(list); edges.add(e);
      return { firms: list.length, links: e.length };
    }

    function showAll() {
      mode = "firms"; current = -1;
      var n = showFirms(null);
      back.hidden = true;
      setStatus(t("firms_links", "{firms} firms, {links} links", { firms: fmt(n.firms), links: fmt(n.links) }));
    }

    function showOverview() {
      mode = "communities"; current = -1;
      var list = [], e = [], k, j;
      for (k = 0; k < C.size.length; k++) {
        if (C.size[k] < 2) { continue; }
        list.push({ id: "c" + k, x: C.x[k], y: C.y[k], size: C.r[k], community: k,
                    label: t("community", "Community {k}", { k: k }) + "\n" +
                           t("n_firms", "{n} firms", { n: fmt(C.size[k]) }),
                    font: { size: Math.max(16, C.r[k] / 3.5), color: "#1d2b36", vadjust: -C.r[k] * 0.9 },
                    borderWidth: 2,
                    color: { background: rgba(C.color[k], 0.16), border: rgba(C.color[k], 0.7),
                             highlight: { background: rgba(C.color[k], 0.3), border: C.color[k] },
                             hover: { background: rgba(C.color[k], 0.28), border: C.color[k] } } });
      }
      var maxN = 1;
      for (j = 0; j < CL.n.length; j++) { maxN = Math.max(maxN, CL.n[j]); }
      for (j = 0; j < CL.n.length; j++) {
        var lay = data.layers[CL.l[j]];
        if (C.size[CL.s[j]] < 2 || C.size[CL.t[j]] < 2) { continue; }
        e.push({ id: "cl" + j, from: "c" + CL.s[j], to: "c" + CL.t[j], layer: CL.l[j],
                 width: 1 + 9 * Math.sqrt(CL.n[j] / maxN), links: CL.n[j],
                 smooth: { enabled: true, type: "curvedCW", roundness: 0.08 + 0.08 * CL.l[j] },
                 color: { color: lay.color, opacity: 0.35, highlight: lay.color, hover: lay.color } });
      }
      edgeAlpha = 0.45;
      var inBackbone = new Uint8Array(nF);
      var radii = C.r.slice().sort(function (a, b) { return a - b; });
      var grow = Math.max(1, (radii[Math.floor(radii.length / 2)] || 0) / 60);
      data.backbone.forEach(function (i) {
        inBackbone[i] = 1;
        var node = firmNode(i, false);
        node.size = F.s[i] * grow;
        delete node.label;  // bubble labels stay readable; hover or search for firm names
        list.push(node);
      });
      for (j = 0; j < nL; j++) {
        // key firms: links inside their community only (bubbles carry the links between communities)
        if (inBackbone[L.s[j]] && inBackbone[L.t[j]] && F.c[L.s[j]] === F.c[L.t[j]]) {
          e.push(linkEdge(j, false));
        }
      }
      nodes.clear(); edges.clear();
      nodes.add(list); edges.add(e);
      back.hidden = true;
      setStatus(t("overview", "{firms} firms in {communities} communities; showing {key} key firms. " +
                  "Click a bubble to open it.", { firms: fmt(nF), communities: fmt(C.size.length),
                                                  key: fmt(data.backbone.length) }));
    }

    function drill(k) {
      mode = "community"; current = k;
      var mask = new Uint8Array(nF);
      for (var i = 0; i < nF; i++) { if (F.c[i] === k) { mask[i] = 1; } }
      var n = showFirms(mask);
      back.hidden = false;
      setStatus(t("community_status", "Community {k}: {firms} firms, {links} links inside it",
                  { k: k, firms: fmt(n.firms), links: fmt(n.links) }));
      network.fit({ animation: false });
    }

    function home() {
      if (data.view === "communities") { showOverview(); } else { showAll(); }
      network.fit({ animation: false });
    }

    function describeFirm(i) {
      var box = el("div", "nc-firm");
      box.appendChild(el("div", "nc-firm-name", F.name[i]));
      box.appendChild(el("div", "nc-firm-id", F.id[i]));
      var dl = el("dl");
      F.attrs.keys.forEach(function (key, j) {
        var v = F.attrs.values[j][i];
        if (v === "" || v === null || v === undefined) { return; }
        dl.appendChild(el("dt", null, key));
        dl.appendChild(el("dd", null, v));
      });
      box.appendChild(dl);
      return box;
    }

    function describeCommunity(k) {
      var box = el("div", "nc-firm");
      box.appendChild(el("div", "nc-firm-name", t("community", "Community {k}", { k: k })));
      box.appendChild(el("div", "nc-firm-id", t("n_firms", "{n} firms", { n: fmt(C.size[k]) })));
      if (C.anchors[k].length) {
        box.appendChild(el("div", "nc-firm-id", t("anchors", "Anchors:")));
        var ul = el("ul");
        C.anchors[k].forEach(function (i) { ul.appendChild(el("li", null, F.name[i])); });
        box.appendChild(ul);
      }
      box.appendChild(el("div", "nc-hint", t("open", "Click to open this community")));
      return box;
    }

    function describe(id) {
      return (typeof id === "string" && id.charAt(0) === "c") ?
        describeCommunity(parseInt(id.substring(1), 10)) : describeFirm(id);
    }

    var network = new vis.Network(canvas, { nodes: nodes, edges: edgeView }, data.options);

    network.on("hoverNode", function (p) {
      tip.replaceChildren(describe(p.node));
      var rect = root.getBoundingClientRect(), crect = canvas.getBoundingClientRect();
      tip.style.left = (crect.left - rect.left + p.pointer.DOM.x + 14) + "px";
      tip.style.top = (crect.top - rect.top + p.pointer.DOM.y + 14) + "px";
      tip.hidden = false;
    });
    network.on("blurNode", function () { tip.hidden = true; });
    network.on("dragStart", function () { tip.hidden = true; });
    network.on("zoom", function () { tip.hidden = true; });
    network.on("click", function (p) {
      if (!p.nodes.length) { return; }
      var id = p.nodes[0];
      if (typeof id === "string" && id.charAt(0) === "c") {
        tip.hidden = true;
        drill(parseInt(id.substring(1), 10));
        return;
      }
      info.replaceChildren(describeFirm(id));
    });
    back.addEventListener("click", function () { home(); network.fit({ animation: false }); });

    // layer toggles
    root.querySelectorAll("input.nc-layer").forEach(function (box) {
      box.addEventListener("change", function () {
        layerOn[parseInt(box.getAttribute("data-layer"), 10)] = box.checked;
        edgeView.refresh();
      });
    });

    // search by name or id
    var lowerName = null, lowerId = null;
    function find(q) {
      if (lowerName === null) {
        lowerName = F.name.map(function (s) { return s.toLowerCase(); });
        lowerId = F.id.map(function (s) { return s.toLowerCase(); });
      }
      q = q.trim().toLowerCase();
      var hits = [];
      if (!q) { return hits; }
      for (var i = 0; i < nF && hits.length < 8; i++) {
        if (lowerId[i] === q || lowerName[i].indexOf(q) >= 0 || lowerId[i].indexOf(q) >= 0) {
          hits.push(i);
        }
      }
      return hits;
    }
    function focusFirm(i) {
      if (nodes.get(i) === null) {
        if (mode === "firms") { return; }
        drill(F.c[i]);
      }
      network.selectNodes([i]);
      network.focus(i, { scale: 1.5, animation: false });
      info.replaceChildren(describeFirm(i));
    }
    function showResults() {
      var hits = find(search.value);
      results.replaceChildren();
      hits.forEach(function (i) {
        var b = el("button", "nc-result");
        b.type = "button";
        b.appendChild(el("span", "nc-result-name", F.name[i]));
        b.appendChild(el("span", "nc-result-id", F.id[i]));
        b.addEventListener("click", function () { focusFirm(i); results.replaceChildren(); });
        results.appendChild(b);
      });
      if (search.value.trim() && !hits.length) { results.appendChild(el("div", "nc-hint", t("none", "No firm found"))); }
      return hits;
    }
    search.addEventListener("input", showResults);
    search.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        var hits = showResults();
        if (hits.length) { focusFirm(hits[0]); results.replaceChildren(); }
      }
    });

    home();
    network.once("afterDrawing", function () {
      root.setAttribute("data-ready", "1");
      root.setAttribute("data-ready-ms", String(Math.round(performance.now())));
      root.setAttribute("data-init-ms", String(Math.round(performance.now() - t0)));
    });
    var api = { network: network, nodes: nodes, edges: edges, edgeView: edgeView, data: data,
                drill: drill, home: home, focusFirm: focusFirm, find: find,
                mode: function () { return mode; } };
    root.netclust = api;
    window.netclustMaps = window.netclustMaps || [];
    window.netclustMaps.push(api);
  }

  function start() {
    document.querySelectorAll(".nc-map").forEach(initMap);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
