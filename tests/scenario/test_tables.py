"""The loader refuses numbers without sources and malformed tables, naming file, line and
column; the shipped tables load."""

from __future__ import annotations

import pytest

from lodemap.scenario.tables import ScenarioDataError, parse_rows, read_tables

HEADER = "stage,factor,basis,source_url,source_date,factor_source_url,factor_source_date"


@pytest.mark.parametrize(("line", "column", "reason"), [
    ("metal,0.85,sourced,,,,", "factor", "a number without a source"),
    ("metal,0.85,sourced,https://x.org/a,,,", "factor", "a number without a source"),
    ("metal,0.85,sourced,ftp://x.org/a,2024,,", "factor", "a number without a source"),
    ("metal,abc,sourced,https://x.org/a,2024,,", "factor", "is not a float"),
    ("metal,0.85,guessed,https://x.org/a,2024,,", "basis", "basis 'guessed'"),
    (",0.85,sourced,https://x.org/a,2024,,", "stage", "value required"),
])
def test_bad_rows_are_refused_with_file_line_and_column(line: str, column: str,
                                                        reason: str) -> None:
    with pytest.raises(ScenarioDataError) as info:
        parse_rows("conversions", f"{HEADER}\n{line}\n", "conv.csv")
    err = info.value
    assert (err.path, err.line, err.column) == ("conv.csv", 2, column)
    assert reason in str(err)
    assert "conv.csv: line 2, column" in str(err)


def test_a_column_source_stands_in_for_the_row_source() -> None:
    rows = parse_rows("conversions",
                      f"{HEADER}\nmetal,0.85,sourced,,,https://x.org/b,2024-05\n", "c.csv")
    assert rows[0]["factor"] == 0.85
    assert rows[0].sources["factor"].url == "https://x.org/b"


def test_undeclared_columns_and_duplicate_keys_are_refused() -> None:
    with pytest.raises(ScenarioDataError, match="undeclared column 'colour'"):
        parse_rows("conversions", "stage,factor,colour\n", "c.csv")
    text = f"{HEADER}\nmetal,1,sourced,https://x.org,2024,,\nmetal,1,sourced,https://x.org,2024,,\n"
    with pytest.raises(ScenarioDataError, match="duplicate conversions key 'metal'") as info:
        parse_rows("conversions", text, "c.csv")
    assert info.value.line == 3


def test_every_shipped_number_has_a_source() -> None:
    tables = read_tables()
    assert len(tables["facilities"]) >= 30
    for rows in tables.values():
        for row in rows:
            assert row.sources, row.key
            for src in row.sources.values():
                assert src.url.startswith("https://") or src.url.startswith("http://")
                assert src.date
