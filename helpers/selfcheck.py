"""Self-check questions: the student writes an answer in a cell, ``check`` replies with hints.

    Q1 = Question("q1", "In which year did launches peak?", expected=2022,
                  hints=("Look at the tallest bar.", "Count launch days, not missiles."))
    check(Q1, 2022)   # -> "Correct: ..."

A question whose answer comes from the data is declared lazily, in the notebook's companion
module: ``expected=lambda: peak_year()["year"]`` is only worked out when a student checks an
answer, so importing the module loads nothing, and a damaged data file breaks one check, not
the whole notebook.

Feedback is plain text (deterministic, so nbval can compare it) with an HTML face for JupyterLab.
Worked answers live in teacher-only cells (tag ``teacher``), not here.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from numbers import Real


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    expected: object  # the answer, or a function of no arguments that works it out (lazy)
    hints: tuple[str, ...] = ()
    tolerance: float = 0.0  # for numbers: accepted absolute difference
    unit: str = ""
    why: str = ""  # one line shown after a correct answer

    @property
    def answer(self) -> object:
        """The expected answer (worked out now when it was declared lazily)."""
        exp = self.expected
        return exp() if callable(exp) else exp

    def matches(self, answer) -> bool:
        exp = self.answer
        if isinstance(exp, (set, frozenset, tuple, list)) and not isinstance(answer, str):
            try:
                return {_norm(a) for a in answer} == {_norm(e) for e in exp}
            except TypeError:
                return False
        if isinstance(exp, Real) and not isinstance(exp, bool):
            if isinstance(answer, bool) or not isinstance(answer, Real) or math.isnan(float(answer)):
                return False
            return abs(float(answer) - float(exp)) <= self.tolerance
        return _norm(answer) == _norm(exp)


def _norm(x):
    return x.strip().lower() if isinstance(x, str) else x


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
    if not isinstance(attempt, int) or isinstance(attempt, bool) or attempt < 1:
        raise ValueError(f"attempt must be a whole number of at least 1; got {attempt!r}")
    hints = question.hints[: max(1, min(attempt, len(question.hints)))] if question.hints else ()
    hint_text = "\n".join(f"Hint {i + 1}: {h}" for i, h in enumerate(hints))
    if answer is None or answer is ...:
        text = f"{question.id}: not answered yet. Replace ... with your answer and run the cell again."
        return Feedback("unanswered", text + (f"\n{hint_text}" if hint_text else ""))
    if question.matches(answer):
        return Feedback("correct", f"{question.id}: correct." + (f" {question.why}" if question.why else ""))
    text = f"{question.id}: not quite ({answer!r}). Try again; raise attempt= for another hint."
    return Feedback("wrong", text + (f"\n{hint_text}" if hint_text else ""))
