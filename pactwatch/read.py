"""Read and clean: raw bytes -> article text, or a reason why the file is not an article.

Decoding accepts UTF-8 (with or without BOM), UTF-16 with a BOM, and legacy encodings that
charset-normalizer can identify. Cleaning removes the web-page chrome that scraped news pages
carry (image file names, photo credits, repeated bylines, "scroll to top", trailing lists of
related headlines) so that nothing in it is ever read as an event, agreement or participant.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

MAX_ARTICLE_BYTES = 5_000_000
# Share of characters that may be control or private-use before a text is called binary.
MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True)
class Decoded:
    text: str | None
    encoding: str | None
    reason: str | None  # why the bytes are not an article; None when text is set


def refuse(reason: str) -> Decoded:
    return Decoded(text=None, encoding=None, reason=reason)


def decode_article(data: bytes) -> Decoded:
    """Decode raw bytes, or say why they cannot be an article."""
    if len(data) > MAX_ARTICLE_BYTES:
        return refuse(f"too large: {len(data)} bytes > {MAX_ARTICLE_BYTES}")
    if not data.strip():
        return refuse("empty: no text")
    text, encoding = decode_with_bom(data)
    if text is None:
        if b"\x00" in data:
            return refuse("binary: contains NUL bytes and no UTF-16 byte-order mark")
        text, encoding = decode_utf8_or_legacy(data)
        if text is None:
            return refuse(encoding or "undecodable: no known text encoding fits")
    if looks_binary(text):
        return refuse(f"binary: too many control characters for text (decoded as {encoding})")
    if not text.strip():
        return refuse("empty: only white space")
    return Decoded(text=text, encoding=encoding, reason=None)


def decode_with_bom(data: bytes) -> tuple[str | None, str | None]:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                return None, None
    return None, None


def decode_utf8_or_legacy(data: bytes) -> tuple[str | None, str | None]:
    """UTF-8 first; a file cut inside its last character is half-written, not legacy."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            return None, "truncated: ends inside a UTF-8 character (half-written file?)"
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None, None
    return str(best), best.encoding


# Control, private-use and surrogate characters: what decoded binary looks like.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ud800-\udfff\U000f0000-\U0010ffff]")


def looks_binary(text: str) -> bool:
    sample = text[:100_000]
    return len(NOT_TEXT.findall(sample)) > MAX_CONTROL_SHARE * len(sample)


# ---- cleaning --------------------------------------------------------------------------------------

# Bidi overrides and zero-width characters can hide or reorder text in a reader's view.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
IMAGE_FILE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp|tiff?|svg)(?:\?\S*)?$", re.I)
SCROLL_TO_TOP = re.compile(r"\s*\b(?:scroll|back) to top\b\s*", re.I)
# A heading after which a page lists other stories or comments: everything from it is chrome.
TRAILING_CHROME = re.compile(
    r"^(?:more (?:from|articles|stories|news)\b.*|related (?:articles|news|stories)\b.*|read more\b.*"
    r"|you may also like\b.*|recommended\b.*|comments?\s*\(?\d*\)?|leave a (?:comment|reply)\b.*"
    r"|most (?:read|popular)\b.*)$",
    re.I,
)
PHOTO_CREDIT = re.compile(
    r"(?:\s*PHOTO:\s*[^\n]*$"  # "PHOTO: POOL PHOTO VIA YONHAP/ THE KOREA HERALD" (caps)
    r"|\s*\((?i:photo|file photo|image)\b[^()\n]{0,80}\)"  # "(Photo by X/Xinhua)"
    r"|\s*[—–-]\s*[A-Z]{2,}(?:/[A-Z]{2,})*\s+Photo\b[^|\n]*\|?"  # "— VNA/VNS Photo Name |"
    r"|\s*\[[A-Z][A-Za-z ]{1,30}\](?=\s*$))",  # "[YONHAP]" at the end of a caption
    re.M,
)
BYLINE_MAX_WORDS = 4
PREFIX_CHARS = 40
BLANK_RUNS = re.compile(r"\n{3,}")
# PHOTO_CREDIT needs one of these in a line; most lines have none, and a substring test is far
# cheaper than letting the regex try every position.
PHOTO_NEEDLES = ("(", "[", "Photo", "PHOTO:")
# What every alternative of TRAILING_CHROME starts with (no other character folds to these under re.I).
CHROME_INITIALS = frozenset("mrMRyYcClL")
BYLINE_END = tuple('.!?:;,"“”')


def clean_text(text: str) -> str:
    """Article text without web chrome, normalised to NFC with \\n line ends."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = CONTROL.sub("", INVISIBLE.sub("", text)).replace("\u00a0", " ")
    lines = cut_trailing_chrome([line.rstrip() for line in text.split("\n")])
    # Lines are already stripped on the right, so a line no pattern touches is kept as it is.
    scroll = "to top" in text.lower()
    credit = PHOTO_CREDIT.sub
    cleaned = []
    for line in lines:
        if scroll:
            line = SCROLL_TO_TOP.sub(" ", line).rstrip()
        if "(" in line or "[" in line or "Photo" in line or "PHOTO:" in line:
            # A credit removed mid-line leaves a space, or "Park Jin (Photo: VNA)This" would glue two words.
            line = credit(" ", line).rstrip()
        cleaned.append(line)
    # An image file name is one word: a line with a space in it is never one.
    lines = [line for line in cleaned if " " in (bare := line.strip()) or not IMAGE_FILE.match(bare)]
    lines = drop_repeated_bylines(lines)
    lines = drop_repeated_paragraphs(lines)
    return BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip() + "\n"


def cut_trailing_chrome(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if i > 0:
            bare = line.strip()
            if bare[:1] in CHROME_INITIALS and TRAILING_CHROME.match(bare):
                return lines[:i]
    return lines


def comparable(line: str) -> str:
    """A line with quotes and white space folded, to see that two lines say the same."""
    if not line.isascii():
        line = line.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(line.split()).casefold()


def is_byline_like(line: str) -> bool:
    # At most BYLINE_MAX_WORDS + 1 pieces are needed to tell a short line from a long one.
    words = line.split(None, BYLINE_MAX_WORDS)
    return 0 < len(words) <= BYLINE_MAX_WORDS and not line.strip().endswith(BYLINE_END)


def drop_repeated_bylines(lines: list[str]) -> list[str]:
    """A short name-like line that a page repeats is a byline: drop every copy."""
    keys = [comparable(line) if is_byline_like(line) else None for line in lines]
    seen: dict[str, int] = {}
    for key in keys:
        if key is not None:
            seen[key] = seen.get(key, 0) + 1
    repeated = {key for key, count in seen.items() if count > 1}
    if not repeated:
        return lines
    return [line for line, key in zip(lines, keys, strict=True) if key is None or key not in repeated]


def drop_repeated_paragraphs(lines: list[str]) -> list[str]:
    """A teaser paragraph that the body repeats (or opens a paragraph with) is kept once, in the body."""
    keys = [comparable(line) for line in lines]
    # Index by a short prefix so that a huge file costs a lookup per line, not a scan.
    by_prefix: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        by_prefix.setdefault(key[:PREFIX_CHARS], []).append(i)
    kept = []
    for i, line in enumerate(lines):
        key = keys[i]
        same_prefix = by_prefix[key[:PREFIX_CHARS]]
        # Only a line whose prefix recurs later can be repeated; the word count is the dearer test.
        if same_prefix[-1] > i and len(line.split(None, BYLINE_MAX_WORDS)) > BYLINE_MAX_WORDS and any(
            j > i and keys[j].startswith(key) for j in same_prefix
        ):
            continue
        kept.append(line)
    return kept
