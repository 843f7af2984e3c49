"""The `lodemap.rules` extractor: one pass over a document, from text to sourced claims.

Order of work: sentences → mentions (gazetteer, acronyms, patterns, short
forms) → resolution of each mention → per sentence, relations and value facts
with their status. The result keeps every claim's sentence and character
span; `lodemap.pipeline` turns it into statements.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from lodemap.document import Document
from lodemap.entity import Entity
from lodemap.extract.cues import SentenceCues
from lodemap.extract.dates import find_dates
from lodemap.extract.mentions import Mention, MentionFinder
from lodemap.extract.quantities import Quantity, find_quantities
from lodemap.extract.relations import Relation, RelationFinder, lower, mask
from lodemap.extract.rules import RuleSet, default_rules
from lodemap.extract.segment import Sentence, segmenter_named
from lodemap.resolve import Resolver
from lodemap.schema import Schema, get_schema
from lodemap.settings import SEGMENTER

NAME = "lodemap.rules"
VERSION = "1.0"

_PAIR = re.compile(r"\b(?:[Tt]he two (?:companies|firms|groups|parties|partners)|[Bb]oth "
                   r"(?:companies|firms|groups|parties))\b")
_PRONOUN = re.compile(
    r"\b(?:[Ii]t|[Tt]he (?:[Cc]ompany|[Ff]irm|[Gg]roup)|[Ii]ts (?:[\w-]+ ){0,2}"
    r"(?:subsidiary|unit|arm|division|affiliate))\b(?!['\u2019])")
_GOVERNMENT_ANAPHOR = re.compile(r"\b[Tt]he (?:government|administration)\b(?!['\u2019])")
"""Refers to the government body the document last named ("the Trump administration")."""
_CAPACITY_CUE = re.compile(
    r"\b(?:capacity|capacities|nameplate|designed (?:for|to)|produce[ds]?|producing|production|"
    r"output|scale (?:up )?to|ramp(?:ing)? up|tonnes per year|tons per year|per year|annual|"
    r"annually)\b",
    re.IGNORECASE)
_PAST_OUTPUT = re.compile(r"\b(?:produced|delivered|shipped|mined|output (?:was|of))\b",
                          re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|would|plans?|planned|expects?|expected|scheduled|target\w*|"
                     r"aims?|designed|initially|scale (?:up )?to|could|by 20\d\d)\b",
                     re.IGNORECASE)
_QUALIFIER = re.compile(r"^\s*(?:(?:per year|a year|annually|/year|per annum) )?of "
                        r"((?:[\w-]+ ){0,4}[\w-]+)", re.IGNORECASE)
_START_YEAR = re.compile(
    r"\b(?:begin|began|start|started|starts|commence\w*)\w* (?:commercial |full |initial )?"
    r"(?:production|operations?|output|commissioning)\b[^.;]{0,40}?\b(?:in|by|from) "
    r"(?:(?:early|mid|late|the (?:first|second) half of) )?(20\d\d)\b", re.IGNORECASE)
_AFTER_VERB = re.compile(r"\b(?:(?!(?:has|was|is|as|its|this|thus|plus|always|news|less)\b)"
                         r"[a-z]+(?:ed|es|s)|in|into|with|to|for|from|of|by|on|at)\s+$")
_SUBJECT_NEXT = re.compile(r"\s+(?:had|has|have|is|was|will|would|could|can|may|said|says|"
                           r"expects?|plans?|intends?|agreed|signed|did|does|also)\b")
"""After "revealed it": "had …" makes "it" the subject of a new clause, not an object."""
_OWN_TOTAL = re.compile(r"\b(?:[Tt]he (?:company|group|firm)['\u2019]s|[Ii]ts) (?:[\w-]+ ){0,3}"
                        r"(?:capacity|output|production)\b[^.;,]{0,40}$")
"""An organisation's own figure: "the company's total magnet capacity would reach" …"""
_NEAR = 60
"""Characters within which a mention can own a quantity."""
_MONEY_FAMILIES = frozenset({"finance", "corporate"})


@dataclass(frozen=True)
class ValueFact:
    subject: Mention
    property: str
    value: str
    unit: str | None
    qualifier: str | None
    status: str
    confidence: float
    rule: str


@dataclass
class SentenceClaims:
    sentence: Sentence
    relations: list[Relation] = field(default_factory=list)
    values: list[ValueFact] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    """Quantities in the sentence, with offsets relative to the sentence."""
    date: str | None = None
    """A date the sentence states for its claims (not after publication), if any."""


@dataclass
class Extraction:
    doc: Document
    mentions: list[Mention]
    claims: list[SentenceClaims]
    entities: list[Entity]
    """Entities first seen in this document."""
    topic: Mention | None

    @property
    def relations(self) -> list[tuple[Sentence, Relation]]:
        return [(c.sentence, r) for c in self.claims for r in c.relations]

    @property
    def values(self) -> list[tuple[Sentence, ValueFact]]:
        return [(c.sentence, v) for c in self.claims for v in c.values]


class Extractor:
    name = NAME
    version = VERSION

    def __init__(self, finder: MentionFinder, resolver: Resolver, *,
                 rules: RuleSet | None = None, schema: Schema | None = None,
                 segmenter: str | None = None) -> None:
        self.schema = schema or get_schema()
        self.segment = segmenter_named(segmenter or SEGMENTER.get())
        self.rules = rules or default_rules()
        self.finder = finder
        self.resolver = resolver
        self.relations = RelationFinder(self.rules, self.schema)

    def _resolve(self, mentions: list[Mention]) -> list[Mention]:
        out = []
        for m in mentions:
            if m.entity_id is None:
                res = self.resolver.resolve(m.name, entity_type=m.entity_type, ticker=m.ticker)
                etype = self.resolver.types.get(res.entity_id, m.entity_type)
                m = replace(m, entity_id=res.entity_id, entity_type=etype)
            out.append(m)
        return out

    def _topics(self, mentions: list[Mention]) -> list[Mention]:
        """The document's organisations, most mentioned first (ties: first mentioned)."""
        orgs = [m for m in mentions if self.schema.is_a(m.entity_type, "Organization")
                and m.method != "short"]
        counts = Counter(m.entity_id for m in mentions
                         if self.schema.is_a(m.entity_type, "Organization"))
        first: dict[str | None, Mention] = {}
        for m in orgs:
            first.setdefault(m.entity_id, m)
        return sorted(first.values(), key=lambda m: (-counts[m.entity_id], m.start))

    def extract(self, doc: Document) -> Extraction:
        text = doc.text
        new_before = {e.id for e in self.resolver.new_entities()}
        mentions = self._resolve(self.finder.find(text))
        topics = self._topics(mentions)
        topic = topics[0] if topics else None
        claims: list[SentenceClaims] = []
        antecedent: Mention | None = None
        government: Mention | None = None
        recent_facilities: list[Mention] = []
        cursor = 0
        # Triggers and cue words are found once per document; sentences ask by offset.
        folded = self.relations.triggers.fold(text)
        for sent in self.segment(text):
            while cursor < len(mentions) and mentions[cursor].end <= sent.start:
                cursor += 1
            inside = []
            j = cursor
            while j < len(mentions) and mentions[j].start < sent.end:
                if mentions[j].end <= sent.end:
                    inside.append(mentions[j])
                j += 1
            cues = SentenceCues.of(folded, sent.start, sent.end)
            if antecedent is not None and cues.pronoun():
                inside = self._with_pronouns(sent, inside, antecedent)
            if cues.government():
                inside = self._with_government(sent, inside, government)
            if len(topics) >= 2 and cues.pair():
                inside = self._with_pair(sent, inside, topics[0], topics[1])
            sc = SentenceClaims(sent)
            if inside:  # every rule names at least one argument found in the sentence
                sc.relations = self.relations.find(
                    sent.text, sent.start, inside, antecedent=antecedent, topic=topic,
                    active=self.relations.triggers.active(cues.words, cues.text))
            # Quantities only where something will use them: a deal that can carry an
            # amount or stake, or a sentence about capacity, output or purity.
            if (any(wants_money(self.schema, r.type) for r in sc.relations)
                    or cues.quantity()):
                sc.quantities = find_quantities(sent.text)
            sc.values = self._values(sent, inside, antecedent, topic, recent_facilities,
                                     sc.quantities, cues)
            if sc.relations or sc.values:
                if cues.date():
                    sc.date = _stated_date(sent.text, doc.published)
                claims.append(sc)
            orgs = [m for m in inside if self.schema.is_a(m.entity_type, "Organization")
                    and m.method != "pronoun"]
            if orgs:
                antecedent = orgs[0]
            governments = [m for m in orgs if self.schema.is_a(m.entity_type, "GovernmentBody")]
            if governments:
                government = governments[-1]
            facilities = [m for m in inside if m.entity_type == "Facility"]
            if facilities or orgs:
                # "the plant" in the next sentence means a plant named here, or none.
                recent_facilities = facilities[-3:]
        # A document that reports an offtake for a pair and, elsewhere, deliveries between
        # them keeps the offtake only: suppression applies across sentences too.
        suppressed = self.relations.suppressions(r for c in claims for r in c.relations)
        if suppressed:
            for c in claims:
                c.relations = [r for r in c.relations
                               if (self.relations.pair(r), r.type) not in suppressed]
        new = [e for e in self.resolver.new_entities() if e.id not in new_before]
        used = {m.entity_id for c in claims for r in c.relations for m in (r.source, r.target)}
        used |= {v.subject.entity_id for c in claims for v in c.values}
        return Extraction(doc, mentions, claims, [e for e in new if e.id in used], topic)

    def _with_pair(self, sent: Sentence, inside: list[Mention], first: Mention,
                   second: Mention) -> list[Mention]:
        """"The two companies" / "both companies" name the document's two main
        organisations: two mentions on one span, which the mask shows as "‹i› and ‹j›"."""
        m = _PAIR.search(sent.text)
        if m is None:
            return inside
        start, end = sent.start + m.start(), sent.start + m.end()
        if any(x.start < end and start < x.end for x in inside):
            return inside
        pair = [Mention(start, end, m.group(0), x.entity_type, "pronoun", x.entity_id,
                        canonical_text=x.name) for x in (first, second)]
        return sorted(inside + pair, key=lambda x: x.start)

    def _with_government(self, sent: Sentence, inside: list[Mention],
                         government: Mention | None) -> list[Mention]:
        """"the government"/"the administration" name the government body named last:
        before them in the sentence, else in an earlier sentence."""
        return self._with_references(sent, inside, _GOVERNMENT_ANAPHOR, "GovernmentBody",
                                     government, objects=False)

    def _with_pronouns(self, sent: Sentence, inside: list[Mention],
                       antecedent: Mention) -> list[Mention]:
        """"it"/"the company" refer to the nearest organisation before them in the sentence,
        else to the previous sentence's first organisation."""
        return self._with_references(sent, inside, _PRONOUN, "Organization", antecedent,
                                     objects=True)

    def _with_references(self, sent: Sentence, inside: list[Mention],
                         pattern: re.Pattern[str], kind: str, earlier: Mention | None, *,
                         objects: bool) -> list[Mention]:
        """Mentions for the words `pattern` finds that refer back: to the nearest mention of
        `kind` before them in the sentence, else to `earlier`. With `objects`, a word right
        after a verb ("… awarded it a grant") is that verb's object and refers back past
        the sentence's own subject."""
        extra = []
        for m in pattern.finditer(sent.text):
            start, end = sent.start + m.start(), sent.start + m.end()
            if any(x.start < end and start < x.end for x in inside):
                continue  # part of a name already found ("the US government")
            before = [x for x in inside if x.end <= start and x.method != "pronoun"
                      and self.schema.is_a(x.entity_type, kind)]
            is_object = objects and bool(_AFTER_VERB.search(sent.text[:m.start()])) and not (
                _SUBJECT_NEXT.match(sent.text[m.end():]))
            ref = before[-1] if before and not is_object else earlier
            if ref is None:
                continue
            extra.append(Mention(start, end, m.group(0), ref.entity_type, "pronoun",
                                 ref.entity_id, canonical_text=ref.name))
        return sorted(inside + extra, key=lambda x: x.start) if extra else inside

    def _values(self, sent: Sentence, inside: list[Mention], antecedent: Mention | None,
                topic: Mention | None, recent_facilities: list[Mention],
                quantities: list[Quantity], cues: SentenceCues) -> list[ValueFact]:
        facts: list[ValueFact] = []
        for q in quantities:
            if q.kind == "purity":
                owner, how = self._quantity_owner(q.start + sent.start, q.end + sent.start,
                                                  inside, antecedent, topic, recent_facilities)
                if owner is not None:
                    facts.append(ValueFact(owner, "purity", number_text(q.value), "%", None,
                                           "completed", how, "quantity-purity"))
        start = _START_YEAR.search(sent.text) if cues.start_year() else None
        if start:
            owner, how = self._quantity_owner(start.start() + sent.start,
                                              start.end() + sent.start, inside, antecedent,
                                              topic, recent_facilities)
            if owner is not None and any(self.schema.is_a(owner.entity_type, t)
                                         for t in self.schema.prop("start_year").applies_to):
                facts.append(ValueFact(owner, "start_year", start.group(1), "year", None,
                                       "announced", how, "start-year"))
        masked: str | None = None
        for rule in self.rules.facts:
            # Fact triggers are lower-case patterns: they read the folded sentence.
            if rule.trigger is not None and not rule.trigger.search(cues.text):
                continue
            masked = masked if masked is not None else mask(sent.text, sent.start, inside)
            m = rule.pattern.search(lower(masked))
            if not m:
                continue
            subject: Mention | None = None
            if m.groupdict().get("a"):
                idx = int(re.findall(r"‹(\d+)›", m.group("a"))[0])
                subject = inside[idx]
            subject = subject or antecedent or topic
            if subject is not None:
                facts.append(ValueFact(subject, rule.property, rule.value, None, None,
                                       rule.status, 0.8, rule.id))
        outputs = [q for q in quantities if q.kind in ("mass", "rate")]
        if outputs and cues.capacity() and _CAPACITY_CUE.search(sent.text):
            facts.extend(self._capacity(sent, inside, outputs, antecedent, topic,
                                        recent_facilities))
        return facts

    def _capacity(self, sent: Sentence, inside: list[Mention], outputs: list[Quantity],
                  antecedent: Mention | None, topic: Mention | None,
                  recent_facilities: list[Mention]) -> list[ValueFact]:
        past = bool(_PAST_OUTPUT.search(sent.text))
        status = "announced" if _FUTURE.search(sent.text) else "completed"
        facts = []
        for q in outputs:
            subject, how = self._quantity_owner(q.start + sent.start, q.end + sent.start, inside,
                                                antecedent, topic, recent_facilities,
                                                before=sent.text[:q.start])
            if subject is None:
                continue
            place = self.schema.is_a(subject.entity_type, "Place")
            prop = "production" if past or place else "capacity"
            if not any(self.schema.is_a(subject.entity_type, t)
                       for t in self.schema.prop(prop).applies_to):
                continue
            tail = sent.text[q.end:]
            qual_match = _QUALIFIER.match(tail)
            unit = "t/yr" if q.kind == "rate" or prop == "capacity" else "t"
            value = number_text(q.value) if q.high is None else (
                f"{number_text(q.value)}-{number_text(q.high)}")
            facts.append(ValueFact(subject, prop, value, unit,
                                   qual_match.group(1) if qual_match else None, status, how,
                                   "quantity-capacity"))
        return facts

    def _quantity_owner(self, start: int, end: int, inside: list[Mention],
                        antecedent: Mention | None, topic: Mention | None,
                        recent_facilities: list[Mention], *,
                        before: str = "") -> tuple[Mention | None, float]:
        """Whose figure is this: a facility near it, else the nearest mention, else context.

        `start`/`end` are the quantity's offsets in the document, like the mentions';
        `before` is the sentence's text before the quantity ("the company's total
        capacity would reach …" makes it the company's, not a plant's named later).
        """
        def gap(m: Mention) -> int:
            return min(abs(start - m.end), abs(m.start - end))

        near = sorted((m for m in inside if m.method != "pronoun" and gap(m) <= _NEAR), key=gap)
        facilities = [m for m in near if m.entity_type == "Facility"]
        if near and self.schema.is_a(near[0].entity_type, "Organization") and facilities:
            return facilities[0], 0.85  # "5,000 t/yr at <company>'s <plant>": the plant's
        own = _OWN_TOTAL.search(before)
        if own is not None:
            # The cue names the owner unless a facility stands between it and the figure.
            cue_at = start - len(before) + own.start()
            if not any(m.entity_type == "Facility" and cue_at <= m.start < start
                       for m in inside):
                orgs = [m for m in inside if m.end <= cue_at and m.method != "pronoun"
                        and self.schema.is_a(m.entity_type, "Organization")]
                owner = orgs[-1] if orgs else antecedent
                if owner is not None:
                    return owner, 0.75
        if near:
            return near[0], 0.8
        in_sentence = [m for m in inside if m.entity_type == "Facility"]
        if in_sentence:
            return in_sentence[0], 0.7
        if recent_facilities:
            return recent_facilities[-1], 0.65
        orgs = [m for m in inside if self.schema.is_a(m.entity_type, "Organization")]
        return (orgs[0] if orgs else antecedent or topic), 0.55


def quantity_for(claim: SentenceClaims, rel: Relation, kind: str) -> Quantity | None:
    """The amount (kind "money") or stake (kind "percent") of a relation: the quantity
    between its two mentions (the one before the target first), else just after them."""
    sent = claim.sentence
    money = [q for q in claim.quantities if q.kind == kind]
    if not money:
        return None
    lo = min(rel.source.start, rel.target.start) - sent.start
    hi = max(rel.source.end, rel.target.end) - sent.start
    between = [q for q in money if q.start >= lo and q.end <= hi]
    if between:
        target_at = rel.target.start - sent.start
        before_target = [q for q in between if q.end <= target_at]
        return before_target[-1] if before_target else between[0]
    after = [q for q in money if hi <= q.start <= hi + _NEAR]
    return after[0] if after else None


def _stated_date(text: str, published: str | None) -> str | None:
    """The first day or month the sentence names that is not after publication ("on March
    24, 2026", "last month"); years alone are too vague to date a claim."""
    try:
        found = find_dates(text, published)
    except ValueError:
        return None
    for d in found:
        if len(d.value) >= 7 and d.value[4] == "-" and d.value[5:7].isdigit() and (
                published is None or d.value <= published):
            # "in March" in a report of 24 March: the publication date is the sharper date.
            return published if published and published.startswith(d.value) else d.value
    return None


def number_text(value: float) -> str:
    """A number as stored: never in exponent form ("620000000", "12500000", "19.8")."""
    return str(int(value)) if float(value).is_integer() else f"{value:.6f}".rstrip("0")


def wants_money(schema: Schema, rel_type: str) -> bool:
    return schema.relation(rel_type).family in _MONEY_FAMILIES
