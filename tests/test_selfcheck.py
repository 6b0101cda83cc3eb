"""Self-checks: answers judged, hints one at a time, common mistakes explained, the answer never shown."""

import pytest
from hypothesis import given, strategies as st

from helpers.selfcheck import Question, ask, check

YEAR_DAYS = Question("Q1", "Peak year and its launch days", expected=(2022, 34), hints=("Tallest bar.", "Dots."))
GAP = Question("Q2", "Food gap", expected=1360, tolerance=10, unit="thousand t",
               hints=("Read the FAO line.",), mistakes=((259, "that is the model's baseline, not FAO's gap"),))
KIND = Question("Q3", "Kind of C05", expected="empirical fact",
                choices=(("empirical fact", "an empirical fact"), ("causal claim", "a causal claim")))


def test_an_ordered_answer_is_not_accepted_in_the_wrong_order():
    assert check(YEAR_DAYS, (2022, 34)).correct
    wrong = check(YEAR_DAYS, (34, 2022))
    assert not wrong.correct and "wrong order" in wrong.text


def test_typed_text_is_read_the_way_the_question_expects():
    assert GAP.parse("1,360") == 1360 and GAP.parse("about 1355 thousand t") == 1355
    assert YEAR_DAYS.parse("(2022, 34)") == (2022, 34)
    assert ask(GAP).try_answer("1,365").correct
    assert not ask(GAP).try_answer("13,600").correct


def test_a_common_mistake_gets_its_reason():
    feedback = ask(GAP).try_answer("259")
    assert not feedback.correct and "model's baseline" in feedback.text


def test_hints_come_one_by_one_and_only_when_asked():
    panel = ask(YEAR_DAYS)
    assert "Hint" not in panel.try_answer("2017, 20").text.split("Press Hint")[0]
    assert panel.next_hint() == "Hint 1: Tallest bar."
    assert panel.next_hint() == "Hint 1: Tallest bar.\nHint 2: Dots."
    assert panel.next_hint().count("Hint") == 2  # no more hints than there are


def test_an_empty_answer_is_not_counted_as_a_try():
    panel = ask(GAP)
    assert panel.try_answer("  ").status == "unanswered" and panel.tries == 0


@given(st.sampled_from([YEAR_DAYS, GAP, KIND]))
def test_the_display_never_shows_the_expected_answer(question):
    bundle = ask(question)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    text = bundle["text/plain"]
    assert question.prompt in text
    expected = question.expected if isinstance(question.expected, tuple) else (question.expected,)
    assert not any(str(e) in text for e in expected)


def test_choices_are_offered_as_buttons():
    widgets = ask(KIND)._build()
    assert [value for _, value in widgets["entry"].options] == ["empirical fact", "causal claim"]
    assert widgets["entry"].value is None  # nothing pre-selected


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match="question"):
        ask("Q1")
    with pytest.raises(ValueError, match="text"):
        GAP.parse(1360)
