"""Sentence segmentation with spaCy: blank English tokenizer, sentencizer and line logic.

This is the original segmenter, kept for comparison (`bench/segment_speed.py`,
the agreement test) and as a selectable alternative to the regex segmenter in
`lodemap.extract.segment`. It shares that module's `Sentence` and `hard_breaks`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from lodemap.extract.segment import Sentence, hard_breaks

__all__ = ["Sentence", "hard_breaks", "line_breaks", "nlp", "sentences"]

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
