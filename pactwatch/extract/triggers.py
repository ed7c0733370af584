"""Triggers: the words that report an event, and the tests that tell a report from a mention.

"met", "signed", "state visit", "anniversary"... are triggers; "meet the demand", "all signed
MoUs", "agreed to hold talks" (an intention) and "the recent visit" (history) are not news.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import timedelta

from pactwatch.extract.context import ArticleFacts, SentenceFacts
from pactwatch.extract.dates import DateMention

I = re.I  # noqa: E741 - short alias keeps the trigger table readable

TRIGGERS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("signing", "signing_verb", re.compile(
        r"\b(?:sign(?:ed|ing)|inked|inks|inking|exchanged (?:the )?(?:\w+ )?(?:copies|documents|instruments|MoUs?|"
        r"memorand\w+|agreements?|notes|letters)|"
        r"concluded (?:a|an|the) (?:treaty|agreement|pact|memorandum))\b", I)),
    ("meeting", "meeting_noun", re.compile(
        r"\b(?:met|meets?|meetings?|talks|summit|dialogue|(?:tele)?phone (?:call|conversation|talks)|discussed with"
        r"|video-?conference|virtual (?:meeting|talks)|spoke (?:by|over the) (?:tele)?phone"
        r"|video (?:call|conference)|consultations|held (?:a )?consultation|courtesy (?:call|visit)s?|co-chaired"
        r"|discussions|working (?:lunch|dinner)"
        r"|interface|bi-national commission|joint commission|received (?=(?-i:[A-Z])|the visiting|a delegation)"
        r"|hosted (?=(?-i:[A-Z][\w-]* [A-Z]))|convened|reception (?:for|in honou?r of))\b", I)),
    ("visit", "visit_word", re.compile(
        r"\b(?:visit(?:ed|ing|s)?|arrived in|landed in|trip to|came to|led (?:a|the|his|her) delegation to|tour of)\b",
        I)),
    ("anniversary", "anniversary", re.compile(r"\banniversary\b", I)),
    ("relations", "relations_change", re.compile(
        r"\b(?:elevat\w+|upgrad\w+|lift(?:ed|ing)?|rais(?:e|ed|ing))\b[^.;]{0,70}\b(?:ties|relations|relationship|"
        r"partnership)\b[^.;]{0,50}?\bto\b|\b(?:establish(?:ed|ing|ment of)?|re-?establish\w*|restor(?:e|ed|ing)|"
        r"resum(?:e|ed|ption of)|normali[sz](?:e|ed|ation of)|thaw(?:ed)?)\b[^.;]{0,25}?\b(?:diplomatic )?"
        r"(?:ties|relations)\b", I)),
    ("operation", "joint_operation", re.compile(
        r"\b(?:repatriated|extradited|deported|handed over (?:\d+ |the |two |three |several )?(?:\w+ )?"
        r"(?:suspects|fugitives"
        r"|criminals|nationals|prisoners|victims|citizens|him|her|them)|brought back|took back|raided|"
        r"cracked down|(?:launched|conducted|carried out|held|staged|began|started|completed|concluded)\s+"
        r"(?:(?:a|the|their|its|\d+|\w+)\s+){0,3}(?:joint\s+)?(?:operations?|patrols?|exercises?|crackdowns?|raids?)|"
        r"(?:recent|latest|last|first) joint (?:operations?|patrols?|exercises?|crackdowns?)|"
        r"joint (?:operations?|patrols?|exercises?)\s+(?:was|were)\s+(?:held|conducted|launched)|"
        r"Exercise [A-Z]\w+,?\s+(?:was|were)\s+held|"
        r"(?:repatriation|extradition|deportation|handover|hand-over) of (?:\d+|some|more than|about|over|around)|"
        r"joint (?:patrols?|exercises?|operations?|drills?) (?:took place|began|started|kicked off|concluded|ended)|"
        r"(?:jointly|together) (?:arrested|rescued|raided|seized|busted|detained|dismantled)|"
        r"(?:arrested|rescued|seized|busted|detained|dismantled)(?= [^.;]{0,80}\bjoint\b))\b",
        I)),
)
# Where every match of each trigger starts, in lower case (see finditer_from_starts).
TRIGGER_STARTS: dict[str, re.Pattern[str]] = {
    "signing": re.compile(r"sign|ink|exchanged|concluded"),
    "meeting": re.compile(
        r"met|meet|talks|summit|dialogue|tele|phone|discussed with|video|virtual|spoke|consultations|held|courtesy|"
        r"co-chaired|discussions|working|interface|bi-national|joint commission|received|hosted|convened|reception"
    ),
    "visit": re.compile(r"visit|arrived in|landed in|trip to|came to|led |tour of"),
    "anniversary": re.compile(r"anniversary"),
    "relations": re.compile(r"elevat|upgrad|lift|rais|establish|re-establish|reestablish|restor|resum|normali|thaw"),
    "operation": re.compile(
        r"repatriat|extradit|deport|handed over|brought back|took back|raided|cracked down|launched|conducted|"
        r"carried out|held|staged|began|started|completed|concluded|recent|latest|last|first|joint|exercise|"
        r"handover|hand-over|together|arrested|rescued|seized|busted|detained|dismantled"
    ),
}
# Words that every ASCII sentence the operation trigger matches holds (lower-cased), in one of
# these combinations; "arrested", "extradition" or "operation" alone, the common case, is none.
OPERATION_WORDS = ("repatriated", "extradited", "deported", "handed over", "brought back", "took back", "raided",
                   "cracked down", "repatriation of", "extradition of", "deportation of", "handover of",
                   "hand-over of")
OPERATION_VERBS = ("launched", "conducted", "carried out", "held", "staged", "began", "started", "completed",
                   "concluded")
ARREST_VERBS = ("arrested", "rescued", "seized", "busted", "detained", "dismantled")
# The trigger's nouns always follow a space ("launched two joint patrols", "joint operations were held"),
# except "Exercise X was held": so "cooperation", in most sentences of these stories, is none.
SPACED_NOUN = re.compile(r"\s(?:operation|patrol|exercise|crackdown|raid|drill)")


def may_report_operation(norm: str, low: str | None = None) -> bool:
    """False only when the operation trigger cannot match `norm` (see may_hold for why only ASCII);
    `low` is `norm.lower()` when the caller has it already."""
    low = norm.lower() if low is None else low
    if may_hold(norm, OPERATION_WORDS, low):
        return True
    # "jointly arrested", "together rescued", "arrested ... in a joint ...".
    if ("joint" in low or "together" in low) and any(word in low for word in ARREST_VERBS):
        return True
    if "exercise" in low and "held" in low:
        return True  # "Exercise X was held"
    if SPACED_NOUN.search(low) is None:
        return False
    return "joint" in low or any(word in low for word in OPERATION_VERBS)


# Cheap substring tests that must pass before a trigger's regex is run on a sentence.
TRIGGER_STEMS: dict[str, tuple[str, ...]] = {
    "signing": ("signed", "signing", "inked", "inks", "inking", "exchanged", "concluded"),
    "meeting": ("met", "meet", "talks", "summit", "dialogue", "consultation", "phone", "video", "courtesy",
                "co-chaired", "discussions", "discussed with", "working lunch", "working dinner", "interface",
                "joint commission", "bi-national commission", "received", "virtual meeting", "virtual talks",
                "spoke by", "spoke over", "hosted", "convened", "reception"),
    "visit": ("visit", "arrived in", "landed in", "trip to", "came to", "delegation to", "tour of"),
    "anniversary": ("anniversary",),
    "relations": ("elevat", "upgrad", "lift", "rais", "establish", "restor", "resum", "normali", "thaw"),
    "operation": ("repatriat", "extradit", "deport", "handover", "hand-over", "handed over", "brought back",
                  "took back", "take back", "raided", "cracked down", "joint operation", "joint patrol",
                  "joint exercise", "joint crackdown", "joint raid", "joint drill", "joint law", "exercises",
                  "exercise ", "patrols", "jointly", "together", "arrested", "rescued", "seized", "busted",
                  "detained", "dismantled", "recent joint", "latest joint", "last joint", "first joint",
                  " operation", " raid", " crackdown", " patrol", " drill"),
}
NOT_A_MEETING = re.compile(
    r"\b(?:meet(?:s|ing)?|met) (?:the |their |its |our )?(?:[\w-]+ ){0,3}(?:requirements|needs|demands?|targets|goals|"
    r"challenges|standards|criteria|expectations|deadlines?)\b|\bmet with (?:strong |fierce |some )?(?:criticism|"
    r"opposition|resistance|protests?|approval|scepticism|skepticism)\b|\b(?:through|via|by|of|for|in) (?:peaceful |"
    r"constructive |continued |further |political )?dialogues?\b",
    I,
)
NOT_A_VISIT = re.compile(
    r"\b(?:courtesy|exchanges? of|high-level|mutual|ship|port|study|reciprocal|family|site) visits?\b"
    r"|\bvisits? (?:at|of) all levels\b|\bvisiting (?:hours|professor)\b"
    r"|\bcame to (?:power|an?\b|the (?:conclusion|throne|fore)|terms|light|office|know|believe|be)",
    I,
)
SIGNED_ADJECTIVE = re.compile(r"\b(?:all|the|previously|already|earlier|jointly)\s+signed\s+[A-Za-z]", I)
# Signatures that bind no two states: a bill into law, a petition, a decree, a contract with a firm.
DOMESTIC_SIGNATURE = re.compile(
    r"\bsign(?:ed|ing)\s+(?:\w+\s+){0,4}?into law\b|\bsign(?:ed|ing)\s+(?:off|up)\b|"
    r"\bsign(?:ed|ing)\s+(?:a|an|the)\s+(?:petition|decree|executive order|bill|contract with)\b",
    I,
)
ANNIVERSARY_CUE = re.compile(r"\b(?:mark(?:s|ed|ing)?|celebrat\w+|commemorat\w+|observ\w+|ceremony|banquet|reception"
                             r"|gala|event|festivities)\b", I)
ANNIVERSARY_NOT = re.compile(r"\b(?:ahead of|approaching|upcoming|next year|will mark|forthcoming|run-up)\b|"
                             r"\b(?:19|20)\d\d\s+marks\b", I)
INTENT = re.compile(
    r"\b(?:agreed to|agree to|will|would|shall|to be held|plans? to|planned|expected to|should|could|may|might|"
    r"pledged to|vowed to|call(?:ing|ed|s)? for|urged?|seek(?:s|ing)? to|hopes? to|hoping|proposed|ready to|"
    r"prepar(?:e|ing) (?:to|for)|aim(?:s|ing)? to|committed to|intends? to|efforts to|looks? forward|next|"
    r"continue to|is scheduled|are scheduled|scheduled to|invit(?:ed|ation) to|wish(?:es|ed)? to|to convene|"
    r"possib(?:le|ility)|would like|decided to|request|requested to|to request)\b[^.;,]{0,60}$",
    I,
)
# Where each alternative of INTENT starts, in lower case and without the \b: a search of the lower-cased
# text that starts with plain letters, which the regex engine skips to in C.
INTENT_STEMS = re.compile(
    r"agree|will|would|shall|to be held|plan|expected to|should|could|may|might|pledged to|vowed to|call|urge|"
    r"seek|hop|proposed|ready to|prepar|aim|committed to|intend|efforts to|look|next|continue to|scheduled|invit|"
    r"wish|to convene|possib|decided to|request"
)
ANAPHORIC = re.compile(r"\b(?:the|this|that|their|today's|\w+day's)\s+(?:[\w-]+\s+){0,3}$", I)
NEW_OCCURRENCE = re.compile(
    r"\b(?:separate|another|second|third|also met|also held|next|earlier|subsequent)\b", I
)
NEW_OCCURRENCE_WORDS = ("separate", "another", "second", "third", "also met", "also held", "next", "earlier",
                        "subsequent")
ANNIVERSARY_OF = re.compile(r"anniversary of (?:the )?(?:\w+ )?$", I)
AGREED_TO = re.compile(r"\bagreed to\s+(?:\w+\s+)?$", I)
# "Following a China-brokered agreement to restore ties, ...": the lead-in clause is background.
FOLLOWING = re.compile(r"(?:^|\.\s+|-\s+)(?:Following|After|Since)\b[^,;]*$")
SINCE = re.compile(r"\bsince\s+(?:the\s+)?$", I)
MEETING_VERB = re.compile(r"\b(?:met(?: separately)? with|co-chaired|held talks with|paid a courtesy call on)\b", I)
COURTESY_CALLS = re.compile(r"\bcourtesy calls on\b", I)
FOLLOWED_AFTER = re.compile(r"\s+(?:that|which) followed\b", I)
WITH_AFTER = re.compile(r"\s+with\s+(?:the\s+)?")
VISIT_WORD = re.compile(r"\bvisit", I)
REPLACED = re.compile(r"\b(?:replac\w+|terminat\w+|supersed\w+)\b", I)
BACKGROUND = re.compile(
    r"\b(?:years? ago|last year|previously|was last|had been|once again|history|founded|historic|lifetime|"
    r"the late)\b",
    I,
)
BACKGROUND_WORDS = ("ago", "last year", "previously", "was last", "had been", "once again", "histor",
                    "founded", "lifetime", "the late")
# "the recent State visit", "a previous meeting": the occurrence itself is past, not news.
ANNIVERSARY_WORD = re.compile(r"\banniversary\b", I)
PAST_BEFORE = re.compile(r"\b(?:recent|recently|previous|last|past)\s+(?:[\w-]+\s+){0,2}$", I)
INSTRUMENT_DATE = re.compile(
    r"\b(?:agreement|treaty|memorandum|mou|protocol|convention|accord|declaration|plan|pact|deal)s?"
    r"\s+(?:of|signed in|dated)\s+$",
    I,
)
# "the resumption of relations" as a topic of talks is no event; dated, it is one ("on June 24, 1974").
OF_BEFORE = re.compile(r"\bof\s+$", I)
RELATIONS_NOUN = re.compile(r"(?:ment|ption|ation) of\b", I)


def may_hold(text: str, words: tuple[str, ...], low: str | None = None) -> bool:
    """False only when a case-insensitive regex made of `words` cannot match in `text`.

    For ASCII text, re.I matching is matching the lower-cased text; other text can hold characters
    that re.I folds differently from str.lower ("ſ" is an "s"), so it is never ruled out.
    `low` is `text.lower()` when the caller has it already.
    """
    if not text.isascii():
        return True
    if low is None:
        low = text.lower()
    return any(word in low for word in words)


def finditer_from_starts(
    pattern: re.Pattern[str], starts: re.Pattern[str], text: str, low: str | None = None
) -> list[re.Match[str]]:
    """`list(pattern.finditer(text))` for a case-insensitive pattern, never matching empty, every match of
    which, lower-cased, begins with a match of `starts` (plain lower-case words, which the engine skips to in C).

    In ASCII, re.I matching is matching the lower-cased text (`low`, when the caller has it), so the pattern
    is tried only where a start word stands, and a match at a position is the same whatever position the
    search started from; other text is scanned as it is.
    """
    if not text.isascii():
        return list(pattern.finditer(text))
    if low is None:
        low = text.lower()
    found: list[re.Match[str]] = []
    position = 0
    start_at = starts.search
    match_at = pattern.match
    while (hit := start_at(low, position)) is not None:
        at = hit.start()
        match = match_at(text, at)
        if match is None:
            position = at + 1
        else:
            found.append(match)
            position = match.end()  # finditer goes on from the end of a match
    return found


def search_from_starts(pattern: re.Pattern[str], starts: re.Pattern[str], text: str) -> bool:
    """Whether `pattern` (case-insensitive) matches in `text`, for a pattern every match of which, lower-cased,
    begins with a match of `starts` (plain lower-case words, which the engine skips to in C).

    In ASCII, re.I matching is matching the lower-cased text (see may_hold), so the pattern is tried only
    where a start word stands; other text is searched as it is.
    """
    if not text.isascii():
        return pattern.search(text) is not None
    low = text.lower()
    position = 0
    while (hit := starts.search(low, position)) is not None:
        if pattern.match(text, hit.start()) is not None:
            return True
        position = hit.start() + 1
    return False


def kinds_present(lows: list[str], stems: tuple[tuple[str, str], ...]) -> list[set[str] | None]:
    """For each lower-cased sentence, the kinds whose stems (pairs of stem and kind) occur in it
    (None for none).

    Exactly what a substring test per sentence and stem says, but searched in one string of the
    whole article: a stem absent from the article (most of them) costs one search, not one per
    sentence, and a stem found is looked for again only from the next sentence on.
    """
    joined = "\n".join(lows)
    starts: list[int] = []
    position = 0
    for low in lows:
        starts.append(position)
        position += len(low) + 1
    starts.append(position)  # no stem holds "\n", so every hit lies inside one sentence
    found: list[set[str] | None] = [None] * len(lows)
    find = joined.find
    for stem, kind in stems:
        at = find(stem)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            kinds = found[i]
            if kinds is None:
                found[i] = {kind}
            else:
                kinds.add(kind)
            at = find(stem, starts[i + 1])
    return found


def is_intent(norm: str, position: int) -> bool:
    window = norm[max(0, position - 70): position]
    # No intention word holds ". ; ," and none may follow it: only the text after the last one
    # can match, and the regex need not try every position before it.
    after = max(window.rfind("."), window.rfind(";"), window.rfind(",")) + 1
    # In ASCII, re.I matching is matching the lower-cased text (see may_hold): no stem, no match.
    if window.isascii() and INTENT_STEMS.search(window.lower(), after) is None:
        return False
    return INTENT.search(window, after) is not None


def trigger_applies(event_type: str, facts: SentenceFacts, match: re.Match[str]) -> bool:
    """Whether a trigger word really reports an occurrence of its kind here."""
    norm = facts.sentence.norm
    before = norm[max(0, match.start() - 40): match.start()]
    if event_type == "anniversary":
        quoted = '"' in norm[: match.start()]  # a speaker's words, not the commemoration itself
        return bool(ANNIVERSARY_CUE.search(norm)) and not ANNIVERSARY_NOT.search(norm) and not quoted
    if ANNIVERSARY_OF.search(before):
        return False  # "the anniversary of the signing" commemorates, it does not sign
    if event_type == "meeting":
        return not NOT_A_MEETING.search(norm[max(0, match.start() - 25): match.end() + 30])
    if event_type == "visit":
        return not NOT_A_VISIT.search(norm[max(0, match.start() - 40): match.end() + 40])
    if event_type == "signing":
        adjective = SIGNED_ADJECTIVE.search(norm[max(0, match.start() - 15): match.end() + 3])
        domestic = DOMESTIC_SIGNATURE.search(norm[match.start(): match.end() + 60])
        return not adjective and not domestic and not REPLACED.search(norm)
    if event_type == "relations":
        if SINCE.search(before[-20:]):
            return False  # "since the establishment of relations" measures time, it reports nothing
        if RELATIONS_NOUN.search(match.group(0)) or OF_BEFORE.search(before[-5:]):
            return any(d.kind == "explicit" and d.value is not None for d in facts.dates)
    return True


def is_background(facts: SentenceFacts, when: DateMention | None, article: ArticleFacts) -> bool:
    """History told in passing: dated well before the article, or told as past ("last year", "since")."""
    if when is not None and when.value is not None:
        if article.published is not None:
            # "In November" in a December story: current news would have its day.
            earlier_month = when.precision == "month" and when.value < article.published.replace(day=1)
            return when.value < article.published - timedelta(days=62) or earlier_month
        if when.year_stated and when.precision in ("year", "month"):
            return True
        # Undated article: a date a year older than the latest one it states is history.
        if article.reference is not None and when.value < article.reference - timedelta(days=365):
            return True
    return may_hold(facts.sentence.norm, BACKGROUND_WORDS) and bool(BACKGROUND.search(facts.sentence.norm))
