// The chain graph: cytoscape (vendored from npm by `make ui-assets`) over the page's
// graph.json. Clicking a company opens its page; clicking a link, or a link's
// "Evidence" button in the list beneath, shows the link's evidence. Evidence text is
// set with textContent and links only ever point at http(s) addresses.
const box = document.getElementById("graph");
const panel = document.getElementById("edge-evidence");
const legend = document.getElementById("graph-legend");

// One colour per chain stage, upstream to downstream (colour-blind safe order).
const STAGES = {
  mining: "#8c510a", beneficiation: "#bf812d", separation: "#dfc27d", metal: "#80cdc1",
  alloy: "#35978f", magnet: "#01665e", component: "#4575b4", end_use: "#313695",
  recycling: "#7fbc41", "": "#9aa0a6",
};

function safeHref(url) {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function showEvidence(edge) {
  panel.replaceChildren();
  const head = el("h3", edge.title);
  const close = el("button", "Close");
  close.type = "button";
  close.addEventListener("click", () => { panel.hidden = true; });
  panel.append(head, el("p", `Status: ${edge.status}; ${edge.evidence.length} source(s).`, "meta"));
  for (const q of edge.evidence) {
    const fig = el("figure", undefined, "quote");
    fig.append(el("blockquote", q.text));
    const cap = el("figcaption", `${q.status} · ${q.date || "undated"} · `);
    const href = q.link ? safeHref(q.link) : null;
    if (href) {
      const a = el("a", q.source);
      a.href = href;
      a.rel = "noopener noreferrer nofollow";
      cap.append(a);
    } else {
      cap.append(el("span", q.source, "source"));
    }
    fig.append(cap);
    panel.append(fig);
  }
  panel.append(close);
  panel.hidden = false;
  panel.focus();
}

function drawLegend(nodes) {
  const seen = new Map();
  for (const n of nodes) {
    if (n.data.kind === "entity") seen.set(n.data.stage, n.data.stage_label || "stage not stated");
  }
  for (const [stage, label] of seen) {
    const li = el("li", label);
    const swatch = el("span", undefined, `swatch stage-${stage || "none"}`);
    li.prepend(swatch);
    legend.append(li);
  }
}

function draw(data) {
  const cy = window.cytoscape({
    container: box,
    elements: [...data.nodes, ...data.edges],
    layout: { name: "preset", fit: true, padding: 24 },
    wheelSensitivity: 0.3,
    style: [
      { selector: "node[kind = 'entity']", style: {
        label: "data(label)", "font-size": 11, "text-wrap": "wrap", "text-max-width": 150,
        "text-valign": "bottom", "text-margin-y": 4, width: 22, height: 22,
        "background-color": (n) => STAGES[n.data("stage")] || STAGES[""],
        "border-width": 1, "border-color": "#1d2428" } },
      { selector: "node[?self]", style: { width: 32, height: 32, "border-width": 3 } },
      { selector: "node[kind = 'tier']", style: {
        label: "data(label)", "text-valign": "top", "font-size": 12, "font-weight": "bold",
        "background-color": "#f3f5f7", "border-color": "#ccd3da", "border-width": 1,
        padding: 18, shape: "round-rectangle" } },
      { selector: "edge", style: {
        width: 2, "curve-style": "bezier", "target-arrow-shape": "triangle",
        "line-color": "#7b8794", "target-arrow-color": "#7b8794", label: "data(label)",
        "font-size": 9, "text-rotation": "autorotate", "text-background-color": "#fff",
        "text-background-opacity": 0.8 } },
      { selector: "edge[status = 'proposed'], edge[status = 'announced']",
        style: { "line-style": "dashed" } },
      { selector: "edge[status = 'terminated']", style: { "line-color": "#b3261e",
        "target-arrow-color": "#b3261e" } },
      { selector: ":selected", style: { "line-color": "#0b57d0", "target-arrow-color": "#0b57d0",
        "border-color": "#0b57d0" } },
    ],
  });
  cy.on("tap", "node[kind = 'entity']", (event) => {
    window.location.assign(event.target.data("href"));
  });
  cy.on("tap", "edge", (event) => showEvidence(event.target.data()));
  // The tests (and curious users) reach the graph through this handle.
  box.cy = cy;
  box.dataset.ready = "true";
  drawLegend(data.nodes);
  return cy;
}

async function main() {
  if (!box) return;
  const response = await fetch(box.dataset.src, { headers: { Accept: "application/json" } });
  const data = await response.json();
  if (typeof window.cytoscape === "function") {
    draw(data);
  } else {
    box.textContent = "The graph library is missing (run make ui-assets); the list below has the same links.";
  }
  for (const button of document.querySelectorAll("button.link-evidence")) {
    button.addEventListener("click", () => {
      const d = button.dataset;
      const edge = data.edges.find((e) => e.data.from === d.source && e.data.to === d.target
        && e.data.type === d.type);
      if (edge) showEvidence(edge.data);
    });
  }
}

main();
