"""Resolve person participants across articles into people.

Two mentions are one person when they serve the same country (or one of them has none stated)
and their names, folded to ASCII, are near-identical by RapidFuzz's token-sort ratio: this
catches transliteration variants (Lakhamphong / Lakhamfong) while namesakes serving different
countries stay apart. Comparison runs within blocks (country, first letters of the name), so the
cost grows with the block sizes, not with the square of all people.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict

import polars as pl
from rapidfuzz import fuzz, process

from pactwatch.ids import stable_id
from schemas import empty_frame

SAME_PERSON_SCORE = 88.0
BLOCK_PREFIX = 3
# Two strings of lengths m <= n score at most 200 * m / (m + n): below the cut once n > m * this.
MAX_LENGTH_RATIO = (200 - SAME_PERSON_SCORE) / SAME_PERSON_SCORE


def name_key(name: str) -> str:
    """Lower-case ASCII words: 'Lương Tam-Quang' -> 'luong tam quang'."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in ascii_only).split())


class UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_names(keys: list[tuple[str | None, str]]) -> list[int]:
    """Cluster (country, name key) pairs; returns a cluster number per pair."""
    groups = UnionFind(len(keys))
    blocks: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for i, (country, key) in enumerate(keys):
        blocks[(country, key[:BLOCK_PREFIX])].append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        # By length: a name can only reach the score against names at most this much longer,
        # so each is compared with a short window, not the whole block.
        members.sort(key=lambda i: (len(keys[i][1]), keys[i][1]))
        names = [keys[i][1] for i in members]
        for a, name in enumerate(names):
            longest = len(name) * MAX_LENGTH_RATIO
            stop = a + 1
            while stop < len(names) and len(names[stop]) <= longest:
                stop += 1
            for _, _, b in process.extract(name, names[a + 1:stop], scorer=fuzz.token_sort_ratio,
                                           score_cutoff=SAME_PERSON_SCORE, limit=None):
                groups.union(members[a], members[a + 1 + b])
    attach_countryless(keys, groups)
    return [groups.find(i) for i in range(len(keys))]


def attach_countryless(keys: list[tuple[str | None, str]], groups: UnionFind) -> None:
    """A mention with no country joins the one person of that exact name who has one, if just one does."""
    with_country: dict[str, set[int]] = defaultdict(set)
    for i, (country, key) in enumerate(keys):
        if country is not None:
            with_country[key].add(groups.find(i))
    for i, (country, key) in enumerate(keys):
        if country is None and len(with_country.get(key, ())) == 1:
            groups.union(i, next(iter(with_country[key])))


def resolve_people(mentions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """mentions(participant_id, article_id, name, country, title) -> (people, person_mentions)."""
    if mentions.height == 0:
        return empty_frame("people"), empty_frame("person_mentions")
    rows = mentions.sort("participant_id").to_dicts()
    key_of = {name: name_key(name) for name in {r["name"] for r in rows}}  # once per spelling
    for r in rows:
        r["key"] = key_of[r["name"]]
    distinct = sorted({(r["country"], r["key"]) for r in rows}, key=lambda k: (k[0] or "", k[1]))
    cluster_of_key = dict(zip(distinct, cluster_names(distinct), strict=True))
    members: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        members[cluster_of_key[(r["country"], r["key"])]].append(r)
    people, links = [], []
    for group in members.values():
        person = person_row(group)
        people.append(person)
        links.extend({"participant_id": r["participant_id"], "person_id": person["person_id"]} for r in group)
    return (pl.DataFrame(people, schema=empty_frame("people").schema).sort("person_id"),
            pl.DataFrame(links, schema=empty_frame("person_mentions").schema).sort("participant_id"))


def person_row(group: list[dict]) -> dict:
    names = Counter(r["name"] for r in group)
    name = min(names, key=lambda n: (-names[n], -len(n), n))
    countries = Counter(r["country"] for r in group if r["country"])
    country = min(countries, key=lambda c: (-countries[c], c)) if countries else None
    titles = Counter(r["title"] for r in group if r["title"])
    key = min(r["key"] for r in group)
    return {
        "person_id": stable_id("pe", country, key), "name": name, "country": country,
        "title": min(titles, key=lambda t: (-titles[t], t)) if titles else None,
        "aliases": sorted(n for n in names if n != name), "mentions": len(group),
        "articles": len({r["article_id"] for r in group}),
    }
