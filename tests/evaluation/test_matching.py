"""Name matching rules: mention, resolver, name key, acronym and short form."""

from __future__ import annotations

import pytest

from lodemap.evaluation.matching import Argument, initials, short_form

from .helpers import arg, names


@pytest.mark.parametrize(("gold", "argument", "rule"), [
    # 1: the gold string is carried by a mention with the argument's id
    ("Quarry Metals Ltd", Argument("quarry", "Quarry Metals", "it"), 1),
    ("OUF", Argument("ouf", "Upland Finance Office", "the office"), 1),
    # 2: the resolver knows the gold string (not in the text)
    ("Quarry Metals Group", Argument("quarry", "Q", "Q"), 2),
    # 3: same name key as the canonical name or the text as written
    ("Brindle Motors", Argument("x-brindle", "Brindle Motors Inc.", "Brindle"), 3),
    ("the Corvid Capital", Argument("x-cc", "CC Holdings", "Corvid Capital's"), 3),
    # 4: acronym or first-word short form, the short one occurring in the article
    ("Tessel", Argument("x-tessel", "Tessel Magnetics", "Tessel Magnetics"), 4),
    # ... but not when a mention already says the gold name is another entity
    ("Office of Upland Finance", Argument("x-ouf", "OUF", "OUF"), None),
    ("Tessel Magnetics", Argument("x-t", "Tessel", "Tessel"), None),
    ("Quarry", Argument("x-qm", "Quarry Metals", "Quarry Metals"), None),
    # no relation between the names
    ("Brindle Motors", Argument("corvid", "Corvid Capital", "Corvid Capital"), None),
])
def test_rules(gold: str, argument: Argument, rule: int | None) -> None:
    assert names(known={"Quarry Metals Group": "quarry"}).match(gold, argument) == rule


def test_short_form_when_gold_name_is_unknown() -> None:
    ctx = names(entities={})  # no mentions, no resolver: only the surface rules apply
    assert ctx.match("Tessel", arg("Tessel Magnetics", "x-tm")) == 4
    assert ctx.match("OUF", arg("Office of Upland Finance", "x-o")) == 4
    assert ctx.match("Upland", arg("Office of Upland Finance", "x-o")) is None


def test_identity_evidence_vetoes_short_forms() -> None:
    # "Quarry" is a mention of `quarry`, so it is not a short form of another entity.
    assert names().match("Quarry", arg("Quarry Vault", "x-qv")) is None


def test_covering_mention_must_not_add_name_words() -> None:
    text = "Loam Motor Ventures invested; Loam Motor Inc. also invested."
    ctx = names(text, {"Loam Motor Ventures": "lmv", "Loam Motor Inc.": "lm"})
    assert ctx.mention_ids("Loam Motor") == frozenset({"lm"})


@pytest.mark.parametrize(("name", "acronym"), [
    ("Office of Upland Finance", "OUF"),
    ("Office of Upland Finance", "OOUF"),
    ("Department of Harbour Works", "DHW"),
    ("USA Ridge Earth", "USARE"),
    ("Fenwick Metals Ltd", "FM"),
])
def test_initials(name: str, acronym: str) -> None:
    assert acronym in initials(name)


@pytest.mark.parametrize(("a", "b", "text", "expected"), [
    ("Pell", "Pell Alloys", "Pell said so.", True),
    ("Pell Alloys", "Pell", "Pell said so.", True),
    ("Pell", "Pell Alloys", "Nobody said so.", False),
    ("PA", "Pell Alloys", "PA said so.", True),
    ("PA", "Pell Alloys", "P.A. said so.", False),
    ("Alloys", "Pell Alloys", "Alloys said so.", False),
])
def test_short_form(a: str, b: str, text: str, expected: bool) -> None:
    assert short_form(a, b, text) is expected
