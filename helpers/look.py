"""Predict, then look: a cell's output waits until the student has tried the question above it.

In the student editions every code cell tagged ``hide-until-tried`` starts with ``%%after_trying``
(see helpers.editions). Such a cell runs as usual, so the names it defines are there for the cells
below it, even on "Run All"; but what it would show is kept back until the self-check asked last
(helpers.selfcheck.ask) has had an answer - any answer counts. Once it has, the output appears at
once, also in cells that ran before the student answered. Errors are never held back.

The teacher edition has no ``%%after_trying``: a teacher sees every output.
"""

from __future__ import annotations

import html

__all__ = ["WAITING"]

WAITING = "Output kept back until you have tried {qid} above (any answer counts): answer it, then look here."


def _after_trying(line: str, cell: str):
    """The ``%%after_trying`` cell magic: run ``cell`` now, show its output once the student has tried."""
    from IPython import get_ipython
    from IPython.display import display
    from IPython.utils.capture import capture_output

    from . import selfcheck

    shell = get_ipython()
    asked = selfcheck.last_asked()
    with capture_output(stdout=True, stderr=False, display=True) as captured:
        result = shell.run_cell(cell)
    if asked is None or asked.tries > 0 or not result.success:
        captured.show()
        return None
    display(_Gate(asked, captured).box)
    return None


class _Gate:
    """The place where a held-back output appears once ``asked`` has had an answer."""

    def __init__(self, asked, captured):
        import ipywidgets as w

        self.captured = captured
        self.note = w.HTML(f"<div role='status'><i>{html.escape(WAITING.format(qid=asked.question.id))}</i></div>")
        self.out = w.Output()
        self.box = w.VBox([self.note, self.out])
        self.box.add_class("after-trying")
        asked.on_first_try(self.reveal)

    def reveal(self) -> None:
        self.note.value = ""
        with self.out:
            self.captured.show()


def _register(shell) -> None:
    """Make ``%%after_trying`` available in ``shell`` (done when helpers is imported in IPython)."""
    shell.register_magic_function(_after_trying, magic_kind="cell", magic_name="after_trying")
