"""Relation finding in one sentence: masked-sentence patterns plus status cues.

The sentence's mentions are replaced by ‹N› placeholders, so a rule reads like
the language it describes ("{A} signed an offtake agreement with {B}") and
never names an organisation. Arguments missing from a pattern come from the
nearest mention before the trigger, the antecedent of "it"/"the company", or
the document's main organisation, each with a lower confidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lodemap.extract.cues import replace_chars
from lodemap.extract.mentions import Mention
from lodemap.extract.rules import Rule, RuleSet
from lodemap.extract.triggers import TriggerIndex
from lodemap.names import name_key
from lodemap.schema import Schema

_SPACE = re.compile(r"\s+")
_PAREN_ALIAS = re.compile(r"(‹\d+›)\s*\((?:[A-Za-z .]+:\s*)?[\"']?‹\d+›[\"']?\s*\)")
_PAREN_TICKER = re.compile(r"\s*\((?:NASDAQ|Nasdaq|NYSE|ASX|TSX|TSXV|LSE|AIM|OTCQX|OTC|TSE|HKEX|"
                           r"CSE|FRA)[^)]{0,20}\)")
_STRAIGHTEN = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
               "\u2011": "-", "\u2010": "-", "\u2013": "-", "\u2014": " - ", "\u00a0": " "}
_INDEX = re.compile(r"‹(\d+)›")
_OWNER_BEFORE = re.compile(r"‹(\d+)›'s? $")
"""A possessive organisation right before a mention: "‹2›' ‹3› operations"."""

GOVERNMENT = "GovernmentBody"
PLACE = "Place"
"""The entity type whose non-binding instruments are read as funding intentions."""

# How much an argument's confidence drops with the way it was found.
ARGUMENT_WEIGHT = {"explicit": 1.0, "nearest": 0.85, "pronoun": 0.8, "topic": 0.65}
MENTION_WEIGHT = {"gazetteer": 1.0, "acronym": 0.95, "short": 0.95, "pronoun": 0.9,
                  "suffix": 0.9, "government": 0.9, "govname": 0.9, "lab": 0.9, "head": 0.85,
                  "context": 0.8}


@dataclass(frozen=True)
class Relation:
    type: str
    source: Mention
    target: Mention
    status: str
    confidence: float
    rule: str
    features: tuple[tuple[str, float], ...]
    """The named factors whose product is the confidence, for explanations."""


def mask(sentence: str, offset: int, mentions: list[Mention]) -> str:
    """The sentence with each mention replaced by ‹index›, spaces folded."""
    parts, pos = [], offset
    for i, m in enumerate(mentions):
        parts.append(sentence[pos - offset:m.start - offset])
        # Places mostly qualify ("U.S. suppliers", "China's"): fillers may cross them and
        # no rule takes them as an argument.
        parts.append(f"«{i}»" if m.entity_type == PLACE else f"‹{i}›")
        pos = m.end
    parts.append(sentence[pos - offset:])
    # Two mentions on one span ("the two companies") read as a coordination.
    text = "".join(parts).replace("›‹", "› and ‹")
    # Each step runs only where it can change something: most sentences are plain
    # ASCII on one line without a parenthesis.
    if not text.isascii():
        text = replace_chars(text, _STRAIGHTEN)
    if "(" in text:
        text = _PAREN_TICKER.sub("", text)
        text = _PAREN_ALIAS.sub(r"\1", text)
    if "  " in text or "\n" in text or "\t" in text or "\r" in text:
        text = _SPACE.sub(" ", text)
    return text


def lower(text: str) -> str:
    """Lower case, same length (offsets into the result are offsets into the text)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_APPOSITIVE = re.compile(
    r"(‹\d+›),? (?:(?:an?|the|its|which|who) |(?:[\w-]+ ){0,3}(?:owner|operator|parent|producer|"
    r"maker|developer|unit|subsidiary|part|member) of )"
    r"(?:[^‹›;,]|(?<=\d),(?=\d)){0,120}?(?:‹\d+›[^‹›;,]{0,40}?)?, "
)


def reduce_appositives(masked: str) -> str:
    """Drop descriptive asides after a mention: "‹0›, a subsidiary of ‹1›, signed" → "‹0› signed".

    Rules run on both forms, so the aside still yields its own relation
    (subsidiary_of) while the main clause links the mention before it.
    """
    return _APPOSITIVE.sub(r"\1 ", masked) if ", " in masked else masked


def _matches(rule: Rule, variants: list[tuple[str, str]]) -> list[tuple[str, re.Match[str]]]:
    """Matches of a rule in each variant, read in lower case, with the variant as written."""
    return [(v, m) for v, low in variants for m in rule.pattern.finditer(low)]


def status_of(rule: Rule, masked: str, start: int, end: int, rules: RuleSet) -> str:
    before = masked[max(0, start - 40):end]
    after = masked[end:end + 60]
    for cue in rules.cues:
        if cue.status in rule.skip_cues:
            continue
        windows = {"before": (before,), "after": (after,), "both": (before, after)}[cue.window]
        if any(cue.pattern.search(w) for w in windows):
            return cue.status
    return rule.status


def _same(a: Mention, b: Mention) -> bool:
    if a.entity_id and b.entity_id:
        return a.entity_id == b.entity_id
    return name_key(a.name) == name_key(b.name)


class RelationFinder:
    def __init__(self, rules: RuleSet, schema: Schema) -> None:
        self.rules = rules
        self.schema = schema
        self._rule_by_id = {r.id: r for r in rules.rules}
        self._order = {r.id: i for i, r in enumerate(rules.rules)}
        self.triggers = TriggerIndex(rules.rules)

    def _is_org(self, m: Mention) -> bool:
        return self.schema.is_a(m.entity_type, "Organization")

    def find(self, sentence: str, offset: int, mentions: list[Mention], *,
             antecedent: Mention | None, topic: Mention | None,
             active: set[str] | None = None) -> list[Relation]:
        """Relations in one sentence. `active`, when given, lists the rules whose trigger
        occurs in the sentence (`TriggerIndex.active`); others are skipped."""
        if not mentions and topic is None:
            return []
        explicit = len(mentions)
        candidates = self.rules.rules if active is None else [
            self._rule_by_id[i] for i in sorted(active, key=self._order.__getitem__)]
        rules = [r for r in candidates if explicit >= r.has_source + r.has_target]
        if not rules:
            return []  # most sentences: no trigger, nothing to mask or match
        masked = mask(sentence, offset, mentions)
        lowered = lower(masked)
        variants = [(masked, lowered)]
        reduced = reduce_appositives(masked)
        aside: set[int] = set()
        aside_spans: list[tuple[int, int]] = []
        if reduced != masked:
            variants.insert(0, (reduced, lower(reduced)))
            # Mentions inside an aside ("‹0›, a unit of ‹1›, signed…") are never the
            # subject of the main clause, but may be of a claim the aside itself makes.
            aside = {int(i) for i in _INDEX.findall(masked)} - {
                int(i) for i in _INDEX.findall(reduced)}
            aside_spans = [m.span() for m in _APPOSITIVE.finditer(masked)]
        found: dict[tuple[str, int, int], Relation] = {}
        fallback_pool: list[tuple[Mention, str]] = []
        if antecedent is not None:
            fallback_pool.append((antecedent, "pronoun"))
        if topic is not None:
            fallback_pool.append((topic, "topic"))
        extra: list[Mention] = []

        def index_of(m: Mention) -> int:
            if m in mentions:
                return mentions.index(m)
            if m not in extra:
                extra.append(m)
            return -1 - extra.index(m)

        def by_index(i: int) -> Mention:
            return mentions[i] if i >= 0 else extra[-1 - i]

        for rule in rules:
            # A rule needs one mention per argument it names (filtered above); fallbacks
            # fill only the other. Without a trigger index, test the trigger here.
            if active is None and rule.trigger is not None and not rule.trigger.search(lowered):
                continue
            for text, match in _matches(rule, variants):
                if rule.requires is not None and not rule.requires.search(
                    match.string, max(0, match.start() - 40), match.end() + 80
                ):
                    continue
                groups = match.groupdict()
                within_aside = any(s <= match.start() and match.end() <= e
                                   for s, e in aside_spans)
                hidden = set() if text is reduced or within_aside else aside
                targets = [(int(i), "explicit") for i in _INDEX.findall(groups.get("b") or "")]
                sources = [(int(i), "explicit") for i in _INDEX.findall(groups.get("a") or "")
                           if int(i) not in hidden]
                pool = fallback_pool if rule.fallback == "any" else [
                    p for p in fallback_pool if p[1] == "topic"]
                left = text[:match.start()] if rule.fallback == "any" else ""
                if not sources and not groups.get("a"):
                    sources = self._fallback(left, [t for t, _ in targets], mentions, pool,
                                             index_of, hidden)
                elif not targets and not groups.get("b"):
                    targets = self._fallback(left, [s for s, _ in sources], mentions, pool,
                                             index_of, hidden)
                if self.schema.relation(rule.type).family != "physical":
                    sources = [(self._owner(i, text, mentions), how) for i, how in sources]
                    targets = [(self._owner(i, text, mentions), how) for i, how in targets]
                status = status_of(rule, text, match.start(), match.end(), self.rules)
                for si, how_s in sources:
                    for ti, how_t in targets:
                        how = how_s if how_t == "explicit" else how_t
                        self._add(found, rule, si, ti, how, status, by_index,
                                  text, match)
        return self._prune(list(found.values()))

    def _owner(self, i: int, text: str, mentions: list[Mention]) -> int:
        """A facility named with its owner ("‹2›' ‹3› operations") stands for the owner
        in a trade, money or corporate claim: counterparties are organisations."""
        if i < 0 or not self.schema.is_a(mentions[i].entity_type, "Facility"):
            return i
        at = text.find(f"‹{i}›")
        owner = _OWNER_BEFORE.search(text, 0, at) if at > 0 else None
        if owner is not None and self._is_org(mentions[int(owner.group(1))]):
            return int(owner.group(1))
        return i

    def _fallback(self, left: str, taken: list[int], mentions: list[Mention],
                  pool: list[tuple[Mention, str]],
                  index_of: Callable[[Mention], int],
                  hidden: set[int]) -> list[tuple[int, str]]:
        """The missing argument: the nearest organisation before the trigger (not inside an
        aside), else the antecedent of "it", else the document's main organisation."""
        for i in reversed([int(x) for x in _INDEX.findall(left)]):
            m = mentions[i]
            if (i not in hidden and self._is_org(m)
                    and all(not _same(m, mentions[t]) for t in taken)):
                return [(i, "nearest")]
        for m, how in pool:
            if all(not _same(m, mentions[t]) for t in taken):
                return [(index_of(m), how)]
        return []

    def _add(self, found: dict[tuple[str, int, int], Relation], rule: Rule, si: int, ti: int,
             how: str, status: str, by_index: Callable[[int], Mention], masked: str,
             match: re.Match[str]) -> None:
        src, tgt = by_index(si), by_index(ti)
        if _same(src, tgt):
            return
        rtype = rule.type
        src_gov = self.schema.is_a(src.entity_type, GOVERNMENT)
        tgt_gov = self.schema.is_a(tgt.entity_type, GOVERNMENT)
        if rule.government_party and (src_gov or tgt_gov):
            # A non-binding instrument with a government is a funding intention.
            rtype = rule.government_party
            if tgt_gov and not src_gov:
                src, tgt, si, ti = tgt, src, ti, si
            status = "proposed"
        if rule.private_type and not src_gov:
            # Public money is `funds`; the same words about a private backer mean investment.
            rtype = rule.private_type
        elif rule.government_type and src_gov:
            rtype = rule.government_type
        if not self.schema.accepts(rtype, src.entity_type, tgt.entity_type):
            return
        rel = self.schema.relation(rtype)
        if rel.symmetric and si > ti and si >= 0 and ti >= 0:
            src, tgt, si, ti = tgt, src, ti, si
        features = (
            ("rule", rule.strength),
            ("argument", ARGUMENT_WEIGHT[how]),
            ("source_mention", MENTION_WEIGHT.get(src.method, 0.85)),
            ("target_mention", MENTION_WEIGHT.get(tgt.method, 0.85)),
            ("span", max(0.7, 1.0 - len(match.group(0)) / 600)),
        )
        conf = 1.0
        for _, f in features:
            conf *= f
        pairs = [(src, tgt, si, ti)]
        if rule.both or (rule.mutual and self.rules.mutual_cue.search(masked)):
            pairs.append((tgt, src, ti, si))
        rank = (not rule.generic, conf)
        for s, t, a, b in pairs:
            key = (rtype, a, b)
            old = found.get(key)
            # Specific evidence beats generic evidence for the same claim, then confidence.
            if old is None or (not self._rule_by_id[old.rule].generic, old.confidence) < rank:
                found[key] = Relation(rtype, s, t, status, round(conf, 4), rule.id, features)

    @staticmethod
    def pair(r: Relation) -> frozenset[str]:
        """The unordered pair a relation joins, by entity (names where unresolved)."""
        return frozenset((r.source.entity_id or name_key(r.source.name),
                          r.target.entity_id or name_key(r.target.name)))

    def suppressions(self, rels: Iterable[Relation]) -> set[tuple[frozenset[str], str]]:
        """(pair, type) that stronger evidence rules out: an offtake for a pair makes a plain
        `supplies` for it redundant (rules' `suppresses`)."""
        return {(self.pair(r), t) for r in rels for t in self._rule_by_id[r.rule].suppresses}

    def _prune(self, rels: list[Relation]) -> list[Relation]:
        """Apply `suppresses` and `generic`: specific evidence beats generic evidence."""
        suppressed = self.suppressions(rels)
        specific = {self.pair(r) for r in rels if not self._rule_by_id[r.rule].generic}
        return [
            r for r in rels
            if (self.pair(r), r.type) not in suppressed
            and not (self._rule_by_id[r.rule].generic and self.pair(r) in specific)
        ]
