"""expand() over folders and load_source() on files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lodemap.errors import DocumentError
from lodemap.ingest import expand, load_source


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(root / "b.txt", "TITLE: Bee\n\nBody of b about yttrium.\n")
    write(root / "a.txt", "Body of a about terbium.\n")
    write(root / "sub" / "c.html", "<html><body><p>Body of c about europium.</p></body></html>")
    write(root / "sub" / "deeper" / "d.txt", "Body of d.\n")
    write(root / "Z.txt", "Upper-case names sort first.\n")
    write(root / ".hidden.txt", "never listed\n")
    write(root / ".git" / "config", "never listed\n")
    write(root / "sub" / ".cache" / "e.txt", "never listed\n")
    (root / "empty-folder").mkdir()
    return root


def test_expand_folder_recursively_sorted_skipping_hidden(tree: Path) -> None:
    found = list(expand([str(tree)]))
    assert found == [
        str(tree / "Z.txt"),
        str(tree / "a.txt"),
        str(tree / "b.txt"),
        str(tree / "sub" / "c.html"),
        str(tree / "sub" / "deeper" / "d.txt"),
    ]


def test_expand_mixed_inputs_keep_order(tree: Path) -> None:
    missing = str(tree / "missing.txt")
    inputs = [
        "https://example.org/news/1",
        str(tree / "b.txt"),
        missing,
        str(tree / "sub"),
        str(tree / ".hidden.txt"),
    ]
    assert list(expand(inputs)) == [
        "https://example.org/news/1",
        str(tree / "b.txt"),
        missing,
        str(tree / "sub" / "c.html"),
        str(tree / "sub" / "deeper" / "d.txt"),
        str(tree / ".hidden.txt"),
    ]


def test_expand_is_lazy_and_empty_folder_yields_nothing(tree: Path) -> None:
    assert list(expand([str(tree / "empty-folder")])) == []
    assert list(expand([])) == []


def test_expand_relative_paths_stay_relative(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    assert list(expand(["sub"])) == [
        os.path.join("sub", "c.html"),
        os.path.join("sub", "deeper", "d.txt"),
    ]


def test_load_every_file(tree: Path) -> None:
    documents = [load_source(item) for item in expand([str(tree)])]
    assert [d.source for d in documents] == list(expand([str(tree)]))
    by_name = {Path(d.source).name: d for d in documents}
    assert by_name["b.txt"].title == "Bee"
    assert by_name["b.txt"].text == "Body of b about yttrium.\n"
    assert by_name["c.html"].media_type == "text/html"
    assert "europium" in by_name["c.html"].text
    assert all(d.url is None for d in documents)


def read_error(item: str, **kwargs: object) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        load_source(item, **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_missing_file(tree: Path) -> None:
    item = str(tree / "missing.txt")
    error = read_error(item)
    assert (error.source, error.reason) == (item, "cannot read: no such file or directory")


def test_directory(tree: Path) -> None:
    error = read_error(str(tree / "sub"))
    assert error.reason == "cannot read: is a directory"


def test_unreadable_file(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    # Tests run as root here, where chmod cannot make a file unreadable.
    monkeypatch.setattr(Path, "open", refuse)
    item = str(tree / "a.txt")
    error = read_error(item)
    assert (error.source, error.reason) == (item, "cannot read: permission denied")


def test_file_too_large(tree: Path) -> None:
    item = str(tree / "b.txt")
    error = read_error(item, max_bytes=10)
    assert (error.source, error.reason) == (item, "too large: 37 bytes > 10 bytes limit")


def test_file_errors_from_content(tree: Path) -> None:
    empty = write(tree / "blank.txt", "  \n")
    binary = write(tree / "blob.bin", bytes(range(256)))
    assert read_error(str(empty)).reason == "empty document: no text"
    assert read_error(str(binary)).reason == "binary content: not text, HTML or PDF"
