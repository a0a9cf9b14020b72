"""Hashtags in a recap become tags: lower-cased, once each, in order of appearance."""

from __future__ import annotations

from tests.parsing.recaps import EXAMPLE, PROMPT_REPLY, read


def test_the_example_tag():
    assert read(EXAMPLE).tags == ("slownetworking",)


def test_tags_are_lower_cased_and_deduplicated_in_order():
    recap = read("Coffee with Anna. #SlowNetworking #design #slownetworking #Café #follow_up")
    assert recap.tags == ("slownetworking", "design", "café", "follow_up")


def test_a_tag_on_its_own_line_or_with_hyphens():
    assert read("#intro-call\nCoffee with Anna today.").tags == ("intro-call",)


def test_hashes_that_are_not_tags():
    text = "Coffee with Anna. She codes C# and sent https://example.com/page#section and a&#39;b"
    assert read(text).tags == ()


def test_no_tags():
    assert read("Coffee with Anna today.").tags == ()


def test_tags_in_the_quoted_prompt_or_the_signature_are_not_the_users():
    assert read(PROMPT_REPLY).tags == ()
    assert read("Coffee with Anna.\n\n-- \nAlice Martín #signature").tags == ()
