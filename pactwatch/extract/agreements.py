"""Agreements: written instruments between states or their agencies.

Each mention of an instrument noun becomes a record unless it refers back to one already seen
("the treaty", "the MoU on drug control" told twice). "Signed six agreements" is six records;
the status comes from the verbs around the mention (signed / under negotiation / implemented).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from pactwatch.extract.context import ArticleFacts, SentenceFacts
from pactwatch.extract.dates import MONTHS, DateMention
from pactwatch.extract.model import Agreement, Event, Evidence
from pactwatch.extract.topics import find_topics
from pactwatch.extract.triggers import finditer_from_starts, kinds_present, may_hold, search_from_starts

I = re.I  # noqa: E741

INSTRUMENT = re.compile(
    r"\b(?P<memorandum>memorand(?:um|a) of (?:understanding|cooperation|agreement)|memorand(?:um|a)|MoUs?|MOUs?"
    r"|letters? of intent|notes? of cooperation)\b"
    r"|\b(?P<treaty>treat(?:y|ies)|conventions?)\b"
    r"|\b(?P<plan>(?:cooperation|co-operation|action|work|working) plans?|plans? of action|road ?maps?"
    r"|(?:cooperation|co-operation|action|work|exchange) program(?:me)?s?)\b"
    r"|\b(?P<agreement>agreements?|protocols?|accords?|pacts?|CEPA|FTAs?|free trade agreements?|"
    r"(?:signed|ratified) (?:a |the )?joint (?:declaration|statement|communiqu[eé])|implementing arrangements?|"
    r"(?:signed|inked) (?:the )?(?:meeting )?minutes)\b",
    I,
)
# Where every match of INSTRUMENT starts, in lower case: "mou", "treat", "work" ("work plan"), "signed"
# ("signed the joint statement")... A search for these plain letters is fast where INSTRUMENT, which opens
# with \b and ignores case, is tried at every position.
INSTRUMENT_START = re.compile(
    r"memorand|mou|letter|note|treat|convention|cooperation|co-operation|action|work|plan|road|exchange|agreement|"
    r"protocol|accord|pact|cepa|fta|free trade|signed|ratified|implementing|inked"
)


def instruments_in(norm: str, low: str) -> list[re.Match[str]]:
    """`list(INSTRUMENT.finditer(norm))`, INSTRUMENT tried only where INSTRUMENT_START finds a start in `low`
    (`norm.lower()`)."""
    return finditer_from_starts(INSTRUMENT, INSTRUMENT_START, norm, low)


# Cheap substring tests (on lower case) before the instrument regex runs on a sentence.
INSTRUMENT_STEMS = ("minutes", "program", "memorand", "mou", "letter of", "letters of", "note of", "notes of", "treat",
                    "convention", "plan", "road map", "roadmap", "agreement", "protocol", "accord", "pact", "cepa",
                    "fta", "joint declaration", "joint statement", "joint communiq", "arrangement", "deal")
_STEM_KINDS = tuple((stem, "instrument") for stem in INSTRUMENT_STEMS)
# Stricter than the stems, and still found in (the lower case of) every ASCII text INSTRUMENT matches:
# "planned", "according to" and a joint statement nobody signed name no instrument.
INSTRUMENT_WORDS = ("memorand", "mou", "letter of", "letters of", "note of", "notes of", "treaty", "treaties",
                    "convention", "n plan", "k plan", "g plan", "plan of action", "plans of action", "road map",
                    "roadmap", "n program", "k program", "e program", "agreement", "protocol", "pact", "cepa", "fta",
                    "implementing arrangement", "minutes")
JOINT_TEXTS = ("joint declaration", "joint statement", "joint communiq")


def may_name_instrument(norm: str, low: str | None = None) -> bool:
    """False only when INSTRUMENT cannot match `norm` (see triggers.may_hold for why only ASCII);
    `low` is `norm.lower()` when the caller has it already."""
    low = norm.lower() if low is None else low
    if may_hold(norm, INSTRUMENT_WORDS, low):
        return True
    # "accords?" ends a word; "according" cannot overlap an "accord" that does.
    if "accord" in low.replace("according", ""):
        return True
    return ("signed" in low or "ratified" in low) and any(text in low for text in JOINT_TEXTS)
ANNIVERSARY_OF_SIGNING = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th) anniversary of (?:the )?signing of\b[^.;]*$", I)
YEAR_AFTER = re.compile(
    r"\s+(?:of|signed in|in|from)\s+(?:(?P<month>January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s+)?(?P<year>(?:19|20)\d\d)\b"
)
NAMED_YEAR = re.compile(r"\b((?:19|20)\d\d)\s+(?:[\w-]+\s+){0,3}$")
CLAUSE_END = re.compile(r"[;]|\.\s|, (?:while|but|and the|which allows)\b|,? and (?:agreed|pledged|decided|vowed)\b")
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9, "10": 10, "both": 2, "a pair of": 2}
COUNT_BEFORE = re.compile(
    r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|[2-9]|10)\s+(?:other\s+|more\s+|new\s+|key\s+|"
    r"bilateral\s+|cooperation\s+|co-operation\s+|pivotal\s+|major\s+|separate\s+|ministerial\s+|\w+\s+)?"
    r"(?:\w+\s+)?$",
    I,
)
NOT_INSTRUMENT = re.compile(
    r"\b(?:reached (?:an |a )?(?:broad )?agreement|in agreement|agreement (?:on the importance|that)|"
    r"convention (?:cent(?:er|re)|hall)|by convention|Law (?:of [A-Z]\w+ )?on (?:the )?(?:International )?Treaties|"
    r"UN Convention|Convention (?:of|on) (?:the )?Law of the Sea|deal(?:s|t|ing)? with|a (?:great|good) deal|"
    r"big deal|protocol (?:officer|department|chief|rules)|diplomatic protocol|"
    r"(?:in line|in accordance) with protocol)\b",
    I,
)
NEGOTIATING = re.compile(
    r"\b(?:negotiat\w*|conclud(?:e|ing)|conclusion|finali[sz](?:e|ed|ing|ation)|proposed|draft(?:ing|ed)?|"
    r"working to sign|to be signed|expected to be (?:signed|finali[sz]ed|inked)|will sign|plans? to sign|"
    r"toward|towards|under discussion|talks on|to develop|develop|developing|to establish|establish|would be signed|"
    r"push for|pending|are discussing|to sign|to conclude|ongoing negotiations)\b",
    I,
)
SIGNED = re.compile(
    r"\b(?:sign(?:ed|ing|s)?|inked|inks|inking|exchanged|concluded|ratified|witnessed the signing)\b", I
)
IN_FORCE = re.compile(
    r"\b(?:implement\w*|existing|under the|extended|in force|review\w*|uphold|spirit of|framework of|"
    r"revitali[sz]\w*|ongoing|enhanced|last signed|since|earlier|previous)\b",
    I,
)
# Where every match of NEGOTIATING, SIGNED and NOT_INSTRUMENT starts, in lower case (see triggers.search_from_starts).
NEGOTIATING_START = re.compile(
    r"negotiat|conclu|finali|proposed|draft|working to sign|to be signed|expected to be|will sign|plan|toward|"
    r"under discussion|talks on|to develop|develop|to establish|establish|would be signed|push for|pending|"
    r"are discussing|to sign|to conclude|ongoing negotiations"
)
SIGNED_START = re.compile(r"sign|ink|exchanged|concluded|ratified|witnessed the signing")
NOT_INSTRUMENT_START = re.compile(
    r"reached|in agreement|agreement|convention|by convention|law|un convention|deal|a great|a good|big deal|"
    r"protocol|diplomatic protocol|in line|in accordance"
)
SIGNED_ADJECTIVE = re.compile(r"\b(?:all|previously|already)\s+signed\b", I)
VALID_UNTIL = re.compile(
    r"\b(?:extended|valid|renewed|effective|in force|runs?)\s+(?:until|till|through|to)\s+(?:the end of\s+)?"
    r"(?P<year>(?:19|20)\d\d)\b",
    I,
)
YEAR_IN_NAME = re.compile(r"\b(?:the\s+)?(?P<year>(?:19|20)\d\d)\s+$|^\s+(?:of|signed in|in)\s+(?:\w+\s+)?"
                          r"(?P<year2>(?:19|20)\d\d)\b")
COORDINATED = re.compile(r"\bthe\s+(?:[\w-]+\s+){1,3}and\s+the\s+(?:[\w-]+\s+){1,3}$", I)
GENERIC_NOUNS = frozenset({"agreements", "pacts", "deals", "documents", "accords", "instruments"})
PROPER_NAME = re.compile(r"^[A-Z]\w*(?:\s+(?:on|of|for)\s+[A-Z])?")
# "key defence agreements such as the X Agreement": the plural only announces the named ones.
UMBRELLA = re.compile(r"\s*,?\s+(?:such as|including|like|namely)\b", I)
NEVER_IN_FORCE = re.compile(
    r"\b(?:never|not been|was not|were not|failed to be) (?:ratified|implemented|in force)\b", I
)
# Words without which the patterns above and below cannot match a sentence (see triggers.may_hold).
NEVER_WORDS = ("never", "not been", "was not", "were not", "failed to be")
REPLACED_WORDS = ("replac", "terminat", "supersed", "scrapp", "annul")
VALID_WORDS = ("extended", "valid", "renewed", "effective", "in force", "run")
FIELD_LIST = re.compile(r"\s+(?:covering|on|for|in the (?:fields|areas) of|concerning)\s+(?P<items>[\w ,-]+?)"
                        r"(?=[.;]|,?\s+(?:in|at|during|among|with|which|that|to)\b|$)", I)
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10}
ORDINAL = re.compile(r"\b(?:the\s+)?(?P<ord>" + "|".join(ORDINALS) + r")\b(?!\s+(?:time|round|meeting|session))", I)
ORDINAL_BEFORE = re.compile(r"\b(?:" + "|".join(ORDINALS) + r")\s+(?:[\w-]+\s+){0,2}$", I)
GENERIC = re.compile(r"\b(?:all|any|type of|kind of|such as|every)\s+(?:[\w/-]+\s+){0,2}$", I)
REPLACED = re.compile(r"\b(?:replac\w+|terminat\w+|supersed\w+|scrapp\w+|annul\w+)\b[^.;]*$", I)
DEFINITE = re.compile(r"\b(?:the|this|that|these|those|such|said|its|their)\s+(?:[\w-]+\s+){0,4}$", I)
TYPE_RANK = ("treaty", "memorandum", "plan", "agreement")


@dataclass
class Draft:
    agreement_type: str
    status: str
    parties: tuple[str, ...]
    topics: tuple[str, ...]
    signed_date: date | None
    precision: str | None
    valid_until: date | None
    facts: SentenceFacts
    rule: str
    name: str


TALKS_AFTER = re.compile(r"^\s*(?:negotiations|talks)\b", I)
DISTINCT_MODIFIER = re.compile(r"\b(?:19|20)\d\d\b|\b[A-Z]\w+\s+$")
PROPER_OF = re.compile(r"\s(?:on|of|for)\s+[A-Z]")


def instrument_type(match: re.Match[str]) -> str:
    return next(t for t in TYPE_RANK if match.group(t))


def clause_after(norm: str, start: int, next_instrument: int | None = None) -> str:
    """The words after a mention up to the end of its clause: what the instrument is about.

    `next_instrument` is where the sentence's next instrument mention starts, when the caller has
    found it already (len(norm) for none): no mention spans a clause end, so it is the one a
    search up to the clause end would find.
    """
    stop = CLAUSE_END.search(norm, start)
    end = stop.start() if stop else len(norm)
    if next_instrument is None:
        following = INSTRUMENT.search(norm, start, end)  # the next instrument's words are its own
        next_instrument = following.start() if following else end
    return norm[start: min(next_instrument, end)][:220]


def says_negotiating(text: str) -> bool:
    """`NEGOTIATING.search(text) is not None`, tried only where one of its words starts."""
    return search_from_starts(NEGOTIATING, NEGOTIATING_START, text)


def says_signed(text: str) -> bool:
    """`SIGNED.search(text) is not None`, tried only where one of its words starts."""
    return search_from_starts(SIGNED, SIGNED_START, text)


def status_of(norm: str, match: re.Match[str], facts: SentenceFacts, published: date | None) -> str:
    before = norm[max(0, match.start() - 90): match.start()]
    after = norm[match.end(): match.end() + 60]
    local = before + " " + after
    if says_negotiating(before[-60:]) or TALKS_AFTER.search(after):
        return "negotiating"
    colon = norm.rfind(":", 0, match.start())
    if colon >= 0 and says_negotiating(norm[max(0, colon - 80): colon]):
        return "negotiating"  # "The pacts expected to be finalised are: X; Y; and Z"
    if says_signed(local) and not SIGNED_ADJECTIVE.search(before[-25:]):
        if IN_FORCE.search(before[-40:]) and not says_signed(after[:30]):
            return "in_force"
        return "signed"
    if says_signed(norm) and not IN_FORCE.search(local) and not says_negotiating(norm):
        return "signed"
    return "in_force"


def year_of_instrument(norm: str, match: re.Match[str], published: date | None) -> tuple[date, str] | None:
    """When an instrument named with its date was signed: "the 2000 Memorandum", "Agreement of
    2012", "the joint agreement of July 2021", "the 45th anniversary of the signing of the Treaty"."""
    before = norm[max(0, match.start() - 80): match.start()]
    jubilee = ANNIVERSARY_OF_SIGNING.search(before)
    if jubilee and published is not None:
        return date(published.year - int(jubilee.group(1)), 1, 1), "year"
    m = NAMED_YEAR.search(before[-40:])
    if m:
        return date(int(m.group(1)), 1, 1), "year"
    m = YEAR_AFTER.match(norm, match.end())
    if m:
        month = MONTHS.get((m.group("month") or "").lower().rstrip("."))
        return (date(int(m.group("year")), month, 1), "month") if month else (date(int(m.group("year")), 1, 1), "year")
    return None


def nearest_date(facts: SentenceFacts, position: int) -> DateMention | None:
    dated = [d for d in facts.dates if d.value is not None]
    return min(dated, key=lambda d: abs(d.start - position)) if dated else None


def is_plural(match: re.Match[str]) -> bool:
    head = match.group(0).split()[0] if match.group("memorandum") else match.group(0).split()[-1]
    return head.lower().endswith(("s", "memoranda", "ies"))


def count_of(norm: str, match: re.Match[str]) -> int | None:
    """"six cooperation agreements" -> 6; None when no number is written."""
    if not is_plural(match):
        return None
    before = norm[max(0, match.start() - 60): match.start()]
    m = COUNT_BEFORE.search(before[-40:])
    if m:
        return NUMBERS.get(m.group("n").lower())
    # "the border crossing and the border patrol agreements" are two.
    return 2 if COORDINATED.search(before) else None


def listed_fields(norm: str, match: re.Match[str]) -> list[str]:
    """"agreements covering airspace and defence": one instrument per field listed after a plural."""
    if not is_plural(match):
        return []
    m = FIELD_LIST.match(norm, match.end())
    if not m:
        return []
    items = [i.strip() for i in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("items")) if i.strip()]
    if len(items) < 2 or len(items) > 8 or any(len(i.split()) > 3 for i in items):
        return []
    return items


def is_abbreviation_of_previous(norm: str, match: re.Match[str], previous_end: int | None) -> bool:
    """"memorandum of understanding (MoU)": the bracketed short form is the same instrument."""
    return previous_end is not None and norm[previous_end: match.start()].strip() == "("


def apply_ordinals(facts: SentenceFacts, group: list[Draft], last_type: list[str]) -> set[int]:
    """"The first MoU concerned water, the second ..., the sixth was a Letter of Intent": type and
    topics of each of a counted group of instruments. Returns the offsets of the nouns used."""
    norm = facts.sentence.norm
    marks = list(ORDINAL.finditer(norm))
    used: set[int] = set()
    for i, mark in enumerate(marks):
        n = ORDINALS[mark.group("ord").lower()]
        if n > len(group):
            continue
        end = marks[i + 1].start() if i + 1 < len(marks) else len(norm)
        clause = norm[mark.end(): end]
        noun = INSTRUMENT.search(clause[:60])
        if noun:
            last_type[0] = instrument_type(noun)
            used.add(mark.end() + noun.start())
        draft = group[n - 1]
        draft.agreement_type = last_type[0] or draft.agreement_type
        draft.topics = find_topics(clause)
        draft.rule = f"agreement.{draft.agreement_type}.{draft.status}.ordinal"
    return used


def extract_agreements(article: ArticleFacts, events: tuple[Event, ...]) -> tuple[Agreement, ...]:
    drafts: list[Draft] = []
    signings = [e for e in events if e.event_type == "signing" and e.is_main and e.event_date]
    last_type: list[str] = [""]
    read, lows = article.body()
    # Most sentences name no instrument; the stems of all of them are searched once per article.
    named = kinds_present(lows, _STEM_KINDS)
    for facts, stems, low in zip(read, named, lows, strict=True):
        if not stems:
            continue
        norm = facts.sentence.norm
        previous_end: int | None = None  # where the last instrument's own words end
        previous_noun_end: int | None = None  # where the last instrument noun ends
        group = [d for d in drafts if d.rule.endswith((".counted", ".ordinal"))]
        used = apply_ordinals(facts, group, last_type) if group and ORDINAL.search(norm) else set()
        matches = instruments_in(norm, low) if may_name_instrument(norm, low) else []
        replaced = may_hold(norm, REPLACED_WORDS, low)
        never = may_hold(norm, NEVER_WORDS, low)
        for i, match in enumerate(matches):
            start = match.start()
            skip = (
                start in used
                or ORDINAL_BEFORE.search(norm[max(0, start - 25): start])
                or search_from_starts(NOT_INSTRUMENT, NOT_INSTRUMENT_START, norm[max(0, start - 60): match.end() + 40])
                or GENERIC.search(norm[max(0, start - 30): start])
                or (replaced and REPLACED.search(norm[max(0, start - 80): start]))
                or is_abbreviation_of_previous(norm, match, previous_noun_end)
                or norm[max(0, start - 1): start] == "/"
                or (is_plural(match) and UMBRELLA.match(norm, match.end()))
                or (never and NEVER_IN_FORCE.search(norm[match.end(): match.end() + 80]))
            )
            floor = previous_end or 0
            previous_noun_end = match.end()
            clause = clause_after(norm, match.end(), matches[i + 1].start() if i + 1 < len(matches) else len(norm))
            # The next instrument's modifiers start where this one's topic words end.
            previous_end = match.end() + len(clause)
            if not skip:
                drafts_for_mention(article, facts, match, signings, drafts, floor, clause)
    return tuple(to_agreement(d) for d in drafts)


def signature_date(
    article: ArticleFacts, facts: SentenceFacts, match: re.Match[str], status: str, signings: list[Event]
) -> tuple[str, date | None, str | None]:
    """When the instrument was signed, and whether that makes it signed now or in force from before."""
    norm = facts.sentence.norm
    # "The 2025 cooperation plan" is the plan for 2025, not one signed then.
    named = None if match.group("plan") else year_of_instrument(norm, match, article.published)
    if named is not None:
        named_year, named_precision = named
        if status == "signed" and (article.published is None or named_year.year < article.published.year):
            status = "in_force"
        return status, named_year, named_precision
    if status != "signed":
        return status, None, None
    when = nearest_date(facts, match.start())
    if when is not None and when.value is not None:
        long_ago = article.published is not None and when.value < article.published - timedelta(days=62)
        undated_year = article.published is None and when.year_stated and when.precision != "day"
        if long_ago or undated_year:
            status = "in_force"
        return status, when.value, when.precision
    if signings:
        return status, signings[0].event_date, signings[0].date_precision
    if article.published:
        return status, article.published.replace(day=1), "month"
    return status, None, None


def drafts_for_mention(
    article: ArticleFacts,
    facts: SentenceFacts,
    match: re.Match[str],
    signings: list[Event],
    drafts: list[Draft],
    floor: int = 0,
    clause: str | None = None,
) -> None:
    """Record one mention of an instrument, or fold it into the record it refers back to.

    `floor` is where the previous instrument's words end: its modifiers are not this one's;
    `clause` is what `clause_after` says of the mention, when the caller has it.
    """
    norm = facts.sentence.norm
    kind = instrument_type(match)
    status = status_of(norm, match, facts, article.published)
    if clause is None:
        clause = clause_after(norm, match.end())
    topics = find_topics(norm[max(floor, match.start() - 40): match.end()] + " " + clause)
    parties = article.participants_of(facts)
    status, signed, precision = signature_date(article, facts, match, status, signings)
    until = VALID_UNTIL.search(norm[match.start():]) if may_hold(norm, VALID_WORDS) else None
    valid_until = date(int(until.group("year")), 12, 31) if until else None
    count = count_of(norm, match)
    fields = listed_fields(norm, match) if count is None else []
    if fields:
        count = len(fields)
    before = norm[max(0, match.start() - 40): match.start()]
    definite = DEFINITE.search(before)
    modifiers = definite.group(0).split(None, 1)[1] if definite and " " in definite.group(0).strip() else ""
    distinct = bool(DISTINCT_MODIFIER.search(modifiers)) or bool(
        PROPER_NAME.match(norm[match.start(): match.end() + 20]) and PROPER_OF.search(
                                                                              norm[match.start(): match.end() + 8])
    )
    same = [d for d in drafts if d.agreement_type == kind and set(d.parties) == set(parties)]
    if fields:
        # Each field listed is an instrument of its own, unless a number already announced them.
        slots = [d for d in drafts if d.rule.endswith(".counted") and not d.topics and d.status == status
                 and set(d.parties) == set(parties)]
        for slot, field in zip(slots, fields, strict=False):
            slot.topics = find_topics(field)
        fields = fields[len(slots):]
        count = len(fields)
    elif count is not None:
        if definite:
            # "the six agreements": a reference back; add only what was not counted yet.
            count -= sum(1 for d in drafts if set(d.parties) == set(parties))
        else:
            # "signed two treaties" after "signed treaties": top up to the number written.
            count -= sum(1 for d in same if d.status == status)
    elif definite and not distinct and (same or drafts):
        # "the treaty", "these agreements": a reference back, which may tell its topic or status.
        refine(same or drafts, topics, status, signed, precision, kind)
        return
    elif topics and any(set(d.topics) & set(topics) and same_standing(d, status, signed) for d in same):
        # Another mention of an instrument already recorded, told by what it covers.
        refine([d for d in same if set(d.topics) & set(topics) and same_standing(d, status, signed)], topics,
               status, signed, precision)
        return
    else:
        open_slot = next((d for d in drafts if d.rule.endswith(".counted") and not d.topics and d.status == status
                     and set(d.parties) == set(parties) and d.name.lower() in GENERIC_NOUNS), None)
        if open_slot is not None:
            # One of "three pacts" named on its own: give that slot its type and topics.
            open_slot.agreement_type, open_slot.topics, open_slot.rule = kind, topics, f"agreement.{kind}.{status}.slot"
            return
    total = 1 if count is None else max(count, 0)
    for i in range(total):
        # Fields listed one by one give each instrument its own topics; a bare number gives none.
        own = topics if count is None else (find_topics(fields[len(fields) - total + i]) if fields else ())
        rule = f"agreement.{kind}.{status}" + ("" if count is None else ".listed" if fields else ".counted")
        drafts.append(
            Draft(kind, status, parties, own, signed, precision, valid_until, facts, rule, match.group(0))
        )


def same_standing(draft: Draft, status: str, signed: date | None) -> bool:
    """Could a mention with this status be the recorded instrument? Signed now, then "in force"
    with no date of its own, is the same one; a different signature date is not."""
    return draft.status == status or (status == "in_force" and draft.status == "signed" and signed is None)


def refine(candidates: list[Draft], topics: tuple[str, ...], status: str, signed: date | None,
           precision: str | None, kind: str | None = None) -> None:
    """Give a back-reference's topic to the first instrument that has none; upgrade to signed.

    "Signed an extradition agreement ... the extradition treaty will": the specific noun wins.
    """
    target = next((d for d in candidates if not d.topics), None) if topics else None
    if target is not None:
        target.topics = topics
    if kind in ("treaty", "memorandum") and topics:
        generic = next((d for d in candidates if d.agreement_type == "agreement" and set(d.topics) & set(topics)), None)
        if generic is not None:
            generic.agreement_type = kind
    for d in candidates[:1] if target is None else [target]:
        if d.status != "signed" and status == "signed" and d.signed_date is None:
            d.status, d.signed_date, d.precision = status, signed, precision


def to_agreement(d: Draft) -> Agreement:
    s = d.facts.sentence
    when = d.signed_date
    if when is not None and d.precision == "year":
        when = when.replace(month=1, day=1)
    elif when is not None and d.precision == "month":
        when = when.replace(day=1)
    return Agreement(
        agreement_type=d.agreement_type,
        status=d.status,
        parties=d.parties,
        topics=d.topics,
        signed_date=when if d.status != "negotiating" else None,
        date_precision=d.precision if when is not None and d.status != "negotiating" else None,
        valid_until=d.valid_until,
        evidence=Evidence(s.text, s.start, s.end),
        rule=d.rule,
        name=d.name,
    )
