"""The reader of introductions: reply lines, intro@ messages, recap promises; it reads what is
written, never guesses an address, and never raises (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailer.intros.reading import (
    Named,
    intro_line,
    intro_lines,
    intro_mail,
    is_introduction,
    promised,
    promised_to_me,
)


@pytest.mark.parametrize(
    ("line", "introduced", "to", "why"),
    [
        ("intro: Marta -> Jordi", Named("Marta"), Named("Jordi"), ""),
        ("Intro: marta@example.com → jordi@example.org", Named("", "marta@example.com"),
         Named("", "jordi@example.org"), ""),
        ("intro: Marta Soler <marta@example.com> -> Jordi Vila (jordi@example.org): she needs "
         "a designer", Named("Marta Soler", "marta@example.com"),
         Named("Jordi Vila", "jordi@example.org"), "she needs a designer"),
        ("presentación: Marta => Jordi, porque diseña apps", Named("Marta"), Named("Jordi"),
         "diseña apps"),
        ("presentació: la Marta -> en Jordi", Named("Marta"), Named("Jordi"), ""),
    ],
)  # fmt: skip
def test_an_intro_line(line: str, introduced: Named, to: Named, why: str):
    request = intro_line(line)
    assert request is not None
    assert (request.introduced, request.to, request.why) == (introduced, to, why)


@pytest.mark.parametrize("line", ["intro: Marta", "intro: -> Jordi", "Marta -> Jordi", "intro:"])
def test_not_an_intro_line(line: str):
    assert intro_line(line) is None


def test_lines_after_an_intro_line_are_its_reason():
    requests = intro_lines(
        "intro: Marta -> Jordi\nShe needs a designer.\nintro: Pau <pau@example.org> -> Anna"
    )
    assert [(r.introduced.label, r.to.label, r.why) for r in requests] == [  # type: ignore[union-attr]
        ("Marta", "Jordi", "She needs a designer."),
        ("Pau", "Anna", ""),
    ]
    assert intro_lines("Thanks!\nintro: Marta -> Jordi") == []  # not a first line: not ours


@pytest.mark.parametrize(
    ("text", "introduced", "to"),
    [
        ("I'll introduce Marta to Jordi Vila <jordi@example.org>", "Marta", "Jordi Vila"),
        ("Offered to introduce her to Jordi Vila (jordi@example.org)", None, "Jordi Vila"),
        ("Le ofrecí presentarle a Pau (pau@example.org)", None, "Pau"),
        ("presentaré a Marta a Jordi Vila", "Marta", "Jordi Vila"),
        ("Li presentaré la Núria <nuria@example.cat>", None, "Núria"),
        ("Presentaré la Marta al Jordi", "Marta", "Jordi"),
        ("offered to e-introduce her to Pau (pau@example.org)", None, "Pau"),
    ],
)
def test_who_a_promise_introduces_to_whom(text: str, introduced: str | None, to: str):
    one, two = promised(text)
    assert (one.name if one else None, two.name if two else None) == (introduced, to)
    assert is_introduction(text) and promised_to_me(text) is None


@pytest.mark.parametrize(
    ("text", "whom"),
    [
        ("She'll introduce me to her manager.", "her manager"),
        ("Me presentará a su jefa", "su jefa"),
        ("Em presentarà la seva cap", "la seva cap"),
        ("Va a presentarme a Pau Vidal (pau@example.org)", "Pau Vidal"),
    ],
)
def test_an_introduction_promised_to_the_user(text: str, whom: str):
    assert promised_to_me(text) == whom and is_introduction(text)


def test_a_promise_that_is_no_introduction():
    for text in ("send him my deck", "the slides of his talk", "a presentation on pricing"):
        assert not is_introduction(text) and promised(text) == (None, None)


@pytest.mark.parametrize(
    ("subject", "body", "named", "introduced", "to"),
    [
        ("Marta -> Jordi", "She needs a designer.", [], Named("Marta"), Named("Jordi")),
        ("Marta and Jordi", "Marta needs a designer.", [], Named("Marta"), Named("Jordi")),
        ("Please", "Introduce Marta to Jordi, please.", [], Named("Marta"), Named("Jordi")),
        ("Intro", "Marta Soler <marta@example.com>\nJordi Vila <jordi@example.org>\nShe "
         "needs a designer.", [], Named("Marta Soler", "marta@example.com"),
         Named("Jordi Vila", "jordi@example.org")),
        ("These two", "should meet", [Named("Marta", "marta@example.com"),
         Named("Jordi", "jordi@example.org")], Named("Marta", "marta@example.com"),
         Named("Jordi", "jordi@example.org")),
    ],
)  # fmt: skip
def test_an_email_to_intro(
    subject: str, body: str, named: list[Named], introduced: Named, to: Named
):
    request = intro_mail(subject, body, named)
    assert request is not None and (request.introduced, request.to) == (introduced, to)


def test_an_email_to_intro_naming_nobody_twice_is_no_request():
    assert intro_mail("Coffee and chat", "see you", []) is None
    assert intro_mail("Intro", "Marta <marta@example.com> needs a designer", []) is None


@given(st.text(max_size=300))
def test_the_reader_never_raises(text: str):
    intro_line(text)
    intro_lines(text)
    promised(text)
    promised_to_me(text)
    intro_mail(text[:40], text, [])


@given(
    st.from_regex(r"[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8})?", fullmatch=True),
    st.from_regex(r"[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8})?", fullmatch=True),
)
def test_any_two_names_in_an_intro_line(one: str, two: str):
    request = intro_line(f"intro: {one} -> {two}")
    assert request is not None
    assert (request.introduced, request.to) == (Named(one), Named(two))
    assert request.introduced.email == request.to.email == ""  # a name never gets an address
