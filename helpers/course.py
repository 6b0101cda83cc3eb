"""The course map and the argument map, both drawn from data/ (claims registry)."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from . import data


@dataclass(frozen=True)
class Notebook:
    stem: str
    title: str
    question: str
    minutes: int

    @property
    def file(self) -> str:
        return f"{self.stem}.ipynb"


NOTEBOOKS = (
    Notebook("00_start_here", "Start here", "What does the op-ed argue, and how sure are you before you start?", 30),
    Notebook("01_the_deterrent", "The deterrent", "Are North Korea's nuclear weapons mainly a survival guarantee?", 60),
    Notebook("02_collapse_and_exodus", "Collapse and exodus", "If the regime fell, how many would flee, where, and how fast?", 60),
    Notebook("03_chinas_lifeline", "China's lifeline", "How much does China give, and what does it get back?", 60),
    Notebook("04_chinas_dilemma", "China's dilemma", "Is propping up North Korea a losing battle for China?", 60),
    Notebook("05_soft_landing", "Soft landing", "Could reform from above feed people and keep the regime?", 60),
    Notebook("06_verdict", "Verdict", "Ten years on, which claims held up, and what is your verdict?", 45),
)

STEPS = {
    1: "The deterrent",
    2: "Collapse and exodus",
    3: "China's aid and its cost",
    4: "Reform from above",
    5: "The verdict",
}


def notebook(stem: str) -> Notebook:
    for nb in NOTEBOOKS:
        if nb.stem == stem:
            return nb
    raise ValueError(f"stem must be one of {', '.join(n.stem for n in NOTEBOOKS)}; got {stem!r}")


def course_map(available: set[str] | None = None) -> pd.DataFrame:
    """One row per notebook: its question, time and how many registry claims it examines."""
    claims = data.load("claims")
    counts = claims.groupby("notebook").size()
    rows = []
    for nb in NOTEBOOKS:
        rows.append(
            {
                "notebook": nb.file,
                "title": nb.title,
                "question": nb.question,
                "minutes": nb.minutes,
                "claims": int(counts.get(nb.stem, 0)),
                "status": "ready" if available is None or nb.stem in available else "coming",
            }
        )
    return pd.DataFrame(rows)


class CourseMap:
    """The course map as a linked HTML table (plain text for tests and screen readers)."""

    def __init__(self, available: set[str]):
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
    """The op-ed's claims as a diagram (Mermaid, rendered by JupyterLab) drawn from the registry."""
    claims = data.load("claims")
    if step is not None:
        if step not in STEPS:
            raise ValueError(f"step must be between 1 and 5; got {step!r}")
        claims = claims[claims["step"] == step]
    return ArgumentMap(claims)


class ArgumentMap:
    KIND_CLASS = {
        "empirical fact": "fact",
        "causal claim": "cause",
        "prediction": "pred",
        "value judgement": "value",
    }

    def __init__(self, claims: pd.DataFrame):
        self.claims = claims.reset_index(drop=True)

    def mermaid(self) -> str:
        ids = set(self.claims["id"])
        lines = ["flowchart TB"]
        for step, group in self.claims.groupby("step", sort=True):
            lines.append(f'  subgraph S{step}["{step}. {STEPS[int(step)]}"]')
            lines.append("    direction LR")
            for r in group.itertuples():
                text = _wrap(r.claim.replace('"', "'"), 34)
                shape = ("[[", "]]") if r.main else ('["', '"]')
                label = f"{r.id}: {text}"
                node = f'{r.id}{shape[0]}"{label}"{shape[1]}' if r.main else f'{r.id}{shape[0]}{label}{shape[1]}'
                lines.append(f"    {node}:::{self.KIND_CLASS[r.kind]}")
            lines.append("  end")
        for r in self.claims.itertuples():
            if isinstance(r.supports, str) and r.supports in ids:
                lines.append(f"  {r.id} --> {r.supports}")
        lines += [
            "  classDef fact fill:#cce6f4,stroke:#0072B2,color:#000",
            "  classDef cause fill:#fde6c0,stroke:#E69F00,color:#000",
            "  classDef pred fill:#c7ebdf,stroke:#009E73,color:#000",
            "  classDef value fill:#f4d9e8,stroke:#CC79A7,color:#000",
        ]
        return "\n".join(lines)

    def outline(self) -> str:
        out = []
        for step, group in self.claims.groupby("step", sort=True):
            out.append(f"{step}. {STEPS[int(step)]}")
            for r in group.itertuples():
                star = " [main]" if r.main else ""
                arrow = f" -> {r.supports}" if isinstance(r.supports, str) else ""
                out.append(f"   {r.id} ({r.kind}){star}: {r.claim}{arrow}")
        return "\n".join(out)

    def _repr_mimebundle_(self, include=None, exclude=None):
        legend = (
            "Colours: blue = empirical fact, orange = causal claim, green = prediction, pink = value judgement. "
            "Double-bordered boxes are the six main claims; an arrow means 'supports'."
        )
        md = f"```mermaid\n{self.mermaid()}\n```\n\n{legend}\n\n{data.source('claims')}"
        return {"text/markdown": md, "text/plain": self.outline() + "\n" + data.source("claims")}


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "<br>".join(textwrap.wrap(text, width))
