"""The course map and the argument map, both drawn from data/ (claims registry)."""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

import pandas as pd

from . import data
from .checks import check_choice, check_texts

# The op-ed was posted on 20 February 2013 (data/sources.csv, row "article"): everything after that day is
# hindsight. PRESENT_YEAR is the course's "today", the year its data reach.
OP_ED_DATE = pd.Timestamp("2013-02-20")
PRESENT_YEAR = 2026
YEARS_SINCE = PRESENT_YEAR - OP_ED_DATE.year


@dataclass(frozen=True)
class Notebook:
    stem: str
    title: str
    question: str
    minutes: int
    module: str  # its companion module, helpers/<module>.py (model, what-ifs, tables, questions)

    @property
    def file(self) -> str:
        return f"{self.stem}.ipynb"


NOTEBOOKS = (
    Notebook("00_start_here", "Start here", "What does the op-ed argue, and how sure are you before you start?", 50,
             "start"),
    Notebook("01_the_deterrent", "The deterrent", "Are North Korea's nuclear weapons nothing more than a survival guarantee?",
             60, "deterrent"),
    Notebook("02_collapse_and_exodus", "Collapse and exodus", "If the regime fell, how many would flee, where, and how fast?",
             60, "exodus"),
    Notebook("03_chinas_lifeline", "China's lifeline", "How much does China give, and what does it get back?", 60,
             "lifeline"),
    Notebook("04_chinas_dilemma", "China's dilemma", "Is propping up North Korea a battle China cannot win?", 60,
             "dilemma"),
    Notebook("05_soft_landing", "Soft landing", "Could reform from above feed people and keep the regime?", 60,
             "reform"),
    Notebook("06_verdict", "Verdict", "Thirteen years on, which claims held up, and what is your verdict?", 45,
             "verdict"),
)

STEPS = {
    1: "The deterrent",
    2: "Collapse and exodus",
    3: "China's aid and its cost",
    4: "Reform from above",
    5: "The verdict",
}


def notebook(stem: str) -> Notebook:
    check_choice("stem", stem, [nb.stem for nb in NOTEBOOKS])
    for nb in NOTEBOOKS:
        if nb.stem == stem:
            return nb
    raise ValueError(f"stem must be one of {', '.join(n.stem for n in NOTEBOOKS)}; got {stem!r}")


def available_notebooks() -> set[str]:
    """Stems of the notebooks present in the course's notebooks/ folder."""
    folder = data.data_dir().parent / "notebooks"
    return {p.stem for p in folder.glob("[0-9][0-9]_*.ipynb")}


def course_map(available: set[str] | None = None) -> pd.DataFrame:
    """One row per notebook: its question, time, how many registry claims it examines (00 maps
    them all) and whether it is ready or still coming."""
    available = available if available is None else set(check_texts("available", available))
    claims = data.load("claims")
    counts = claims.groupby("notebook").size()
    available = available_notebooks() if available is None else available
    rows = []
    for nb in NOTEBOOKS:
        rows.append(
            {
                "notebook": nb.file,
                "title": nb.title,
                "question": nb.question,
                "minutes": nb.minutes,
                "claims": len(claims) if nb.stem == NOTEBOOKS[0].stem else int(counts.get(nb.stem, 0)),
                "status": "ready" if nb.stem in available else "coming",
            }
        )
    return pd.DataFrame(rows)


class CourseMap:
    """The course map as a linked HTML table (plain text for tests and screen readers)."""

    def __init__(self, available: set[str] | None = None):
        self.table = course_map(available)

    def _repr_mimebundle_(self, include=None, exclude=None):
        rows = []
        for r in self.table.itertuples():
            name = html.escape(r.title)
            link = f"<a href='{r.notebook}'>{name}</a>" if r.status == "ready" else f"{name} <i>(coming)</i>"
            rows.append(
                f"<tr><td>{r.notebook[:2]}</td><td>{link}</td><td>{html.escape(r.question)}</td>"
                f"<td>{r.minutes} min</td><td>{r.claims}</td></tr>"
            )
        head = "<tr><th>#</th><th>notebook</th><th>its question</th><th>time</th><th>claims</th></tr>"
        table = f"<table class='course-map'>{head}{''.join(rows)}</table>"
        text = "\n".join(
            f"{r.notebook} - {r.title} ({r.minutes} min, {r.claims} claims, {r.status}): {r.question}"
            for r in self.table.itertuples()
        )
        return {"text/html": table, "text/plain": text}


def argument_map(step: int | None = None) -> "ArgumentMap":
    """The op-ed's argument as a diagram (Mermaid, rendered by JupyterLab) drawn from the registry.

    Without ``step``: the storyline of the six main claims, one per step and two for step 3 (C12, C18). With ``step`` (1-5): every
    claim of that step, with arrows for "supports".
    """
    claims = data.load("claims")
    if step is not None:
        from .checks import check_int

        step = check_int("step", step, 1, 5)
        return ArgumentMap(claims[claims["step"] == step], storyline=False)
    return ArgumentMap(claims[claims["main"]], storyline=True)


class ArgumentMap:
    KIND_CLASS = {
        "empirical fact": "fact",
        "causal claim": "cause",
        "prediction": "pred",
        "value judgement": "value",
    }

    def __init__(self, claims: pd.DataFrame, storyline: bool):
        self.claims = claims.sort_values(["step", "id"]).reset_index(drop=True)
        self.storyline = storyline

    def edges(self) -> list[tuple[str, str, str]]:
        """(from, to, label) arrows: 'so' between the steps of the storyline, else 'supports'."""
        if self.storyline:  # from each step (a box holding its claims) to the next
            steps = [f"step{s}" for s in dict.fromkeys(int(s) for s in self.claims["step"])]
            return [(a, b, "so") for a, b in zip(steps, steps[1:])]
        ids = set(self.claims["id"])
        return [(r.id, r.supports, "") for r in self.claims.itertuples()
                if isinstance(r.supports, str) and r.supports in ids]

    # Left to right, a claim's supports stand in one column: more than this many stack taller than a
    # screen (issue 10: 04's step 3, four supports of C18 in one column, was about 1,260 px tall at
    # 1366 x 768), so such a map is drawn top to bottom, its supports side by side.
    MAX_STACKED = 3

    def top_down(self) -> bool:
        """True where a claim has more than MAX_STACKED direct supports (the map is then drawn top to
        bottom); the other step maps keep their left-to-right layout."""
        if self.storyline:
            return True
        counts = self.claims["supports"].dropna().value_counts()
        return bool(counts[counts.index.isin(set(self.claims["id"]))].gt(self.MAX_STACKED).any())

    def mermaid(self) -> str:
        if self.storyline:
            return self._storyline_mermaid()
        balanced = self.top_down()
        if balanced:
            # narrow boxes side by side, top to bottom: the whole map on one screen at 1366 x 768
            lines = ['%%{init: {"flowchart": {"wrappingWidth": 400, "padding": 6, "nodeSpacing": 12, '
                     '"rankSpacing": 30}}}%%', "flowchart TB"]
            width = 22
        else:
            lines, width = ["flowchart LR"], 34
        for r in self.claims.itertuples():
            lines.append(f'  {r.id}["{self._label(r, width, balanced)}"]:::{self.KIND_CLASS[r.kind]}')
        for a, b, label in self.edges():
            lines.append(f"  {a} -->|{label}| {b}" if label else f"  {a} --> {b}")
        return "\n".join(lines + _CLASS_DEFS)

    @staticmethod
    def _label(r, width: int = 34, balanced: bool = False) -> str:
        claim = str(r.claim).replace(chr(34), chr(39))
        if balanced:  # the id counts in the first line's length
            return f"<b>{r.id}</b>" + _wrap(f"{r.id}: {claim}", width, balanced=True)[len(r.id):]
        return f"<b>{r.id}</b>: {_wrap(claim, width)}"

    def _storyline_mermaid(self) -> str:
        """The storyline top to bottom: one box per step, titled once with the step's name (step 3
        holds its two claims), and a "so" arrow from each step to the next."""
        # Each claim on one line, tight spacing: the whole storyline fits the notebook's visible area at
        # 1366 x 768 (about 625 px tall; with each claim in two lines it was 859 px, more than a screen).
        lines = ['%%{init: {"flowchart": {"wrappingWidth": 900, "padding": 6, "nodeSpacing": 10, '
                 '"rankSpacing": 22, "subGraphTitleMargin": {"top": 2, "bottom": 8}}}}%%', "flowchart TB"]
        steps = list(dict.fromkeys(int(s) for s in self.claims["step"]))
        for step in steps:
            lines += [f'  subgraph step{step}["{step}. {STEPS[step]}"]', "    direction LR"]
            for r in self.claims[self.claims["step"] == step].itertuples():
                lines.append(f'    {r.id}["{self._label(r, 100)}"]:::{self.KIND_CLASS[r.kind]}')
            lines.append("  end")
        for step in steps:
            lines.append(f"  style step{step} fill:#f7f7f7,stroke:#bbbbbb")
        for a, b, label in self.edges():
            lines.append(f"  {a} -->|{label}| {b}")
        return "\n".join(lines + _CLASS_DEFS)

    def outline(self) -> str:
        out = []
        for step, group in self.claims.groupby("step", sort=True):
            out.append(f"{step}. {STEPS[int(step)]}")
            for r in group.itertuples():
                star = " [main]" if r.main else ""
                arrow = f" -> {r.supports}" if isinstance(r.supports, str) and not self.storyline else ""
                out.append(f"   {r.id} ({r.kind}){star}: {r.claim}{arrow}")
        return "\n".join(out)

    def _repr_mimebundle_(self, include=None, exclude=None):
        legend = ("Colours: blue = empirical fact, orange = causal claim, green = prediction, "
                  "pink = value judgement. ")
        legend += "Arrows show how each step leads to the next." if self.storyline else "An arrow means 'supports'."
        # The op-ed first: the registry is our paraphrase of it, whatever a row's own source_id says.
        cited = pd.DataFrame({"source_id": ["article", *self.claims["source_id"].dropna()]})
        source = data.source("claims", cited)
        md = f"```mermaid\n{self.mermaid()}\n```\n\n{legend}\n\n{source}"
        return {"text/markdown": md, "text/plain": self.outline() + "\n" + source}


_CLASS_DEFS = [
    "  classDef fact fill:#cce6f4,stroke:#0072B2,color:#000",
    "  classDef cause fill:#fde6c0,stroke:#E69F00,color:#000",
    "  classDef pred fill:#c7ebdf,stroke:#009E73,color:#000",
    "  classDef value fill:#f4d9e8,stroke:#CC79A7,color:#000",
]


def _wrap(text: str, width: int, balanced: bool = False) -> str:
    """Lines of even length (at most ``width`` characters, whole words): a centred box of text looks
    ragged when its last line is a single word. ``balanced``: the fewest lines ``width`` allows, each
    as short as that number of lines allows (no lone last word where the words permit)."""
    if balanced:
        fewest = len(textwrap.wrap(text, width))
        longest = max(len(w) for w in text.split())
        narrowest = next(w for w in range(min(longest, width), width + 1) if len(textwrap.wrap(text, w)) <= fewest)
        return "<br>".join(textwrap.wrap(text, narrowest))
    lines = max(1, -(-len(text) // width))
    even = max(-(-len(text) // lines) + 3, max(len(w) for w in text.split()))
    wrapped = textwrap.wrap(text, min(width, even))
    return "<br>".join(wrapped if len(wrapped) <= lines else textwrap.wrap(text, width))


class SourceCode:
    """A helper's source shown in the notebook: highlighted in JupyterLab, plain text elsewhere."""

    def __init__(self, obj):
        import inspect

        if not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismethod(obj)):
            raise ValueError(f"obj must be a function or class of the course's helpers; got {obj!r}")
        module = inspect.getmodule(obj)
        if module is None or not module.__name__.startswith("helpers."):
            raise ValueError(f"obj must come from the course's helpers package; got {obj!r}")
        # No line numbers: they would change the stored output whenever the file above the function changes.
        self.code = textwrap.dedent(inspect.getsource(obj)).rstrip("\n")
        self.where = f"{module.__name__.replace('.', '/')}.py"
        self.name = obj.__qualname__

    def __repr__(self) -> str:
        return f"# {self.name} ({self.where})\n{self.code}"

    def _repr_mimebundle_(self, include=None, exclude=None):
        md = f"`{self.name}`, from {self.where}:\n\n```python\n{self.code}\n```"
        return {"text/markdown": md, "text/plain": repr(self)}


def show_code(obj) -> SourceCode:
    """Look inside: the source of a model (e.g. ``course.show_code(exodus.simulate)``), shown in the
    notebook, so a curious student reads the code behind a figure without leaving the lesson."""
    return SourceCode(obj)
