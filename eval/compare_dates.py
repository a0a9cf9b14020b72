"""``python -m eval.compare_dates``: the reader's date patterns against dateparser, on tune.toml.

Issue 13 asks to use dateparser for date expressions where it does better than precise
patterns, and to measure the choice. Both read the same sentences (the one the reader takes
for the meeting, the one that asks for the follow-up); the table gives, per field, what each
gets right and how long it takes per recap. dateparser is given what the issue names:
``search_dates`` with ``RELATIVE_BASE`` (the send time in the user's zone),
``PREFER_DATES_FROM`` (past for the meeting, future for the follow-up) and the recap's
language.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date

from dateparser.search import search_dates

from eval.cases import TUNE, Case, load_cases
from mailer.parsing.recaps import parse_recap
from mailer.parsing.recaps.__init__ import _all_sentences, _sentences
from mailer.parsing.recaps.follow_up import _patterns as follow_up_patterns
from mailer.parsing.recaps.language import language_of
from mailer.parsing.recaps.meeting import meeting_sentence
from mailer.parsing.recaps.text import lines_of, user_words
from mailer.parsing.recaps.words import fold


def _sentences_of(case: Case) -> tuple[str, str, str]:
    """The meeting's and the follow-up's sentences and the language, as the reader finds them."""
    written = user_words(case.text, case.subject)
    free = [line.text for line in lines_of(written.body) if line.label is None]
    meeting = meeting_sentence(_sentences(written.body, free))
    asking = ""
    for sentence in _all_sentences(written.body):
        if follow_up_patterns()["trigger"].search(fold(sentence)):
            asking = sentence
            break
    return meeting.text if meeting else "", asking, language_of(written.body) or "en"


def _dateparser(text: str, case: Case, lang: str, prefer: str) -> date | None:
    if not text:
        return None
    base = case.sent.astimezone(case.zone).replace(tzinfo=None)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer}
    try:
        found = search_dates(text, languages=[lang], settings=settings)  # type: ignore[arg-type]
    except Exception:  # dateparser raises on some inputs: no date then
        return None
    for _words, moment in found or []:
        day = moment.date()
        if (prefer == "past" and day <= case.sent_day) or (
            prefer == "future" and day > case.sent_day
        ):
            return day
    return None


def _score(name: str, pairs: list[tuple[date | None, date | None]]) -> str:
    expected = sum(e is not None for e, _ in pairs)
    predicted = sum(p is not None for _, p in pairs)
    correct = sum(e is not None and e == p for e, p in pairs)
    precision = f"{100 * correct / predicted:.1f}%" if predicted else "n/a"
    recall = f"{100 * correct / expected:.1f}%" if expected else "n/a"
    return f"{name:<28} {expected:>8} {predicted:>9} {correct:>7} {precision:>9} {recall:>7}"


def _timed(read: Callable[[], object]) -> float:
    start = time.perf_counter()
    read()
    return time.perf_counter() - start


def main() -> int:
    cases = load_cases(TUNE)
    ours_meeting, ours_follow, theirs_meeting, theirs_follow = [], [], [], []
    ours_time = theirs_time = 0.0
    for case in cases:
        meeting, asking, lang = _sentences_of(case)
        started = time.perf_counter()
        recap = parse_recap(case.text, subject=case.subject, sent_at=case.sent, zone=case.zone)
        ours_time += time.perf_counter() - started
        ours_meeting.append(
            (
                case.expect.meeting_date,
                recap.met_on.astimezone(case.zone).date() if recap.met_on else None,
            )
        )
        ours_follow.append((case.expect.follow_up, recap.follow_up_on))
        started = time.perf_counter()
        theirs_meeting.append((case.expect.meeting_date, _dateparser(meeting, case, lang, "past")))
        theirs_follow.append((case.expect.follow_up, _dateparser(asking, case, lang, "future")))
        theirs_time += time.perf_counter() - started
    print(f"{TUNE.name}: {len(cases)} cases, the same sentences read both ways")
    header = ("field", "expected", "predicted", "correct", "precision", "recall")
    print("{:<28} {:>8} {:>9} {:>7} {:>9} {:>7}".format(*header))
    print(_score("meeting_date (patterns)", ours_meeting))
    print(_score("meeting_date (dateparser)", theirs_meeting))
    print(_score("follow_up (patterns)", ours_follow))
    print(_score("follow_up (dateparser)", theirs_follow))
    per = 1000 / len(cases)
    print(
        f"time per recap: whole reader {ours_time * per:.1f} ms; dateparser on two "
        f"sentences {theirs_time * per:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
