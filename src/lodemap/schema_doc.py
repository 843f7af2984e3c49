"""Renders the domain schema as Markdown (docs/schema.md) and checks every data file against it."""

from __future__ import annotations

from lodemap.schema import Schema, get_schema


def schema_markdown(schema: Schema | None = None) -> str:
    s = schema or get_schema()
    lines = ["# The lodemap domain schema", "",
             f"Generated from `src/lodemap/data/schema.yaml` (version {s.version}) by "
             "`make docs`; do not edit by hand.", "", "## Entity types", "",
             "| type | parent | description |", "|---|---|---|"]
    for et in s.entity_types.values():
        lines.append(f"| {et.name} | {et.parent or ''} | {et.description} |")
    lines += ["", "## Chain stages", "", "| order | stage | description |", "|---|---|---|"]
    for name in s.stage_order():
        st = s.stages[name]
        lines.append(f"| {st.order} | `{name}` | {st.description} |")
    lines += ["", "## Statuses", "", "| status | shown | description |", "|---|---|---|"]
    for stat in sorted(s.statuses.values(), key=lambda x: x.rank):
        lines.append(f"| `{stat.name}` | {'yes' if stat.shown else 'no'} | {stat.description} |")
    lines += ["", "## Relationship types", "",
              "Read each as *source TYPE target*. Symmetric types are compared unordered.", "",
              "| type | inverse label | symmetric | family | source | target | meaning |",
              "|---|---|---|---|---|---|---|"]
    for r in s.relations.values():
        lines.append(
            f"| `{r.name}` | `{r.inverse}` | {'yes' if r.symmetric else 'no'} | {r.family} | "
            f"{', '.join(r.source)} | {', '.join(r.target)} | {r.description} |")
    if s.aliases:
        lines += ["", "Folded on input: " + ", ".join(
            f"`{a.name}` → `{a.type}`{' (reversed)' if a.reverse else ''}"
            for a in s.aliases.values()) + "."]
    lines += ["", "## Value properties", "", "| property | kind | units | applies to | meaning |",
              "|---|---|---|---|---|"]
    for p in s.properties.values():
        lines.append(f"| `{p.name}` | {p.kind} | {', '.join(p.units)} | "
                     f"{', '.join(p.applies_to)} | {p.description} |")
    return "\n".join(lines) + "\n"


def check_all() -> list[str]:
    """Load every data file that depends on the schema; returns what was checked."""
    from lodemap.dossier.build import phrases
    from lodemap.errors import SchemaError
    from lodemap.extract.rules import default_rules
    from lodemap.pack import load_pack

    schema = get_schema()
    rules = default_rules()
    pack = load_pack()
    ph = phrases()
    missing = set(schema.relations) - set(ph["relations"])
    if missing:
        raise SchemaError(f"no dossier phrase for {sorted(missing)}", path="dossier/phrases.yaml")
    missing = set(schema.statuses) - set(ph["statuses"])
    if missing:
        raise SchemaError(f"no dossier wording for {sorted(missing)}",
                          path="dossier/phrases.yaml")
    return [
        f"schema: {len(schema.entity_types)} entity types, {len(schema.relations)} "
        f"relationship types, {len(schema.statuses)} statuses, {len(schema.stages)} stages",
        f"rules: {len(rules.rules)} relation rules, {len(rules.facts)} fact rules",
        f"pack: {len(pack.entities)} entities, {len(pack.relationships)} relationships, "
        f"{len(pack.figures)} figures",
        "dossier phrases: every type and status worded",
    ]
