"""Reading a name in one sentence: who is named, with which office and which country.

A name is a run of capitalised words that some cue marks as a person: an office or honorific
before it ("Laotian President X", "Comrade X"), an appositive office after it ("X, South Korea's
minister of ..."), "counterpart X", or a verb of speech or action after a two-word name.
`people.py` turns these mentions into one record per person and article.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from pactwatch.extract.countries import CountryMention
from pactwatch.extract.gazetteer import (
    alternation,
    demonyms,
    fold,
    honorifics,
    international_orgs,
    org_words,
    title_words,
    uppercase_class,
)
from pactwatch.extract.sentences import Sentence

_UP = uppercase_class()
TOKEN = re.compile(r"[^\W\d_][\w'-]*(?:\.(?=\s|$|,))?")
CONNECTORS = frozenset({"bin", "binti", "bint", "ibn", "al", "el", "de", "da", "van", "von", "der", "dos", "del", "di"})
SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
HONORIFIC_RE = re.compile(r"(?:" + alternation(honorifics()) + r")(?=\s)\s*")
HE_ABBREVIATION = re.compile(r"\bH\.\s?E\.(?=\s)")
# The quote first and the look-behind after it ("(?<=\w )" before the quote): the engine skips to quotes in C.
NICKNAME = re.compile(r'"(?<=\w ")[A-Z][\w-]*"(?= [A-Z])')
SPEECH_VERB = re.compile(
    r"^\s+(?:also\s+|then\s+|later\s+)?(?:said|says|told|noted|added|stressed|emphasi[sz]ed|expressed|affirmed|"
    r"reaffirmed|urged|met|meets|signed|visited|led|announced|highlighted|thanked|welcomed|underlined|asked|"
    r"called|congratulated|hosted|received|praised|pointed|explained|insisted|complained|revealed|stated|"
    r"spoke|echoed|agreed|assured|proposed|suggested|confirmed|held|attended|shared|wished|hoped|lauded|"
    r"witnessed|co-chaired|chaired|presented|appreciated|recalled|reiterated|acknowledged|vowed|pledged)\b"
)
COUNTERPART_BEFORE = re.compile(r"\b(?:his|her|their|its)\s+(?:(?P<adj>[A-Z][\w'-]*(?:\s[A-Z][\w'-]*)?)\s+)?"
                                r"counterparts?,?\s*$")
# Credits name photographers and reporters, who are not actors of the story.
CREDIT_BEFORE = re.compile(r"(?:\b(?:photo|reporting|written|edited|reported|compiled|story|text)\b[\s:]*(?:by\s*)?"
                           r"|/|\bVNA\b\s*)$", re.I)
BYLINE_BEFORE = re.compile(r"^\s*by\s+$", re.I)
AND_ONLY = re.compile(r"\s+and\s+$")
OFFICE_NOUN = re.compile(r"\b(?:minister|secretary|president|ambassador|chief|director|chairman|governor|commander|"
                         r"spokes\w+|envoy|premier|head|leader|general)\b", re.I)
LOWER_TITLE_BEFORE = re.compile(
    r"\b(?:president|prime minister|minister|secretary|ambassador|chief|leader|spokesperson|spokesman|"
    r"spokeswoman|chairman|director|governor|commander|inspector-general|inspector general|premier|envoy|"
    r"aide|adviser|advisor|king|queen|sultan|counterpart|official|head|deputy|general|negotiator|diplomat|"
    r"representative|delegate|lawmaker|commissioner|(?:led|headed|chaired|hosted|accompanied|received|signed|"
    r"witnessed|co-chaired) by)s?,?\s*$",
    re.I,
)
DESTINATION_BEFORE = re.compile(r"\b(?:to|in|at)\s+(?:the\s+)?$")
PASSING_BEFORE = re.compile(
    r"(?:\bunder\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){0,4}|\bthe late\s+(?:[A-Z][\w'-]*\s+){0,4}|\bfounded by\b[^.;:]*)$"
)
PLACE_AFTER = re.compile(r"\s+(?:province|district|city|county|village|township|state|region|island|commune|"
                         r"river|bridge|port|airport|street|road)\b", re.I)
APPOSITIVE_STOP = re.compile(r"[,.;]|\s+(?:said|says)\b")
APPOSITIVE_WORD = re.compile(r"\([A-Z]{2,}\)|[^\s,;()]+")
OFFICE_CONNECTORS = frozenset({"of", "and", "for", "the", "to", "on", "in"})
APPOSITIVE_START = re.compile(r"\s*(?:,|\n)\s*(?:the\s+|a\s+|an\s+)?")
INTL_ORG_RE = re.compile(rf"(?=[{_UP}])(?<![\w])(?:" + alternation(list(international_orgs())) + r")(?![\w])")
_TITLE_CONNECTORS = frozenset({"of", "and", "for", "the", "to", "on", "in"})


@dataclass
class Mention:
    start: int  # offsets of the name proper in the article text
    end: int
    tokens: tuple[str, ...]
    sentence: int
    title: str | None
    country: str | None
    international: bool  # the office belongs to an international organisation
    cue: str
    counterpart_of: str | None = None  # "his Japanese counterpart X": X is JPN, the other one is not
    counterpart_to: tuple[str, ...] = ()  # "A met his counterpart X": X is A's counterpart (A's name)
    passing: bool = False  # named only as a point of reference ("under Prime Minister X", "founded by X")


@dataclass(unsafe_hash=True)  # a value, never changed: not frozen only for speed (pactwatch/native.py)
class Run:
    start: int
    end: int
    tokens: tuple[tuple[int, int, str], ...]  # (start, end, token) in sentence coordinates


def is_capitalised(token: str) -> bool:
    return token[:1].isupper()


_CAP_TOKEN = rf"(?:[{_UP}][\w'-]*(?:\.(?=\s|$|,))?)"
# One regex finds whole runs of capitalised words, so the scan costs one pass per sentence.
# The first capital comes first and the look-behind after it ("[A-Z](?<![\w'-].)" is
# "(?<![\w'-])[A-Z]"), so the regex engine can skip straight to capitals.
_CONNECTOR = "|".join(sorted(CONNECTORS))
_CAP_RUN = rf"[{_UP}](?<![\w'-].)[\w'-]*(?:\.(?=\s|$|,))?(?:[ \t]+(?:(?:{_CONNECTOR})[ \t]+)?{_CAP_TOKEN})"
CAP_RUN = re.compile(_CAP_RUN + "*")
# The runs of CAP_RUN that have two words or more. A one-word run fails here where CAP_RUN matches it
# and no run can start inside a word, so the scan goes on where CAP_RUN's would: the same runs, less
# the one-word ones, found without handing each capitalised word to Python.
CAP_RUN_MULTI = re.compile(_CAP_RUN + "+")


RawRun = tuple[int, int, tuple[tuple[int, int, str], ...]]  # a Run without the object: start, end, tokens


def capital_runs(text: str) -> list[Run]:
    """Maximal runs of capitalised words joined by spaces (and name connectors such as "bin")."""
    return [Run(start, end, tokens) for start, end, tokens in raw_runs(text)]


def raw_runs(text: str, known: set[str] | None = None) -> list[RawRun]:
    """The runs of `capital_runs` as tuples; with `known`, without the one-word runs whose word is not
    in it (most runs are one word, and a caller with `known` would drop them)."""
    scan = NICKNAME.sub(lambda m: " " * len(m.group(0)), text) if '"' in text else text
    scan = HE_ABBREVIATION.sub(lambda m: " " * len(m.group(0)), scan) if "H." in scan else scan
    runs: list[RawRun] = []
    append = runs.append
    # Before the first name of an article is found no one-word run is kept: read only the longer ones.
    for match in (CAP_RUN_MULTI if known is not None and not known else CAP_RUN).finditer(scan):
        word = match.group(0)
        if " " not in word and "\t" not in word:
            # Most runs are one word ("The", "Cambodia"): no need to split them.
            if known is None or name_key(word) in known:
                start, end = match.span()
                append((start, end, ((start, end, word),)))
            continue
        offset = match.start()
        current: list[tuple[int, int, str]] = []
        for token in TOKEN.finditer(word):
            text_ = token.group(0)
            start = offset + token.start()
            current.append((start, start + len(text_), text_))
            # A possessive ends a name: "Hasina's visit".
            if text_.endswith(("'s", "s'")):
                if len(current) > 1 or known is None or name_key(text_) in known:
                    append((current[0][0], current[-1][1], tuple(current)))
                current = []
        if current and (len(current) > 1 or known is None or name_key(current[0][2]) in known):
            append((current[0][0], current[-1][1], tuple(current)))
    return runs


@lru_cache(maxsize=65536)
def bare_name_word(token: str) -> str:
    """A word of a name as kept: without a possessive or a final period, unless that leaves one letter."""
    word = bare(token)
    return word if token not in SUFFIXES and len(word) > 1 else token


@lru_cache(maxsize=65536)
def name_key(token: str) -> str:
    """How a one-word name is looked up among the words of names already found."""
    return fold(bare(token))


def bare(token: str) -> str:
    token = token.rstrip(".")
    return token[:-2] if token.endswith("'s") else token


@lru_cache(maxsize=65536)
def is_boundary(token: str) -> bool:
    """A word that belongs to an office, a country or an organisation rather than to a name."""
    if len(token) == 2 and token.endswith("."):
        return False  # an initial, "Enrique A. Manalo"
    key = fold(bare(token))
    return key in title_words() or key in demonyms() or bare(token) in org_words()


@dataclass(unsafe_hash=True)  # a value, never changed: not frozen only for speed (pactwatch/native.py)
class NameSpan:
    start: int  # sentence coordinates
    end: int
    tokens: tuple[str, ...]
    prefix_cue: bool  # an office or honorific stands right before the name inside the run


def spans_within(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The spans (sorted, not overlapping) that touch [start, end): a bisection, not a scan, so a
    sentence with thousands of country mentions and capitalised runs stays linear."""
    first = bisect.bisect_right(spans, start, key=lambda span: span[1])
    found = []
    for span in spans[first:]:
        if span[0] >= end:
            break
        found.append(span)
    return found


def tokens_in_spans(tokens: list[tuple[int, int, str]], spans: list[tuple[int, int]]) -> list[bool]:
    """For each token (sorted), whether it overlaps one of the spans (sorted): one merged pass."""
    flags, j = [], 0
    for start, end, _ in tokens:
        while j < len(spans) and spans[j][1] <= start:
            j += 1
        flags.append(j < len(spans) and spans[j][0] < end)
    return flags


def name_in_run(run: Run | RawRun, sentence: str, country_spans: list[tuple[int, int]]) -> NameSpan | None:
    """The name at the end of a run, after any office words, countries and honorifics."""
    run_start, run_end, tokens = (run.start, run.end, run.tokens) if isinstance(run, Run) else run
    # Most runs touch no country: no flags to work out then.
    touching = spans_within(country_spans, run_start, run_end) if country_spans else None
    in_country = tokens_in_spans(list(tokens), touching) if touching else None
    # Only the last boundary matters, so the walk is from the end and stops there.
    last_boundary = len(tokens) - 1
    while last_boundary >= 0 and not (
        (in_country is not None and in_country[last_boundary]) or is_boundary(tokens[last_boundary][2])
    ):
        last_boundary -= 1
    rest = list(tokens[last_boundary + 1:])
    prefix_cue = last_boundary >= 0 and not (in_country is not None and in_country[last_boundary])
    if rest:
        position = first = rest[0][0]
        while True:
            match = HONORIFIC_RE.match(sentence, position)
            if not match or match.end() > run_end:
                break
            position = match.end()
            prefix_cue = True
        if position != first:  # tokens are in order: none starts before the first unless an honorific moved it
            rest = [t for t in rest if t[0] >= position]
    if len(rest) == 1 and last_boundary >= 0 and not prefix_cue:
        # "Georgia Meloni": a first name that is also a country name.
        rest = [tokens[last_boundary], *rest]
    while rest and rest[-1][2].lower() in CONNECTORS:
        rest.pop()
    if not rest or len(rest) > 6:
        return None
    names = tuple([bare_name_word(t[2]) for t in rest])
    for name in names:
        if is_office_word(name):
            return None
    if len(names) == 1 and len(names[0]) > 1 and names[0].isupper():
        return None  # an acronym, not a name
    last = rest[-1]
    end = last[1] - (2 if last[2].endswith("'s") else 0)
    return NameSpan(rest[0][0], end, names, prefix_cue)


@lru_cache(maxsize=65536)
def is_office_word(name: str) -> bool:
    """A word of an organisation or an office, which a name never contains (asked for every word of
    every candidate name, so remembered)."""
    return len(name) > 2 and (bare(name) in org_words() or fold(bare(name)) in title_words())


TITLE_WORD = re.compile(r"\([A-Z]{2,}\)|[^\s,;:()\"]+")
GAP_PUNCT = re.compile(r"[,;:()\"]")
MEMBER_HEAD = re.compile(r"\b(?:member|head)\b", re.I)
OF_THE_AFTER = re.compile(r"^\s+of\s+(?:the\s+)?")
POSSESSOR_PREFIX = re.compile(r"^(?:[A-Z][\w-]*\s){0,2}[A-Z][\w-]*'s?\s+")


def title_before(sentence: str, name_start: int, floor: int) -> tuple[str | None, int]:
    """The office written right before a name, e.g. "Deputy Prime Minister and Minister of X"."""
    floor = max(floor, name_start - 160)  # an office is never longer; keeps the scan linear
    text = sentence[floor:name_start]
    # The walk back below mostly stops within a few words: read the words of the last 64 characters
    # first, and all of them only when the walk reaches the first of those, which may be cut. Past the
    # first, the words of a scan from anywhere are those of a scan from the start.
    start = max(0, len(text) - 64)
    while True:
        words = list(TITLE_WORD.finditer(text, start))
        # Walk back over office words, capitalised words and connectors.
        kept: list[re.Match[str]] = []
        stop = None
        for w in reversed(words):
            gap = text[w.end(): kept[-1].start()] if kept else text[w.end():]
            if GAP_PUNCT.search(gap) and not gap.strip().startswith("("):
                stop = w
                break
            word = w.group(0)
            if word.startswith("(") or is_capitalised(word) or word.lower() in _TITLE_CONNECTORS or fold(
                bare(word)
            ) in title_words():
                kept.append(w)
            else:
                stop = w
                break
        if start == 0 or (stop is not None and stop is not words[0]):
            break
        start = 0
    kept.reverse()
    # Drop leading words that are no office: countries, determiners, honorifics.
    while kept and (fold(bare(kept[0].group(0))) not in title_words() or kept[0].group(0).lower() in ("the",)):
        kept.pop(0)
    # Honorifics and ranks at the end belong to the name, not the office.
    while kept:
        tail = text[kept[-1].start():]
        if HONORIFIC_RE.match(tail + " ") or kept[-1].group(0).lower() in _TITLE_CONNECTORS:
            kept.pop()
        else:
            break
    if not kept:
        return None, name_start
    title = text[kept[0].start(): kept[-1].end()]
    return title.strip(), floor + kept[0].start()


def title_after(sentence: str, name_end: int) -> tuple[str | None, int, int]:
    """An appositive office: "X, South Korea's minister of foreign affairs, ..." -> the office."""
    match = APPOSITIVE_START.match(sentence, name_end)
    if not match or match.end() == name_end:
        return None, name_end, name_end
    end_match = APPOSITIVE_STOP.search(sentence, match.end())
    end = end_match.start() if end_match else len(sentence)
    words = list(APPOSITIVE_WORD.finditer(sentence[match.end(): min(end, match.end() + 160)]))
    if not words:
        return None, name_end, name_end
    head = " ".join(w.group(0) for w in words[:5])
    if not OFFICE_NOUN.search(head) and not MEMBER_HEAD.search(head):
        return None, name_end, name_end
    # The office runs while its words are offices, names or connectors; "acknowledged that" ends it.
    kept = 0
    for i, w in enumerate(words):
        word = w.group(0)
        if is_capitalised(word) or word.startswith("(") or word.lower() in OFFICE_CONNECTORS or fold(
            bare(word)
        ) in title_words() or (i < 3 and word.endswith("'s")):
            kept = i + 1
            continue
        if i < 3:
            kept = i + 1  # "South Korea's minister of ..." opens with lower-case office words
            continue
        break
    while kept and words[kept - 1].group(0).lower() in OFFICE_CONNECTORS:
        kept -= 1
    if not kept:
        return None, name_end, name_end
    end = match.end() + words[kept - 1].end()
    return sentence[match.end(): end].strip(), match.end(), end


def country_in(
    mentions: list[CountryMention], start: int, end: int, sentence: str, prefer_last: bool = False
) -> str | None:
    """A country named inside an office phrase; "ambassador to Laos" does not make one Lao."""
    inside = [
        m
        for m in mentions
        if start <= m.start
        and m.end <= end + 2
        and not (m.kind != "demonym" and DESTINATION_BEFORE.search(sentence[max(0, m.start - 12): m.start]))
    ]
    if not inside:
        return None
    return (inside[-1] if prefer_last else inside[0]).iso3


def mentions_in_sentence(
    sentence: Sentence, countries: list[CountryMention], index: int, known: set[str] | None = None
) -> list[Mention]:
    """People named in one sentence; `countries` are its country mentions, in sentence offsets.

    A one-word name is only worth reading when it is a word of a person already found (`known`).
    """
    norm = sentence.norm
    runs = raw_runs(norm, known)
    if not runs:
        return []  # most sentences: nothing below would run
    country_spans = sorted((m.start, m.end) for m in countries)
    found: list[Mention] = []
    previous_end = 0
    for run in runs:
        run_start = run[0]
        span = name_in_run(run, norm, country_spans)
        if span is None or (known is not None and len(span.tokens) == 1 and fold(span.tokens[0]) not in known):
            continue
        base = max(0, span.start - 80)
        before = norm[base: span.start]
        after = norm[span.end: span.end + 80]
        if credit_before(norm[max(0, run_start - 20): run_start]):
            continue
        # Checked before the office is read (nothing below changes it): a place or an acronym is no person.
        if PLACE_AFTER.match(after) or any(len(t) > 2 and t.isupper() for t in span.tokens):
            continue
        counterpart = COUNTERPART_BEFORE.search(before) if "counterpart" in before else None
        title, title_start = title_before(norm, span.start, previous_end)
        appositive, app_start, app_end = title_after(norm, span.end)
        cue = (
            "title_before" if title or span.prefix_cue
            else "counterpart" if counterpart
            else "appositive" if appositive
            else "lower_title" if lower_title_before(before)
            else "speech_verb" if len(span.tokens) >= 2 and SPEECH_VERB.match(after)
            else ""
        )
        if not cue and before.rstrip().endswith(","):
            # "the Permanent Secretary of the Ministry of Foreign Affairs of Myanmar, Aung Kyaw Moe"
            comma = before.rstrip().rstrip(",")
            title, title_start = title_before(norm, base + len(comma), previous_end)
            cue = "title_before_comma" if title and OFFICE_NOUN.search(title) else ""
        joined = found and AND_ONLY.match(norm[found[-1].end - sentence.start: span.start])
        if not cue and len(span.tokens) >= 2 and joined:
            cue = "coordinated"
        if not cue or (cue in ("speech_verb", "lower_title") and BYLINE_BEFORE.search(norm[: run_start][-8:])):
            continue
        country = None
        international = False
        of_country = OF_THE_AFTER.match(after)
        if of_country:
            # "President X of Tajikistan": the country right after the name wins.
            country = country_in(countries, span.end, span.end + of_country.end() + 30, norm)
        window = office_window(norm, title_start if title else span.start, previous_end)
        if country is None:
            # Only countries inside the office phrase or the few words right before it count.
            country = country_in(countries, window, span.start, norm, prefer_last=True)
        international = bool(INTL_ORG_RE.search(norm[window: span.start]))
        if country is None and appositive:
            country = country_in(countries, app_start, app_end, norm)
            international = international or bool(INTL_ORG_RE.search(norm[app_start:app_end]))
        counterpart_country = None
        if counterpart and counterpart.group("adj"):
            counterpart_country = country_in(
                countries, base + counterpart.start("adj"), base + counterpart.end("adj"), norm
            )
            country = country or counterpart_country
        office = tidy_title(title or tidy_appositive(appositive), countries, norm) or counterpart_title(cue, found)
        found.append(
            Mention(
                start=sentence.start + span.start,
                end=sentence.start + span.end,
                tokens=span.tokens,
                sentence=index,
                title=office,
                country=country,
                international=international and country is None,
                cue=cue,
                counterpart_of=counterpart_country,
                counterpart_to=found[-1].tokens if cue == "counterpart" and found else (),
                passing=passing_before(norm[max(0, run_start - 120): run_start]),
            )
        )
        previous_end = span.end
    return assign_respectively(found, countries, sentence)


def credit_before(window: str) -> bool:
    """Whether a credit ("Photo by", "Reporting:", "/") ends `window`. In ASCII, case-insensitive
    matching is lower-casing, so `in` tests on the lower-cased window rule most windows out first."""
    if window.isascii():
        low = window.lower()
        if not (
            "/" in low or "photo" in low or "report" in low or "written" in low or "edited" in low
            or "compiled" in low or "story" in low or "text" in low or "vna" in low
        ):
            return False
    return CREDIT_BEFORE.search(window) is not None


def lower_title_before(before: str) -> bool:
    """Whether an office in lower case ends `before` ("said the minister, X").

    The office, its plural "s" and a comma are at most 19 characters before the trailing spaces,
    so the search starts there: tried from the start, the pattern is tried at every position of
    the window.
    """
    return LOWER_TITLE_BEFORE.search(before, max(0, len(before.rstrip()) - 20)) is not None


def passing_before(before: str) -> bool:
    """Whether the name is only a point of reference; `in` tests first, as most windows have no cue."""
    return ("under" in before or "the late" in before or "founded by" in before) and (
        PASSING_BEFORE.search(before) is not None
    )


def counterpart_title(cue: str, found: list[Mention]) -> str | None:
    """"Minister X met his Lao counterpart Y": Y holds the same office as X."""
    return found[-1].title if cue == "counterpart" and found else None


def assign_respectively(found: list[Mention], countries: list[CountryMention], sentence: Sentence) -> list[Mention]:
    """"The Colombian and Ecuadorean presidents, X and Y, respectively": countries in order."""
    if "respectively" not in sentence.norm or len(found) != 2:
        return found
    first = found[0].start - sentence.start
    before = [m for m in countries if m.end <= first]
    if len(before) == 2 and before[0].iso3 != before[1].iso3:
        for mention, country in zip(found, before, strict=True):
            mention.country = country.iso3
    return found


def office_window(norm: str, office_start: int, floor: int) -> int:
    """Where the words that qualify an office begin: a few words back, not past a clause break."""
    start = max(floor, office_start - 40)
    cut = max(norm.rfind(",", start, office_start), norm.rfind(" and ", start, office_start - 1))
    return cut + 1 if cut >= 0 else start


TRAILING_HONORIFIC = re.compile(r"\s+(?:" + alternation(honorifics()) + r")$")
TRAILING_OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)$")


def tidy_title(title: str | None, countries: list[CountryMention], norm: str) -> str | None:
    """The shortest clear form of an office: no ranks after it, no "of Laos" naming the country."""
    if not title:
        return None
    previous = None
    while previous != title:
        previous = title
        title = TRAILING_HONORIFIC.sub("", title).strip().rstrip("(").strip()
        words = title.split()
        if len(words) > 2 and words[-1] == words[0]:
            title = " ".join(words[:-1])  # "Sultan of Brunei Sultan X": the second is the form of address
        tail = TRAILING_OF_COUNTRY.search(title)
        named = {norm[m.start: m.end] for m in countries if m.kind in ("name", "city")}
        if tail and tail.group(1) in named and "Party" not in tail.group(1):
            title = title[: tail.start()].strip()
    return title or None


def tidy_appositive(phrase: str | None) -> str | None:
    """The office part of an appositive: no leading "Thailand's", no trailing "of Laos"."""
    if not phrase:
        return None
    phrase = POSSESSOR_PREFIX.sub("", phrase)
    return phrase.strip() or None
