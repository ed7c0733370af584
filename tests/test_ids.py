from __future__ import annotations

import re

from pactwatch.ids import content_sha256, stable_id


def test_stable_id_is_deterministic_and_sensitive_to_every_part() -> None:
    first = stable_id("ev", "article", "0.1.0", "meeting", 10)
    assert first == stable_id("ev", "article", "0.1.0", "meeting", 10)
    assert re.fullmatch(r"ev_[0-9a-f]{16}", first)
    assert first != stable_id("ev", "article", "0.1.1", "meeting", 10)
    assert first != stable_id("ev", "article", "0.1.0", "meeting", 11)
    # parts are separated, so shifting characters between parts changes the id
    assert stable_id("ev", "ab", "c") != stable_id("ev", "a", "bc")


def test_content_hash_is_sha256_hex() -> None:
    assert content_sha256(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
