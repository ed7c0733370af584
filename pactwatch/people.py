"""Resolve person participants across articles into people.

Two mentions are one person when they serve the same country (or one of them has none stated)
and their names, folded to ASCII, are near-identical by RapidFuzz's token-sort ratio: this
catches transliteration variants (Lakhamphong / Lakhamfong) while namesakes serving different
countries stay apart. Comparison runs within blocks (country, first letters of the name), so the
cost grows with the block sizes, not with the square of all people.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

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
    """mentions(participant_id, article_id, name, country, title) -> (people, person_mentions).

    Python runs once per distinct spelling and once per distinct (country, name key); the
    per-mention work (joins, counts, picking each person's name, country and title) is Polars',
    so memory stays columnar at hundreds of thousands of mentions.
    """
    if mentions.height == 0:
        return empty_frame("people"), empty_frame("person_mentions")
    mentions = mentions.select(pl.col("participant_id", "article_id", "name", "country", "title").cast(pl.String))
    spellings = mentions.select("name").unique()
    spellings = spellings.with_columns(
        key=pl.Series([name_key(n) for n in spellings.get_column("name").to_list()], dtype=pl.String))
    keyed = mentions.join(spellings, on="name", how="left", nulls_equal=True)
    distinct = sorted(keyed.select("country", "key").unique().iter_rows(), key=lambda k: (k[0] or "", k[1]))
    clusters = pl.DataFrame({"country": [c for c, _ in distinct], "key": [k for _, k in distinct],
                             "cluster": cluster_names(distinct)},
                            schema={"country": pl.String, "key": pl.String, "cluster": pl.Int64})
    keyed = keyed.join(clusters, on=["country", "key"], how="left", nulls_equal=True)
    people = person_rows(keyed)
    links = (keyed.join(people.select("cluster", "person_id"), on="cluster")
             .select("participant_id", "person_id").sort("participant_id"))
    return (people.drop("cluster").select(empty_frame("people").columns).cast(empty_frame("people").schema)
            .sort("person_id"),
            links.cast(empty_frame("person_mentions").schema))


def most_frequent(keyed: pl.DataFrame, column: str, prefer_longer: bool = False) -> pl.DataFrame:
    """(cluster, column): each cluster's most frequent non-null value; ties go to the longer value
    when prefer_longer, then to the first in code-point order."""
    counted = (keyed.drop_nulls(column).group_by("cluster", column).agg(n=pl.len())
               .with_columns(chars=pl.col(column).str.len_chars()))
    order = ["cluster", "n", "chars", column] if prefer_longer else ["cluster", "n", column]
    descending = [False, True, True, False] if prefer_longer else [False, True, False]
    return (counted.sort(order, descending=descending)
            .group_by("cluster", maintain_order=True).first().select("cluster", column))


def person_rows(keyed: pl.DataFrame) -> pl.DataFrame:
    """One row per cluster: its most frequent spelling (then the longest), country and title."""
    name = most_frequent(keyed, "name", prefer_longer=True)
    country = most_frequent(keyed, "country")
    title = most_frequent(keyed, "title")
    totals = keyed.group_by("cluster").agg(
        mentions=pl.len(), articles=pl.col("article_id").n_unique(), key=pl.col("key").min(),
        spellings=pl.col("name").unique().sort())
    people = (totals.join(name, on="cluster").join(country, on="cluster", how="left")
              .join(title, on="cluster", how="left")
              .with_columns(aliases=pl.col("spellings").list.set_difference(pl.concat_list("name")).list.sort()))
    ids = [stable_id("pe", country, key) for country, key in people.select("country", "key").iter_rows()]
    return people.with_columns(person_id=pl.Series(ids, dtype=pl.String))
