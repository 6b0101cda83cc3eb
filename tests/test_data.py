"""The data package: valid against its schemas (Frictionless reference validator), sourced,
internally consistent, and loaded with clear errors when damaged."""

from __future__ import annotations

import json
import re

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


@pytest.mark.parametrize("name", [n for n in RESOURCES if n != "sources"])  # sources.csv is the list itself
def test_every_table_names_its_sources_row_by_row(name):
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


RANGED = [r["name"] for r in DESCRIPTOR["resources"] if any(f["name"].endswith("_low") for f in r["schema"]["fields"])]


def test_some_tables_give_ranges():
    assert len(RANGED) >= 3, RANGED  # the range test below would otherwise test nothing


@pytest.mark.parametrize("name", RANGED)
def test_ranges_are_ordered(name):
    """Wherever a table has x_low / x / x_high columns: low <= value <= high."""
    table = data.load(name)
    lows = [col for col in table.columns if col.endswith("_low")]
    assert lows, f"{name}: no _low column"
    for col in lows:
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


# ---- citations and cross-checks added with issue 8 -------------------------------------------------
SOURCES = pd.read_csv(ROOT / "data" / "sources.csv", dtype=str, keep_default_na=False)
NO_ADDRESS = ("no web address", "no stable web address", "no single web address")


@pytest.mark.parametrize("sid", SOURCES["id"].tolist())
def test_every_source_row_has_title_year_and_address(sid):
    """A reader can find every source: a title, a year, and a web address (or a repository file), unless the
    row says explicitly why there is none."""
    row = SOURCES.set_index("id").loc[sid]
    assert row["title"].strip() and row["organisation"].strip(), f"{sid}: no title or organisation"
    assert row["year"].isdigit() and 1950 <= int(row["year"]) <= 2026, f"{sid}: year {row['year']!r}"
    text = (row["address"] + " " + row["notes"]).lower()
    has_web = "http://" in row["address"] or "https://" in row["address"]
    has_file = row["address"].startswith("data/") and (ROOT / row["address"]).is_file()
    assert has_web or has_file or any(why in text for why in NO_ADDRESS), (
        f"{sid}: the address {row['address']!r} is neither a web address nor a file, and no note says why")


def test_humanitarian_funding_is_one_series():
    """china_aid.csv carries humanitarian funding from one source only (no mix of appeal and FTS totals)."""
    aid = data.load("china_aid")
    funding = aid[aid["flow"] == "humanitarian_funding"]
    assert funding["source_id"].nunique() == 1 and funding["donor"].nunique() == 1
    assert funding["unit"].eq("US$ M").all()
    assert funding["year_from"].eq(funding["year_to"]).all() and funding["year_from"].is_unique
    assert funding["year_from"].min() <= 2000 and funding["year_from"].max() >= 2024


def test_defector_sex_splits_say_when_they_come_from_an_older_release():
    d = data.load("defectors")
    split = d[d["male"].notna() & d["female"].notna()]
    for r in split.itertuples():
        total = int(r.male) + int(r.female)
        if total != int(r.arrivals):
            assert "older release" in str(r.note), f"defectors {r.year}: split sums to {total}, note does not say why"
            assert r.arrivals_low - 5 <= total <= r.arrivals_high, f"defectors {r.year}: split far from any release"


def test_defectors_date_the_op_ed_to_2013():
    notes = data.load("defectors").set_index("year")["note"].fillna("")
    marked = [int(y) for y, n in notes.items() if "year of the op-ed" in n]
    assert marked == [2013], marked


def test_test_locations_name_their_own_source():
    tests = data.load("nuclear_tests")
    assert tests["location_source_id"].eq("yao2018_srl").all()
    first = tests.set_index("test_no").loc[1]
    assert first["site"].startswith("Punggye-ri"), first["site"]
    assert "east of Mt Mantap" in first["site"], "test 1 lies east of Mt Mantap, not under it: its site must say so"
    const = data.load("yield_constants")
    assert not const["note"].str.contains("such as Punggye-ri").any()


def test_lifeline_default_shares_follow_kotra_2019():
    """The lifeline panel's cereal and fuel shares are computed from KOTRA's 2019 product breakdown, and the
    model's own signature defaults agree with them."""
    import inspect
    from helpers import lifeline
    f = {r.factor: float(r.value) for r in data.load("lifeline_factors").itertuples() if r.year == 2019}
    recorded = f["kotra_imports_total"] - f["kotra_crude_estimate"]
    food = 100 * f["kotra_imports_grain"] / recorded  # cereals only: the food balance counts cereals
    fuel = 100 * (f["kotra_imports_mineral_fuels"] - f["kotra_crude_estimate"]) / recorded
    sig = inspect.signature(lifeline.lifeline_shock).parameters
    assert sig["food_share_pct"].default == lifeline.factors()["food_share_pct"] == round(food, 1)
    assert sig["fuel_share_pct"].default == lifeline.factors()["fuel_share_pct"] == round(fuel, 1)
    assert lifeline.spec().control("food_share_pct").default == round(food, 1)


NB_SOURCES = ROOT / "notebooks" / "_sources"


def test_notebook_03_states_the_china_share_as_the_data_have_it():
    share = data.load("nk_trade_share").set_index("year")["china_share_pct"]
    below = [int(y) for y, v in share.items() if y >= 2014 and v <= 90]
    text = re.sub(r"\s+", " ", (NB_SOURCES / "03_chinas_lifeline.md").read_text(encoding="utf-8"))
    if below:
        assert "above 90% of its trade since 2014" not in text
    for y in below:
        assert f"{share.loc[y]:.1f}%" in text and str(y) in text, f"03 does not name the {y} dip below 90%"
    scale = data.load("china_neighbour_trade").query("basis == 'china_customs'").set_index(["year", "partner"])["trade_bn"]
    for year in (2017, 2023):
        ratio = 100 * scale.loc[(year, "North Korea")] / scale.loc[(year, "World")]
        assert re.search(rf"{ratio:.2f}% (of it )?in {year}", text), f"03 misstates North Korea's share of China's trade in {year}"


def test_notebook_02_stakes_compare_like_with_like():
    from helpers import exodus
    sentence = exodus.stakes_then_and_now()
    text = re.sub(r"\s+", " ", (NB_SOURCES / "02_collapse_and_exodus.md").read_text(encoding="utf-8"))
    assert "fivefold" not in text and "Punggye-ri test site in Kilju county, and storage" not in text
    w = data.load("warheads").query("estimator == 'SIPRI'").set_index("year")
    then = f"{w.loc[2013, 'warheads_low']}-{w.loc[2013, 'warheads_high']} (January 2013)"
    assert then in text and then.split(" ")[0] in sentence
    lo, hi = w["material_low"].dropna().iloc[-1], w["material_high"].dropna().max()
    assert f"{int(lo)}-{int(hi)} (2023-2025)" in text


def test_notebook_03_numbers_agree_with_data_and_model():
    """Numbers written into 03's prose (not computed in a cell) are checked against the data and the model."""
    from helpers import lifeline
    text = re.sub(r"\s+", " ", (NB_SOURCES / "03_chinas_lifeline.md").read_text(encoding="utf-8"))
    cents = lifeline.cents_back().set_index(["year", "series"])["cents back per dollar"]
    kotra = lifeline.SERIES_LABEL["kotra"]
    # C14 before the op-ed rests on both years with a split, 2008 and 2010, not on 2010 alone
    assert (f"about {cents.loc[(2008, kotra)]:.0f} cents per dollar in 2008 and {cents.loc[(2010, kotra)]:.0f} cents "
            f"in 2010") in text
    assert f"{cents.loc[(2008, kotra)]:.0f}-{cents.loc[(2010, kotra)]:.0f} cents" in text
    assert f"about {cents.loc[(2015, kotra)]:.0f} cents in 2015-16" in text and round(cents.loc[(2016, kotra)]) == 77
    base = lifeline.lifeline_shock()
    cut = lifeline.lifeline_shock(trade_change_pct=-50, aid_change_pct=-50)
    assert f"about {round(base['gap_t'], -3):,.0f} t" in text or f"about {base['gap_t'] / 1000:,.0f} thousand t" in text
    assert f"roughly {round(cut['gap_t'], -4):,.0f} t" in text
    assert f"about {cut['gap_people'] / 1e6:.1f} million people" in text
    q4 = lifeline.lifeline_shock(aid_change_pct=-100, fuel_harvest_elasticity=0.2)["gap_t"]
    assert f"Q4: about {q4 / 1000:.0f} thousand t" in text and q4 / 1000 == pytest.approx(lifeline.Q4.answer, abs=1)
    fao = lifeline.factors()["fao_wfp_gap_t"]
    assert f"{fao / 1e6:.2f} million t" in text
    f = lifeline.factors()
    assert f"cereals are about {f['food_share_pct']:.1f}% of the imports and refined fuel about {f['fuel_share_pct']:.1f}%" in text
    assert f"about {base['gap_t'] / 1e6:.2f} million t in the 2019" in text


# ---- values read as Frictionless reads them ------------------------------------------------------
def _edit_cell(path, row, column, value):
    """Set one cell (row counted as in the messages: the header is row 1)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row - 2, column] = value
    frame.to_csv(path, index=False)


@pytest.mark.parametrize("true, false", [("TRUE", "FALSE"), ("True", "False"), ("1", "0"), ("true", "false")])
def test_booleans_load_as_frictionless_accepts_them(damaged, true, false):
    expected = data.load("claims")["main"].tolist()
    frame = pd.read_csv(damaged / "claims.csv", dtype=str, keep_default_na=False)
    frame["main"] = frame["main"].map({"true": true, "false": false})
    frame.to_csv(damaged / "claims.csv", index=False)
    assert Package(str(damaged / "datapackage.json")).validate().valid
    loaded = data.load("claims")["main"]
    assert loaded.notna().all() and loaded.tolist() == expected


@pytest.mark.parametrize("bad", ["NaN", "INF", "-INF", "nan", "inf"])
def test_non_finite_numbers_are_refused(damaged, bad):
    _edit_cell(damaged / "nuclear_test_yields.csv", 3, "yield_kt_low", bad)
    with pytest.raises(DataError, match=rf"data/nuclear_test_yields\.csv, row 3, column 'yield_kt_low', value '{bad}'"):
        data.load("nuclear_test_yields")


def test_one_list_of_missing_values_for_validating_and_loading(damaged):
    """'NA' is text unless the schema lists it as missing; then the validator and the loader agree."""
    _edit_cell(damaged / "nuclear_tests.csv", 2, "note", "NA")
    assert data.load("nuclear_tests").loc[0, "note"] == "NA"
    assert data.missing_values("nuclear_tests") == [""]
    descriptor = json.loads((damaged / "datapackage.json").read_text(encoding="utf-8"))
    tests = next(r for r in descriptor["resources"] if r["name"] == "nuclear_tests")
    tests["schema"]["missingValues"] = ["", "NA"]
    (damaged / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert data.missing_values("nuclear_tests") == ["", "NA"]
    assert pd.isna(data.load("nuclear_tests").loc[0, "note"])
    _edit_cell(damaged / "nuclear_tests.csv", 2, "latitude", "NA")  # missing for the validator too
    assert pd.isna(data.load("nuclear_tests").loc[0, "latitude"])


# ---- damaged files: each names the file (and row, column, value where there is one) --------------
def test_wrong_encoding_names_file_row_and_column(damaged):
    path = damaged / "claims.csv"
    text = path.read_text(encoding="utf-8").replace("North Korea's only ally", "North Korea’s only ally", 1)
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(DataError, match=r"data/claims\.csv, row 6, column 'claim': byte .* is not UTF-8"):
        data.load("claims")


def test_byte_order_mark_is_named(damaged):
    path = damaged / "claims.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with pytest.raises(DataError, match=r"data/claims\.csv, row 1: .*byte-order mark"):
        data.load("claims")


@pytest.mark.parametrize("sep, label", [(";", "semicolons"), ("\t", "tabs")])
def test_wrong_delimiter_is_named(damaged, sep, label):
    frame = pd.read_csv(damaged / "sources.csv", dtype=str, keep_default_na=False)
    frame.to_csv(damaged / "sources.csv", index=False, sep=sep)
    with pytest.raises(DataError, match=rf"data/sources\.csv, row 1 \(header\): columns are separated by {label}"):
        data.load("sources")


def test_extra_column_is_named(damaged):
    frame = pd.read_csv(damaged / "claims.csv", dtype=str, keep_default_na=False)
    frame["my_notes"] = ""
    frame.to_csv(damaged / "claims.csv", index=False)
    with pytest.raises(DataError, match=r"data/claims\.csv, row 1 \(header\), column 'my_notes': column is not in the schema"):
        data.load("claims")


def test_extra_cell_in_a_row_is_named(damaged):
    path = damaged / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",stray"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"data/sources\.csv, row 3"):
        data.load("sources")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.pop("resources"), r'datapackage\.json has no "resources" list'),
        (lambda d: d.update(resources=[]), r'datapackage\.json has no "resources" list'),
        (lambda d: d["resources"][1].pop("schema"), r"datapackage\.json, resource 2 \('claims'\): has no \"schema\""),
        (lambda d: d["resources"][1]["schema"].update(fields=[]), r"resource 2 \('claims'\): has no \"schema\""),
        (lambda d: d["resources"][1].pop("path"), r"resource 2 \('claims'\): needs a \"name\" and a \"path\""),
    ],
)
def test_descriptor_without_resources_or_schema_is_named(damaged, change, message):
    descriptor = json.loads((damaged / "datapackage.json").read_text(encoding="utf-8"))
    change(descriptor)
    (damaged / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DataError, match=message):
        data.load("claims")


def test_table_without_rows_is_named(damaged):
    path = damaged / "leaders.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"data/leaders\.csv: the table has a header but no rows"):
        data.load("leaders")


def test_empty_file_is_named(damaged):
    (damaged / "leaders.csv").write_bytes(b"")
    with pytest.raises(DataError, match=r"data/leaders\.csv, row 1 \(header\): the file is empty"):
        data.load("leaders")


def test_broken_link_between_tables_names_both_files(damaged):
    """A deleted row in nuclear_tests.csv: the tables that point at it say so (not a length mismatch)."""
    data.load("nuclear_test_yields")  # cached before the edit: the edit must still be seen
    path = damaged / "nuclear_tests.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert len(data.load("nuclear_tests")) == len(lines) - 2
    with pytest.raises(DataError, match=r"data/nuclear_test_yields\.csv, row \d+, column 'test_no', value 6: no row of data/nuclear_tests\.csv"):
        data.load("nuclear_test_yields")
    with pytest.raises(DataError, match=r"data/nuclear_test_magnitudes\.csv, row \d+, column 'test_no', value 6"):
        data.load("nuclear_test_magnitudes")


def test_broken_link_to_sources_and_within_a_table(damaged):
    _edit_cell(damaged / "leaders.csv", 2, "source_id", "no_such_source")
    with pytest.raises(DataError, match=r"data/leaders\.csv, row 2, column 'source_id', value 'no_such_source': no row of data/sources\.csv"):
        data.load("leaders")
    _edit_cell(damaged / "claims.csv", 2, "supports", "C99")
    with pytest.raises(DataError, match=r"data/claims\.csv, row 2, column 'supports', value 'C99': no row of data/claims\.csv"):
        data.load("claims")


# ---- in a notebook: one clear message --------------------------------------------------------------
def test_data_error_in_a_notebook_is_one_message_and_names_the_follow_on_name_errors(damaged):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        assert data.install_notebook_handler(shell)
        (damaged / "claims.csv").unlink()
        shown = []
        shell._showtraceback = lambda etype, value, stb: shown.append((etype.__name__, stb))
        shell.run_cell("from helpers import data\nclaims = data.load('claims')")
        shell.run_cell("len(claims)")
        shell.run_cell("1/0")
    finally:
        shell.set_custom_exc((), None)
        InteractiveShell.clear_instance()
        data._seen_data_error.clear()
    (first, data_lines), (second, name_lines), (third, other) = shown
    assert first == "DataError" and len(data_lines) == 2
    assert data_lines[0].startswith("Data problem: data/claims.csv is missing") and "Traceback" not in "".join(data_lines)
    assert second == "NameError" and "claims" in name_lines[0] and "data problem" in name_lines[1]
    assert third == "ZeroDivisionError" and len(other) > 2  # other errors keep their usual traceback
