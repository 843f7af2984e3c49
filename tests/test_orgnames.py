"""Broad organisation names: index constituents, curated additions, watch-list, merge."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from lodemap import orgnames
from lodemap.entity import Entity
from lodemap.errors import SchemaError
from lodemap.names import name_key, ticker_key
from lodemap.pack import load_pack

EXAMPLE = Path(orgnames.__file__).parent / "data" / "watchlist.example.yaml"


def by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def alias_texts(e: Entity, kind: str = "alias") -> list[str]:
    return [t for t, k in e.aliases if k == kind]


def find(entities: list[Entity], text: str) -> Entity:
    """The entity whose name or alias folds to the key of `text`."""
    key = name_key(text)
    hits = [e for e in entities if key in {name_key(n) for n, k in
                                           [(e.name, "name"), *e.aliases] if k != "ticker"}]
    assert hits, f"no entity known as {text!r}"
    return hits[0]


@pytest.fixture(scope="module")
def index() -> list[Entity]:
    return orgnames.index_entities()


@pytest.fixture(scope="module")
def pack_entities() -> list[Entity]:
    return load_pack().entities


@pytest.fixture(scope="module")
def broad(pack_entities: list[Entity]) -> list[Entity]:
    return orgnames.broad_entities(pack_entities)


# ---------------------------------------------------------------- name variants

@pytest.mark.parametrize(("name", "base"), [
    ("Apple Inc.", "Apple"),
    ("Solvay S.A.", "Solvay"),
    ("Tesla, Inc.", "Tesla"),
    ("Ford Motor Company", "Ford Motor"),
    ("The Boeing Company", "Boeing"),
    ("Henkel AG & Co. KGaA", "Henkel"),
    ("Vestas Wind Systems A/S", "Vestas Wind Systems"),
    ("Rio Tinto (corporation)", "Rio Tinto"),
    ("Mitsui & Co., Ltd.", "Mitsui & Co."),
    ("Siemens", "Siemens"),
])
def test_base_name_drops_legal_forms(name: str, base: str) -> None:
    assert orgnames.base_name(name) == base


def test_punctuation_variants() -> None:
    assert orgnames.punctuation_variants("Tesla, Inc.") == ["Tesla Inc.", "Tesla, Inc",
                                                           "Tesla Inc"]
    assert orgnames.punctuation_variants("Solvay S.A.") == ["Solvay SA"]
    assert orgnames.punctuation_variants("Alarm.com") == []


@pytest.mark.parametrize("word", ["Target", "Visa", "General", "Energy", "Ball", "Shell",
                                  "United", "Mining", "Iridium", "Texas", "apple", "GE",
                                  "3M"])
def test_common_or_short_words_are_not_safe(word: str) -> None:
    assert not orgnames.safe_one_word(word)


@pytest.mark.parametrize("word", ["Apple", "Solvay", "Tesla", "Ford", "Bosch", "BMW"])
def test_brand_names_are_safe(word: str) -> None:
    assert orgnames.safe_one_word(word)


# ---------------------------------------------------------------- index

@pytest.mark.parametrize(("name", "short", "ticker", "country"), [
    ("Apple Inc.", "Apple", "NASDAQ:AAPL", "US"),
    ("Solvay S.A.", "Solvay", None, "BE"),
    ("Tesla, Inc.", "Tesla", "NASDAQ:TSLA", "US"),
    ("Ford Motor Company", "Ford", "NYSE:F", "US"),
    ("BMW", None, "FRA:BMW", "DE"),
    ("Siemens", None, "FRA:SIE", "DE"),
    ("Sumitomo Corporation", None, "TYO:8053", "JP"),
])
def test_index_companies(index: list[Entity], name: str, short: str | None,
                         ticker: str | None, country: str) -> None:
    e = by_name(index)[name]
    assert e.id.startswith("tk-")
    assert e.type == "Company"
    assert e.origin == "index"
    assert e.country == country
    if short:
        assert short in alias_texts(e)
    if ticker:
        assert ticker in alias_texts(e, "ticker")


def test_ford_motor_keeps_its_two_word_base(index: list[Entity]) -> None:
    assert "Ford Motor" in alias_texts(by_name(index)["Ford Motor Company"])


def test_common_words_never_become_one_word_aliases(index: list[Entity]) -> None:
    ents = by_name(index)
    assert alias_texts(ents["Target Corporation"]) == []
    assert "Visa" not in alias_texts(ents["Visa Inc."])
    one_word = {t.lower() for e in index for t in alias_texts(e) if len(t.split()) == 1}
    for word in ("target", "visa", "general", "energy", "shell", "orange", "next"):
        assert word not in one_word
    assert not one_word & orgnames.common_words()


def test_one_word_aliases_are_capitalised_and_long_enough(index: list[Entity]) -> None:
    for e in index:
        for text in alias_texts(e):
            if len(text.split()) == 1:
                assert text[0].isupper(), (e.name, text)
                assert sum(c.isalpha() for c in text) >= 3, (e.name, text)


def test_shared_family_names_belong_to_nobody(index: list[Entity]) -> None:
    # Mitsubishi Corporation, Mitsubishi Electric, ... : "Mitsubishi" is ambiguous.
    holders = [e.name for e in index if "Mitsubishi" in alias_texts(e)]
    assert holders == []
    assert not [e.name for e in index if "Sumitomo" in alias_texts(e)]
    assert not [e.name for e in index if "Merck" in alias_texts(e)]  # Merck & Co., Merck KGaA


def test_tickers_have_exchange_and_are_unambiguous(index: list[Entity]) -> None:
    seen: dict[str, str] = {}
    for e in index:
        for t in alias_texts(e, "ticker"):
            exchange, _, symbol = t.partition(":")
            assert exchange and symbol, t
            key = ticker_key(None, symbol)
            assert seen.setdefault(key, e.id) == e.id, (t, e.id, seen[key])


def test_index_ids_unique_and_stable(index: list[Entity]) -> None:
    ids = [e.id for e in index]
    assert len(ids) == len(set(ids))
    assert [e.id for e in orgnames.index_entities()] == ids


def test_index_copies_protect_the_cache(index: list[Entity]) -> None:
    first = orgnames.index_entities()
    first[0].aliases.append(("Mutated", "alias"))
    assert ("Mutated", "alias") not in orgnames.index_entities()[0].aliases


def test_index_is_large_and_mostly_located(index: list[Entity]) -> None:
    assert len(index) > 1500
    located = [e for e in index if e.country]
    assert len(located) / len(index) > 0.97
    assert all(len(e.country) == 2 and e.country.isupper() for e in located if e.country)


# ---------------------------------------------------------------- curated additions

def test_curated_entries_are_sourced_and_distinct() -> None:
    extra = orgnames.extra_entities()
    assert 50 <= len(extra) <= 120
    keys: dict[str, str] = {}
    for e in extra:
        assert e.origin == "curated"
        assert e.id.startswith("org-")
        assert e.source_url and e.source_url.startswith("https://")
        assert e.country and len(e.country) == 2
        for text in [e.name, *alias_texts(e)]:
            key = name_key(text)
            assert keys.setdefault(key, e.id) == e.id, (text, e.id, keys[key])


@pytest.mark.parametrize(("name", "short"), [
    ("Robert Bosch GmbH", "Bosch"),
    ("Hyundai Motor Company", "Hyundai"),
    ("Toyota Motor Corporation", "Toyota"),
    ("Vestas Wind Systems A/S", "Vestas"),
    ("Contemporary Amperex Technology Co., Limited", "CATL"),
])
def test_curated_short_names(name: str, short: str) -> None:
    assert short in alias_texts(by_name(orgnames.extra_entities())[name])


# ---------------------------------------------------------------- merge

@pytest.mark.parametrize("text", ["Apple", "Solvay", "Tesla", "BMW", "Siemens",
                                  "Sumitomo Corporation", "Bosch", "Hyundai", "Toyota",
                                  "Ford", "Glencore", "Lockheed Martin"])
def test_broad_list_knows_brand_names(broad: list[Entity], text: str) -> None:
    find(broad, text)


def test_pack_entities_come_first_and_unchanged(broad: list[Entity],
                                                pack_entities: list[Entity]) -> None:
    assert broad[:len(pack_entities)] == pack_entities
    assert find(broad, "Sumitomo Corporation").id == "sumitomo-corp"
    assert find(broad, "Apple Inc.").id == "apple"
    assert find(broad, "Bosch").id == "bosch"
    assert find(broad, "Hyundai").id == "hyundai"


def test_merge_never_duplicates_a_name(broad: list[Entity]) -> None:
    owner: dict[str, str] = {}
    for e in broad:
        for text in [e.name, *alias_texts(e)]:
            key = name_key(text)
            if e.origin == "pack":  # the pack may itself share keys between its entries
                owner.setdefault(key, e.id)
                continue
            assert owner.setdefault(key, e.id) == e.id, (text, e.id, owner[key])


def test_merge_ids_unique_and_stable(broad: list[Entity],
                                     pack_entities: list[Entity]) -> None:
    ids = [e.id for e in broad]
    assert len(ids) == len(set(ids))
    assert [e.id for e in orgnames.broad_entities(pack_entities)] == ids


def test_merge_tickers_not_shared(broad: list[Entity]) -> None:
    owner: dict[str, str] = {}
    for e in broad:
        if e.origin == "pack":
            continue
        for t in alias_texts(e, "ticker"):
            key = ticker_key(None, t.split(":")[-1])
            assert owner.setdefault(key, e.id) == e.id, (t, e.id, owner[key])


def test_curated_entry_adopts_index_tickers(broad: list[Entity]) -> None:
    assert "TYO:7203" in alias_texts(find(broad, "Toyota"), "ticker")


def test_watchlist_precedes_curated_and_index(pack_entities: list[Entity]) -> None:
    mine = [Entity(id="wl-glencore", type="Company", name="Glencore", origin="watchlist")]
    merged = orgnames.broad_entities(pack_entities, mine)
    assert find(merged, "Glencore plc").id == "wl-glencore"
    assert sum(1 for e in merged if name_key(e.name) == "glencore") == 1


def test_build_is_fast(pack_entities: list[Entity]) -> None:
    orgnames.broad_entities(pack_entities)
    start = time.perf_counter()
    orgnames.broad_entities(pack_entities)
    assert time.perf_counter() - start < 0.5


# ---------------------------------------------------------------- watch-list

def test_example_watchlist_loads() -> None:
    ents = orgnames.load_watchlist(EXAMPLE)
    assert len(ents) == 3
    first = ents[0]
    assert first.id == "wl-acme-magnet-works"
    assert first.type == "Company"
    assert first.origin == "watchlist"
    assert ("Acme Magnets", "alias") in first.aliases
    assert ents[1].id == "wl-example-refinery"
    assert ents[1].type == "Facility"


def test_watchlist_with_tickers_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "wl.yaml"
    path.write_text("- name: Acme Rare Metals Ltd\n  tickers: ['ASX:ACM']\n  country: AU\n",
                    encoding="utf-8")
    (e,) = orgnames.load_watchlist(path)
    assert e.id == "wl-acme-rare-metals-ltd"
    assert ("ASX:ACM", "ticker") in e.aliases
    assert e.country == "AU"


@pytest.mark.parametrize(("text", "where", "reason"), [
    ("- name: Acme\n  type: Spaceship\n", "entries[0] (Acme)", "unknown entity type"),
    ("- name: Acme\n- aliases: [Beta]\n", "entries[1]", "missing 'name'"),
    ("- name: ''\n", "entries[0]", "missing 'name'"),
    ("- name: Acme\n  type: Thing\n", "entries[0] (Acme)", "abstract"),
    ("- name: Acme\n  alias: [A]\n", "entries[0] (Acme)", "unknown keys"),
    ("- name: Acme\n  aliases: Acme Corp\n", "entries[0] (Acme)", "list of strings"),
    ("- name: Acme\n  country: USA\n", "entries[0] (Acme)", "ISO 3166"),
    ("- name: Acme\n  tickers: [ACME]\n", "entries[0] (Acme)", "EXCHANGE:SYMBOL"),
    ("- name: Acme\n  stages: [smelting]\n", "entries[0] (Acme)", "unknown chain stage"),
    ("- name: Acme\n- name: Acme\n", "entries[1] (Acme)", "duplicate id"),
    ("- Acme\n", "entries[0]", "must be a mapping"),
])
def test_bad_watchlist_names_file_and_entry(tmp_path: Path, text: str, where: str,
                                            reason: str) -> None:
    path = tmp_path / "watch.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        orgnames.load_watchlist(path)
    assert info.value.path == str(path)
    assert info.value.where == where
    assert reason in info.value.reason
    assert str(path) in str(info.value)


@pytest.mark.parametrize("text", ["name: Acme\n", "- name: [unclosed\n"])
def test_watchlist_must_be_a_yaml_list(tmp_path: Path, text: str) -> None:
    path = tmp_path / "watch.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        orgnames.load_watchlist(path)
    assert info.value.path == str(path)


def test_missing_watchlist_file(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="cannot read"):
        orgnames.load_watchlist(tmp_path / "nope.yaml")


def test_empty_watchlist(tmp_path: Path) -> None:
    path = tmp_path / "watch.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert orgnames.load_watchlist(path) == []


def test_watchlist_path_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LODEMAP_WATCHLIST", raising=False)
    assert orgnames.watchlist_path() is None
    assert orgnames.default_watchlist() == []
    monkeypatch.setenv("LODEMAP_WATCHLIST", str(EXAMPLE))
    assert orgnames.watchlist_path() == str(EXAMPLE)
    assert len(orgnames.default_watchlist()) == 3


# ---------------------------------------------------------------- gazetteer names

def test_gazetteer_names_leave_out_bare_index_tickers(broad: list[Entity]) -> None:
    texts = {t for t, _, _ in orgnames.gazetteer_names(broad)}
    assert "AAPL" in texts  # the pack's own ticker
    assert "TSLA" in texts
    assert "8058" not in texts  # Mitsubishi Corporation's Tokyo code, from the index
    assert "Toyota" in texts


def test_no_alias_is_a_bare_legal_form() -> None:
    from lodemap.names import fold, lexicon
    from lodemap.orgnames import extra_entities, index_entities

    legal = {fold(w) for w in lexicon()["legal_suffixes"]}
    for e in [*extra_entities(), *index_entities()]:
        for text, kind in e.aliases:
            assert kind == "ticker" or fold(text) not in legal, (e.id, text)


def test_exchange_name_in_ticker_brackets_is_not_an_organisation() -> None:
    from lodemap.document import Document
    from lodemap.pipeline import offline_extractor

    doc = Document(text="Zephyr Magnetics Inc. (NASDAQ: ZPHM) agreed to acquire "
                        "Quill Metals Ltd. in May.", source="case")
    ex = offline_extractor().extract(doc)
    assert "NASDAQ" not in {m.text for m in ex.mentions}
    assert {(r.type, r.source.name, r.target.name) for _, r in ex.relations} == {
        ("acquires", "Zephyr Magnetics Inc.", "Quill Metals Ltd.")}
