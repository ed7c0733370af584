"""Country mentions: names, aliases, adjectives, demonyms, capitals and cities -> ISO3.

One alternation regex over every gazetteer entry, so finding mentions costs one scan of the
text, not one scan per country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry

from pactwatch.extract.gazetteer import (
    alternation,
    cities,
    country_names,
    demonyms,
    fold,
    non_country_phrases,
    outlets,
    read_csv,
    uppercase_class,
)

UPPERCASE = uppercase_class()


@dataclass(unsafe_hash=True)  # a value, never changed: not frozen only for speed (pactwatch/native.py)
class CountryMention:
    start: int
    end: int
    iso3: str
    kind: str  # name / demonym / city / korea




def _surface_forms() -> list[str]:
    """Every written form of every gazetteer entry (the gazetteers are keyed by folded form)."""
    forms: list[str] = []
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value and "," not in value:
                forms.append(value.replace("’", "'"))
    forms += [r["alias"].replace("’", "'") for r in read_csv("country_aliases.csv")]
    forms += [r["word"] for r in read_csv("demonyms.csv")]
    forms += [r["city"] for r in read_csv("cities.csv")]
    forms += ["Korea", "Korean", "the Kingdom"]
    return [f for f in forms if fold(f) not in ("korea, republic of",)]


# Case-sensitive: country names are capitalised, and "us"/"lao" in lower case are not countries.
# Only entries starting with a capital (or "the") can match. The look-behind sits after each
# entry's first character ("(?<![\w'].)" there is "(?<![\w'])" before it), so every branch starts
# with a literal and the regex engine skips in C to the few positions where an entry can start.
_COUNTRY_START = re.compile(rf"[{UPPERCASE}t]")
_COUNTRY_FORMS = [f for f in _surface_forms() if _COUNTRY_START.match(f)]
COUNTRY_RE = re.compile("(" + alternation(_COUNTRY_FORMS, r"(?<![\w'].)") + r")(?:s)?(?![\w])")
# The few forms that start with "the" make the engine stop at every "t" of the text. An article that
# contains none of them (most) is scanned with the same regex without them: the same matches.
_LOWER_FORMS = tuple(sorted({f for f in _COUNTRY_FORMS if not f[0].isupper()}))
COUNTRY_CAPITAL_RE = re.compile(
    "(" + alternation([f for f in _COUNTRY_FORMS if f[0].isupper()], r"(?<![\w'].)") + r")(?:s)?(?![\w])"
)
_MASK_START = re.compile(rf"[{UPPERCASE}]")
MASK_RE = re.compile(
    "(?:" + alternation([p for p in non_country_phrases() if _MASK_START.match(p)], r"(?<!\w.)") + r")\w*"
)
_NORTH_KOREA_CUES = re.compile(
    r"(?=[DPW])(?:\bDPRK\b|Democratic People's Republic of Korea|Pyongyang|Workers' Party of Korea)"
)
_SOUTH_KOREA_CUES = re.compile(r"(?=[SR])(?:South Korea|(?<!People's )\bRepublic of Korea|\bRO[Kk]\b|\bSeoul\b)")


@dataclass(unsafe_hash=True)  # a value, never changed: not frozen only for speed (pactwatch/native.py)
class CountryContext:
    """What an article says about itself that disambiguates bare mentions."""

    korea: str  # the code a bare "Korea"/"Korean" stands for in this article
    home: str | None  # the outlet's or dateline's country, when known
    kingdom: str | None  # the country "the Kingdom" stands for


# Every cue contains one of these strings: most articles contain none, and `in` is far cheaper than a search.
_NORTH_KOREA_WORDS = ("DPRK", "Democratic People's Republic of Korea", "Pyongyang", "Workers' Party of Korea")
_SOUTH_KOREA_WORDS = ("South Korea", "Republic of Korea", "ROK", "ROk", "Seoul")


def article_context(norm: str, home: str | None) -> CountryContext:
    north = any(w in norm for w in _NORTH_KOREA_WORDS) and bool(_NORTH_KOREA_CUES.search(norm))
    south = any(w in norm for w in _SOUTH_KOREA_WORDS) and bool(_SOUTH_KOREA_CUES.search(norm))
    korea = "PRK" if north and not south else "KOR"
    kingdom = None
    # "the Kingdom" is how Cambodian and Thai outlets name their own country.
    if home in ("KHM", "THA"):
        kingdom = home
    elif "Cambodia" in norm:
        kingdom = "KHM"
    return CountryContext(korea=korea, home=home, kingdom=kingdom)


# What a written form stands for when the article does not decide it: every mention is one of the
# gazetteer's forms, so this stays small; the cap only guards other callers.
_RESOLVED: dict[str, tuple[str | None, str]] = {}


def resolve(surface: str, context: CountryContext) -> tuple[str | None, str]:
    found = _RESOLVED.get(surface)
    if found is not None:
        return found
    key = fold(surface)
    if key in ("korea", "korean"):
        return context.korea, "korea"
    if key == "the kingdom":
        return context.kingdom, "kingdom"
    if key in country_names():
        found = country_names()[key], "name"
    elif key in demonyms():
        found = demonyms()[key], "demonym"
    elif key in cities():
        found = cities()[key], "city"
    else:
        found = None, "unknown"
    if len(_RESOLVED) < 4096:
        _RESOLVED[surface] = found
    return found


def masked_spans(norm: str) -> list[tuple[int, int]]:
    """Seas, regions and organisations whose names contain a country word but are no country."""
    return [(m.start(), m.end()) for m in MASK_RE.finditer(norm)]


def find_countries(
    norm: str, context: CountryContext, masks: list[tuple[int, int]] | None = None
) -> list[CountryMention]:
    """Country mentions in a folded text, skipping masked spans (seas, people's names...)."""
    masks = masked_spans(norm) if masks is None else masks
    found: list[CountryMention] = []
    # Masks from a scan are sorted and disjoint: then one pointer walks them alongside the matches.
    ordered = all(masks[k][1] <= masks[k + 1][0] and masks[k][0] <= masks[k][1] for k in range(len(masks) - 1))
    j = 0
    pattern = COUNTRY_RE if any(form in norm for form in _LOWER_FORMS) else COUNTRY_CAPITAL_RE
    for match in pattern.finditer(norm):
        start, end = match.span(1)
        if ordered:
            while j < len(masks) and masks[j][1] <= start:
                j += 1
            if j < len(masks) and masks[j][0] < end:
                continue
        elif any(s < end and start < e for s, e in masks):
            continue
        iso3, kind = resolve(match.group(1), context)
        if iso3:
            found.append(CountryMention(start, match.end(), iso3, kind))
    return found


def home_country(outlet: str | None, dateline: str | None) -> str | None:
    if outlet and outlet in outlets():
        return outlets()[outlet]
    if dateline:
        key = fold(dateline)
        return cities().get(key) or country_names().get(key)
    return None


def main_countries(mentions: list[CountryMention], title_mentions: list[CountryMention]) -> list[str]:
    """Countries ranked by how much the article is about them (headline mentions weigh more)."""
    # A plain dict: Counter's += calls its Python-level __missing__ for every new code.
    counts: dict[str, float] = {}  # weights are halves, so the counts are floats
    get = counts.get
    for m in mentions:
        counts[m.iso3] = get(m.iso3, 0) + (0.5 if m.kind == "venue" else 1)
    for m in title_mentions:
        counts[m.iso3] = get(m.iso3, 0) + 3
    return [code for code, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
