"""Self-check questions: the student answers in a box, presses Check, and gets feedback and hints.

    Q1 = Question("q1", "In which year did launches peak?", expected=2022,
                  hints=("Look at the tallest bar.", "Count launch days, not missiles."),
                  mistakes=((2017, "2017 had the most tests of new long-range missiles, not the most launches."),))
    ask(Q1)          # in a notebook: the question with an answer box, Check and Hint buttons
    check(Q1, 2022)  # the same judgement as plain text (tests, or a one-line cell)

A question whose answer comes from the data is declared lazily, in the notebook's companion
module: ``expected=lambda: peak_year()["year"]`` is only worked out when a student checks an
answer, so importing the module loads nothing, and a damaged data file breaks one check, not
the whole notebook.

The expected answer is never displayed: the notebook cell shows only ``ask(Q1)``; hints come one by one
from a button; a wrong answer that is a known, common mistake gets the reason it is wrong. Feedback is
plain text (deterministic, so nbval can compare it) with an HTML face for JupyterLab. Worked answers
live in cells tagged ``answer`` (folded in the self-study edition, left out of the class edition).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from numbers import Real

from .checks import check_int, check_type


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    expected: object  # the answer, or a function of no arguments that works it out (lazy)
    hints: tuple[str, ...] = ()
    tolerance: float = 0.0  # for numbers: accepted absolute difference
    unit: str = ""
    why: str = ""  # one line shown after a correct answer
    choices: tuple[tuple[str, str], ...] = ()  # (answer, label) pairs: the answer is picked, not typed
    mistakes: tuple[tuple[object, str], ...] = ()  # (a common wrong answer, why it is wrong)

    @property
    def answer(self) -> object:
        """The expected answer (worked out now when it was declared lazily)."""
        exp = self.expected
        return exp() if callable(exp) else exp

    def matches(self, answer) -> bool:
        return _same(answer, self.answer, self.tolerance)

    def mistake(self, answer) -> str | None:
        """Why ``answer`` is wrong, when it is one of the common mistakes."""
        for wrong, why in self.mistakes:
            if _same(answer, wrong, self.tolerance):
                return why
        exp = self.answer
        if (isinstance(exp, (tuple, list)) and isinstance(answer, (tuple, list)) and len(answer) == len(exp)
                and sorted(map(str, answer)) == sorted(map(str, exp)) and not _same(answer, exp, self.tolerance)):
            return "the right numbers in the wrong order."
        return None

    def parse(self, text: str):
        """An answer typed as text, read the way the question expects it ("1,360", "9.6 cents", "2022, 34",
        "−3.8" with a typographic minus, "0,39" with a decimal comma, "yes" or "TRUE" for a true/false
        question)."""
        if not isinstance(text, str):
            raise ValueError(f"text must be a string; got {type(text).__name__}")
        exp = self.answer
        if isinstance(exp, bool):
            word = re.sub(r"[^a-z]", "", text.lower())
            return {"true": True, "yes": True, "false": False, "no": False}.get(word, text.strip())
        text = _MINUS.sub("-", text)
        if isinstance(exp, Real):
            numbers = [_number(n) for n in _NUMBER_OR_DECIMAL_COMMA.findall(text)]
            return numbers[0] if len(numbers) == 1 else text.strip()
        if isinstance(exp, (tuple, list)) and all(isinstance(e, Real) for e in exp):
            numbers = [_number(n) for n in _NUMBER.findall(text)]  # here a comma separates the numbers
            return tuple(numbers) if numbers else text.strip()
        if isinstance(exp, str) and not self.choices:
            # a name with one number in it may be given by its number alone: "2019" for "SOFI 2019"
            number = re.findall(r"\d+", exp)
            if len(number) == 1 and re.sub(r"\W+", "", text) == number[0]:
                return exp
        return text.strip()

    def label(self, answer) -> str:
        """How ``answer`` is shown back to the student: a choice by its label, anything else as typed."""
        for key, lbl in self.choices:
            if _same(answer, key, 0):
                return repr(lbl)
        return repr(answer)


# "1,360" (a thousands comma) or "2.5"; for a single number also "0,39" (a decimal comma)
_NUMBER = re.compile(r"-?[1-9]\d{0,2}(?:,\d{3})+(?!\d)(?:\.\d+)?|-?\d+(?:\.\d+)?")
_NUMBER_OR_DECIMAL_COMMA = re.compile(r"-?[1-9]\d{0,2}(?:,\d{3})+(?![\d,])(?:\.\d+)?|-?\d+(?:[.,]\d+)?")
# a typographic minus (or a dash typed before a number) is a minus
_MINUS = re.compile(r"[\u2212\ufe63\uff0d]|(?:(?<=\s)|^)[\u2010-\u2015](?=\d)")


def _number(token: str) -> int | float:
    if re.fullmatch(r"-?\d+,\d+", token) and not re.fullmatch(r"-?[1-9]\d{0,2},\d{3}", token):
        token = token.replace(",", ".")  # a decimal comma: "0,39"
    value = float(token.replace(",", ""))
    return int(value) if value.is_integer() else value


def _same(answer, exp, tolerance: float) -> bool:
    if isinstance(exp, (set, frozenset)):
        if isinstance(answer, str) or not isinstance(answer, (set, frozenset, tuple, list)):
            return False
        try:
            return {_norm(a) for a in answer} == {_norm(e) for e in exp}
        except TypeError:
            return False
    if isinstance(exp, (tuple, list)):  # an ordered answer: (year, launch days) is not (launch days, year)
        if isinstance(answer, str) or not isinstance(answer, (tuple, list)) or len(answer) != len(exp):
            return False
        return all(_same(a, e, tolerance) for a, e in zip(answer, exp))
    if isinstance(exp, Real) and not isinstance(exp, bool):
        if isinstance(answer, bool) or not isinstance(answer, Real):
            return False
        try:
            return abs(float(answer) - float(exp)) <= tolerance  # False for NaN
        except OverflowError:  # an integer too large for a float: a wrong answer, not an error
            return False
    return _norm(answer) == _norm(exp)


def _norm(x):
    """Text compared without case, spaces or punctuation: "SOFI2019" is "SOFI 2019"."""
    return re.sub(r"[\W_]+", "", x.lower()) if isinstance(x, str) else x


class Feedback:
    def __init__(self, status: str, text: str):
        self.status = status  # "unanswered", "wrong", "correct"
        self.text = text

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __repr__(self) -> str:
        return self.text

    def _repr_mimebundle_(self, include=None, exclude=None):
        colour = {"correct": "#009E73", "wrong": "#D55E00", "unanswered": "#0072B2"}[self.status]
        body = html.escape(self.text).replace("\n", "<br>")
        return {
            "text/plain": self.text,
            "text/html": f"<div style='border-left:5px solid {colour};padding:4px 10px'>{body}</div>",
        }


def check(question: Question, answer, attempt: int = 1) -> Feedback:
    """Compare ``answer`` with the expected one; give the next hint when it is missing or wrong.

    ``attempt`` (1, 2, ...) reveals one more hint each time.
    """
    check_type("question", question, Question, "a Question")
    attempt = check_int("attempt", attempt, 1, 1000)
    hints = question.hints[: max(1, min(attempt, len(question.hints)))] if question.hints else ()
    hint_text = "\n".join(f"Hint {i + 1}: {h}" for i, h in enumerate(hints))
    if answer is None or answer is ...:
        text = f"{question.id}: not answered yet. Replace ... with your answer and run the cell again."
        return Feedback("unanswered", text + (f"\n{hint_text}" if hint_text else ""))
    if question.matches(answer):
        return Feedback("correct", f"{question.id}: correct." + (f" {question.why}" if question.why else ""))
    why = question.mistake(answer)
    why = why if not why or why.endswith((".", "?", "!")) else why + "."
    text = f"{question.id}: not quite ({question.label(answer)})" + (f": {why}" if why else ".") + " Try again."
    return Feedback("wrong", text + (f"\n{hint_text}" if hint_text else ""))


_LAST_ASKED: list["Ask"] = []


def ask(question: Question) -> "Ask":
    """The question with an answer box (or choices), a Check button and a Hint button."""
    if not isinstance(question, Question):
        raise ValueError(f"question must be a Question; got {type(question).__name__}")
    return Ask(question)


def last_asked() -> "Ask | None":
    """The self-check shown last in this kernel (what a ``%%after_trying`` cell waits for; helpers.look)."""
    return _LAST_ASKED[-1] if _LAST_ASKED else None


class Ask:
    """A self-check in the notebook. Its programmatic face: ``try_answer(text)`` and ``next_hint()``."""

    def __init__(self, question: Question):
        self.question = question
        self.hints_shown = 0
        self.tries = 0
        self.feedback: Feedback | None = None
        self._widgets = None
        self._after_first_try: list = []

    def on_first_try(self, callback) -> None:
        """Call ``callback()`` when the student first answers (at once if they already have)."""
        if not callable(callback):
            raise ValueError(f"callback must be a function to call after the first answer; got {callback!r}")
        if self.tries:
            callback()
        else:
            self._after_first_try.append(callback)

    def try_answer(self, text) -> Feedback:
        """Judge an answer as the Check button does (typed text is parsed as the question expects)."""
        answer = self.question.parse(text) if isinstance(text, str) and not self.question.choices else text
        if answer == "" or answer is None:
            self.feedback = Feedback("unanswered", f"{self.question.id}: type or pick an answer first.")
        else:
            self.tries += 1
            self.feedback = check(self.question, answer, attempt=max(1, self.hints_shown))
            if not self.feedback.correct:  # hints come from the Hint button only
                self.feedback = Feedback("wrong", self.feedback.text.split("\nHint")[0] + (
                    " Press Hint for a clue." if self.hints_shown < len(self.question.hints) else ""))
        self._show()
        while self.tries and self._after_first_try:  # "predict, then look": held-back outputs appear
            self._after_first_try.pop(0)()
        return self.feedback

    def next_hint(self) -> str:
        """Reveal one more hint; the text of all hints shown so far."""
        if self.hints_shown < len(self.question.hints):
            self.hints_shown += 1
        self._show()
        return self.hints_text()

    def hints_text(self) -> str:
        return "\n".join(f"Hint {i + 1}: {h}" for i, h in enumerate(self.question.hints[: self.hints_shown]))

    def __repr__(self) -> str:
        q = self.question
        how = "pick an answer" if q.choices else "type your answer"
        return f"{q.id}. {q.prompt}" + (f" ({q.unit})" if q.unit else "") + f" [{how}, then press Check]"

    # ---- widgets -------------------------------------------------------------------------
    def _repr_mimebundle_(self, include=None, exclude=None):
        _LAST_ASKED[:] = [self]
        bundle = self._build()["box"]._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = repr(self)  # deterministic, and never the answer
        return bundle

    def _build(self) -> dict:
        if self._widgets is not None:
            return self._widgets
        import ipywidgets as w

        q = self.question
        prompt = w.HTML(f"<b>{html.escape(q.id)}.</b> {html.escape(q.prompt)}"
                        + (f" <i>({html.escape(q.unit)})</i>" if q.unit else ""))
        label = f"Your answer to {q.id}" + (f", in {q.unit}" if q.unit else "")
        if q.choices:
            entry = w.RadioButtons(options=[(lbl, key) for key, lbl in q.choices], value=None,
                                   description="Answer", style={"description_width": "initial"},
                                   layout=w.Layout(width="auto"))
        else:
            entry = w.Text(value="", placeholder="type here, then press Check", description="Answer",
                           style={"description_width": "initial"}, layout=w.Layout(width="22em"))
        entry.add_class("selfcheck-entry")
        entry.tooltip = label
        check_button = w.Button(description="Check", button_style="primary", tooltip=f"Check {label.lower()}")
        hint_button = w.Button(description="Hint", tooltip=f"Show the next hint for {q.id}",
                               disabled=not q.hints)
        out = w.HTML("")
        out.add_class("selfcheck-feedback")
        check_button.on_click(lambda _: self.try_answer(entry.value))
        hint_button.on_click(lambda _: self.next_hint())
        box = w.VBox([prompt, w.HBox([entry, check_button, hint_button]), out])
        box.add_class("selfcheck")
        self._widgets = {"box": box, "entry": entry, "hint": hint_button, "out": out}
        return self._widgets

    def _show(self) -> None:
        if self._widgets is None:
            return
        parts = []
        if self.hints_shown:
            parts.append(html.escape(self.hints_text()).replace("\n", "<br>"))
        if self.feedback is not None:
            parts.append(self.feedback._repr_mimebundle_()["text/html"])
        self._widgets["out"].value = f"<div role='status' aria-live='polite'>{''.join(parts)}</div>"
        self._widgets["hint"].disabled = self.hints_shown >= len(self.question.hints)
