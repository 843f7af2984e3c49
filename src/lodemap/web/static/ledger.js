// Ledger status filter: hides rows as boxes are ticked, without reloading the page.
// Without script, the form's Filter button asks the server for the same rows.
const form = document.getElementById("status-filter");
const table = document.getElementById("ledger");
const count = document.getElementById("ledger-count");

function apply() {
  const shown = new Set(
    [...form.querySelectorAll("input[name=status]:checked")].map((box) => box.value));
  let visible = 0;
  for (const row of table.tBodies[0].rows) {
    row.hidden = !shown.has(row.dataset.status);
    if (!row.hidden) visible += 1;
  }
  count.textContent = `${visible} of ${table.tBodies[0].rows.length} relationships shown`;
}

if (form && table) {
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
  apply();
}
