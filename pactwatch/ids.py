"""Deterministic ids: the same text and the same extractor version always give the same ids."""

from __future__ import annotations

import hashlib

ID_HEX_CHARS = 16


def content_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stable_id(prefix: str, *parts: object) -> str:
    """`prefix_` + 16 hex chars of a SHA-256 over the parts; prefix names the table (ev, pa, ag)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:ID_HEX_CHARS]}"
