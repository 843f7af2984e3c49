// Search suggestions: as the user types, ask /api/entities and list matches as links.
// Results are inserted with textContent only: names come from documents.
const input = document.getElementById("q");
const list = document.getElementById("suggestions");
const DELAY_MS = 150;
let timer = 0;
let asked = 0;

function hide() {
  list.hidden = true;
  input.setAttribute("aria-expanded", "false");
}

function show(items) {
  list.replaceChildren();
  for (const item of items) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = "/entity/" + encodeURIComponent(item.id);
    a.textContent = item.name;
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = " " + [item.type, item.country].filter(Boolean).join(", ");
    a.append(meta);
    li.append(a);
    list.append(li);
  }
  list.hidden = items.length === 0;
  input.setAttribute("aria-expanded", String(items.length > 0));
}

async function suggest() {
  const q = input.value.trim();
  const mine = ++asked;  // answers can arrive out of order: keep the latest only
  if (q.length < 2) {
    hide();
    return;
  }
  const url = "/api/entities?limit=8&q=" + encodeURIComponent(q);
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok || mine !== asked) return;
    const data = await response.json();
    if (mine === asked) show(Array.isArray(data.items) ? data.items : []);
  } catch {
    hide();  // suggestions are a convenience: the form still submits
  }
}

function links() {
  return [...list.querySelectorAll("a")];
}

if (input && list) {
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && !list.hidden) {
      event.preventDefault();
      links()[0]?.focus();
    } else if (event.key === "Escape") {
      hide();
    }
  });
  list.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < all.length - 1) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    } else if (event.key === "Escape") {
      hide();
      input.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".combo")) hide();
  });
}
