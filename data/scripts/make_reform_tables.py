"""Write the tables of notebook 05 (Soft landing) and declare them in data/datapackage.json.

Run from the repository root when a source is updated:

    .venv/bin/python data/scripts/make_reform_tables.py REFERENCE_DATA_FOLDER

REFERENCE_DATA_FOLDER holds the raw files this script reads (facts only, in our own columns):
- dailynk_pyongyang_rice_usd.csv: Daily NK's Pyongyang market survey (rice won/kg, won per US$),
  as compiled from Daily NK's price sheet in the public repository Ahmet-Dedeler/free-north-korea;
- wdi_gdp_selected.csv: World Bank WDI growth and PPP GDP per person (public repository
  economics-databases/Gross-domestic-product, constant-2010-US$ vintage, to 2019);
- undernourishment_prevalence_wb.csv: WDI indicator SN.ITK.DEFC.ZS (from FAO), one vintage;
- gapminder_prk.tsv: Gapminder's teaching data set, North Korea rows.

The other tables are facts checked against the sources named row by row (BOK, FAO/WFP, FAO SOFI
editions, surveys, studies); they are written here once, so nothing is typed by hand twice.
Resources are appended at the end of datapackage.json (or replaced in place when re-run); new
sources are appended at the end of data/sources.csv.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"

# ---- sources (appended to data/sources.csv) -------------------------------------------------------
SOURCES = [
    ("n5_bok_gdp", "Bank of Korea", "Gross Domestic Product Estimates for North Korea (yearly release; current back-series)",
     "BOK estimates of North Korea's GDP", 2025, "https://www.bok.or.kr/ (economic statistics, North Korea GDP estimates)",
     "Real growth and nominal GNI as in the latest release (2024 data, published 2025); the BOK revises its back-series, so older releases differ."),
    ("n5_bok_first", "Bank of Korea", "Gross Domestic Product Estimates for North Korea: values as first published, 1990-2004",
     "BOK first-published estimates", 2005, "https://www.bok.or.kr/ (yearly releases 1991-2005)",
     "The growth figure for each year as first published; later releases revised some. A different series from the current one: never joined without saying so."),
    ("n5_melvin_2010", "North Korean Economy Watch (Curtis Melvin)", "Markets of North Korea mapped from satellite imagery",
     "Melvin's market map", 2010, "https://www.nkeconwatch.com/", "About 200 official markets around 2010; a count from imagery, not an official list."),
    ("n5_silberstein_2015", "US-Korea Institute at SAIS (Benjamin Katzeff Silberstein)",
     "Growth and Geography of Markets in North Korea: New Evidence from Satellite Imagery", "USKI market survey", 2015,
     "https://www.38north.org/2015/10/bksilberstein103015/ (summary)", "Satellite counts of official markets, October 2015; other analysts' 2015 counts are near 400 too."),
    ("n5_nis_2017", "National Intelligence Service (Republic of Korea)", "Official markets in North Korea, count reported to the National Assembly",
     "NIS market count", 2017, "http://dailynk.jp/archives/85155 (report of the count, 2017)", "A government count reported to lawmakers; not published as a document."),
    ("n5_csis_2018", "CSIS Beyond Parallel", "The Markets: Private Economy and Capitalism in North Korea?", "CSIS Beyond Parallel 2018",
     2018, "https://beyondparallel.csis.org/markets-private-economy-capitalism-north-korea/",
     "436 officially sanctioned markets from satellite imagery; state revenue from market fees estimated at about US$56.8 M a year."),
    ("n5_csis_2017", "CSIS Beyond Parallel", "Paradise Evaporated (survey of 36 people inside North Korea)", "CSIS survey 2017", 2017,
     "https://beyondparallel.csis.org/", "A small survey (36 people): telling, not representative."),
    ("n5_kim_kim_2016", "Kim Byung-yeon and Kim Min-jung", "Informal income of North Korean households (refugee surveys)",
     "Kim & Kim 2016", 2016, "Seoul National University; published in Korean-language journals",
     "No single web address (Korean-language journal articles). At least about 70% of household income informal in most refugee surveys; refugees are not a random sample."),
    ("n5_dailynk_prices", "Daily NK", "Market price survey: rice in Pyongyang (won per kg) and the market exchange rate (won per US$), 2009-2026",
     "Daily NK market prices", 2026, "https://www.dailynk.com/ (price sheet), as compiled in the public repository github.com/Ahmet-Dedeler/free-north-korea (data/series/csv)",
     "About twice a month from August 2009. Values before the 2009-12-01 currency reform are old won divided by 100. Other outlets' networks report other rates (late 2024: NK Times about 30,800 won/$ against Daily NK's 17,900). 2026 values not cross-checked."),
    ("n5_wfp_pds", "World Food Programme (WFP)", "DPR Korea: food security updates and country briefs (Public Distribution System rations)",
     "WFP reports on PDS rations", 2017, "https://www.wfp.org/countries/democratic-peoples-republic-korea",
     "State rations per person per day as monitored by WFP; monthly values vary a lot; confidence M where the fact sheet says M."),
    ("n5_cfsam_2008", "FAO and WFP", "Rapid Food Security Assessment Mission to the DPR Korea (2008)", "FAO/WFP 2008", 2008,
     "https://www.fao.org/giews/", "2008/09 marketing year; milled cereal equivalent."),
    ("n5_cfsam_2010", "FAO and WFP", "Crop and Food Security Assessment Mission to the DPR Korea (November 2010)", "FAO/WFP CFSAM 2010", 2010,
     "https://www.fao.org/giews/", "2010/11 marketing year; milled cereal equivalent."),
    ("n5_cfsam_2011", "FAO and WFP", "Crop and Food Security Assessment Mission to the DPR Korea (November 2011)", "FAO/WFP CFSAM 2011", 2011,
     "https://www.fao.org/giews/", "2011/12 marketing year; milled cereal equivalent: the last harvest before the June 2012 farm measures."),
    ("n5_cfsam_2012", "FAO and WFP", "Crop and Food Security Assessment Mission to the DPR Korea (November 2012)", "FAO/WFP CFSAM 2012", 2012,
     "https://www.fao.org/giews/", "2012/13 marketing year; milled equivalent derived from the unmilled total (M)."),
    ("n5_cfsam_2013", "FAO and WFP", "Crop and Food Security Assessment Mission to the DPR Korea (November 2013)", "FAO/WFP CFSAM 2013", 2013,
     "https://www.fao.org/giews/", "2013/14 marketing year; milled cereal equivalent; the uncovered gap after planned imports was only about 40,000 t. Also gives the state ration target of 573 g."),
    ("n5_giews_2015", "FAO GIEWS", "Country Brief: Democratic People's Republic of Korea (2015)", "FAO GIEWS 2015", 2015,
     "https://www.fao.org/giews/countrybrief/country.jsp?code=PRK", "2014/15 production, milled equivalent (M)."),
    ("n5_fao_wfp_2019", "FAO and WFP", "DPR Korea: Joint Rapid Food Security Assessment (May 2019)", "FAO/WFP rapid assessment 2019", 2019,
     "https://www.wfp.org/publications/2019-dpr-korea-fao-wfp-joint-rapid-food-security-assessment",
     "2018/19: gap 1.36 Mt; 10.1 M people (40%) food-insecure; rations of 300 g in January-May 2019."),
    ("n5_sofi_2015", "FAO, IFAD and WFP", "The State of Food Insecurity in the World 2015", "SOFI 2015", 2015, "https://www.fao.org/publications/",
     "Prevalence of undernourishment for 2014-16 as computed in this edition; each edition revises its back-series."),
    ("n5_sofi_2019", "FAO, IFAD, UNICEF, WFP and WHO", "The State of Food Security and Nutrition in the World 2019", "SOFI 2019", 2019,
     "https://www.fao.org/publications/", "Prevalence of undernourishment for 2016-18 as computed in this edition."),
    ("n5_sofi_2020", "FAO, IFAD, UNICEF, WFP and WHO", "The State of Food Security and Nutrition in the World 2020", "SOFI 2020", 2020,
     "https://www.fao.org/publications/", "Prevalence of undernourishment for 2017-19 as computed in this edition."),
    ("n5_sofi_2021", "FAO, IFAD, UNICEF, WFP and WHO", "The State of Food Security and Nutrition in the World 2021", "SOFI 2021", 2021,
     "https://www.fao.org/publications/", "Prevalence of undernourishment for 2018-20 as computed in this edition."),
    ("n5_sofi_2022", "FAO, IFAD, UNICEF, WFP and WHO", "The State of Food Security and Nutrition in the World 2022", "SOFI 2022", 2022,
     "https://www.fao.org/publications/", "Prevalence of undernourishment for 2019-21 as computed in this edition."),
    ("n5_sofi_2023", "FAO, IFAD, UNICEF, WFP and WHO", "The State of Food Security and Nutrition in the World 2023", "SOFI 2023", 2023,
     "https://www.fao.org/publications/", "Prevalence of undernourishment for 2020-22 as computed in this edition (people not recorded here)."),
    ("n5_wb_sn_itk", "World Bank", "World Development Indicators: Prevalence of undernourishment (% of population), SN.ITK.DEFC.ZS",
     "WDI undernourishment (one vintage)", 2020, "https://data.worldbank.org/indicator/SN.ITK.DEFC.ZS (one vintage, as kept in the public repository Ahmet-Dedeler/free-north-korea)",
     "FAO's series as re-published by the World Bank at one date (3-year averages by end year); it does not match any single SOFI edition."),
    ("n5_dprk_official_famine", "DPRK government", "Official figure for deaths in the famine of the 1990s, as reported abroad",
     "DPRK official figure", 2001, "statement of a DPRK official, 2001, as reported by news agencies", "No stable web address. Generally taken as a floor."),
    ("n5_spoorenberg_2012", "Thomas Spoorenberg and Daniel Schwekendiek", "Demographic Changes in North Korea: 1993-2008",
     "Spoorenberg & Schwekendiek 2012", 2012, "Population and Development Review 38(1), 133-158", "Journal article, no single web address. Excess deaths from the 1993 and 2008 censuses."),
    ("n5_goodkind_2011", "Daniel Goodkind, Loraine West and Peter Johnson", "A Reassessment of Mortality in North Korea, 1993-2008",
     "Goodkind, West & Johnson 2011", 2011, "Paper presented at the Population Association of America, 2011", "Conference paper, no stable web address. Excess deaths 1993-2000 from census reconstruction."),
    ("n5_haggard_noland_2007", "Stephan Haggard and Marcus Noland", "Famine in North Korea: Markets, Aid, and Reform", "Haggard & Noland 2007",
     2007, "Columbia University Press, New York", "A book: no web address. The usual scholarly range of famine deaths, and the 2002 measures, the 2003 markets and the 2005 grain ban."),
    ("n5_haggard_noland_2011", "Stephan Haggard and Marcus Noland", "Witness to Transformation: Refugee Insights into North Korea",
     "Haggard & Noland 2011", 2011, "Peterson Institute for International Economics, Washington DC", "A book: no web address. The 2009 currency reform and its reversal."),
    ("n5_natsios_2001", "Andrew S. Natsios", "The Great North Korean Famine", "Natsios 2001", 2001, "United States Institute of Peace Press, Washington DC",
     "A book: no web address. Extrapolations from refugee interviews (with the Buddhist NGO Good Friends): the highest estimates."),
    ("n5_park_2014", "Park Hyeong-jung (Korea Institute for National Unification)", "North Korea's 'New Economic Management System': Main Features and Problems",
     "Park 2014 (KINU)", 2014, "http://www.koreafocus.or.kr/design3/essays/view.asp?volume_id=146&content_id=105092&category=G", "The June 2012 measures: smaller farm work-teams, farmers keep a share of the harvest."),
    ("n5_38north_2022", "38 North (Stimson Center)", "Understanding Kim Jong Un's Economic Policymaking: Management System Discourse",
     "38 North 2022", 2022, "https://www.38north.org/2022/02/understanding-kim-jong-uns-economic-policymaking-management-system-discourse/",
     "The socialist enterprise responsibility management system (May 2014) and the field responsibility system."),
    ("n5_dailynk_retrench", "Daily NK", "Reports on state grain shops (2021-22) and the amended grain law (December 2022)", "Daily NK reports", 2023,
     "https://www.dailynk.com/english/", "State outlets to route grain away from private markets after the 8th Party Congress (January 2021)."),
    ("n5_dprk_law_2020", "Supreme People's Assembly (DPRK)", "Reactionary Ideology and Culture Rejection Act (4 December 2020)",
     "the 2020 anti-reactionary thought law", 2020, "adopted 2020-12-04; text leaked and reported in 2021", "No web address: the text was never published officially. Heavy penalties for foreign media and ways of speaking."),
    ("n5_wdi", "World Bank", "World Development Indicators: GDP growth, GDP per person growth, GDP per person (PPP)", "World Bank WDI", 2020,
     "https://databank.worldbank.org/ (as kept in the public repository economics-databases/Gross-domestic-product; constant-2010-US$ vintage, to 2019)",
     "WDI has no growth data for North Korea."),
    ("n5_gapminder", "Gapminder Foundation", "Gapminder data set (teaching extract, every five years 1952-2007)", "Gapminder", 2007,
     "https://www.gapminder.org/ (the extract plotly.express.data.gapminder() ships)",
     "For North Korea the 1977, 1982 and 1987 GDP per person values are identical: interpolated estimates, not measurements."),
    ("n5_nbs_grain", "National Bureau of Statistics of China", "China Statistical Yearbook: total grain output", "China Statistical Yearbook", 1993,
     "https://www.stats.gov.cn/", "Grain output 1978 and 1992; the 1984 value is recalled only (L)."),
    ("n5_rozelle", "Scott Rozelle, Jikun Huang and others", "Grain output growth in China's reform period", "Rozelle et al.", 1997,
     "studies of China's agricultural reforms (e.g. in The China Quarterly and the American Journal of Agricultural Economics)",
     "Several articles: no single web address. Grain output grew about 4.9% a year in 1979-84 and about 0.9% a year in 1985-94."),
    ("n5_lin_1992", "Justin Yifu Lin", "Rural Reforms and Agricultural Growth in China", "Lin 1992", 1992, "American Economic Review 82(1), 34-51",
     "Journal article, no single web address. De-collectivisation (the household responsibility system) explains about half of output growth in 1978-84."),
    ("n5_pingali_xuan_1992", "Prabhu Pingali and Vo-Tong Xuan", "Vietnam: Decollectivization and Rice Productivity Growth",
     "Pingali & Xuan 1992", 1992, "Economic Development and Cultural Change 40(4), 697-718",
     "Journal article, no single web address. Vietnam's paddy output in 1987, rice imports in 1988 and exports in 1989 after Resolution 10 (1988)."),
]

# ---- hand-checked facts --------------------------------------------------------------------------
GROWTH_CURRENT = {1997: (-6.5, "H"), 1998: (-0.9, "M"), 1999: (6.1, "H")} | {
    y: (g, "H") for y, g in zip(range(2006, 2025), [-1.0, -1.2, 3.1, -0.9, -0.5, 0.8, 1.3, 1.1, 1.0, -1.1, 3.9, -3.5, -4.1,
                                                   0.4, -4.5, -0.1, -0.2, 3.1, 3.7])}
GROWTH_FIRST = {1990: -3.7, 1991: -5.1, 1992: -7.7, 1993: -4.2, 1994: -1.8, 1995: -4.6, 1996: -3.7,
                2000: 1.3, 2001: 3.7, 2002: 1.2, 2003: 1.8, 2004: 2.2}

GNI = [  # year, trillion won, million won per person, South Korea's GNI per person as a multiple, note
    (1998, 17.6, 0.802, None, ""), (2002, 21.3, 0.954, None, ""), (2009, 28.6, 1.23, None, ""),
    (2013, 33.8, 1.38, None, ""), (2014, 34.2, 1.388, None, ""), (2015, 34.5, 1.393, None, ""),
    (2016, 36.4, 1.46, 22, "South Korea's GNI per person about 22 times North Korea's."),
    (2018, 35.9, 1.428, None, ""), (2019, 35.6, 1.408, None, ""), (2020, 35.0, 1.38, None, ""),
    (2021, 36.3, 1.42, None, "Per person value approximate."), (2022, 36.7, 1.43, None, ""),
    (2023, 40.9, 1.59, 30, "South Korea's GNI per person about 30 times North Korea's."),
    (2024, 44.4, 1.72, 30, "South Korea's GNI per person about 30 times North Korea's."),
]

MARKETS = [  # indicator, year, value, unit, confidence, source, note
    ("official_markets", 2010, 200, "markets", "M", "n5_melvin_2010", "About 200: a rough count from imagery."),
    ("official_markets", 2015, 406, "markets", "H", "n5_silberstein_2015", "October 2015."),
    ("official_markets", 2017, 439, "markets", "H", "n5_nis_2017", "March 2017."),
    ("official_markets", 2018, 436, "markets", "H", "n5_csis_2018", "August 2018: officially sanctioned markets."),
    ("state_revenue_from_markets", 2018, 56.8, "US$ M per year", "H", "n5_csis_2018", "Fees and stall rents, an estimate."),
    ("survey_mostly_market_income", 2017, 97.2, "% of respondents", "H", "n5_csis_2017",
     "35 of 36 people surveyed inside North Korea got at least 75% of household income from markets."),
    ("informal_income_share", 2016, 70, "% of household income (at least)", "M", "n5_kim_kim_2016",
     "At least about 70% of household income informal, in most refugee surveys."),
    ("official_exchange_rate", 2013, 100, "won per US$", "M", "n5_dailynk_prices",
     "The official rate stayed near 100 won per US$ for about a decade; the market rate is what people pay."),
]

RATIONS = [  # year, period, mid-month (for plotting), grams, low, high, confidence, source, note
    (2011, "March", 3, 381, None, None, "H", "n5_wfp_pds", ""),
    (2011, "April", 4, 400, None, None, "M", "n5_wfp_pds", ""),
    (2011, "May", 5, 190, None, None, "M", "n5_wfp_pds", "Lean season."),
    (2011, "June", 6, 150, None, None, "M", "n5_wfp_pds", "Lean season."),
    (2012, "year average", 7, 383, None, None, "M", "n5_wfp_pds", "About 383 g."),
    (2013, "year average", 7, 395, 390, 400, "M", "n5_wfp_pds", "About 390-400 g."),
    (2015, "April-June", 5, 410, None, None, "M", "n5_wfp_pds", ""),
    (2016, "January-March", 2, 370, None, None, "M", "n5_wfp_pds", ""),
    (2016, "April-June", 5, 360, None, None, "M", "n5_wfp_pds", ""),
    (2017, "January", 1, 400, None, None, "M", "n5_wfp_pds", ""),
    (2017, "July", 7, 300, None, None, "M", "n5_wfp_pds", ""),
    (2018, "year", 7, 380, None, None, "H", "n5_fao_wfp_2019", ""),
    (2019, "January-May", 3, 300, None, None, "H", "n5_fao_wfp_2019", "No reliable figures after the border closed in January 2020."),
]

FOOD = [  # marketing year, start year, production Mt, need Mt, uncovered gap Mt, confidence, source, note
    ("2008/09", 2008, 3.34, None, 0.836, "H", "n5_cfsam_2008", "Import need 1.786 Mt, of which 0.836 Mt uncovered."),
    ("2010/11", 2010, 4.48, 5.35, 0.542, "H", "n5_cfsam_2010", ""),
    ("2011/12", 2011, 4.66, None, None, "H", "n5_cfsam_2011", "The last harvest before the June 2012 farm measures."),
    ("2012/13", 2012, 4.90, None, None, "M", "n5_cfsam_2012", "Milled equivalent derived from an unmilled total of about 5.8 Mt."),
    ("2013/14", 2013, 5.03, 5.37, 0.040, "H", "n5_cfsam_2013",
     "The narrowest gap in years: need minus production (0.34 Mt) less planned commercial imports (0.30 Mt)."),
    ("2014/15", 2014, 5.08, None, None, "M", "n5_giews_2015", "Unmilled 5.94 Mt."),
    ("2018/19", 2018, None, None, 1.36, "H", "n5_fao_wfp_2019", "Production left out: the 4.9 Mt reported (aggregate food crop production, lowest since 2008/09) is unmilled, not this table's milled basis; the gap is as reported. 10.1 M people food-insecure."),
]

UNDERNOURISHMENT_SOFI = [  # edition, period start, end, %, people M, source
    ("SOFI 2015", 2014, 2016, 41.6, 10.5, "n5_sofi_2015"),
    ("SOFI 2019", 2016, 2018, 47.8, 12.2, "n5_sofi_2019"),
    ("SOFI 2020", 2017, 2019, 47.6, 12.2, "n5_sofi_2020"),
    ("SOFI 2021", 2018, 2020, 42.4, 10.9, "n5_sofi_2021"),
    ("SOFI 2022", 2019, 2021, 41.6, 10.7, "n5_sofi_2022"),
    ("SOFI 2023", 2020, 2022, 45.5, None, "n5_sofi_2023"),
]

FAMINE = [  # estimate by, method, low, high, confidence, source, note
    ("DPRK government", "official statement", 220_000, 220_000, "M", "n5_dprk_official_famine", "Usually read as a floor."),
    ("Spoorenberg & Schwekendiek", "two censuses (1993, 2008)", 240_000, 420_000, "H", "n5_spoorenberg_2012", ""),
    ("Goodkind, West & Johnson", "census reconstruction", 500_000, 600_000, "H", "n5_goodkind_2011", ""),
    ("Haggard & Noland", "review of estimates", 600_000, 1_000_000, "H", "n5_haggard_noland_2007", "The usual scholarly range."),
    ("Natsios; Good Friends", "extrapolation from refugee accounts", 2_000_000, 3_500_000, "M", "n5_natsios_2001",
     "Refugees came mostly from the hardest-hit north-east: likely too high."),
]

EPISODES = [  # date, name, kind, what (our words), confidence, source
    ("2002-07-01", "July 2002 measures", "reform", "Prices and wages raised many times over; firms given more say.", "H", "n5_haggard_noland_2007"),
    ("2003-03-01", "General markets legalised", "reform", "Markets for consumer goods and grain allowed (2003; month approximate).", "H", "n5_haggard_noland_2007"),
    ("2005-10-01", "Grain sales banned", "retrenchment", "Private grain trade banned and rations restored (2005; month approximate).", "H", "n5_haggard_noland_2007"),
    ("2009-11-30", "Currency redenomination", "retrenchment", "New won at 100:1 with a cap on exchange, wiping out traders' savings; reversed by February 2010.", "H", "n5_haggard_noland_2011"),
    ("2012-06-28", "June 28 measures", "reform", "Smaller farm work-teams, field responsibility; farmers keep about 30% of the harvest.", "H", "n5_park_2014"),
    ("2014-05-30", "May 30 measures", "reform", "Enterprise responsibility: managers buy inputs and sell on markets, set wages.", "H", "n5_38north_2022"),
    ("2020-12-04", "Anti-reactionary thought law", "retrenchment", "Harsh penalties for foreign media and outside influence.", "H", "n5_dprk_law_2020"),
    ("2021-01-12", "State grain shops", "retrenchment", "After the 8th Party Congress, state shops sell grain instead of private traders (2021).", "M", "n5_dailynk_retrench"),
    ("2022-12-01", "Grain law amended", "retrenchment", "Grain to be sold through state outlets only (December 2022).", "M", "n5_dailynk_retrench"),
]

BENCHMARKS = [  # case, measure, year_from, year_to, value, low, high, unit, confidence, source, note
    ("China 1978", "grain_output", 1978, 1978, 304.77, None, None, "Mt", "H", "n5_nbs_grain", "Before the household responsibility system."),
    ("China 1978", "grain_output", 1984, 1984, 407, None, None, "Mt", "L", "n5_nbs_grain", "Recalled only: treat as rough."),
    ("China 1978", "grain_output", 1992, 1992, 442.66, None, None, "Mt", "H", "n5_nbs_grain", ""),
    ("China 1978", "grain_growth_per_year", 1979, 1984, 4.9, None, None, "% per year", "H", "n5_rozelle", ""),
    ("China 1978", "grain_growth_per_year", 1985, 1994, 0.9, None, None, "% per year", "H", "n5_rozelle", ""),
    ("China 1978", "share_of_growth_from_decollectivisation", 1978, 1984, 50, None, None, "% of output growth", "H", "n5_lin_1992",
     "About half; the rest from prices, fertiliser and other inputs."),
    ("Vietnam 1986/88", "paddy_output", 1987, 1987, 16.4, None, None, "Mt", "M", "n5_pingali_xuan_1992", ""),
    ("Vietnam 1986/88", "rice_imports", 1988, 1988, 0.39, 0.28, 0.50, "Mt", "M", "n5_pingali_xuan_1992", "Between 0.28 and 0.5 Mt."),
    ("Vietnam 1986/88", "rice_exports", 1989, 1989, 1.4, None, None, "Mt", "M", "n5_pingali_xuan_1992", "One year after Resolution 10 (April 1988)."),
]


# ---- schema helpers ------------------------------------------------------------------------------
def f(name, kind, description, unit=None, required=False, minimum=None, maximum=None, enum=None, unique=False):
    field = {"name": name, "type": kind, "description": description}
    if unit:
        field["unit"] = unit
    c = {}
    if required:
        c["required"] = True
    if unique:
        c["unique"] = True
    if minimum is not None:
        c["minimum"] = minimum
    if maximum is not None:
        c["maximum"] = maximum
    if enum is not None:
        c["enum"] = enum
    if c:
        field["constraints"] = c
    return field


SOURCE = f("source_id", "string", "Key of sources.csv", required=True)
CONF = f("confidence", "string", "H = checked against the source, M = checked but approximate, L = recalled only", required=True, enum=["H", "M", "L"])
NOTE = f("note", "string", "Caveats, in our words")
FK = [{"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["id"]}}]


def resource(name, description, fields, key):
    return {"name": name, "path": f"{name}.csv", "format": "csv", "encoding": "utf-8", "description": description,
            "schema": {"fields": fields, "primaryKey": key, "foreignKeys": FK}}


def write(name, header, rows):
    with open(DATA / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


def num(text: str):
    text = text.strip()
    return None if text == "" else float(text)


def build(ref: Path) -> list[dict]:
    res = []
    # growth
    rows = [(y, g, "bok_current", c, "n5_bok_gdp", "") for y, (g, c) in GROWTH_CURRENT.items()]
    rows += [(y, g, "bok_first_published", "M", "n5_bok_first", "As first published; not the current back-series.")
             for y, g in GROWTH_FIRST.items()]
    write("nk_growth", ["year", "growth_pct", "series", "confidence", "source_id", "note"], sorted(rows))
    res.append(resource("nk_growth", "Bank of Korea estimates of North Korea's real GDP growth by year, in two series kept apart: the current back-series (1997-99, 2006-2024) and values as first published (1990-96, 2000-04). No figure for 2005 in our sources.", [
        f("year", "integer", "Calendar year", required=True, minimum=1990, maximum=2030),
        f("growth_pct", "number", "Real GDP growth on the year before", unit="percent", required=True, minimum=-30, maximum=30),
        f("series", "string", "Which BOK series: the current back-series or the value as first published", required=True, enum=["bok_current", "bok_first_published"]),
        CONF, SOURCE, NOTE], ["year", "series"]))
    # GNI
    write("nk_gni", ["year", "gni_trillion_won", "gni_per_person_million_won", "south_korea_multiple", "source_id", "note"],
          [(y, g, p, m, "n5_bok_gdp", n) for y, g, p, m, n in GNI])
    res.append(resource("nk_gni", "Bank of Korea estimates of North Korea's nominal gross national income (GNI), total and per person, in South Korean won at South Korean prices, with South Korea's GNI per person as a multiple where the BOK states it.", [
        f("year", "integer", "Calendar year", required=True, unique=True, minimum=1990, maximum=2030),
        f("gni_trillion_won", "number", "Nominal GNI", unit="trillion South Korean won", required=True, minimum=0),
        f("gni_per_person_million_won", "number", "Nominal GNI per person", unit="million South Korean won", required=True, minimum=0),
        f("south_korea_multiple", "number", "South Korea's GNI per person as a multiple of North Korea's (where stated)", unit="times", minimum=1),
        SOURCE, NOTE], ["year"]))
    # markets
    write("nk_markets", ["indicator", "year", "value", "unit", "confidence", "source_id", "note"], MARKETS)
    res.append(resource("nk_markets", "Markets in North Korea: counts of official markets from satellite imagery and government counts, the state's revenue from them, how much household income comes from markets (surveys), and the official exchange rate.", [
        f("indicator", "string", "What is measured", required=True, enum=sorted({m[0] for m in MARKETS})),
        f("year", "integer", "Year of the count or survey", required=True, minimum=2000, maximum=2030),
        f("value", "number", "The value, in the row's unit", required=True, minimum=0),
        f("unit", "string", "Unit of value", required=True), CONF, SOURCE, NOTE], ["indicator", "year"]))
    # market prices (Daily NK)
    with open(ref / "dailynk_pyongyang_rice_usd.csv", encoding="utf-8") as fh:
        raw = list(csv.DictReader(fh))
    rows = []
    for r in raw:
        old = r["date"] < "2009-12-01"
        rows.append((r["date"], num(r["rice_won_per_kg"]), num(r["won_per_usd"]), "n5_dailynk_prices",
                     "Old won divided by 100 (before the currency reform)." if old else ""))
    write("market_prices", ["date", "rice_won_per_kg", "won_per_usd", "source_id", "note"], rows)
    res.append(resource("market_prices", "Daily NK's market survey in Pyongyang, about twice a month: the price of rice and the market exchange rate of the won against the US dollar. A survey by one outlet's network; the official rate (about 100 won per US$) is in nk_markets.", [
        f("date", "date", "Date of the survey", required=True, unique=True),
        f("rice_won_per_kg", "number", "Market price of rice", unit="North Korean won per kg", minimum=0),
        f("won_per_usd", "number", "Market exchange rate", unit="North Korean won per US$", minimum=0),
        SOURCE, NOTE], ["date"]))
    # rations
    write("rations", ["year", "period", "month", "grams_per_person_day", "grams_low", "grams_high", "confidence", "source_id", "note"],
          [(y, p, m, g, lo, hi, c, s, n) for y, p, m, g, lo, hi, c, s, n in RATIONS])
    res.append(resource("rations", "State rations (Public Distribution System): grams of cereal per person per day as monitored by WFP and FAO, 2011-2019. The state's own target is 573 g; the UN's minimum is 600 g (see food_balance's source for the target).", [
        f("year", "integer", "Year", required=True, minimum=2000, maximum=2030),
        f("period", "string", "Month, quarter or year the value covers", required=True),
        f("month", "integer", "Middle month of the period (for drawing)", required=True, minimum=1, maximum=12),
        f("grams_per_person_day", "number", "Ration distributed", unit="g per person per day", required=True, minimum=0, maximum=1000),
        f("grams_low", "number", "Low end where reported as a range", unit="g per person per day", minimum=0),
        f("grams_high", "number", "High end where reported as a range", unit="g per person per day", minimum=0),
        CONF, SOURCE, NOTE], ["year", "period"]))
    # food balance (one basis: FAO/WFP, milled cereal equivalent)
    write("food_balance", ["marketing_year", "year", "production_mt", "need_mt", "uncovered_gap_mt", "confidence", "source_id", "note"], FOOD)
    res.append(resource("food_balance", "North Korea's cereal balance by marketing year (November to October) from FAO/WFP assessments, all on one basis: milled cereal equivalent. Need includes food, feed, seed and losses; the uncovered gap is what remained after the imports the mission expected.", [
        f("marketing_year", "string", "Marketing year, November to October", required=True, unique=True),
        f("year", "integer", "Year of the harvest that starts the marketing year", required=True, unique=True, minimum=2000, maximum=2030),
        f("production_mt", "number", "Cereal production, milled equivalent (empty where only an unmilled figure was reported)", unit="Mt", minimum=0),
        f("need_mt", "number", "Total cereal need (utilisation), milled equivalent", unit="Mt", minimum=0),
        f("uncovered_gap_mt", "number", "Gap left after expected imports", unit="Mt", minimum=0),
        CONF, SOURCE, NOTE], ["marketing_year"]))
    # undernourishment: SOFI editions + one WDI vintage
    rows = [(e, a, b, p, n, s, "Each edition recomputes its back-series.") for e, a, b, p, n, s in UNDERNOURISHMENT_SOFI]
    with open(ref / "undernourishment_prevalence_wb.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["entity"] == "PRK":
                y = int(r["time"])
                rows.append(("WDI vintage", y - 2, y, float(r["value"]), None, "n5_wb_sn_itk", "3-year average ending in this year."))
    write("undernourishment", ["edition", "period_start", "period_end", "prevalence_pct", "people_m", "source_id", "note"], rows)
    res.append(resource("undernourishment", "Prevalence of undernourishment in North Korea (FAO): the latest period of each SOFI edition, and one World Bank vintage of FAO's series. Editions revise their back-series, so values from different editions are not a time series.", [
        f("edition", "string", "Which edition computed the value (SOFI year, or the WDI vintage)", required=True),
        f("period_start", "integer", "First year of the 3-year average", required=True, minimum=1990, maximum=2030),
        f("period_end", "integer", "Last year of the 3-year average", required=True, minimum=1990, maximum=2030),
        f("prevalence_pct", "number", "Share of the population undernourished", unit="percent", required=True, minimum=0, maximum=100),
        f("people_m", "number", "People undernourished", unit="million"),
        SOURCE, NOTE], ["edition", "period_end"]))
    # famine
    write("famine_deaths", ["estimate_by", "method", "deaths_low", "deaths_high", "confidence", "source_id", "note"], FAMINE)
    res.append(resource("famine_deaths", "Estimates of deaths in North Korea's famine of the 1990s, as ranges, from the official figure to extrapolations from refugee accounts.", [
        f("estimate_by", "string", "Who made the estimate", required=True, unique=True),
        f("method", "string", "How it was made", required=True),
        f("deaths_low", "integer", "Low end", unit="people", required=True, minimum=0),
        f("deaths_high", "integer", "High end", unit="people", required=True, minimum=0),
        CONF, SOURCE, NOTE], ["estimate_by"]))
    # episodes
    write("reform_episodes", ["date", "name", "kind", "what", "confidence", "source_id"], EPISODES)
    res.append(resource("reform_episodes", "Reform and retrenchment episodes in North Korea's economic policy, 2002-2022, in our words.", [
        f("date", "date", "Date the measure was adopted or announced (first of the month where only the month or year is known)", required=True, unique=True),
        f("name", "string", "Short name", required=True),
        f("kind", "string", "Reform (more room for markets and incentives) or retrenchment (less)", required=True, enum=["reform", "retrenchment"]),
        f("what", "string", "What it did, in our words", required=True), CONF, SOURCE], ["date"]))
    # comparators (WDI)
    wanted = {"China": "China", "Vietnam": "Vietnam", "Korea, Rep.": "South Korea"}
    table: dict = {}
    with open(ref / "wdi_gdp_selected.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["country"] in wanted and r["indicator"] != "gdp_current_usd":
                table.setdefault((wanted[r["country"]], int(r["year"])), {})[r["indicator"]] = round(float(r["value"]), 3)
    rows = [(c, y, v.get("gdp_growth_pct"), v.get("gdp_per_capita_growth_pct"), v.get("gdp_per_capita_ppp_current_intl_usd"), "n5_wdi")
            for (c, y), v in sorted(table.items())]
    write("reform_comparators", ["country", "year", "gdp_growth_pct", "gdp_per_person_growth_pct", "gdp_per_person_ppp", "source_id"], rows)
    res.append(resource("reform_comparators", "World Bank WDI growth for the reform comparators (China after 1978, Vietnam after 1986) and South Korea: real GDP growth, real GDP per person growth and GDP per person at purchasing power parity. WDI has no growth data for North Korea.", [
        f("country", "string", "Country", required=True, enum=["China", "South Korea", "Vietnam"]),
        f("year", "integer", "Year", required=True, minimum=1960, maximum=2030),
        f("gdp_growth_pct", "number", "Real GDP growth", unit="percent"),
        f("gdp_per_person_growth_pct", "number", "Real GDP per person growth", unit="percent"),
        f("gdp_per_person_ppp", "number", "GDP per person, PPP", unit="current international US$"),
        SOURCE], ["country", "year"]))
    # benchmarks
    write("reform_benchmarks", ["case", "measure", "year_from", "year_to", "value", "value_low", "value_high", "unit", "confidence", "source_id", "note"], BENCHMARKS)
    res.append(resource("reform_benchmarks", "What farm reform did to harvests in China after 1978 and Vietnam after 1986/88: the upper bounds of the reform model's assumptions.", [
        f("case", "string", "Reform episode", required=True, enum=["China 1978", "Vietnam 1986/88"]),
        f("measure", "string", "What is measured", required=True),
        f("year_from", "integer", "First year", required=True, minimum=1970, maximum=2000),
        f("year_to", "integer", "Last year", required=True, minimum=1970, maximum=2000),
        f("value", "number", "Value (midpoint where a range is given)", required=True),
        f("value_low", "number", "Low end of a range"), f("value_high", "number", "High end of a range"),
        f("unit", "string", "Unit of value", required=True), CONF, SOURCE, NOTE], ["case", "measure", "year_from"]))
    # gapminder
    rows = []
    with open(ref / "gapminder_prk.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            y = int(r["year"])
            rows.append((y, round(float(r["gdpPercap"]), 1), round(float(r["lifeExp"]), 2), int(r["pop"]),
                         "true" if y in (1977, 1982, 1987) else "false", "n5_gapminder",
                         "Identical 1977-87 values: interpolated, not measured." if y in (1977, 1982, 1987) else ""))
    write("gapminder_nk", ["year", "gdp_per_person", "life_expectancy", "population", "interpolated", "source_id", "note"], rows)
    res.append(resource("gapminder_nk", "Gapminder's teaching data for North Korea, every five years 1952-2007: GDP per person, life expectancy, population. Estimates, not measurements; 1977-87 are interpolated.", [
        f("year", "integer", "Year", required=True, unique=True, minimum=1950, maximum=2010),
        f("gdp_per_person", "number", "GDP per person (Gapminder's estimate)", unit="international US$ (Gapminder's constant prices)", required=True, minimum=0),
        f("life_expectancy", "number", "Life expectancy at birth", unit="years", required=True, minimum=0, maximum=100),
        f("population", "integer", "Population", unit="people", required=True, minimum=0),
        f("interpolated", "boolean", "True where Gapminder's value is interpolated rather than estimated for that year", required=True),
        SOURCE, NOTE], ["year"]))
    return res


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit(__doc__)
    resources = build(Path(argv[1]))
    # sources: append the ones not there yet
    # sources: drop our own earlier rows (prefix n5_), keep everyone else's, append ours at the end
    with open(DATA / "sources.csv", encoding="utf-8") as fh:
        kept = [line for line in fh.read().splitlines() if not line.startswith("n5_")]
    with open(DATA / "sources.csv", "w", newline="", encoding="utf-8") as fh:
        fh.write("\n".join(kept) + "\n")
        w = csv.writer(fh, lineterminator="\n")
        for row in SOURCES:
            w.writerow(row)
    # datapackage.json: replace our resources in place, or append them at the end
    path = DATA / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    for r in resources:
        if r["name"] in names:
            package["resources"][names.index(r["name"])] = r
        else:
            package["resources"].append(r)
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv)
