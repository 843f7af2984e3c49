"""Sentence segmentation: spaCy's blank English tokenizer and sentencizer, plus line logic.

Real article text mixes hard-wrapped paragraphs (a newline inside a sentence),
headings without a full stop, bullet lists and table rows. A newline ends a
sentence when a blank line follows, when the next line is a list item or table
row, or when the line before reads as a heading (short, no closing
punctuation, next line capitalised); otherwise it is a soft wrap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

_BULLET = re.compile(r"[-\u2022*\u2013|>]|\d+[.)]\s")
_CLOSERS = ".!?:;,"
_TRAILING = "\"'\u201d\u2019)]"
HEADING_MAX = 90


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def hard_breaks(text: str) -> set[int]:
    """Character offsets of line starts that must begin a new sentence."""
    starts: set[int] = set()
    lines = text.split("\n")
    pos = 0
    prev = ""
    for i, line in enumerate(lines):
        if i > 0:
            stripped, before = line.lstrip(), prev.strip()
            if stripped:
                offset = pos + len(line) - len(stripped)
                if (
                    not before
                    or _BULLET.match(stripped)
                    or _BULLET.match(prev.lstrip())
                    or (len(before) <= HEADING_MAX and not _closed(before)
                        and stripped[0].isupper() and not _is_wrap(before))
                ):
                    starts.add(offset)
        pos += len(line) + 1
        prev = line if line.strip() else ""
    return starts


def _closed(line: str) -> bool:
    """The line ends with sentence punctuation, possibly inside quotes or brackets."""
    core = line.rstrip(_TRAILING)
    return bool(core) and core[-1] in _CLOSERS


_FUNCTION_WORDS = frozenset([
    "a", "an", "the", "of", "to", "and", "or", "for", "in", "on", "at", "by", "from", "with",
    "as", "its", "their",
])


def _is_wrap(line: str) -> bool:
    """A hard-wrapped line ends mid-phrase: a long line ending on a lower-case word, or any
    line whose last word follows a function word ("... oxide to Zephyr")."""
    words = line.split()
    if words[-1].islower() and len(line) > 50:
        return True
    return len(words) >= 3 and words[-2] in _FUNCTION_WORDS


_ITEM_NUMBER = re.compile(r"\d{1,3}[.)]?$")


@Language.component("lodemap_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    starts = hard_breaks(doc.text)
    if not starts:
        return doc
    for token in doc[1:]:
        if token.idx in starts:
            token.is_sent_start = True
            # "1. build the plant": the item number's full stop does not end the item.
            if _ITEM_NUMBER.match(token.text):
                after = token.i + 1
                if after < len(doc) and doc[after].text in ".)":
                    after += 1
                if after < len(doc):
                    doc[after].is_sent_start = False
    return doc


@cache
def nlp() -> Any:
    """The shared pipeline; built once (no model download: blank English)."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("lodemap_line_breaks")
    pipeline.add_pipe("sentencizer")
    pipeline.max_length = 20_000_000
    return pipeline


def sentences(text: str) -> list[Sentence]:
    """Sentences with character offsets into `text`."""
    doc = nlp()(text)
    out = []
    for sent in doc.sents:
        start = sent.start_char
        end = sent.end_char
        chunk = text[start:end]
        # An opening bracket left at the end belongs to the next sentence.
        stripped = chunk.strip().rstrip("([{\u201c").rstrip()
        if not stripped:
            continue
        start += len(chunk) - len(chunk.lstrip())
        end = start + len(stripped)
        out.append(Sentence(start, end, stripped))
    return out
