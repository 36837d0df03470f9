"""Fixtures for the dashboard tests: generated databases (bench/generate.py) and direct SQL helpers.

Import the fixture functions into a test module (`from dashboard_fixtures import ...`); the fixtures are
registered under the names given in `@pytest.fixture(name=...)`.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

GENERATED_ROWS = 4000
SEED = 7
DEFAULT_PAGE = "pages/views/overview.py"  # the page `st.navigation` opens at /


def open_page(page: str | None = None, params: dict | None = None, *, timeout: float = 60):
    """The dashboard under AppTest, `params` in its URL, switched to `page` (None: the default page)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page and page != DEFAULT_PAGE:
        at.switch_page(page).run()
    return at


def assert_clean(at) -> None:
    """No exception and no error element on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def drawn(element) -> dict[str, list[str]]:
    """The text the browser draws in an st.dataframe's cells, by column: a pandas Styler's display values
    (common.number_table). Without them the browser writes a number with its own locale."""
    import pyarrow as pa

    raw = element.proto.arrow_data.styler.display_values
    assert raw, "no display values: the browser would format the numbers itself"
    return pa.ipc.open_stream(raw).read_all().to_pydict()


def load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session", name="gen_db")
def _gen_db(tmp_path_factory) -> Path:
    """A generated database with GENERATED_ROWS grants and all reference tables."""
    path = tmp_path_factory.mktemp("dash") / "generated.duckdb"
    load_generator().write(path, GENERATED_ROWS, SEED)
    return path


@pytest.fixture(scope="session", name="empty_db")
def _empty_db(tmp_path_factory) -> Path:
    """Schema and views only: every table empty, no reference tables."""
    path = tmp_path_factory.mktemp("dash") / "empty.duckdb"
    load_generator().write(path, 0, SEED, schema_only=True)
    return path


@pytest.fixture(scope="session", name="tiny_db")
def _tiny_db(tmp_path_factory) -> Path:
    """Reference tables and four hand-made grants with known periods and amounts (spread, currencies)."""
    path = tmp_path_factory.mktemp("dash") / "tiny.duckdb"
    load_generator().write(path, 0, SEED)
    con = duckdb.connect(str(path))
    try:
        con.execute("""
            INSERT INTO sources VALUES ('tiny', 'bulk', 'Tiny source', 'Four grants', 'CC0', NULL, 'Tests', NULL)
            ON CONFLICT DO NOTHING""")
        rows = [
            # id, funder, country, amount, currency, nok, award, start, end, muni, county
            ("g-a", "vinnova", "SE", 3_000_000.0, "SEK", 3_000_000.0, 2016, "2016", "2019", "0180", "01"),
            (
                "g-b",
                "no-kdd",
                "NO",
                3_000_000.0,
                "NOK",
                3_000_000.0,
                2016,
                "2016-01",
                "2018-12",
                "0301",
                "03",
            ),
            (
                "g-c",
                "no-kdd",
                "NO",
                1_200_000.0,
                "NOK",
                1_200_000.0,
                2020,
                "2020-07-01",
                "2021-06-30",
                None,
                None,
            ),
            ("g-d", "eu-h2020", "NO", None, "EUR", None, 2019, "2019", None, "0301", "03"),
        ]
        for gid, funder, country, amount, cur, nok, year, start, end, muni, county in rows:
            con.execute(
                """INSERT INTO grants (grant_id, source_id, record_key, cluster_id, is_primary, funder_id,
                       funder_as_written, recipient, recipient_org_id, recipient_type, recipient_country, title,
                       programme, amount, currency, amount_nok, amount_sek, amount_eur, award_year, start_date,
                       end_date, municipality_code, county_code, theme_primary, themes)
                   VALUES (?, 'tiny', ?, ?, true, ?, ?, 'Testkommune', 'org-test', 'Municipality', ?, ?,
                           'Prog', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'digitalisation', ['digitalisation'])""",
                [
                    gid,
                    gid,
                    gid,
                    funder,
                    funder,
                    country,
                    f"Title {gid}",
                    amount,
                    cur,
                    nok,
                    None if nok is None else nok,
                    None if nok is None else nok / 10,
                    year,
                    start,
                    end,
                    muni,
                    county,
                ],
            )
        # grant_facts is materialised from the tables (as at the end of a build): refresh it.
        con.execute("DROP TABLE grant_facts")
        con.execute((REPO / "etl" / "facts.sql").read_text(encoding="utf-8"))
    finally:
        con.close()
    return path


@pytest.fixture(name="use_db")
def _use_db(monkeypatch):
    """Point the app (env FUNDING_DB) at a database file: use_db(path)."""

    def point(path: Path | str) -> Path:
        monkeypatch.setenv("FUNDING_DB", str(path))
        return Path(path)

    yield point


def direct(path: Path | str, sql: str, params: list | None = None) -> list[tuple]:
    """Run SQL straight on the file (the reference the app's numbers are checked against)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def one(path: Path | str, sql: str, params: list | None = None):
    return direct(path, sql, params)[0][0]


def app_env_db() -> str | None:
    return os.environ.get("FUNDING_DB")


@pytest.fixture(name="deferred_downloads")
def _deferred_downloads(monkeypatch):
    """The callables the page registers for its download buttons, by widget key: {key: (callable, file name,
    MIME type)}. Calling one builds the file exactly as a click in the browser would."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    seen: dict[str, tuple] = {}
    original = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
        key = element_id.rsplit("-", 1)[-1] if element_id else coordinates
        seen[key] = (data_callable, file_name, mimetype)
        return original(self, data_callable, mimetype, coordinates, file_name, element_id=element_id)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return seen
