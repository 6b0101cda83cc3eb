"""The student's verdict as files, and the teacher's class summary (notebook 06).

:func:`export_verdict` writes a student's verdict (confidence at the start and now in the six main claims,
a short text, whether it may be quoted anonymously) to their work folder as JSON and as an HTML page they
can print or hand in. An export never replaces an earlier one (``verdict-N`` with the next free N, claimed
exclusively), and bad input never loses the text: it is kept in a draft file first, and the error says where.

:func:`class_summary` reads a folder of exported verdicts: where the class stood at the start and at the
end on each main claim, how far minds moved, the spread, and the quotes students allowed, with no names.
Damaged or foreign files are named and skipped; the rest still count. :func:`write_class_summary` writes
the chart (PNG and SVG, to project) and one HTML page; from a shell::

    python -m helpers.verdict_files FOLDER        (or: make class-summary DIR=FOLDER)

All text read from files is escaped before it is shown.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import style
from .checks import check_path
from .figures.verdict import _escape as escape
from .figures.verdict import class_chart

__all__ = ["KIND", "MAX_TEXT", "export_verdict", "read_verdict", "class_summary", "write_class_summary",
           "ClassSummary", "VerdictForm", "main"]

KIND, VERSION = "soft-landing-verdict", 1
MAX_TEXT = 3000  # characters of the verdict text
MAX_FILE = 1_000_000  # bytes: anything larger is not a verdict


def _main_ids() -> list[str]:
    from .start import main_claims

    return list(main_claims()["id"])


def _claim_texts() -> dict:
    from .start import main_claims

    m = main_claims()
    return dict(zip(m["id"], m["claim"]))


def _claim_path(folder: Path, stem: str, suffixes: tuple[str, ...]) -> tuple[int, list]:
    """The next N for which every ``folder/stem-N.suffix`` is new, each claimed exclusively (open "x")."""
    n = 1
    while True:
        handles = []
        try:
            for s in suffixes:
                handles.append(open(folder / f"{stem}-{n}{s}", "x", encoding="utf-8"))
            return n, handles
        except FileExistsError:
            for h in handles:  # give back the names claimed for this N: they were empty
                h.close()
                Path(h.name).unlink(missing_ok=True)
            n += 1


def _keep_draft(text: str, folder: Path) -> Path | None:
    """Keep the student's text in ``folder/verdict-draft-N.txt`` (a new file); None if it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _, (h,) = _claim_path(folder, "verdict-draft", (".txt",))
        with h:
            h.write(text)
        return Path(h.name)
    except OSError:
        return None


def _check_record(now, start, text, share_quotes, name, start_recalled=False) -> dict:
    from .checks import check_number

    ids = _main_ids()
    if not isinstance(now, dict):
        raise ValueError(f"now must be a dict of your confidence in each main claim ({', '.join(ids)}), 0-100")
    missing = [i for i in ids if i not in now]
    unknown = sorted(set(now) - set(ids))
    if missing or unknown:
        raise ValueError(f"now needs exactly the main claims {', '.join(ids)} (missing {missing}, unknown {unknown})")
    clean_now = {i: check_number(f"now[{i}]", now[i], 0, 100, "percent") for i in ids}
    clean_start = None
    if start is not None:
        if not isinstance(start, dict) or set(start) != set(ids):
            raise ValueError(f"start must be None or a dict of the main claims {', '.join(ids)}, 0-100")
        clean_start = {i: check_number(f"start[{i}]", start[i], 0, 100, "percent") for i in ids}
    if not isinstance(text, str):
        raise ValueError(f"text must be your verdict as text; got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise ValueError(f"text must be at most {MAX_TEXT} characters; yours has {len(text)}")
    if not isinstance(share_quotes, bool):
        raise ValueError(f"share_quotes must be True or False; got {share_quotes!r}")
    if name is not None and (not isinstance(name, str) or len(name) > 100):
        raise ValueError("name must be None or a name of at most 100 characters")
    if not isinstance(start_recalled, bool) or (start_recalled and clean_start is None):
        raise ValueError("start_recalled must be True (a start set from memory in notebook 06) or False; "
                         "True needs a start")
    return {"kind": KIND, "version": VERSION, "name": name, "start": clean_start, "start_recalled": start_recalled,
            "now": clean_now, "verdict": text, "share_quotes": share_quotes}


def export_verdict(now: dict, text: str, start: dict | None = None, share_quotes: bool = False,
                   name: str | None = None, scenario: dict | None = None,
                   folder: str | Path = "my_work", start_recalled: bool = False) -> tuple[Path, Path]:
    """Write the verdict as ``folder/verdict-N.json`` and ``folder/verdict-N.html`` (N: the next free number;
    nothing earlier is replaced). ``now``/``start``: confidence (0-100) in each main claim; ``text``: the
    verdict; ``share_quotes``: may the teacher quote it, without a name; ``scenario``: a what-if snapshot;
    ``start_recalled``: the start was set from memory in notebook 06 (no notebook 00 save), and is marked so.

    Bad input raises ValueError naming the parameter; the text is first kept in verdict-draft-N.txt and the
    message says where.
    """
    if not isinstance(folder, (str, os.PathLike)) or not str(folder).strip():
        raise ValueError(f"folder must be a folder path such as 'my_work'; got {folder!r}")
    folder = Path(folder)
    try:
        record = _check_record(now, start, text, share_quotes, name, start_recalled)
        if scenario is not None:
            if not isinstance(scenario, dict):
                raise ValueError("scenario must be None or a panel snapshot (a dict)")
            try:
                json.dumps(scenario, allow_nan=False)
            except (TypeError, ValueError):
                raise ValueError("scenario must be None or a panel snapshot of JSON values") from None
            record["scenario"] = scenario
    except (ValueError, TypeError) as exc:
        kept = _keep_draft(text, folder) if isinstance(text, str) and text.strip() else None
        where = f" Your text is kept in {kept.as_posix()}." if kept else ""
        raise ValueError(f"{exc}.{where}") from None
    folder.mkdir(parents=True, exist_ok=True)
    n, (fj, fh) = _claim_path(folder, "verdict", (".json", ".html"))
    with fj, fh:
        fj.write(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        fh.write(verdict_html(record))
    return Path(fj.name), Path(fh.name)


def verdict_html(record: dict) -> str:
    """A printable page of one verdict (every text escaped)."""
    from .hindsight import scored

    if not isinstance(record, dict) or record.get("kind") != KIND:
        raise ValueError("record must be a verdict record (what read_verdict returns)")
    try:
        _check_record(record.get("now"), record.get("start"), record.get("verdict"), record.get("share_quotes"),
                      record.get("name"), record.get("start_recalled", False))
    except ValueError as exc:
        raise ValueError(f"record is damaged: {exc}") from None
    texts = _claim_texts()
    outcome = scored().set_index("id")["outcome"]
    rows = []
    for i, now in record["now"].items():
        start = record["start"][i] if record.get("start") else None
        moved = f"{now - start:+.0f}" if start is not None else "-"
        rows.append(f"<tr><td>{escape(i)}</td><td>{escape(texts.get(i, ''))}</td>"
                    f"<td>{'-' if start is None else f'{start:.0f}%'}</td><td>{now:.0f}%</td><td>{moved}</td>"
                    f"<td>{escape(outcome.get(i, ''))}</td></tr>")
    scen = record.get("scenario") or {}
    reading = f"<h2>My scenario</h2><p>{escape(scen.get('reading', ''))}</p>" if scen.get("reading") else ""
    who = f"<p>By {escape(record['name'])}</p>" if record.get("name") else ""
    quote = "may be quoted without my name" if record.get("share_quotes") else "not to be quoted"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>My verdict on the op-ed</title>"
        "<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.45}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px;text-align:left}"
        ".verdict{white-space:pre-wrap;border-left:4px solid #0072B2;padding-left:1em}"
        "@media print{body{margin:0}}</style></head><body>"
        "<h1>My verdict on \"North Korea's 'Soft Landing'\" (20 February 2013)</h1>" + who +
        "<h2>How sure I am of the six main claims</h2><table><tr><th>id</th><th>claim</th><th>at the start"
        + (" (recalled in notebook 06)" if record.get("start_recalled") else "") + "</th>"
        "<th>now</th><th>moved (points)</th><th>what happened (the course's scorecard)</th></tr>" + "".join(rows) + "</table>"
        f"<h2>My verdict</h2><p class='verdict'>{escape(record['verdict'])}</p>" + reading +
        f"<p><small>Soft Landing course, notebook 06. This verdict is {quote}.</small></p></body></html>\n")


def read_verdict(path: str | Path) -> dict:
    """One exported verdict, checked; ValueError saying what is wrong (foreign or damaged file)."""
    path = check_path("path", path)
    if not path.is_file():
        raise ValueError(f"path must be an exported verdict file; {path.as_posix()} is not a file")
    if path.stat().st_size > MAX_FILE:
        raise ValueError("too large to be a verdict export")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not readable JSON ({type(exc).__name__})") from None
    if not isinstance(record, dict) or record.get("kind") != KIND:
        raise ValueError("not a verdict export from notebook 06 (a foreign file)")
    if record.get("version") != VERSION:
        raise ValueError(f"unknown version {record.get('version')!r}")
    try:
        return _check_record(record.get("now"), record.get("start"), record.get("verdict", ""),
                             record.get("share_quotes", False), record.get("name"), record.get("start_recalled", False))
    except ValueError as exc:
        raise ValueError(f"damaged: {exc}") from None


@dataclass
class ClassSummary:
    """The class summary: the table per main claim, the chart, the quotes allowed, and what was skipped."""

    table: pd.DataFrame
    counted: list[str]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)

    @property
    def chart(self) -> style.Chart:
        return class_chart(self.table, len(self.counted))

    @property
    def recalled(self) -> int:
        """How many of the starts were set from memory in notebook 06 (no notebook 00 save)."""
        return int(self.table["recalled starts"].iloc[0]) if len(self.table) else 0

    @property
    def with_start(self) -> int:
        """How many of the counted verdicts give a start (notebook 00's answers)."""
        return int(self.table["with a start"].iloc[0]) if len(self.table) else 0

    def html(self) -> str:
        """One page for the class (every text from the files escaped)."""
        svg = base64.b64encode(style.svg_bytes(self.chart.fig)).decode("ascii")
        cols = ["claim", "verdicts", "with a start", "start mean", "end mean", "end mean (no start)", "moved mean",
                "moved (mean size)", "end spread (sd)"]
        t = self.table[cols].copy()
        body = "".join(
            f"<tr><td>{escape(i)}</td>" + "".join(
                f"<td>{escape(v if isinstance(v, str) else ('-' if (isinstance(v, float) and math.isnan(v)) else f'{v:.0f}'))}</td>"
                for v in row) + "</tr>"
            for i, row in zip(t.index, t.itertuples(index=False)))
        quotes = "".join(f"<blockquote>{escape(q)}</blockquote>" for q in self.quotes) or "<p>No student allowed a quote.</p>"
        skipped = ("<h2>Files skipped</h2><ul>" + "".join(f"<li>{escape(f)}: {escape(r)}</li>" for f, r in self.skipped)
                   + "</ul>") if self.skipped else ""
        return (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Class summary: the verdicts</title>"
            "<style>body{font-family:sans-serif;font-size:18px;max-width:60em;margin:1em auto}table{border-collapse:collapse}"
            "td,th{border:1px solid #999;padding:4px 8px}blockquote{border-left:4px solid #0072B2;margin:0.6em 0;"
            "padding-left:1em;white-space:pre-wrap}</style></head><body>"
            f"<h1>Where the class stands: {len(self.counted)} verdicts ({self.with_start} of {len(self.counted)} "
            f"with a start, {self.recalled} of them recalled in notebook 06 rather than saved in 00)</h1><p>Start and end means, and the movement, are over the students who gave a start; the "
            "others appear only as an end mean of their own.</p>"
            f"<img src='data:image/svg+xml;base64,{svg}' alt='{escape(self.chart.alt)}' style='max-width:100%'>"
            "<h2>Per main claim (percent sure)</h2><table><tr><th>id</th>" + "".join(f"<th>{escape(c)}</th>" for c in cols)
            + "</tr>" + body + "</table><h2>In their own words (anonymous, only where allowed)</h2>" + quotes
            + skipped + "</body></html>\n")


def _export_number(path: Path) -> int:
    """N of ``verdict-N.json`` (0 for any other name), to find a student's newest export."""
    stem = path.stem
    tail = stem.rsplit("-", 1)[-1] if stem.startswith("verdict-") else ""
    return int(tail) if tail.isdigit() else 0


def _students(folder: Path) -> list[tuple[str, list[Path]]]:
    """Each student's candidate files, newest first: every subfolder is one student (its ``*.json`` files,
    at any depth, ordered by export number then time); every loose ``*.json`` at the top is one student."""
    out = [(p.name, [p]) for p in sorted(folder.glob("*.json")) if p.is_file()]
    for sub in sorted(d for d in folder.iterdir() if d.is_dir() and not d.name.startswith((".", "class-summary-"))):
        files = [p for p in sub.rglob("*.json") if p.is_file()]
        files.sort(key=lambda p: (_export_number(p), p.stat().st_mtime, p.as_posix()), reverse=True)
        if files:
            out.append((sub.name, files))
    return out


def class_summary(folder: str | Path) -> ClassSummary:
    """Summarise the verdict exports (``*.json``) in ``folder``: each loose file at the top is one student, and
    each subfolder is one student whose newest readable export counts (a student who exported several times
    counts once). Damaged or foreign files are named and skipped; the rest still count."""
    if not isinstance(folder, (str, os.PathLike)) or not Path(folder).is_dir():
        raise ValueError(f"folder must be an existing folder of exported verdicts; got {folder!r}")
    root = Path(folder)
    records, counted, skipped = [], [], []
    for _student, files in _students(root):
        for path in files:
            name = path.relative_to(root).as_posix()
            try:
                records.append(read_verdict(path))
                counted.append(name)
                break  # this student's newest readable export; older ones are earlier drafts
            except (ValueError, OSError) as exc:
                skipped.append((name, str(exc)))
    if not records:
        raise ValueError(f"no readable verdict in {Path(folder).as_posix()}"
                         + (f" (skipped: {', '.join(f for f, _ in skipped)})" if skipped else ""))
    ids, texts = _main_ids(), _claim_texts()
    rows = []
    for i in ids:
        # start and end means over the same students (those with a start), so an arrow is real movement;
        # students without a start are summarised apart ("end mean (no start)")
        end = np.array([r["now"][i] for r in records])
        start = np.array([r["start"][i] for r in records if r["start"]])
        end_paired = np.array([r["now"][i] for r in records if r["start"]])
        end_alone = np.array([r["now"][i] for r in records if not r["start"]])
        pairs = end_paired - start
        rows.append({"id": i, "claim": texts[i], "verdicts": len(end), "with a start": len(start),
                     "recalled starts": sum(1 for r in records if r["start"] and r["start_recalled"]),
                     "start mean": float(start.mean()) if len(start) else math.nan,
                     "end mean": float(end_paired.mean()) if len(start) else math.nan,
                     "end mean (no start)": float(end_alone.mean()) if len(end_alone) else math.nan,
                     "moved mean": float(pairs.mean()) if len(pairs) else math.nan,
                     "moved (mean size)": float(np.abs(pairs).mean()) if len(pairs) else math.nan,
                     "end spread (sd)": float(end.std()), "end q25": float(np.percentile(end, 25)),
                     "end q75": float(np.percentile(end, 75))})
    quotes = [r["verdict"].strip()[:400] for r in records if r["share_quotes"] and r["verdict"].strip()]
    quotes.sort(key=lambda q: hashlib.sha256(q.encode("utf-8")).hexdigest())  # no order that points to a student
    return ClassSummary(pd.DataFrame(rows).set_index("id"), counted, skipped, quotes)


def write_class_summary(folder: str | Path, out: str | Path | None = None) -> Path:
    """Write the class summary of ``folder`` to ``out`` (default: a new ``class-summary-N`` folder beside the
    verdicts): class_summary.html, class_chart.png and class_chart.svg. Returns the HTML page's path."""
    if out is not None:
        out = check_path("out", out)
    summary = class_summary(folder)
    if out is None:
        n = 1
        while (Path(folder) / f"class-summary-{n}").exists():
            n += 1
        out = Path(folder) / f"class-summary-{n}"
    out = Path(out)
    out.mkdir(parents=True, exist_ok=False)
    chart = summary.chart
    chart.save(out / "class_chart.png")
    (out / "class_chart.svg").write_bytes(style.svg_bytes(chart.fig))
    page = out / "class_summary.html"
    page.write_text(summary.html(), encoding="utf-8")
    return page


class VerdictForm:
    """The verdict in the notebook: a slider per main claim (how sure now), a text box, a tick for quotes,
    and an Export button. The text stays in the box whatever goes wrong."""

    def __init__(self, start: dict | None, scenario=None, folder: str | Path = "my_work"):
        self.start, self.scenario, self.folder = start, scenario, folder
        self._box = None

    @property
    def widget(self):
        if self._box is None:
            import ipywidgets as W

            from .slider import Slider

            texts = _claim_texts()
            self.sliders = {}
            for i, claim in texts.items():
                v = float(round(self.start[i])) if self.start else 50.0
                then = f" (at the start: {self.start[i]:.0f}%)" if self.start else ""
                s = Slider(value=v, min=0, max=100, step=5, label=f"{i}: {claim}{then}", unit="% sure now",
                           words=f"{v:.0f} percent", readout=f"{v:.0f}")
                s.observe(lambda ch, s=s: s.set_trait("words", f"{ch['new']:.0f} percent") or
                          s.set_trait("readout", f"{ch['new']:.0f}"), names="value")
                self.sliders[i] = s
            labels = list(self.sliders.values())
            self.recall, self.recalling = {}, None
            if not self.start:  # no notebook 00 save: the start can be set here, from memory, and is marked so
                self.recalling = W.Checkbox(value=False, description="I set my start below from memory (no save from "
                                            "notebook 00)", style={"description_width": "initial"},
                                            layout=W.Layout(width="auto"))
                for i in texts:
                    s = Slider(value=50.0, min=0, max=100, step=5, label=f"{i} at the start (looking back)",
                               unit="% sure at the start", words="50 percent", readout="50")
                    s.observe(lambda ch, s=s: s.set_trait("words", f"{ch['new']:.0f} percent") or
                              s.set_trait("readout", f"{ch['new']:.0f}"), names="value")
                    self.recall[i] = s
                labels += [W.HTML("<b>Where you stood at the start</b>: no notebook 00 save was found. Tick the box "
                                  "and set these as well as you remember; the export marks them as recalled."),
                           self.recalling, *self.recall.values()]
            self.text = W.Textarea(placeholder="My verdict in a few sentences: which claims held up, and what changed my mind?",
                                   description="Verdict", layout=W.Layout(width="95%", height="110px"))
            self.name = W.Text(description="Your name", placeholder="for the page you hand in; never in the class summary",
                               style={"description_width": "initial"}, layout=W.Layout(width="60%"))
            self.quotes = W.Checkbox(value=False, description="My teacher may quote this without my name",
                                     style={"description_width": "initial"}, layout=W.Layout(width="auto"))
            self.status = W.HTML("")
            button = W.Button(description="Export my verdict", icon="save", button_style="info",
                              layout=W.Layout(width="auto"))
            button.on_click(lambda _b: self.export())
            self._box = W.VBox([*labels, self.text, self.name, self.quotes, W.HBox([button, self.status])])
        return self._box

    def export(self):
        w = self.widget  # noqa: F841 (built)
        if not self.text.value.strip():
            self.status.value = "<span role='status'><b>Not exported:</b> write a sentence first.</span>"
            return
        try:
            snap = self.scenario.snapshot() if self.scenario is not None else None
            recalled = bool(self.recalling is not None and self.recalling.value)
            start = {i: s.value for i, s in self.recall.items()} if recalled else self.start
            j, h = export_verdict({i: s.value for i, s in self.sliders.items()}, self.text.value, start,
                                  self.quotes.value, name=self.name.value.strip() or None, scenario=snap,
                                  folder=self.folder, start_recalled=recalled)
            self.status.value = f"<span role='status'>Saved {escape(j.name)} and {escape(h.name)} in {escape(Path(self.folder).as_posix())}</span>"
        except (ValueError, OSError) as exc:
            self.status.value = f"<span role='status'><b>Not exported:</b> {escape(exc)}</span>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = "Your verdict: run the notebook to move the sliders, write and export."
        return bundle


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Class summary of a folder of exported verdicts (notebook 06).")
    parser.add_argument("folder", help="the folder holding the students' verdict-N.json files")
    parser.add_argument("--out", help="folder to write to (default: a new class-summary-N folder inside it)")
    args = parser.parse_args(argv)
    try:
        page = write_class_summary(args.folder, args.out)
    except (ValueError, OSError) as exc:
        print(f"class summary: {exc}", file=sys.stderr)
        return 2
    summary = class_summary(args.folder)
    print(f"{len(summary.counted)} verdicts counted; written to {page.as_posix()} (and the chart beside it)")
    for name, reason in summary.skipped:
        print(f"skipped {name}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
