"""Organisation, facility and place mentions in a document.

Four sources, in order of trust: the gazetteer (known names), acronyms the
document defines ("Office of Strategic Capital (OSC)"), name patterns (legal
suffixes, industry head nouns, government bodies, laboratories), and short
forms of names already seen in the document ("Vulcan" after "Vulcan
Elements"). Later sources never overlap earlier ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from lodemap.extract.gazetteer import Gazetteer
from lodemap.names import lexicon, name_key

# A capitalised word: "Rare", "ReElement", "U.S.", "In-Q-Tel", "JOGMEC", "3M".
_CAP = r"(?:[A-Z][A-Za-z0-9&'\u2019.\-]*[A-Za-z0-9]|[A-Z]|[0-9][A-Z]+)"
_CONNECT = r"(?:of|and|&|for|de|du|la|the)"
_SEP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
_NAMESEQ = rf"{_CAP}(?:{_SEP}(?:{_CONNECT}{_SEP})?{_CAP}){{0,5}}"

# Capitalised words that start sentences or qualify names but are not part of one,
# and first words too common to stand alone as a short name (see lexicon.yaml).
_LEADING_NOISE = frozenset(lexicon()["leading_noise"])
_DOTTED_FORMS = frozenset({"Inc", "Corp", "Co", "Ltd", "Pty", "Bhd", "Cos", "Sdn", "Pte", "Plc",
                           "S.A", "N.V", "B.V", "K.K", "L.L.C", "S.p.A", "S.A.S"})
"""Legal forms written with a full stop; after any other, a final stop ends the sentence."""
_SITE_AFTER = re.compile(r"(?:\s+(?:and|&)\s+|\s+)(?:[A-Z][\w-]*\s+){0,3}"
                         r"(?:Project|Mine|Deposit|Plant|Refinery|Complex|Operations)\b")
_LEADING_SUFFIX = re.compile(r"(?:-based|\u2019s|'s|-owned|-listed|-headquartered)$")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    entity_type: str
    method: str
    """gazetteer | acronym | suffix | head | government | lab | short | pronoun."""
    entity_id: str | None = None
    ticker: str | None = None
    canonical_text: str | None = None
    """The document's fullest name for this mention (a short form points at it)."""

    @property
    def name(self) -> str:
        return " ".join((self.canonical_text or self.text).split())


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    legal = sorted(set(lex["legal_suffixes"]), key=len, reverse=True)
    legal_alt = "|".join(re.escape(w) for w in legal)
    heads = "|".join(re.escape(h).replace(r"\ ", _SEP)
                     for h in sorted(lex["org_heads"], key=len, reverse=True))
    gov = "|".join(re.escape(h).replace(r"\ ", _SEP) for h in lex["gov_heads"])
    labs = "|".join(re.escape(h).replace(r"\ ", _SEP) for h in lex["lab_heads"])
    end = r"(?![\w&])"
    quals = "|".join(re.escape(q) for q in sorted(lex["government_qualifiers"], key=len,
                                                   reverse=True))
    descriptors = "|".join(re.escape(d) for d in sorted(lex["org_descriptors"], key=len,
                                                        reverse=True))
    return {
        "govname": re.compile(
            rf"(?<![\w.])(?:{quals}){_SEP}(?:[Gg]overnment|[Aa]dministration){end}"
            r"(?!\s+(?:agenc|official|department|support|fund|backing|loan|grant|contract|"
            r"stake|program|polic|data|figure|source|bond|debt|entit|bod))"
        ),
        # The name right after a descriptor noun, as in "metals trader Traxys".
        "context": re.compile(
            rf"\b(?:{descriptors})(?:{_SEP}|,{_SEP})({_CAP}(?:{_SEP}{_CAP}){{0,3}}){end}"
            # A one-word name that opens a sentence as the subject of a deal verb
            # ("Solvay signed …"), or owns a deal word ("Bosch's offtake").
            rf"|(?:^|(?<=[.!?]\s)|(?<=\n))([A-Z][a-z]{{2,}}(?:[A-Z][a-z]+)?)(?=\s+(?:has\s+|have\s+|"
            rf"also\s+|will\s+|had\s+)?(?:signed|agreed|inked|acquired|invested|awarded|"
            rf"supplies|supplied|will\s+supply|bought|buys|licensed|partnered|announced\s+"
            rf"(?:a|an|the)\s+(?:deal|agreement|investment|partnership))\b)"
            rf"|\b([A-Z][a-z]{{2,}}(?:[A-Z][a-z]+)?)(?='s\s+(?:subsidiary|unit|plant|offtake|"
            rf"investment|stake|shares|acquisition|takeover|supply|deal|agreement)\b)",
            re.MULTILINE,
        ),
        "suffix": re.compile(
            rf"{_NAMESEQ},?{_SEP}(?:(?:Pty|Co)\.?{_SEP})?(?:{legal_alt})\.?{end}"
        ),
        "government": re.compile(
            rf"(?:(?:U\.S\.|US|UK|EU|{_CAP}){_SEP})?(?:{gov}){_SEP}(?:the{_SEP})?"
            rf"{_CAP}(?:{_SEP}(?:{_CONNECT}{_SEP})?{_CAP}){{0,4}}{end}"
        ),
        "lab": re.compile(
            rf"(?:{_NAMESEQ}{_SEP}(?:National{_SEP})?(?:{labs})|University{_SEP}of{_SEP}{_CAP}"
            rf"(?:{_SEP}{_CAP}){{0,2}}){end}"
        ),
        "head": re.compile(rf"{_NAMESEQ}{_SEP}(?:{heads}){end}"),
        # "… Ltd and Quill Metals Corp.": a legal form followed by "and" ends one name.
        "legal_join": re.compile(rf"\b(?:{legal_alt})\.?,?{_SEP}(?:and|&){_SEP}"),
        "acronym": re.compile(
            r"\(\s*(?:the\s+)?[\"\u201c\u2018']?([A-Z][A-Za-z0-9&\-]{1,11})[\"\u201d\u2019']?\s*\)"
        ),
        "ticker": re.compile(
            r"\(\s*(?:NASDAQ|Nasdaq|NYSE(?: American)?|ASX|TSX(?:V|-V)?|LSE|AIM|OTCQX|OTC|"
            r"TSE|HKEX|SSE|SZSE|FRA|XETRA|CSE)\s*:\s*([A-Z][A-Z0-9.]{0,7})\s*\)"
        ),
    }


@dataclass(frozen=True)
class _Anchor:
    """A cheap literal every match of a name pattern contains, and how far before it the
    match may begin: at most `back` whitespace runs (plus the word the anchor touches).

    Capitalised alternatives ("Department|Office") are a pattern: the engine skips to
    their first letters. Lower-case words are `literals` found with `str.find`, since an
    alternation of them makes the engine try every character of the text.
    """

    pattern: re.Pattern[str] | None
    back: int
    literals: tuple[str, ...] = ()

    def positions(self, text: str) -> list[int]:
        if self.pattern is not None:
            return [a.start() for a in self.pattern.finditer(text)]
        out = []
        for word in self.literals:
            at = text.find(word)
            while at >= 0:
                out.append(at)
                at = text.find(word, at + 1)
        return out


@dataclass(frozen=True)
class _Anchored:
    """A name pattern with the anchors that let us try it only near them.

    The patterns open with capitalised-word sequences, so a plain `finditer` makes the
    engine start (and backtrack) at every capital letter of the document. Every match
    contains one of the anchors, and `starts` matches every character a match can begin
    with, so trying the pattern at those characters near anchors finds the same matches.
    """

    pattern: re.Pattern[str]
    anchors: tuple[_Anchor, ...]
    starts: re.Pattern[str]


_BACK = {n: re.compile(rf"\S*(?:\s+\S+){{0,{n}}}") for n in (0, 1, 3, 12)}
"""Run over the reversed text from an anchor: the word it touches and `n` words before."""
_CAPITAL_START = re.compile(r"[A-Z0-9]")
_QUALIFIER_START = re.compile(r"(?<![\w.])[A-Za-z]")
"""Where "US government", "federal administration" may begin (see "govname")."""
_CONTEXT_START = re.compile(r"[A-Z]|\b[a-z]")
"""Where a "context" match may begin: a one-word name, or a descriptor noun."""


@cache
def _anchored() -> dict[str, _Anchored]:
    lex = lexicon()
    pats = _patterns()

    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", _SEP)
                        for w in sorted(set(words), key=len, reverse=True))

    def anchor(regex: str, back: int) -> _Anchor:
        return _Anchor(re.compile(regex), back)

    def literals(words: list[str], back: int) -> _Anchor:
        # A phrase is found by its first word: a superset of the places it stands.
        return _Anchor(None, back, tuple(sorted({w.split()[0] for w in words})))

    # Separator counts: a _NAMESEQ holds at most ten, plus those around the anchor.
    # Anchors are bare literals (a leading class or assertion would make the engine try
    # them at every position); the window reaches back over the word they sit in.
    return {
        "suffix": _Anchored(pats["suffix"], (anchor(alt(lex["legal_suffixes"]), 12),),
                            _CAPITAL_START),
        "head": _Anchored(pats["head"], (anchor(alt(lex["org_heads"]), 12),), _CAPITAL_START),
        "lab": _Anchored(pats["lab"], (anchor(alt(lex["lab_heads"]), 12),), _CAPITAL_START),
        "government": _Anchored(pats["government"], (anchor(alt(lex["gov_heads"]), 1),),
                                _CAPITAL_START),
        "govname": _Anchored(pats["govname"], (anchor("overnment|dministration", 1),),
                             _QUALIFIER_START),
        "context": _Anchored(pats["context"], (
            literals(lex["org_descriptors"], 0),
            literals(["signed", "agreed", "inked", "acquired", "invested", "awarded", "suppl",
                      "bought", "buys", "licensed", "partnered", "announced"], 3),
            literals(["'s"], 0),
        ), _CONTEXT_START),
    }


def _windows(spec: _Anchored, text: str) -> list[tuple[int, int]]:
    """Sorted spans [begin, anchor] where a match of `spec` may begin."""
    size = len(text)
    reverse = text[::-1]
    windows = []
    for anchor in spec.anchors:
        back = _BACK[anchor.back]  # matches everywhere: it may match nothing
        for at in anchor.positions(text):
            reach = back.match(reverse, size - at)
            windows.append((size - reach.end() if reach else at, at))
    windows.sort()
    return windows


def _finditer(spec: _Anchored, text: str) -> list[re.Match[str]]:
    """What `spec.pattern.finditer(text)` yields, trying the pattern only near anchors.

    `finditer` returns the match at the first position where one begins, then goes on
    from its end; `match` at each possible start, in order, does the same. Lookarounds
    see the whole text either way.
    """
    found: list[re.Match[str]] = []
    cursor = tried = 0  # matches end at cursor; positions before tried were all tried
    for begin, at in _windows(spec, text):
        for c in spec.starts.finditer(text, max(begin, cursor, tried), at + 1):
            start = c.start()
            if start < cursor:
                continue
            m = spec.pattern.match(text, start)
            if m is not None:
                found.append(m)
                cursor = max(m.end(), start + 1)
        tried = max(tried, at + 1)
    return found


def _trim(text: str, start: int) -> tuple[str, int] | None:
    """Drop leading noise words ("The", "Texas-based", "France's") from a candidate."""
    while True:
        m = re.match(r"(\S+)(\s+)", text)
        if not m:
            break
        word = m.group(1)
        if word in _LEADING_NOISE or _LEADING_SUFFIX.search(word):
            cut = m.end()
            text, start = text[cut:], start + cut
            continue
        break
    # A possessive inside the candidate ends the owner: "Lynas' Malaysia plant".
    return (text, start) if text and text[0].isupper() else None


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with every span blanked to NUL characters, line breaks kept."""
    pieces: list[str] = []
    cursor = 0
    for s, e in sorted(spans):
        s = max(s, cursor)
        if e <= s:
            continue
        pieces.append(text[cursor:s])
        span = text[s:e]
        pieces.append("\n".join("\x00" * len(line) for line in span.split("\n"))
                      if "\n" in span else "\x00" * len(span))
        cursor = e
    pieces.append(text[cursor:])
    return "".join(pieces)


def _initials_match(words: list[str], acronym: str) -> bool:
    """Initials of the capitalised words spell the acronym, with or without connectors
    ("Department of Energy" is DOE, "Office of Strategic Capital" is OSC)."""
    want = acronym.lower().replace("-", "").replace("&", "")
    capitals = "".join(w[0] for w in words if w[:1].isupper()).lower()
    every = "".join(w[0] for w in words if w[:1].isalpha()).lower()
    return want in (capitals, every)


def _definition_before(text: str, paren_start: int, acronym: str) -> tuple[int, int] | None:
    """Schwartz-Hearst style: the shortest run of words before "(ACR)" whose initials spell it."""
    window_start = max(0, paren_start - 120)
    window = text[window_start:paren_start]
    tokens = list(re.finditer(r"[A-Za-z][\w'\u2019\-]*", window))
    for k in range(1, min(len(tokens), 12) + 1):
        run = tokens[-k:]
        words = [t.group(0) for t in run if t.group(0) != "the"]
        if _initials_match(words, acronym) and run[0].group(0)[0].isupper():
            return window_start + run[0].start(), window_start + run[-1].end()
    return None


_COMMON_FIRST_WORDS = frozenset(lexicon()["common_first_words"])
_NOT_NAMES = frozenset(lexicon()["leading_noise"]) | _COMMON_FIRST_WORDS
_COMMON_WORDS = frozenset(w.lower() for w in _NOT_NAMES)
_NOT_ORGANISATIONS = frozenset(name_key(t) for t in lexicon()["not_organisations"])


def _split_at_legal_forms(text: str, start: int, end: int,
                          joiner: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of the names in a match that ran over "<Name> Ltd and <Name> Corp."."""
    pieces, cursor = [], start
    for j in joiner.finditer(text, start, end):
        cut = j.start() + len(j.group(0).split()[0])
        pieces.append((cursor, cut))
        cursor = j.end()
    pieces.append((cursor, end))
    return pieces


def _extends(inner: list[Mention], start: int, end: int, text: str) -> bool:
    """A name pattern may swallow one known name it lengthens on the right: "Caterpillar"
    in "Caterpillar Ventures", but not "Lynas" in "Lynas and Blue Line Corp"."""
    if len(inner) != 1:
        return False
    x = inner[0]
    lead = text[start:x.start]
    return (x.method == "gazetteer" and x.end < end and not lead.strip(" \t\n")
            and " and " not in text[x.end:end] and "," not in text[x.end:end])


_SITE_NOUNS = ("plant", "factory", "facility", "refinery", "smelter", "mine")
_SITE_IN = re.compile(r"(?P<noun>plant|factory|facility|refinery|smelter|mine)s?"
                      r"(?: (?:in|at|near) )(?P<place>[A-Z][\w-]+(?: [A-Z][\w-]+)?)")


class MentionFinder:
    """Finds mentions in a whole document (acronyms and short forms are per document)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    @staticmethod
    def _context_names(text: str, mentions: list[Mention], pattern: _Anchored) -> None:
        """Names known from their context: after a descriptor noun ("surveying firm LNV"),
        a one-word sentence subject of a deal verb ("Solvay signed"), or a one-word owner
        of a deal word ("Bosch's offtake")."""
        masked = _masked(text, [(x.start, x.end) for x in mentions])
        for m in _finditer(pattern, masked):
            group = next(g for g in (1, 2, 3) if m.group(g))
            start, end = m.span(group)
            cand = text[start:end]
            if ("\x00" in m.group(group) or cand.split()[0] in _LEADING_NOISE
                    or cand in _NOT_NAMES or cand.lower() in _COMMON_WORDS):
                continue
            mentions.append(Mention(start, end, cand, "Organization", "context"))

    def _sites_by_place(self, text: str, mentions: list[Mention]) -> None:
        """"a magnet factory in Stillwater" names the known "Stillwater plant": a site
        noun, "in"/"at"/"near" and a place name that, with a site noun, is a facility's
        name or alias. The place name becomes a mention of that facility."""
        for noun in _SITE_NOUNS:
            at = text.find(noun)
            while at >= 0:
                m = _SITE_IN.match(text, at)
                at = text.find(noun, at + 1)
                if m is None:
                    continue
                start, end = m.span("place")
                if any(x.start < end and start < x.end for x in mentions):
                    continue
                for candidate in (m.group("noun"), *_SITE_NOUNS):
                    entry = self.gazetteer.by_key.get(name_key(f"{m.group('place')} {candidate}"))
                    if entry is not None and entry.entity_type == "Facility":
                        mentions.append(Mention(start, end, m.group("place"), "Facility", "site",
                                                entry.entity_id,
                                                canonical_text=m.group("place")))
                        break

    def find(self, text: str) -> list[Mention]:
        mentions: list[Mention] = [
            Mention(h.start, h.end, h.text, h.entity_type, "gazetteer", h.entity_id)
            for h in self.gazetteer.find(text)
        ]
        pats = _patterns()
        anchored = _anchored()

        # Name patterns, only where no known name stands: government bodies and labs
        # first (an acronym defined after them keeps their type), companies last.
        def patterns(methods: tuple[str, ...]) -> None:
            for method in methods:
                extend = method in ("suffix", "head")
                masked = _masked(text, [(x.start, x.end) for x in mentions
                                        if not (extend and x.method == "gazetteer")])
                for m in _finditer(anchored[method], masked):
                    if "\x00" in m.group(0):
                        continue
                    inner = [x for x in mentions if x.start < m.end() and m.start() < x.end]
                    if inner and not _extends(inner, m.start(), m.end(), text):
                        continue
                    for x in inner:  # "Caterpillar" + "Ventures": the longer name wins
                        mentions.remove(x)
                    for piece_start, piece_end in _split_at_legal_forms(text, m.start(), m.end(),
                                                                         pats["legal_join"]):
                        add(method, piece_start, piece_end)

        def add(method: str, begin: int, finish: int) -> None:
            # "the federal government" is a name in lower case; other patterns need a capital.
            trimmed = (_trim(text[begin:finish], begin) if method != "govname"
                       else (text[begin:finish], begin))
            if trimmed is None:
                return
            cand, start = trimmed
            if " " not in cand.strip() and method == "head":
                return
            if _SITE_AFTER.match(text, start + len(cand)):
                return  # "the Donald Rare Earth and Mineral Sands Project" names a project
            if cand.endswith(".") and cand.rsplit(None, 1)[-1][:-1] not in _DOTTED_FORMS:
                cand = cand[:-1]  # "… Partners LLC." at a sentence end: the stop is the text's
            etype = {"government": "GovernmentBody", "govname": "GovernmentBody",
                     "lab": "ResearchLab"}.get(method, "Organization")
            mentions.append(Mention(start, start + len(cand), cand, etype, method))

        patterns(("government", "govname", "lab"))
        # Acronym definitions: "Office of Strategic Capital (OSC)".
        acronyms: dict[str, Mention] = {}
        for m in pats["acronym"].finditer(text):
            acr = m.group(1)
            owner = next((x for x in reversed(mentions) if x.end <= m.start()
                          and m.start() - x.end <= 3), None)
            if owner is None:
                span = _definition_before(text, m.start(), acr)
                if span is None:
                    continue
                s, e = span
                if any(x.start < e and s < x.end for x in mentions):
                    continue
                if name_key(text[s:e]) in _NOT_ORGANISATIONS:
                    continue  # "Memorandum of Understanding (MoU)" names no party
                owner = Mention(s, e, text[s:e], "Organization", "acronym")
                mentions.append(owner)
            acronyms.setdefault(acr, owner)

        patterns(("suffix", "head"))
        self._context_names(text, mentions, anchored["context"])
        self._sites_by_place(text, mentions)
        mentions.sort(key=lambda x: x.start)

        # Tickers attach to the mention just before them; the exchange's name inside
        # "(NASDAQ: USAR)" is not a mention of the exchange operator.
        for m in pats["ticker"].finditer(text):
            mentions[:] = [x for x in mentions
                           if not (x.start >= m.start() and x.end <= m.start(1))]
            for i, x in enumerate(mentions):
                if x.end <= m.start() and m.start() - x.end <= 3 and x.ticker is None:
                    mentions[i] = replace(x, ticker=m.group(1))

        # Short forms: defined acronyms and first words of multi-word names.
        short: dict[str, Mention] = {}
        for acr, owner in acronyms.items():
            short[acr] = owner
        for x in mentions:
            words = x.text.split()
            first = words[0].rstrip(",") if words else ""
            if (len(words) > 1 and len(first) >= 4 and first not in _COMMON_FIRST_WORDS
                    and first[0].isupper() and x.entity_type != "GovernmentBody"):
                short.setdefault(first, x)
        if short:
            # A name the document itself shortened ("Hitachi" after "Hitachi Metals") means
            # that organisation, even where the gazetteer knows another one by that word.
            for i, x in enumerate(mentions):
                owner = short.get(x.text)
                if (owner is not None and x.method == "gazetteer" and owner.start < x.start
                        and owner.entity_id != x.entity_id and " " not in x.text):
                    mentions[i] = replace(x, entity_id=owner.entity_id,
                                          entity_type=owner.entity_type, method="short",
                                          canonical_text=owner.name)
            alt = "|".join(re.escape(s) for s in sorted(short, key=len, reverse=True))
            masked = _masked(text, [(x.start, x.end) for x in mentions])
            for m in re.finditer(rf"(?<![\w\x00&])(?:{alt})(?![\w\x00&]|-\w)", masked):
                owner = short[m.group(0)]
                if owner.start >= m.start():
                    continue  # a short form refers back, never forward
                mentions.append(Mention(m.start(), m.end(), m.group(0), owner.entity_type,
                                        "short", owner.entity_id,
                                        canonical_text=owner.name))
        mentions.sort(key=lambda x: x.start)
        return [m for m in mentions if name_key(m.text)]
