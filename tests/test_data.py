"""The data package: valid against its schemas (Frictionless reference validator), sourced,
internally consistent, and loaded with clear errors when damaged."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from frictionless import Package

from helpers import data
from helpers.data import DataError
from conftest import ROOT

PACKAGE = ROOT / "data" / "datapackage.json"
DESCRIPTOR = json.loads(PACKAGE.read_text(encoding="utf-8"))
RESOURCES = [r["name"] for r in DESCRIPTOR["resources"]]


def test_package_is_valid_with_the_reference_validator():
    report = Package(str(PACKAGE)).validate()
    problems = report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, problems[:10]


def test_every_csv_in_data_is_a_resource():
    files = {p.name for p in (ROOT / "data").glob("*.csv")}
    declared = {r["path"] for r in DESCRIPTOR["resources"]}
    assert files == declared


@pytest.mark.parametrize("name", RESOURCES)
def test_every_table_names_its_sources_row_by_row(name):
    if name == "sources":
        return
    res = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)
    assert "source_id" in [f["name"] for f in res["schema"]["fields"]], f"{name} has no source_id column"
    fks = res["schema"].get("foreignKeys", [])
    assert any(fk["fields"] == ["source_id"] and fk["reference"]["resource"] == "sources" for fk in fks)
    table = data.load(name)
    assert table["source_id"].notna().all(), f"{name}: a row without source"
    known = set(data.load("sources")["id"])
    assert set(table["source_id"]) <= known


@pytest.mark.parametrize("name", RESOURCES)
def test_every_field_is_described(name):
    res = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)
    assert res.get("description"), name
    for field in res["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']} has no description"


@pytest.mark.parametrize("name", RESOURCES)
def test_ranges_are_ordered(name):
    """Wherever a table has x_low / x / x_high columns: low <= value <= high."""
    table = data.load(name)
    for col in table.columns:
        if not col.endswith("_low"):
            continue
        stem = col[: -len("_low")]
        high = f"{stem}_high"
        assert high in table.columns, f"{name}: {col} without {high}"
        both = table[[col, high]].dropna()
        assert (both[col] <= both[high]).all(), f"{name}: {col} > {high} in some row"
        if stem in table.columns:
            rows = table[[col, stem, high]].dropna()
            assert ((rows[col] <= rows[stem]) & (rows[stem] <= rows[high])).all(), f"{name}: {stem} outside its range"


def test_sources_are_used():
    used = set()
    for name in RESOURCES:
        if name != "sources":
            used |= set(data.load(name)["source_id"].dropna())
    unused = set(data.load("sources")["id"]) - used
    assert not unused, f"sources listed but never used: {sorted(unused)}"


def test_load_applies_schema_types():
    claims = data.load("claims")
    assert str(claims["paragraph"].dtype) == "Int64"
    assert str(claims["main"].dtype) == "boolean"
    assert claims["author_confidence_pct"].isna().sum() == len(claims) - int(claims["main"].sum())


def test_source_line_names_organisation_year_and_table():
    line = data.source("claims")
    assert line.startswith("Source: ") and "(2013)" in line and "data/claims.csv" in line


def test_unknown_table_is_a_clear_error():
    with pytest.raises(DataError, match="no table named 'nope'"):
        data.load("nope")


# ---- damaged copies of the package: the error names the file, the row and the column ----------
@pytest.fixture
def damaged(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.setenv("SOFT_LANDING_DATA", str(copy))
    return copy


def test_missing_file_names_the_file(damaged):
    (damaged / "claims.csv").unlink()
    with pytest.raises(DataError, match=r"data/claims\.csv is missing"):
        data.load("claims")


def test_bad_value_names_file_row_and_column(damaged):
    path = damaged / "claims.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("C03,1,1", "C03,one,1", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        data.load("claims")
    message = str(err.value)
    assert "data/claims.csv" in message and "row 4" in message and "'paragraph'" in message


def test_out_of_range_value_names_file_row_and_column(damaged):
    path = damaged / "claims.csv"
    text = path.read_text(encoding="utf-8").replace(",90,course_coding", ",190,course_coding", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"data/claims\.csv, row 4, column 'author_confidence_pct'"):
        data.load("claims")


def test_missing_column_names_file_and_column(damaged):
    frame = pd.read_csv(damaged / "claims.csv", dtype=str, keep_default_na=False)
    frame.drop(columns=["kind"]).to_csv(damaged / "claims.csv", index=False)
    with pytest.raises(DataError, match=r"data/claims\.csv, row 1 \(header\), column 'kind'"):
        data.load("claims")


def test_broken_descriptor_is_a_clear_error(damaged):
    (damaged / "datapackage.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(DataError, match="datapackage.json is not valid JSON"):
        data.load("claims")


def test_edited_file_is_reloaded(damaged):
    before = len(data.load("claims"))
    path = damaged / "claims.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert len(data.load("claims")) == before - 1
