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


LOSING = Question("Q4", "Is it a losing battle? Answer True or False.", expected=True,
                  mistakes=((False, "the margin is positive"),))
GROWTH = Question("Q2", "Mean growth", expected=-3.8, tolerance=0.1, unit="% a year")
PRICE = Question("Q3", "Rice in US$ per kg", expected=0.39, tolerance=0.02)
EDITION = Question("Q4", "Which SOFI edition?", expected="SOFI 2019")
OPTION = Question("Q2", "Which option?", expected="press_reform",
                  choices=(("prop_up", "keep propping up"), ("press_reform", "press for reform")),
                  mistakes=(("prop_up", "close, but higher"),))


@pytest.mark.parametrize("typed", ["True", "true", "TRUE", "yes", "Yes.", " YES "])
def test_a_true_false_answer_is_read_from_the_typed_words(typed):
    assert ask(LOSING).try_answer(typed).correct


@pytest.mark.parametrize("typed", ["False", "false", "no", "NO"])
def test_a_typed_false_gets_the_tailored_reason(typed):
    feedback = ask(LOSING).try_answer(typed)
    assert not feedback.correct and "margin is positive" in feedback.text


def test_a_true_false_answer_is_not_a_number_or_anything_else():
    assert not ask(LOSING).try_answer("1").correct and not ask(LOSING).try_answer("maybe").correct


@pytest.mark.parametrize("typed", ["\u22123.8", "\u22123.80 % a year", "-3,8", "about \u22123.80"])
def test_a_typographic_minus_and_a_decimal_comma_are_read_as_numbers(typed):
    assert ask(GROWTH).try_answer(typed).correct
    assert not ask(GROWTH).try_answer("3.8").correct


def test_a_decimal_comma_is_not_taken_for_a_thousands_comma():
    assert ask(PRICE).try_answer("0,39").correct and ask(PRICE).try_answer("0.39 $").correct
    assert GAP.parse("1,360") == 1360  # three digits after the comma: still thousands
    assert YEAR_DAYS.parse("2022,34") == (2022, 34)  # for two numbers a comma separates them


@pytest.mark.parametrize("typed", ["SOFI 2019", "SOFI2019", "sofi 2019", "2019", " 2019 "])
def test_a_name_is_read_without_case_or_spaces_and_by_its_number(typed):
    assert ask(EDITION).try_answer(typed).correct


@pytest.mark.parametrize("typed", ["SOFI 2020", "2020", "2019 2020", "SOFI"])
def test_a_wrong_name_is_still_wrong(typed):
    assert not ask(EDITION).try_answer(typed).correct


def test_feedback_on_a_choice_echoes_its_label_not_its_key():
    feedback = ask(OPTION).try_answer("prop_up")  # the radio buttons hand over the key
    assert not feedback.correct and "'keep propping up'" in feedback.text and "prop_up" not in feedback.text
    assert "close, but higher" in feedback.text
    assert ask(OPTION).try_answer("press_reform").correct
