"""The benchmark's synthetic raw folder (bench/generate_raw.py) and the alternative registry it needs
(FUNDING_REGISTRY): the real ETL builds from it, and every input is still verified against a checksum."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl.bulk import swecris
from etl.config import REGISTRY_ENV, REPO_ROOT, load_settings
from etl.extract import ChecksumMismatch, extract, sha256_of
from etl.pipeline import fingerprint, run_build
from etl.registry import REGISTRY_PATH, load_registry

GRANTS = "data/swecris_kth/swecris_kth_grants.csv"
VINNOVA = "data/swecris_kth/swecris_kth_vinnova.csv"


def _generator():
    spec = importlib.util.spec_from_file_location(
        "bench_generate_raw", REPO_ROOT / "bench" / "generate_raw.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _rewritten(data: bytes) -> bytes:
    """The bytes the csv module writes for the parsed rows with minimal quoting ("" inside) and LF records."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def synthetic(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """2 500 rows written in three chunks, so chunk boundaries are exercised too."""
    out = tmp_path_factory.mktemp("synthetic") / "raw"
    return out, _generator().generate(2_500, out, seed=7, real_raw=raw_dir, chunk=1_000)


def test_files_have_the_real_format(synthetic, raw_dir: Path):
    out, info = synthetic
    for path in (GRANTS, VINNOVA):
        real, fake = (raw_dir / path).read_bytes(), (out / path).read_bytes()
        assert fake.split(b"\n", 1)[0] == real.split(b"\n", 1)[0]  # same columns, same order
        assert not fake.startswith(b"\xef\xbb\xbf") and fake.endswith(b"\n")
        rows = list(csv.reader(io.StringIO(fake.decode("utf-8"), newline="")))
        assert {len(r) for r in rows} == {len(rows[0])}
        # The real file's dialect: both files are exactly what minimal quoting and LF records write.
        assert _rewritten(real) == real and _rewritten(fake) == fake
    grants = pl.read_csv(out / GRANTS, infer_schema=False)
    assert grants.height == info["grants_rows"] == 2_500
    assert grants["projectId"].n_unique() == grants.height
    assert grants["fundingOrganisationNameSv"].n_unique() >= 5
    assert grants["projectTitleSv"].str.contains("\r\n").any()  # the real file's stray line breaks
    # The Vinnova file is the Vinnova rows of the all-funders file with their diarienummer in front.
    vinnova = pl.read_csv(out / VINNOVA, infer_schema=False)
    assert (
        vinnova.drop("diarienummer")
        .sort("projectId")
        .equals(grants.filter(pl.col("fundingOrganisationId") == "202100-5216").sort("projectId"))
    )
    assert (vinnova["diarienummer"] + "_Vinnova").equals(vinnova["projectId"])


def test_the_real_readers_read_it(synthetic):
    out, _ = synthetic
    vinnova = swecris.read_vinnova(out / VINNOVA)
    others, removed = swecris.read_other_funders(out / GRANTS, set(vinnova["reference"].to_list()))
    assert vinnova.height > 400 and others.height > 1_000
    # Most Riksbankens Jubileumsfond rows repeat a Vinnova project, as in the real file (about a fifth).
    assert 0.15 < removed.height / 2_500 < 0.27
    assert others["amount"].drop_nulls().min() > 0
    assert set(others["year"].drop_nulls().to_list()) <= set(range(2007, 2028))


def test_same_seed_same_bytes(raw_dir: Path, tmp_path: Path):
    generator = _generator()
    first = generator.generate(300, tmp_path / "a", seed=3, real_raw=raw_dir)
    second = generator.generate(300, tmp_path / "b", seed=3, real_raw=raw_dir)
    assert first["checksums"] == second["checksums"]


def test_registry_differs_only_in_the_synthetic_files(synthetic):
    out, info = synthetic
    real, fake = load_registry(), load_registry(out / "sources.toml")
    assert real.keys() == fake.keys()
    for source_id, source in real.items():
        for mine, theirs in zip(source.files, fake[source_id].files, strict=True):
            if mine.path in (GRANTS, VINNOVA):
                assert theirs.sha256 == sha256_of(out / mine.path) == info["checksums"][mine.path]
                assert theirs.origin.startswith("Synthetic")
            else:
                assert theirs == mine


def test_alternative_registry_is_chosen_by_env_or_argument(monkeypatch, tmp_path: Path):
    monkeypatch.delenv(REGISTRY_ENV, raising=False)
    assert load_settings(tmp_path, tmp_path / "db").registry_path == REGISTRY_PATH.resolve()
    monkeypatch.setenv(REGISTRY_ENV, str(tmp_path / "env.toml"))
    assert load_settings(tmp_path, tmp_path / "db").registry_path == tmp_path / "env.toml"
    explicit = load_settings(tmp_path, tmp_path / "db", registry_path=tmp_path / "arg.toml")
    assert explicit.registry_path == tmp_path / "arg.toml"


def test_checksums_are_still_verified(synthetic, raw_dir: Path, tmp_path: Path):
    """Neither registry accepts the other's files: the real data fails the synthetic registry and back."""
    out, _ = synthetic
    with pytest.raises(ChecksumMismatch, match="swecris_kth"):
        extract(
            load_registry(out / "sources.toml"), load_settings(raw_dir, tmp_path / "db"), allow_download=False
        )
    with pytest.raises(ChecksumMismatch, match="swecris_kth"):
        extract(load_registry(), load_settings(out, tmp_path / "db"), allow_download=False)


def test_the_real_build_runs_on_the_synthetic_folder(synthetic, raw_dir: Path, tmp_path: Path):
    out, info = synthetic
    docs = tmp_path / "no_user_docs"
    docs.mkdir()
    settings = load_settings(out, tmp_path / "synthetic.duckdb", docs, out / "sources.toml")
    result = run_build(settings, allow_download=False, progress=False)
    assert not result.skipped
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        by_source = dict(con.sql("SELECT source_id, count(*) FROM grants GROUP BY 1").fetchall())
        files = dict(con.sql("SELECT path, sha256 FROM source_files").fetchall())
    finally:
        con.close()
    assert by_source["swecris_vinnova"] == info["vinnova_rows"]
    assert by_source["swecris_other"] > 1_000
    assert files[GRANTS] == info["checksums"][GRANTS]
    # The registry in use is part of the fingerprint: the same folder under another registry is another build.
    sources = load_registry(settings.registry_path)
    inputs = extract(sources, settings, allow_download=False)
    copy = tmp_path / "copy.toml"
    copy.write_text(settings.registry_path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    other = load_settings(out, tmp_path / "synthetic.duckdb", docs, copy)
    assert fingerprint(sources, inputs, other) != fingerprint(sources, inputs, settings)
