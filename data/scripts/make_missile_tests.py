"""Derive data/missile_tests.csv from the CNS North Korea Missile Test Database (JSON edition).

Run once when the database is updated:

    .venv/bin/python data/scripts/make_missile_tests.py path/to/cns_missile_tests.json

Input: the JSON kept in the public repository nagix/nk-missile-tests (Apache-2.0), which mirrors the
CNS North Korea Missile Test Database (James Martin Center for Nonproliferation Studies, for NTI).
Output: one row per missile, the facts only (date, time, missile, our class, facility, landing area,
outcome, distance, apogee); the database's description texts are NOT copied. Rows from 2025 on are
marked provisional.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

# The course's grouping of the CNS missile names into classes (range classes as usually given for
# each missile; "unknown" where the database does not name the missile).
CLASSES = {
    "SRBM": ["scud-b", "scud-c", "scud-b-marv", "scud-c-marv", "kn-02", "kn-25", "hwasong-11a",
             "hwasong-11b", "hwasong-11c", "hwasong-11d", "hwasong-11e", "hwasong-11s",
             "hwasong-11-da-45", "rail-mobile-kn-23", "silo-based-kn-23"],
    "MRBM": ["nodong", "er-scud", "pukguksong-2"],
    "IRBM": ["musudan", "hwasong-12", "hwasong-12a", "hwasong-12b", "hwasong-16a", "hwasong-16b",
             "new-irbm-2022"],
    "ICBM": ["hwasong-14", "hwasong-15", "hwasong-17", "hwasong-18", "hwasong-19"],
    "SLBM": ["pukguksong-1", "pukguksong-3"],
    "SLV": ["taepodong-1", "unha", "unha-3", "chollima-1"],
}
CLASS_OF = {name: cls for cls, names in CLASSES.items() for name in names}
# A launch the database leaves unnamed but which was a satellite launch attempt (reported as such).
SLV_BY_DATE = {("2024-05-27", "sohae"): "satellite launch attempt; the database does not name the rocket"}

FIELDS = ["test_id", "date", "date_precision", "time_utc", "missile", "missile_class", "facility", "landing_area", "outcome",
          "distance_km", "apogee_km", "provisional", "source_id", "note"]


def _number(value) -> str:
    if isinstance(value, (int, float)):
        return f"{value:g}"
    if isinstance(value, str) and value.replace(".", "", 1).isdigit():
        return f"{float(value):g}"
    return ""  # "unknown" or "na" (not applicable, e.g. failed at launch)


def _label(slug: str) -> str:
    """'hwasong-11d' -> 'Hwasong-11D', 'kn-25' -> 'KN-25', 'er-scud' -> 'ER-Scud'."""
    if slug == "unknown":
        return "unknown"
    parts = []
    for word in slug.split("-"):
        if word in {"kn", "er", "marv", "irbm", "da", "ab"}:
            parts.append(word.upper())
        elif word[:1].isdigit():
            parts.append(word.upper())
        else:
            parts.append(word.capitalize())
    return "-".join(parts)


def convert(json_path: Path, out_path: Path) -> int:
    raw = json.loads(json_path.read_text(encoding="utf-8"))
    rows = [r for b in raw["timeBins"] for r in b["data"]]
    rows.sort(key=lambda r: (r["date"], r.get("series", 0)))
    with out_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, FIELDS, lineterminator="\n")
        w.writeheader()
        for i, r in enumerate(rows, start=1):
            time = r["time"].replace(" (UTC)", "") if r["time"] != "unknown" else ""
            cls = CLASS_OF.get(r["missile"], "unknown")
            note = ""
            if (r["date"], r["facility"]) in SLV_BY_DATE:
                cls, note = "SLV", SLV_BY_DATE[(r["date"], r["facility"])]
            if r["date"] < "1985-01-01":
                note = "1984 tests: CNS spreads at least six tests over assumed dates (April-September 1984)"
            # Early records give only the month: we store the 1st of the month and say so.
            precise = len(r["date"]) == 10
            w.writerow({
                "test_id": i,
                "date": r["date"] if precise else f"{r['date']}-01",
                "date_precision": "day" if precise else "month",
                "time_utc": time,
                "missile": _label(r["missile"]),
                "missile_class": cls,
                "facility": _label(r["facility"]).replace("-", " "),
                "landing_area": r["landing"].replace("-", " ") if r["landing"] not in ("unknown", "na") else "",
                "outcome": r["outcome"],
                "distance_km": _number(r["distance"]),
                "apogee_km": _number(r["apogee"]),
                "provisional": "true" if r["date"] >= "2025-01-01" else "false",
                "source_id": "cns_missile_db",
                "note": note,
            })
    return len(rows)


if __name__ == "__main__":
    src = Path(sys.argv[1])
    out = Path(__file__).resolve().parent.parent / "missile_tests.csv"
    print(f"{convert(src, out)} rows written to {out.name}")
