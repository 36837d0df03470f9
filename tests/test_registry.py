"""The source registry and the extract step: inputs present, verified, fetched, or a clear error."""

from __future__ import annotations

import functools
import hashlib
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from etl.config import load_settings
from etl.extract import ChecksumMismatch, MissingInput, ensure_file, extract
from etl.registry import Source, SourceFile, load_registry


def test_every_source_states_licence_attribution_and_scope():
    sources = load_registry()
    assert {"corpus_seeds", "corpus_dev", "swecris_vinnova", "nfr_h2020", "ecb_fx"} <= set(sources)
    for source in sources.values():
        assert source.licence.strip(), source.id
        assert source.attribution.strip(), source.id
        assert source.scope.strip(), source.id
        for entry in source.files:
            assert entry.sha256 and len(entry.sha256) == 64, entry.path
            assert entry.url or entry.origin, f"{entry.path}: neither a download URL nor an origin"


def test_all_registered_inputs_present_and_verified(raw_dir: Path, tmp_path: Path):
    settings = load_settings(raw_dir, tmp_path / "db.duckdb", tmp_path / "docs")
    inputs = extract(load_registry(), settings, allow_download=False)
    registered = sum(len(s.files) for s in load_registry().values())
    assert sum(len(v) for v in inputs.files.values()) == registered
    assert len(inputs.documents["corpus_seeds"]) == 5
    assert len(inputs.documents["corpus_dev"]) == 40


def _source(tmp_path: Path, **file_fields) -> Source:
    return Source(
        id="demo",
        kind="bulk",
        title="Demo",
        scope="demo",
        licence="CC0",
        attribution="x",
        files=(SourceFile(**file_fields),),
    )


def test_missing_input_offline_names_file_and_url(tmp_path: Path):
    settings = load_settings(tmp_path / "raw", tmp_path / "db.duckdb", tmp_path / "docs")
    url = "http://127.0.0.1:9/grants.csv"  # port 9 (discard): nothing listens, like being offline
    source = _source(tmp_path, path="data/demo/grants.csv", sha256="0" * 64, url=url)
    with pytest.raises(MissingInput) as err:
        ensure_file(source, source.files[0], settings)
    assert "data/demo/grants.csv" in str(err.value)
    assert url in str(err.value)


def test_missing_derived_input_says_where_it_comes_from(tmp_path: Path):
    settings = load_settings(tmp_path / "raw", tmp_path / "db.duckdb", tmp_path / "docs")
    source = _source(tmp_path, path="data/demo/derived.csv", sha256="0" * 64, origin="Derived from X by Y")
    with pytest.raises(MissingInput, match="Derived from X by Y"):
        ensure_file(source, source.files[0], settings)


def test_checksum_mismatch_is_an_error(tmp_path: Path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "f.csv").write_text("a,b\n1,2\n")
    settings = load_settings(tmp_path / "raw", tmp_path / "db.duckdb", tmp_path / "docs")
    source = _source(tmp_path, path="f.csv", sha256="1" * 64, origin="test")
    with pytest.raises(ChecksumMismatch, match=r"f\.csv"):
        ensure_file(source, source.files[0], settings)


@pytest.fixture
def loopback_server(tmp_path: Path):
    """A local HTTP server standing in for the public URL (traffic stays on 127.0.0.1)."""
    served = tmp_path / "served"
    served.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_download_when_missing_verifies_checksum(raw_dir: Path, tmp_path: Path, loopback_server):
    served, base_url = loopback_server
    original = raw_dir / "data/se_codes_sjbrg/counties.csv"
    shutil.copy(original, served / "counties.csv")
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    settings = load_settings(tmp_path / "empty_raw", tmp_path / "data" / "db.duckdb", tmp_path / "docs")
    source = _source(
        tmp_path, path="data/se_codes_sjbrg/counties.csv", sha256=digest, url=f"{base_url}/counties.csv"
    )
    path = ensure_file(source, source.files[0], settings)
    assert path.read_bytes() == original.read_bytes()
    assert path.is_relative_to(settings.cache_dir)

    # Bytes that do not match the registered checksum are refused and leave nothing behind.
    (served / "tampered.csv").write_text("code,name\n99,Nowhere\n")
    bad = _source(tmp_path, path="data/x/tampered.csv", sha256=digest, url=f"{base_url}/tampered.csv")
    with pytest.raises(ChecksumMismatch):
        ensure_file(bad, bad.files[0], settings)
    assert not (settings.cache_dir / "data/x/tampered.csv").exists()
    assert not list((settings.cache_dir / "data/x").glob("*.part"))
