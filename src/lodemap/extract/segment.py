"""Sentence segmentation: compiled regular expressions plus line logic, no tokenizer.

Real article text mixes hard-wrapped paragraphs (a newline inside a sentence),
headings without a full stop, bullet lists and table rows. A newline ends a
sentence when a blank line follows, when the next line is a list item or table
row, or when the line before reads as a heading (short, no closing
punctuation, next line capitalised); otherwise it is a soft wrap.

Inside a line a sentence ends at `.`, `!`, `?` or `…`, optionally followed by
closing quotes or brackets, then whitespace, then an upper-case letter, a
digit, an opening quote or bracket, or a bullet; except after the abbreviations
in `ABBREVIATIONS`, capital initials ("J. Smith", "U.S.", "L.L.C."), and the
number of a numbered list item ("1. Build the plant"). A lower-case word after
the full stop never starts a sentence, which covers "etc. and", "e.g. the".

The work per character is done by `re` in C; Python runs once per candidate
sentence end, per heading candidate and per sentence. The spaCy segmenter this
replaced lives on in `lodemap.extract.segment_spacy`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lodemap.errors import LodemapError

_CLOSERS = ".!?:;,"
_TRAILING = "\"'\u201d\u2019)]"
HEADING_MAX = 90

LEGAL_FORMS = frozenset({
    "Inc", "Corp", "Co", "Ltd", "L.L.C", "S.A", "N.V", "Pty", "Bhd", "Cos",
    "LLC", "Mfg", "Bros",
})
TITLES = frozenset({
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "St", "Jr", "Sr",
    "Messrs", "Mt", "Ft", "Lt", "Col", "Capt", "Sgt", "Rev", "Hon", "Dept", "Univ",
})
MONTHS = frozenset({
    "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
})
OTHER_ABBREVIATIONS = frozenset({
    "No", "Nos", "vs", "v", "approx", "est", "e.g", "i.e", "E.g", "I.e",
    "vol", "Vol", "fig", "Fig", "pp", "cf", "ca", "Ph.D",
})
ABBREVIATIONS: frozenset[str] = LEGAL_FORMS | TITLES | MONTHS | OTHER_ABBREVIATIONS
"""Words (without their final full stop) after which a full stop never ends a sentence.
"etc." is deliberately absent: before a lower-case word it cannot end a sentence anyway,
before a capital it usually does."""

_OPENERS = "\"'\u201c\u2018([{\u00ab"
_TRAILING_OPENERS = "([{\u201c"

# A sentence-end candidate: terminal punctuation, closing quotes/brackets, whitespace, and
# (group 1) the first character of what follows when that is not an ASCII lower-case
# letter: a capital, a digit, an opening quote/bracket or a bullet. Text scraped without
# spaces between paragraphs ("supply chain.The United States") also ends a sentence when
# a lower-case letter precedes the stop and a capitalised word follows it. The pattern
# starts with a character set, so `re` skips ahead to candidates without entering the
# matcher.
_END = re.compile(
    r"[.!?\u2026][.!?\u2026]*[\"'\u201d\u2019)\]}\u00bb]*(?:\s+|(?<=[a-z][.!?])(?=[A-Z][A-Za-z]))"
    r"([^\W_a-z]|[\"'\u201c\u2018(\[{\u00ab\u2022*\u2013\u2014-])"
)
_NON_SPACE = re.compile(r"\S")
_INITIALS = re.compile(r"[A-Z](?:\.[A-Z])*")
_ITEM_NUMBER = re.compile(r"\d{1,3}")

# Line patterns for `hard_breaks`. `[^\S\n]` is whitespace other than a newline, the
# set `str.strip()` removes from a line of `text.split("\n")`. Each pattern starts with a
# literal newline so `re` finds candidates with a fast scan; the first line is matched
# separately, by the same pattern without that newline.
_BULLET_RE = r"(?:[-\u2022*\u2013|>]|\d+[.)][^\S\n])"
# The first non-space character after one or more blank lines.
_AFTER_BLANK = re.compile(r"\n[^\S\n]*\n\s*(?=\S)")
_FIRST_BLANK = re.compile(r"[^\S\n]*\n\s*(?=\S)")
# A line that starts with a bullet (after the newline and indentation).
_BULLET_LINE = re.compile(r"\n[^\S\n]*(?=" + _BULLET_RE + ")")
# A bullet line followed by a non-blank line; group 1 is that line's indentation.
_AFTER_BULLET = re.compile(r"\n[^\S\n]*" + _BULLET_RE + r"[^\n]*(?=\n([^\S\n]*)\S)")
_FIRST_BULLET = re.compile(r"[^\S\n]*" + _BULLET_RE + r"[^\n]*(?=\n([^\S\n]*)\S)")
# A line break before a line whose first non-space character is a letter other than a-z
# (maybe a capital), when the line before does not end in sentence punctuation (it would
# be closed, so no heading); group 1 is the next line's indentation.
_HEADING = re.compile(r"\n(?<![.!?:;,]\n)(?=([^\S\n]*)[^\W\d_a-z])")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def hard_breaks(text: str) -> set[int]:
    """Character offsets of line starts that must begin a new sentence.

    A non-blank line (not the first) starts a sentence when the line before it is blank,
    when it or the line before it is a bullet, table row or numbered item, or when the
    line before is a heading: at most `HEADING_MAX` characters, not ending in sentence
    punctuation, not a wrapped line, and this line starts with a capital.
    """
    if "\n" not in text:
        return set()
    starts = {m.end() for m in _AFTER_BLANK.finditer(text)}
    starts.update(m.end() for m in _BULLET_LINE.finditer(text))
    after_bullet = [*_AFTER_BULLET.finditer(text)]
    first = _FIRST_BLANK.match(text)
    if first:
        starts.add(first.end())
    first = _FIRST_BULLET.match(text)
    if first:
        after_bullet.append(first)
    starts.update(m.end() + 1 + len(m.group(1)) for m in after_bullet)
    for m in _HEADING.finditer(text):
        after = m.end() + len(m.group(1))
        if after in starts or not text[after].isupper():
            continue
        p = m.start()
        before = text[text.rfind("\n", 0, p) + 1:p].strip()
        if before and len(before) <= HEADING_MAX and not _closed(before) and not _is_wrap(before):
            starts.add(after)
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


def _is_end(text: str, m: re.Match[str]) -> bool:
    """Whether the candidate `m` of `_END` really ends a sentence."""
    nxt = m.group(1)
    if nxt.islower():  # a non-ASCII lower-case letter
        return False
    p = m.start()
    if text[p] != "." or text[p + 1] in ".!?\u2026":
        return True  # "!", "?", "…", "...": no abbreviation ends that way
    before = text[max(0, p - 24):p].rsplit(None, 1)
    if not before:
        return True
    word = before[-1].lstrip(_OPENERS)
    if not word:
        return True
    if word in ABBREVIATIONS or _INITIALS.fullmatch(word):
        return False
    if _ITEM_NUMBER.fullmatch(word):
        # "1. Build the plant": a numbered item at the start of a line.
        start = p - len(word)
        line = text.rfind("\n", 0, start) + 1
        return not (line == start or text[line:start].isspace())
    return True


def iter_sentences(text: str) -> Iterator[Sentence]:
    """Sentences with character offsets into `text`, in order."""
    first = _NON_SPACE.search(text)
    if first is None:
        return
    start = first.start()
    cuts = hard_breaks(text)
    cuts.update(m.start(1) for m in _END.finditer(text, start) if _is_end(text, m))
    cuts.discard(start)
    cuts_in_order = sorted(cuts)
    cuts_in_order.append(len(text))
    new, cls = object.__new__, Sentence
    for cut in cuts_in_order:
        chunk = text[start:cut].rstrip()
        if chunk and chunk[-1] in _TRAILING_OPENERS:
            # An opening bracket left at the end belongs to the next sentence.
            chunk = chunk.rstrip(_TRAILING_OPENERS).rstrip()
        if chunk:
            # Sentence(start, start + len(chunk), chunk), built without the frozen
            # dataclass's __init__ (three object.__setattr__ calls): twice as fast, and
            # the same object for ==, hash and repr.
            sentence = new(cls)
            fields = sentence.__dict__
            fields["start"] = start
            fields["end"] = start + len(chunk)
            fields["text"] = chunk
            yield sentence
        start = cut


def sentences(text: str) -> list[Sentence]:
    """Sentences with character offsets into `text`."""
    return list(iter_sentences(text))


def segmenter_named(name: str) -> Callable[[str], list[Sentence]]:
    """The sentence segmenter registered under `name` (`regex` or `spacy`)."""
    if name == "regex":
        return sentences
    if name == "spacy":
        from lodemap.extract.segment_spacy import sentences as spacy_sentences

        return spacy_sentences
    raise LodemapError(f"unknown sentence segmenter {name!r}", hint="use regex or spacy")
