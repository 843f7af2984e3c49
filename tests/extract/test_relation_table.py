"""Table-driven tests of the rule extractor: short invented texts and the relations,
statuses and value facts they should give.

Every text is written for this table; the organisations are invented. Expectations
follow the readings of src/lodemap/data/schema.yaml and the evaluation README
("Types and direction", "Status", "Annotation rules"). A case the extractor gets
wrong is kept with a strict xfail whose reason says what it does instead: that list
is the open bug report for the rules.

Relations are compared as exact sets of (type, source, target, status), so a case
also fails on an unexpected extra relation. Symmetric types compare unordered.
"""

from __future__ import annotations

from typing import Any

import pytest

from lodemap.document import Document
from lodemap.extract.extractor import Extraction, Extractor
from lodemap.pipeline import offline_extractor, to_statements
from lodemap.schema import get_schema

Rel = tuple[str, str, str, str]

# Invented organisations (legal suffixes / head nouns so the mention finder knows them).
ZEPHYR = "Zephyr Magnetics Inc."
QMOTORS = "Quill Motors Corp."
QMETALS = "Quill Metals Corp."
BOREALIS = "Borealis Rare Earths Ltd"
TAMSIN = "Tamsin Processing Ltd"
KESTREL = "Kestrel Furnace Systems GmbH"
KESTREL_INC = "Kestrel Furnace Systems Inc."
ORRIN = "Orrin Magnet Works Ltd"
HARROW = "Harrow Capital Inc."
HARROW_LLC = "Harrow Capital Partners LLC"
OSPREY = "Osprey Ventures Corp."
OSPREY_LLC = "Osprey Ventures LLC"
DMS = "Department of Mineral Security"
LAB = "Northvale National Laboratory"


def case(case_id: str, text: str, *expected: Rel, xfail: str | None = None) -> Any:
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(text, set(expected), id=case_id, marks=marks)


CASES = [
    # --- supplies -----------------------------------------------------------------
    case("supplies-agreement-signed",
         f"{ZEPHYR} signed a supply agreement with {QMOTORS} for sintered magnets.",
         ("supplies", ZEPHYR, QMOTORS, "signed")),
    case("supplies-will-supply-announced",
         f"{ZEPHYR} will supply NdFeB magnets to {QMOTORS} from 2027.",
         ("supplies", ZEPHYR, QMOTORS, "announced")),
    case("supplies-buys-from-reversed",
         f"{ZEPHYR} has signed a contract to buy NdPr oxide from {BOREALIS} over five years.",
         ("supplies", BOREALIS, ZEPHYR, "signed")),
    case("supplies-sources-from-reversed",
         f"{ZEPHYR} will source its dysprosium from {BOREALIS} under the deal.",
         ("supplies", BOREALIS, ZEPHYR, "announced")),
    case("supplies-passive-supplied-to-by",
         f"Separated oxide is supplied to {ZEPHYR} by {BOREALIS} under a five-year contract.",
         ("supplies", BOREALIS, ZEPHYR, "signed"),
         xfail="no relation: no rule reads the passive 'is supplied to X by Y'"),
    case("supplies-customer-of-alias",
         f"{QMOTORS} is a major customer of {BOREALIS} in Europe.",
         ("supplies", BOREALIS, QMOTORS, "completed")),
    # --- offtake ------------------------------------------------------------------
    case("offtake-binding-signed",
         f"{BOREALIS} signed a binding offtake agreement with {ZEPHYR} for its mixed carbonate.",
         ("offtake", BOREALIS, ZEPHYR, "signed")),
    case("offtake-entered-into-long-term",
         f"{BOREALIS} entered into a ten-year offtake agreement with {QMETALS} covering all "
         "of its concentrate.",
         ("offtake", BOREALIS, QMETALS, "signed")),
    case("offtake-from-reversed",
         f"{QMETALS} signed an offtake for NdPr oxide from {BOREALIS} last year.",
         ("offtake", BOREALIS, QMETALS, "signed")),
    # --- distribution -------------------------------------------------------------
    case("distribution-agreement-with",
         f"{BOREALIS} signed a distribution agreement with {QMETALS} for its oxide products.",
         ("distribution", BOREALIS, QMETALS, "signed")),
    case("distribution-marketing-agreement",
         f"{BOREALIS} signed a marketing agreement with {QMETALS} covering its oxides.",
         ("distribution", BOREALIS, QMETALS, "signed")),
    case("distribution-mutual-with-both-directions",
         f"{ZEPHYR} signed a mutual distribution agreement with {QMETALS} in May.",
         ("distribution", ZEPHYR, QMETALS, "signed"),
         ("distribution", QMETALS, ZEPHYR, "signed")),
    case("distribution-reciprocal-pair-both-directions",
         f"{ZEPHYR} and {QMETALS} signed a reciprocal distribution agreement in May.",
         ("distribution", ZEPHYR, QMETALS, "signed"),
         ("distribution", QMETALS, ZEPHYR, "signed"),
         xfail="no relation: 'A and B signed a reciprocal/mutual distribution agreement' "
               "(coordinated subject, no 'with') matches no distribution rule"),
    case("distribution-grants-rights-not-funds",
         f"{BOREALIS} grants {QMETALS} the exclusive rights to market its oxides in Europe.",
         ("distribution", BOREALIS, QMETALS, "signed")),
    case("distribution-sell-for-distribution-plus-supply",
         f"{BOREALIS} sells its oxide to {QMETALS} for distribution in Japan.",
         ("distribution", BOREALIS, QMETALS, "signed"),
         ("supplies", BOREALIS, QMETALS, "completed")),
    # --- processing_partner -------------------------------------------------------
    case("processing-will-toll-treat",
         f"{TAMSIN} will toll treat the concentrate for {BOREALIS} at its plant.",
         ("processing_partner", TAMSIN, BOREALIS, "announced")),
    case("processing-tolling-agreement-reversed",
         f"{BOREALIS} signed a tolling agreement with {TAMSIN} for its concentrate.",
         ("processing_partner", TAMSIN, BOREALIS, "signed")),
    case("processing-contract-to-toll-process",
         f"{BOREALIS} signed a contract to toll-process concentrate for {QMETALS} in Texas.",
         ("processing_partner", BOREALIS, QMETALS, "signed")),
    case("processing-deliver-for-toll-is-not-a-sale",
         f"{BOREALIS} will deliver mixed carbonate to {TAMSIN} for toll processing.",
         ("processing_partner", TAMSIN, BOREALIS, "announced"),
         xfail="gives supplies Borealis -> Tamsin (announced, supply-to): material sent for "
               "toll processing is read as a sale, and no processing_partner is found"),
    # --- equipment_supplier -------------------------------------------------------
    case("equipment-will-supply-furnaces",
         f"{KESTREL_INC} will supply sintering furnaces to {ZEPHYR} for its new plant.",
         ("equipment_supplier", KESTREL_INC, ZEPHYR, "announced")),
    case("equipment-contract-to-supply",
         f"{KESTREL} signed a contract to supply sintering furnaces to {ZEPHYR} last year.",
         ("equipment_supplier", KESTREL, ZEPHYR, "signed")),
    case("equipment-ordered-from-reversed",
         f"{ZEPHYR} ordered three production lines from {KESTREL_INC} for its plant.",
         ("equipment_supplier", KESTREL_INC, ZEPHYR, "completed")),
    case("equipment-purchased-from-reversed",
         f"{QMETALS} purchased strip-casting equipment from {KESTREL} for its plant.",
         ("equipment_supplier", KESTREL, QMETALS, "completed")),
    # --- technology_licence -------------------------------------------------------
    case("licence-will-license-to",
         f"{ZEPHYR} will license its coating technology to {QMOTORS} from next year.",
         ("technology_licence", ZEPHYR, QMOTORS, "announced")),
    case("licence-licensed-from-reversed",
         f"{QMOTORS} signed a deal to license a recycling process from {ZEPHYR} last week.",
         ("technology_licence", ZEPHYR, QMOTORS, "signed")),
    case("licence-agreement-with-reversed",
         f"{QMOTORS} signed a licence agreement with {ZEPHYR} for its coating technology.",
         ("technology_licence", ZEPHYR, QMOTORS, "signed")),
    case("licence-cross-licence-signed-both-directions",
         f"{ZEPHYR} and {ORRIN} signed a cross-licence covering their NdFeB patents.",
         ("technology_licence", ZEPHYR, ORRIN, "signed"),
         ("technology_licence", ORRIN, ZEPHYR, "signed")),
    case("licence-existing-cross-licence-completed",
         f"The cross-licence between {ZEPHYR} and {ORRIN} covers grain-boundary diffusion "
         "patents.",
         ("technology_licence", ZEPHYR, ORRIN, "completed"),
         ("technology_licence", ORRIN, ZEPHYR, "completed")),
    # --- funds --------------------------------------------------------------------
    case("funds-awarded-to",
         f"The {DMS} awarded $12 million to {ZEPHYR} for a magnet plant.",
         ("funds", DMS, ZEPHYR, "completed")),
    case("funds-awarded-recipient-grant",
         f"The {DMS} awarded {ZEPHYR} a $12 million grant.",
         ("funds", DMS, ZEPHYR, "completed")),
    case("funds-loan-to",
         f"The {DMS} provided a $620 million loan to {BOREALIS} for its refinery.",
         ("funds", DMS, BOREALIS, "completed")),
    case("funds-passive-was-awarded-by",
         f"{ZEPHYR} was awarded a $15 million grant by the {DMS} last week.",
         ("funds", DMS, ZEPHYR, "completed")),
    case("funds-government-name-then-weekday",
         f"The {DMS} on Monday awarded $3 million to {ZEPHYR} for a pilot line.",
         ("funds", DMS, ZEPHYR, "completed")),
    case("funds-funded-by",
         f"{ZEPHYR} is funded by the {DMS} through its magnet programme.",
         ("funds", DMS, ZEPHYR, "completed")),
    case("funds-received-loan-from",
         f"{ZEPHYR} received a $30 million loan from the {DMS} last month.",
         ("funds", DMS, ZEPHYR, "completed")),
    case("funds-will-provide-announced",
         f"The {DMS} will provide $50 million to {ZEPHYR} for its plant.",
         ("funds", DMS, ZEPHYR, "announced")),
    case("funds-government-loi-proposed",
         f"The {DMS} signed a non-binding letter of intent with {BOREALIS} for a $400 million "
         "loan.",
         ("funds", DMS, BOREALIS, "proposed")),
    case("funds-company-signs-loi-with-government-proposed",
         f"{QMETALS} signed a letter of intent with the {DMS} for a $200 million loan.",
         ("funds", DMS, QMETALS, "proposed")),
    case("funds-government-issued-loi-proposed",
         f"The {DMS} issued a letter of intent to {BOREALIS} for a $150 million loan.",
         ("funds", DMS, BOREALIS, "proposed"),
         xfail="no relation: 'issued a letter of intent to X for a loan' matches neither the "
               "funds-to verbs nor the mou-with rule"),
    # --- invests_in ---------------------------------------------------------------
    case("invests-invested-in",
         f"{HARROW_LLC} invested $30 million in {ZEPHYR} last year.",
         ("invests_in", HARROW_LLC, ZEPHYR, "completed")),
    case("invests-stake-in",
         f"{HARROW} took a 12% stake in {BOREALIS} in February.",
         ("invests_in", HARROW, BOREALIS, "completed")),
    case("invests-led-round",
         f"{HARROW_LLC} led a $40 million Series B round in {ZEPHYR} this spring.",
         ("invests_in", HARROW_LLC, ZEPHYR, "completed")),
    case("invests-round-led-by",
         f"{ZEPHYR} raised $40 million in a Series B round led by {HARROW} last month.",
         ("invests_in", HARROW, ZEPHYR, "completed")),
    case("invests-investors-include-coordinated",
         f"Investors in {ZEPHYR} include {HARROW} and {OSPREY} among others.",
         ("invests_in", HARROW, ZEPHYR, "completed"),
         ("invests_in", OSPREY, ZEPHYR, "completed")),
    case("invests-investors-include-topic-from-previous-sentence",
         f"{ZEPHYR} closed a $25 million funding round. Investors include {HARROW} and "
         f"{OSPREY} among others.",
         ("invests_in", HARROW, ZEPHYR, "completed"),
         ("invests_in", OSPREY, ZEPHYR, "completed")),
    case("invests-government-warrants-announced",
         f"The {DMS} will receive warrants in {BOREALIS} as part of the deal.",
         ("invests_in", DMS, BOREALIS, "announced")),
    case("invests-bought-shares",
         f"{HARROW} bought shares in {BOREALIS} during the placement.",
         ("invests_in", HARROW, BOREALIS, "completed")),
    case("invests-option-to-take-stake-proposed",
         f"{HARROW} has an option to take a stake in {ZEPHYR} next year.",
         ("invests_in", HARROW, ZEPHYR, "proposed")),
    # --- acquires -----------------------------------------------------------------
    case("acquires-active-completed",
         f"{QMETALS} acquired {TAMSIN} for $85 million.",
         ("acquires", QMETALS, TAMSIN, "completed")),
    case("acquires-passive-acquired-by",
         f"{TAMSIN} was acquired by {QMETALS} last year.",
         ("acquires", QMETALS, TAMSIN, "completed")),
    case("acquires-acquisition-of-by",
         f"The acquisition of {TAMSIN} by {QMETALS} closed in March.",
         ("acquires", QMETALS, TAMSIN, "completed")),
    case("acquires-will-acquire-announced",
         f"{QMETALS} will acquire {TAMSIN} for $85 million in cash.",
         ("acquires", QMETALS, TAMSIN, "announced")),
    case("acquires-definitive-agreement-signed",
         f"{QMETALS} signed a definitive agreement to acquire {TAMSIN} for $85 million.",
         ("acquires", QMETALS, TAMSIN, "signed")),
    case("acquires-takeover-offer-from-proposed",
         f"{BOREALIS} rejected a takeover offer from {QMETALS} in January.",
         ("acquires", QMETALS, BOREALIS, "proposed")),
    case("acquires-offer-to-acquire-proposed",
         f"{QMETALS} has made an offer to acquire {BOREALIS} for $2 billion.",
         ("acquires", QMETALS, BOREALIS, "proposed")),
    case("acquires-takeover-offer-for-proposed",
         f"{QMETALS} made a takeover offer for {BOREALIS} in January.",
         ("acquires", QMETALS, BOREALIS, "proposed")),
    # --- subsidiary_of ------------------------------------------------------------
    case("subsidiary-appositive",
         f"{TAMSIN}, a subsidiary of {QMETALS}, runs the plant.",
         ("subsidiary_of", TAMSIN, QMETALS, "completed")),
    case("subsidiary-wholly-owned-appositive",
         f"{ZEPHYR}, a wholly owned subsidiary of {QMETALS}, makes magnets.",
         ("subsidiary_of", ZEPHYR, QMETALS, "completed")),
    case("subsidiary-possessive",
         f"{QMETALS}'s subsidiary {TAMSIN} operates a separation line.",
         ("subsidiary_of", TAMSIN, QMETALS, "completed")),
    case("subsidiary-copula-is-a-subsidiary-of",
         f"{ZEPHYR} is a subsidiary of {QMETALS} based in Ohio.",
         ("subsidiary_of", ZEPHYR, QMETALS, "completed")),
    # --- joint_venture ------------------------------------------------------------
    case("jv-between",
         f"The joint venture between {ZEPHYR} and {QMETALS} will build a magnet plant.",
         ("joint_venture", ZEPHYR, QMETALS, "completed")),
    case("jv-formed-with",
         f"{BOREALIS} formed a joint venture with {QMETALS} to refine oxides.",
         ("joint_venture", BOREALIS, QMETALS, "completed")),
    case("jv-pair-formed",
         f"{ZEPHYR} and {QMETALS} formed a joint venture to build a magnet plant.",
         ("joint_venture", ZEPHYR, QMETALS, "completed")),
    case("jv-between-ltd-and-corp",
         f"The joint venture between {BOREALIS} and {QMETALS} will build a refinery.",
         ("joint_venture", BOREALIS, QMETALS, "completed")),
    # --- research_partner ---------------------------------------------------------
    case("research-will-collaborate-with",
         f"{ZEPHYR} will collaborate with {LAB} on magnet recycling.",
         ("research_partner", ZEPHYR, LAB, "announced")),
    case("research-plans-to-collaborate-with",
         f"{ZEPHYR} plans to collaborate with {LAB} on new alloys.",
         ("research_partner", ZEPHYR, LAB, "announced")),
    case("research-partnered-with",
         f"{ZEPHYR} partnered with {LAB} to develop a cerium magnet.",
         ("research_partner", ZEPHYR, LAB, "completed")),
    case("research-working-with",
         f"{ZEPHYR} is working with {LAB} on recycling swarf.",
         ("research_partner", ZEPHYR, LAB, "completed")),
    case("research-agreement-to-jointly-develop",
         f"{ZEPHYR} signed an agreement with {LAB} to jointly develop cerium magnets.",
         ("research_partner", ZEPHYR, LAB, "signed")),
    # --- mou ------------------------------------------------------------------------
    case("mou-signed-with",
         f"{ZEPHYR} signed a memorandum of understanding with {BOREALIS} on recycling.",
         ("mou", ZEPHYR, BOREALIS, "signed")),
    case("mou-pair-signed",
         f"{QMETALS} and {BOREALIS} signed a memorandum of understanding to study a refinery.",
         ("mou", QMETALS, BOREALIS, "signed")),
    case("mou-with-planned-jv-proposed",
         f"{ZEPHYR} signed a memorandum of understanding with {BOREALIS} to explore a joint "
         "venture.",
         ("mou", ZEPHYR, BOREALIS, "signed"),
         ("joint_venture", ZEPHYR, BOREALIS, "proposed"),
         xfail="gives only mou (signed): a JV planned inside an MoU is not also emitted as "
               "joint_venture / proposed (README 'Non-binding instruments')"),
    case("mou-loi-with-purchase-flow-proposed",
         f"{ZEPHYR} signed a letter of intent with {BOREALIS} to buy NdPr oxide.",
         ("mou", ZEPHYR, BOREALIS, "signed"),
         ("supplies", BOREALIS, ZEPHYR, "proposed"),
         xfail="gives only mou (signed): the purchase flow stated inside the LOI is not "
               "emitted as supplies Borealis -> Zephyr / proposed"),
    # --- competes_with --------------------------------------------------------------
    case("competes-with",
         f"{ZEPHYR} competes with {ORRIN} in the European magnet market.",
         ("competes_with", ZEPHYR, ORRIN, "unknown")),
    case("competes-rivals-verb",
         f"{ORRIN} rivals {ZEPHYR} in sintered magnets.",
         ("competes_with", ORRIN, ZEPHYR, "unknown")),
    case("competes-against",
         f"{ORRIN} competes against {ZEPHYR} for automotive contracts.",
         ("competes_with", ORRIN, ZEPHYR, "unknown")),
    case("competes-is-a-rival-to",
         f"{ORRIN} is a rival to {ZEPHYR} in sintered magnets.",
         ("competes_with", ORRIN, ZEPHYR, "unknown")),
    case("competes-pair-are-competitors",
         f"{ZEPHYR} and {ORRIN} are fierce competitors in Europe.",
         ("competes_with", ZEPHYR, ORRIN, "unknown")),
    # --- coordination -----------------------------------------------------------------
    case("coord-two-investors",
         f"{HARROW} and {OSPREY} invested in {ZEPHYR} last year.",
         ("invests_in", HARROW, ZEPHYR, "completed"),
         ("invests_in", OSPREY, ZEPHYR, "completed")),
    case("coord-two-investors-with-amount",
         f"{HARROW} and {OSPREY} invested $10 million each in {ZEPHYR}.",
         ("invests_in", HARROW, ZEPHYR, "completed"),
         ("invests_in", OSPREY, ZEPHYR, "completed")),
    case("coord-allocated-amounts-to-two",
         f"The {DMS} allocated $5 million to {ZEPHYR} and $3 million to {ORRIN} for pilot "
         "lines.",
         ("funds", DMS, ZEPHYR, "completed"),
         ("funds", DMS, ORRIN, "completed")),
    case("coord-licence-to-two",
         f"{ZEPHYR} will license its coating technology to {QMOTORS} and {ORRIN} in Europe.",
         ("technology_licence", ZEPHYR, QMOTORS, "announced"),
         ("technology_licence", ZEPHYR, ORRIN, "announced")),
    case("coord-two-llc-investors",
         f"{HARROW_LLC} and {OSPREY_LLC} invested in {ZEPHYR} last year.",
         ("invests_in", HARROW_LLC, ZEPHYR, "completed"),
         ("invests_in", OSPREY_LLC, ZEPHYR, "completed")),
    case("coord-funded-by-government-and-investor",
         f"{ZEPHYR} is funded by the {DMS} and {HARROW} through its Series A.",
         ("funds", DMS, ZEPHYR, "completed"),
         ("invests_in", HARROW, ZEPHYR, "completed"),
         xfail="gives one funds from 'Department of Mineral Security and Harrow Capital Inc': "
               "the government-name mention swallows the coordinated company"),
    # --- appositives ------------------------------------------------------------------
    case("appositive-subsidiary-then-supply",
         f"{TAMSIN}, a subsidiary of {QMETALS}, signed a supply agreement with {ZEPHYR} for "
         "oxide.",
         ("supplies", TAMSIN, ZEPHYR, "signed"),
         ("subsidiary_of", TAMSIN, QMETALS, "completed")),
    case("appositive-unit-then-will-supply",
         f"{BOREALIS}, a unit of {QMETALS}, will supply NdPr oxide to {ZEPHYR} from 2027.",
         ("supplies", BOREALIS, ZEPHYR, "announced"),
         ("subsidiary_of", BOREALIS, QMETALS, "completed")),
    # --- pronouns ---------------------------------------------------------------------
    case("pronoun-it-offtake",
         f"{ZEPHYR} opened a plant in Ohio. It signed an offtake agreement with {QMOTORS} for "
         "its magnets.",
         ("offtake", ZEPHYR, QMOTORS, "signed")),
    case("pronoun-it-will-supply",
         f"{ZEPHYR} is building a magnet plant in Ohio. It will supply magnets to {QMOTORS} "
         "starting in 2027.",
         ("supplies", ZEPHYR, QMOTORS, "announced")),
    case("pronoun-the-company-will-supply",
         f"{ZEPHYR} opened a plant in Ohio. The company will supply magnets to {QMOTORS} from "
         "next year.",
         ("supplies", ZEPHYR, QMOTORS, "announced")),
    case("pronoun-the-company-mou",
         f"{BOREALIS} reported record output. The company signed a memorandum of "
         f"understanding with {ORRIN} on recycling.",
         ("mou", BOREALIS, ORRIN, "signed")),
    case("pronoun-it-as-object-of-award",
         f"{ZEPHYR} is building a magnet plant in Ohio. The {DMS} awarded it a $40 million "
         "grant last week.",
         ("funds", DMS, ZEPHYR, "completed")),
    case("pronoun-the-company-as-object-of-acquired",
         f"{ZEPHYR} is building a magnet plant in Ohio. {QMETALS} acquired the company in "
         "2025 for $300 million.",
         ("acquires", QMETALS, ZEPHYR, "completed")),
    # --- statuses -----------------------------------------------------------------------
    case("status-proposed-would",
         f"{ZEPHYR} would supply magnets to {QMOTORS} under the proposed arrangement.",
         ("supplies", ZEPHYR, QMOTORS, "proposed")),
    case("status-proposed-could-if",
         f"{BOREALIS} could supply oxide to {ZEPHYR} if the plant is built.",
         ("supplies", BOREALIS, ZEPHYR, "proposed")),
    case("status-proposed-non-binding-offtake",
         f"{BOREALIS} signed a non-binding offtake agreement with {ZEPHYR} for its oxide.",
         ("offtake", BOREALIS, ZEPHYR, "proposed")),
    case("status-proposed-in-talks-to-supply",
         f"{BOREALIS} is in talks to supply NdPr oxide to {ZEPHYR} over ten years.",
         ("supplies", BOREALIS, ZEPHYR, "proposed")),
    case("status-proposed-in-talks-with-to-supply",
         f"{BOREALIS} is in talks with {ZEPHYR} to supply NdPr oxide.",
         ("supplies", BOREALIS, ZEPHYR, "proposed"),
         xfail="no relation: 'in talks with X to supply' - deal-with-to-supply needs a "
               "deal/agreement noun before 'with'"),
    case("status-proposed-would-acquire",
         f"{QMETALS} would acquire {TAMSIN} under the proposed terms.",
         ("acquires", QMETALS, TAMSIN, "proposed")),
    case("status-completed-standing-supply",
         f"{BOREALIS} supplies separated NdPr oxide to {ZEPHYR} for its Ohio plant.",
         ("supplies", BOREALIS, ZEPHYR, "completed")),
    case("status-terminated-offtake",
         f"{BOREALIS} terminated its offtake agreement with {ZEPHYR} in March.",
         ("offtake", BOREALIS, ZEPHYR, "terminated")),
    case("status-terminated-ended-supply",
         f"{ZEPHYR} ended its supply agreement with {QMOTORS} early.",
         ("supplies", ZEPHYR, QMOTORS, "terminated")),
    case("status-terminated-walked-away-acquisition",
         f"{QMETALS} walked away from its planned acquisition of {TAMSIN} in June.",
         ("acquires", QMETALS, TAMSIN, "terminated")),
    case("status-terminated-abandoned-bid",
         f"{QMETALS} abandoned its bid for {TAMSIN} after the regulator objected.",
         ("acquires", QMETALS, TAMSIN, "terminated")),
    case("status-negated-has-not-signed",
         f"{ZEPHYR} has not signed a supply agreement with {BOREALIS} so far.",
         ("supplies", ZEPHYR, BOREALIS, "negated")),
    case("status-negated-does-not-supply",
         f"{BOREALIS} does not supply oxide to {ZEPHYR} at present.",
         ("supplies", BOREALIS, ZEPHYR, "negated")),
    case("status-negated-never-supplied",
         f"{BOREALIS} has never supplied oxide to {QMETALS} so far.",
         ("supplies", BOREALIS, QMETALS, "negated")),
    case("status-negated-did-not-acquire",
         f"{QMETALS} did not acquire {TAMSIN} in the end.",
         ("acquires", QMETALS, TAMSIN, "negated")),
    case("status-negated-not-awarded",
         f"The {DMS} has not awarded any grant to {ZEPHYR} this year.",
         ("funds", DMS, ZEPHYR, "negated")),
    # --- no relation ----------------------------------------------------------------------
    case("none-two-companies-no-trigger",
         f"{ZEPHYR} and {QMOTORS} are both based in Ohio."),
    case("none-met-at-trade-fair",
         f"{ZEPHYR} and {QMETALS} met at a trade fair in Munich on Monday."),
    case("none-hired-executive-from",
         f"{ZEPHYR} hired a new chief executive from {QMOTORS} in May."),
    case("none-supply-chain-one-org",
         f"{ZEPHYR} wants to strengthen the supply chain for magnets in the United States."),
    case("none-supply-chain-two-orgs",
         f"{BOREALIS} says the supply chain for {QMETALS} remains fragile."),
    case("none-hypothetical-one-org",
         f"A new refinery could supply the whole market, {ZEPHYR} said on Monday."),
    case("none-hypothetical-one-org-would",
         f"If built, the plant would supply magnets to carmakers, according to {ZEPHYR} on "
         "Monday."),
    case("none-forecast-one-org",
         f"{ZEPHYR} says demand for magnets could double by 2030."),
    # --- name boundaries (mention finder) ---------------------------------------------------
    case("names-sentence-final-ltd",
         f"{QMOTORS} buys NdPr oxide from {BOREALIS}.",
         ("supplies", BOREALIS, QMOTORS, "signed"),
         xfail="supplies from 'Borealis Rare Earths' (no Ltd): a sentence-final 'Ltd.' is "
               "split off and matched as a separate gazetteer organisation 'Ltd.'"),
    case("names-sentence-final-llc",
         f"{ZEPHYR} raised $40 million in a Series B round led by {HARROW_LLC}.",
         ("invests_in", HARROW_LLC, ZEPHYR, "completed")),
    # --- asides, owners and preliminary instruments -----------------------------------
    case("invests-percent-owned-by-inside-aside",
         f"{TAMSIN}, which is 40% owned by {HARROW}, plans a second line.",
         ("invests_in", HARROW, TAMSIN, "completed")),
    case("subsidiary-holding-company-inside-aside",
         f"{ZEPHYR} bought magnets. {OSPREY}, the holding company of {ZEPHYR}, reported "
         "higher sales.",
         ("subsidiary_of", ZEPHYR, OSPREY, "completed")),
    case("subsidiary-division-in-parentheses",
         f"{ORRIN} (a division of {QMETALS}) shipped rotors last year.",
         ("subsidiary_of", ORRIN, QMETALS, "completed")),
    case("subsidiary-wholly-owned-of-the-sentence-subject",
         f"{QMETALS} reported progress through {TAMSIN}, a wholly owned subsidiary based "
         "in Ohio.",
         ("subsidiary_of", TAMSIN, QMETALS, "completed")),
    case("subsidiary-descriptor-names-the-previous-organisation",
         f"{QMETALS} won an order. The work goes to subsidiary {TAMSIN} in Ohio.",
         ("subsidiary_of", TAMSIN, QMETALS, "completed")),
    case("mou-non-binding-term-sheet",
         f"{BOREALIS} signed a non-binding offtake term sheet with {QMOTORS}.",
         ("mou", BOREALIS, QMOTORS, "signed"),
         ("offtake", BOREALIS, QMOTORS, "proposed")),
    case("mou-binding-term-sheet-is-no-mou",
         f"{BOREALIS} signed a binding offtake term sheet with {QMOTORS}.",
         ("offtake", BOREALIS, QMOTORS, "signed")),
    case("funds-support-secured-from-agency",
         f"{BOREALIS} is building a refinery. Further funding has been secured from the "
         f"{DMS} for the second stage.",
         ("funds", DMS, BOREALIS, "completed")),
    case("invests-the-government-names-the-agency-before-it",
         f"The {DMS} has widened its programme, with the government taking equity stakes "
         f"in firms including {BOREALIS} and {TAMSIN} this year.",
         ("invests_in", DMS, BOREALIS, "completed"), ("invests_in", DMS, TAMSIN, "completed")),
    case("funds-the-government-names-an-earlier-agency",
         f"The {DMS} opened a new office. Last month the government lent {ZEPHYR} "
         "$40 million.",
         ("funds", DMS, ZEPHYR, "completed")),
    case("negated-has-no-agreement",
         f"{QMETALS} has no supply agreement with {QMOTORS} for its oxide.",
         ("supplies", QMETALS, QMOTORS, "negated")),
    case("supplies-facility-stands-for-its-owner",
         f"{TAMSIN} will refine ore bought from {BOREALIS}' Kelby Mine in Nevada.",
         ("supplies", BOREALIS, TAMSIN, "announced")),
]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return offline_extractor()


def _extract(extractor: Extractor, text: str) -> Extraction:
    doc = Document(text=text, source="case", published="2026-05-01")
    return extractor.extract(doc)


def _normalise(rels: set[Rel]) -> set[Rel]:
    """Symmetric types are stored in mention order and compared unordered."""
    schema = get_schema()
    out = set()
    for rtype, src, tgt, status in rels:
        if schema.relation(rtype).symmetric:
            src, tgt = sorted((src, tgt))
        out.add((rtype, src, tgt, status))
    return out


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_relations(extractor: Extractor, text: str, expected: set[Rel]) -> None:
    extraction = _extract(extractor, text)
    got = {(r.type, r.source.name, r.target.name, r.status) for _, r in extraction.relations}
    assert _normalise(got) == _normalise(expected)


def test_table_covers_every_evaluation_type_and_status() -> None:
    types = {rel[0] for p in CASES for rel in p.values[1]}
    statuses = {rel[3] for p in CASES for rel in p.values[1]}
    for t in ("supplies", "offtake", "distribution", "processing_partner",
              "equipment_supplier", "technology_licence", "funds", "invests_in", "acquires",
              "subsidiary_of", "joint_venture", "research_partner", "mou", "competes_with"):
        assert t in types, t
    for s in ("signed", "announced", "proposed", "completed", "terminated", "negated"):
        assert s in statuses, s
    ids = [p.id for p in CASES]
    assert len(ids) == len(set(ids))


VALUE_CASES = [
    pytest.param(f"{BOREALIS} plans a 5,000 tonnes per year separation plant in Nevada.",
                 ("capacity", BOREALIS, "5000", "t/yr"), id="capacity-planned-plant"),
    pytest.param(f"{BOREALIS} has a capacity of 2,000 tonnes per year of NdPr oxide.",
                 ("capacity", BOREALIS, "2000", "t/yr"), id="capacity-stated"),
    # A known facility ("Stillwater plant" in the pack) named by its place.
    pytest.param("The new magnet factory in Stillwater will produce 900 tonnes per year.",
                 ("capacity", "Stillwater", "900", "t/yr"), id="capacity-site-named-by-its-place"),
    pytest.param(f"{BOREALIS} plans a second line. With it, the company's total oxide "
                 "capacity would reach 8,000 tonnes per year, against 3,000 tonnes per year "
                 "at its Kelby Works plant today.",
                 ("capacity", BOREALIS, "8000", "t/yr"), id="capacity-the-companys-total"),
    pytest.param(f"{BOREALIS} produced 2,400 tonnes of NdPr oxide in 2025.",
                 ("production", BOREALIS, "2400", "t"), id="production-past-tense"),
    pytest.param(f"{ZEPHYR} does not yet have committed customers for its magnets.",
                 ("committed_customers", ZEPHYR, "false", None),
                 id="committed-customers-does-not-have"),
    pytest.param(f"{ZEPHYR} has no binding offtake agreements yet.",
                 ("committed_customers", ZEPHYR, "false", None),
                 id="committed-customers-has-no-binding-offtake"),
]


@pytest.mark.parametrize(("text", "expected"), VALUE_CASES)
def test_value_facts(extractor: Extractor, text: str,
                     expected: tuple[str, str, str, str | None]) -> None:
    extraction = _extract(extractor, text)
    got = {(v.property, v.subject.name, v.value, v.unit) for _, v in extraction.values}
    assert expected in got
    assert not extraction.relations


AMOUNT_CASES = [
    pytest.param(f"The {DMS} approved a $620 million loan to {BOREALIS} for its refinery.",
                 BOREALIS, "620000000", id="amount-620-million-loan"),
    pytest.param(f"The {DMS} awarded {ZEPHYR} a $12.5 million grant.",
                 ZEPHYR, "12500000", id="amount-12.5-million-grant"),
    pytest.param(f"{HARROW} invested $750,000 in {ZEPHYR} last year.",
                 ZEPHYR, "750000", id="amount-below-a-million"),
]


@pytest.mark.parametrize(("text", "subject", "value"), AMOUNT_CASES)
def test_funding_amount_statement(extractor: Extractor, text: str, subject: str,
                                  value: str) -> None:
    extraction = _extract(extractor, text)
    amounts = {(s.subject_text, s.value, s.unit)
               for s in to_statements(extraction, extractor) if s.predicate == "amount"}
    assert amounts == {(subject, value, "USD")}


def test_the_two_companies_names_the_documents_two_main_organisations(extractor: Any) -> None:
    from lodemap.document import Document

    text = ("Zephyr Magnetics Inc. is buying oxide from Borealis Rare Earths Ltd. "
            "Zephyr Magnetics Inc. plans a second plant. "
            "Separately, the two companies have signed a memorandum of understanding on "
            "recycling.")
    ex = extractor.extract(Document(text=text, source="case"))
    got = {(r.type, frozenset((r.source.name, r.target.name)), r.status)
           for _, r in ex.relations}
    assert ("mou", frozenset({"Zephyr Magnetics Inc.", "Borealis Rare Earths Ltd."}),
            "signed") in got



# Names found from context, asides, document terms and more funding wordings: the exact
# set of (type, source, target) each text gives.
CONTEXT_CASES = [
    pytest.param("Vantor signed a supply agreement with Quill Metals Corp. in May.",
                 {("supplies", "Vantor", "Quill Metals Corp.")},
                 id="one-word-subject-of-deal-verb"),
    pytest.param("Harlow's offtake with Quill Metals Corp. runs to 2030.",
                 {("offtake", "Harlow", "Quill Metals Corp.")}, id="one-word-owner-of-deal-word"),
    pytest.param("Today signed deals were few, said Quill Metals Corp.", set(),
                 id="common-word-is-no-name"),
    pytest.param("Zephyr Magnetics Inc., the largest magnet maker in Texas, and Quill Metals "
                 "Corp., a refiner of separated oxides, today announced the signing of a "
                 "Memorandum of Understanding (MoU) on recycling.",
                 {("mou", "Zephyr Magnetics Inc.", "Quill Metals Corp.")},
                 id="acronym-of-a-document-term-is-no-party"),
    pytest.param("Borealis Rare Earths Ltd, which opened its first plant in Ontario in 2024, has "
                 "agreed to supply oxide for Zephyr Magnetics Inc. from next year.",
                 {("supplies", "Borealis Rare Earths Ltd", "Zephyr Magnetics Inc.")},
                 id="relative-clause-aside"),
    pytest.param("Quill Metals Corp. expects a $40 million grant. The refinery was built with "
                 "over $1 billion in aid from the federal government.",
                 {("funds", "federal government", "Quill Metals Corp.")},
                 id="aid-from-a-government"),
    pytest.param("Borealis Rare Earths Ltd signed an offtake agreement with Zephyr Magnetics Inc. "
                 "in March. Borealis Rare Earths Ltd is already supplying Zephyr Magnetics Inc. "
                 "from its pilot plant.",
                 {("offtake", "Borealis Rare Earths Ltd", "Zephyr Magnetics Inc.")},
                 id="offtake-in-one-sentence-rules-out-supplies-in-another"),
    pytest.param("Borealis Rare Earths Ltd signed the loan. It is an option for the Department "
                 "of Mineral Security to take a minority stake in the company.",
                 {("invests_in", "Department of Mineral Security", "Borealis Rare Earths Ltd")},
                 id="the-company-after-a-preposition-looks-back"),
]


@pytest.mark.parametrize(("text", "expected"), CONTEXT_CASES)
def test_context_cases(extractor: Extractor, text: str,
                       expected: set[tuple[str, str, str]]) -> None:
    from lodemap.document import Document

    ex = extractor.extract(Document(text=text, source="case"))
    assert {(r.type, r.source.name, r.target.name) for _, r in ex.relations} == expected
