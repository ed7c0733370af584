"""Decoding and cleaning: every kind of bad input gets a reason; chrome never survives cleaning."""

from __future__ import annotations

from pactwatch.read import MAX_ARTICLE_BYTES, clean_text, decode_article

ARTICLE = "Ministers of two countries met in the capital on Tuesday to sign a memorandum.\n"


def test_utf8_with_and_without_bom_decode_to_the_same_text() -> None:
    plain = decode_article(ARTICLE.encode("utf-8"))
    bom = decode_article(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    assert plain.text == bom.text == ARTICLE
    assert (plain.encoding, bom.encoding) == ("utf-8", "utf-8-sig")


def test_utf16_with_bom_decodes_in_both_byte_orders() -> None:
    text = "Việt Nam và Lào ký biên bản ghi nhớ.\n"
    for data in (text.encode("utf-16"), b"\xfe\xff" + text.encode("utf-16-be")):
        decoded = decode_article(data)
        assert decoded.text == text and decoded.reason is None


def test_legacy_latin1_text_is_detected_not_refused() -> None:
    text = "Le ministre a déclaré à Genève que la coopération était très étroite et durable. " * 5
    decoded = decode_article(text.encode("latin-1"))
    assert decoded.reason is None
    assert "déclaré à Genève" in (decoded.text or "")


def test_binary_empty_huge_and_half_written_files_are_refused_with_reasons() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert (decode_article(png).reason or "").startswith("binary")
    assert (decode_article(b"").reason or "").startswith("empty")
    assert (decode_article(b"  \n\t \n").reason or "").startswith("empty")
    assert (decode_article(b"a" * (MAX_ARTICLE_BYTES + 1)).reason or "").startswith("too large")
    cut = "Thủ tướ".encode()[:-1]  # the last character is cut in half
    assert (decode_article(b"The talks ended with a deal. " + cut).reason or "").startswith("truncated")


def test_cleaning_removes_image_names_credits_bylines_and_scroll_to_top() -> None:
    raw = (
        "Headline about ties\n\nJane Roe\n\nJane Roe\n\nxyz_20250101_P1.jpg\n\n"
        "Two leaders shake hands in the capital. PHOTO: AGENCY VIA WIRE/ DAILY\n\n"
        "The ministers met on Monday. (Photo by A. Person/Wire)\n\nThey agreed to cooperate.\n\nscroll to top"
    )
    cleaned = clean_text(raw)
    assert "Jane Roe" not in cleaned
    assert ".jpg" not in cleaned
    assert "PHOTO:" not in cleaned and "Photo by" not in cleaned
    assert "scroll to top" not in cleaned
    assert "Two leaders shake hands in the capital." in cleaned
    assert cleaned.endswith("They agreed to cooperate.\n")


def test_cleaning_cuts_trailing_lists_of_related_headlines() -> None:
    raw = ("The ministers signed a treaty.\nJohn Doe\nMinister of Justice\nMore From Ministry News\n"
           "Another story about a summit\nSeptember 1, 2025\nMore Articles")
    cleaned = clean_text(raw)
    assert "Minister of Justice" in cleaned
    assert "More From" not in cleaned and "September 1, 2025" not in cleaned and "summit" not in cleaned


def test_a_teaser_repeated_at_the_start_of_a_body_paragraph_is_kept_once() -> None:
    teaser = "Describing the partnership as vital, the president said the two nations would work together."
    raw = f"Title\n\n{teaser}\n\nBody opens here.\n\n{teaser.replace('vital', 'vital')} He added more.\n"
    assert clean_text(raw).count("Describing the partnership") == 1


def test_invisible_and_control_characters_are_stripped() -> None:
    cleaned = clean_text("Talks\u202e were\u200b held\x07 in the capital.\r\nNext line.")
    assert cleaned == "Talks were held in the capital.\nNext line.\n"


def test_a_credit_removed_mid_line_does_not_glue_words_or_sentences() -> None:
    cleaned = clean_text("The envoy met the minister. (Photo: WIRE)Officials said talks went well.\n")
    assert cleaned == "The envoy met the minister. Officials said talks went well.\n"
