"""Faults: bad inputs, an unwritable data folder, a full disk, and a build replacing the file under a running
dashboard. Every failing build must exit non-zero with one clear line naming the file, and leave the live
database byte for byte as it was, with no temporary file beside it.

The real faults need no privileges where possible: a data folder that is a file, a file-size limit
(RLIMIT_FSIZE) that makes the writes fail. Where the machine allows a private mount namespace (root, or
unprivileged user namespaces), a read-only mount and a really full disk (a tiny tmpfs) are used as well; a
folder without write permission is tested as a non-root user, or as root inside a user namespace (where root
has no power over the folder). A disk-full error injected in the writer covers the rest.
(Killing the build at random points is in tests/test_build.py.)
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from browser_fixtures import browser, running_app, wait_rendered  # noqa: F401 (fixtures)
from test_load import fetch_views, server_log_problems

from etl.config import REPO_ROOT
from tests.build_helpers import database_digest

# The ETL lets DuckDB's own write errors (disk full, permission denied while creating the new file) escape
# as a traceback instead of one clear line; the live database is safe all the same. Remove a scenario from
# here once etl/load.py (or etl/cli.py) turns duckdb.Error raised while writing into a clear message.
TRACEBACK_ON_DUCKDB_WRITE_ERROR: set[str] = set()  # etl/cli.py reports duckdb write errors in one line


# ------------------------------------------------------------------------------------------ helpers
def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry of a folder: file name -> sha256 (or a marker for what is not a regular file)."""
    out = {}
    for p in sorted(folder.iterdir()):
        out[p.name] = sha256(p) if p.is_file() and not p.is_symlink() else f"<{p.stat().st_mode:o}>"
    return out


def build_command(db: Path, raw_dir: Path) -> list[str]:
    return [
        sys.executable, "-m", "etl", "build", "--force", "--offline", "--raw-dir", str(raw_dir), "--db", str(db),
    ]  # fmt: skip


def build_env(docs: Path) -> dict[str, str]:
    return os.environ | {"FUNDING_DOCUMENTS_DIR": str(docs), "PYTHONDONTWRITEBYTECODE": "1"}


@cache
def namespace_prefix() -> tuple[str, ...] | None:
    """`unshare` arguments giving a private mount namespace where tmpfs and read-only binds can be mounted."""
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return None
    candidates = [("unshare", "-m"), ("unshare", "-Urm")] if os.geteuid() == 0 else [("unshare", "-Urm")]
    probe = (
        'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && mkdir "$d/b" && mount --bind "$d/b" "$d/b"'
        ' && mount -o remount,bind,ro "$d/b" && umount "$d/b" && umount "$d"; r=$?; rmdir "$d"; exit $r'
    )
    for prefix in candidates:
        try:
            done = subprocess.run([*prefix, "sh", "-c", probe], capture_output=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return prefix
    return None


@cache
def powerless_prefix() -> tuple[str, ...] | None:
    """How to run a command without the power to ignore file permissions."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("unshare") is None:
        return None
    # root inside a new user namespace that maps no user has no capability over the real files
    try:
        done = subprocess.run(["unshare", "-U", "true"], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return ("unshare", "-U") if done.returncode == 0 else None


@dataclass
class Outcome:
    returncode: int
    stderr: str
    before: dict[str, str]  # the data folder before the build
    after: dict[str, str]
    named: str  # what the message must name
    live: Path | None  # the live database (opened after the failed build)


def assert_clear_message(outcome: Outcome) -> None:
    lines = [line for line in outcome.stderr.splitlines() if line.strip()]
    assert outcome.returncode != 0
    assert "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    assert len(lines) == 1, outcome.stderr[-3000:]
    assert lines[0].startswith("error: "), lines[0]
    assert outcome.named in lines[0], (outcome.named, lines[0])


def assert_no_damage(outcome: Outcome) -> None:
    assert outcome.returncode != 0, "the build was expected to fail"
    assert outcome.after == outcome.before, "the data folder changed"
    assert not [name for name in outcome.after if ".tmp-" in name]
    if outcome.live is not None:
        database_digest(outcome.live)  # the live database still opens and reads


@pytest.fixture(scope="module")
def live_template(built_db: Path, tmp_path_factory) -> Path:
    """A data folder holding a live database from a good build (and its lock file), to copy per scenario."""
    folder = tmp_path_factory.mktemp("live")
    shutil.copy2(built_db, folder / "funding.duckdb")
    (folder / "funding.duckdb.lock").touch()
    return folder


def fresh_data_folder(template: Path, parent: Path) -> Path:
    folder = parent / "data"
    shutil.copytree(template, folder)
    return folder


# ------------------------------------------------------------------------------- corrupt raw inputs
def raw_copy(raw_dir: Path, dest: Path) -> Path:
    """A copy of the raw-data folder made of symlinks (cheap), whose folders are writable."""
    for folder, _dirs, files in os.walk(raw_dir):
        rel = Path(folder).relative_to(raw_dir)
        (dest / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            (dest / rel / name).symlink_to(Path(folder) / name)
    return dest


def truncate_mid_row(data: bytes) -> bytes:
    """Cut a CSV about half-way, inside a row (not at a line end)."""
    cut = len(data) // 2
    while data[cut - 1 : cut] in (b"\n", b"\r", b""):
        cut += 1
    return data[:cut]


def change_one_digit(data: bytes) -> bytes:
    """A plausible silent edit: one digit of the last line changed, same length."""
    last_line = data.rstrip(b"\n").rfind(b"\n") + 1
    for i in range(len(data) - 1, last_line, -1):
        if data[i : i + 1].isdigit():
            return data[:i] + str((int(data[i : i + 1]) + 1) % 10).encode() + data[i + 1 :]
    raise AssertionError("no digit on the last line")


CORRUPTIONS = {
    "truncated-bulk-csv": ("data/nfr_open_data/bevilgningereu_dataset.csv", truncate_mid_row),
    "truncated-bulk-csv-swecris": ("data/swecris_kth/swecris_kth_vinnova.csv", truncate_mid_row),
    "edited-reference-csv": ("data/cpi/cpi_annual_no_se.csv", change_one_digit),
    "truncated-reference-zip": ("data/ecb_fx/eurofxref-hist.zip", lambda b: b[: len(b) // 3]),
    "emptied-manifest": ("corpus/dev/manifest.csv", lambda b: b""),
}


@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_corrupt_input_fails_the_build_naming_the_file(case, raw_dir, live_template, tmp_path):
    relpath, corrupt = CORRUPTIONS[case]
    raw = raw_copy(raw_dir, tmp_path / "raw")
    target = raw / relpath
    original = target.read_bytes()
    target.unlink()
    target.write_bytes(corrupt(original))
    assert target.read_bytes() != original

    folder = fresh_data_folder(live_template, tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    before = snapshot(folder)
    done = subprocess.run(
        build_command(folder / "funding.duckdb", raw),
        cwd=REPO_ROOT,
        env=build_env(docs),
        capture_output=True,
        text=True,
        timeout=300,
    )
    outcome = Outcome(
        done.returncode, done.stderr, before, snapshot(folder), str(target), folder / "funding.duckdb"
    )
    assert_no_damage(outcome)
    assert_clear_message(outcome)
    assert done.returncode == 2
    assert "checksum" in done.stderr and "etl/sources.toml" in done.stderr


# ---------------------------------------------------------------------- unwritable folder, full disk
def _run_unwritable(kind: str, template: Path, raw_dir: Path, tmp: Path) -> Outcome:
    docs = tmp / "docs"
    docs.mkdir()
    folder = fresh_data_folder(template, tmp)
    db = folder / "funding.duckdb"
    prefix: tuple[str, ...] = ()
    named = str(folder)
    if kind == "read-only-mount":
        ns = namespace_prefix()
        if ns is None:
            pytest.skip("no private mount namespace on this machine (unshare -m / -Urm not permitted)")
        script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
        prefix = (*ns, "sh", "-c", script, "sh", str(folder))
    elif kind == "no-write-permission":
        powerless = powerless_prefix()
        if powerless is None:
            pytest.skip("running as root and no user namespace to drop the power to ignore permissions")
        prefix = powerless
    elif kind == "parent-is-a-file":
        (folder / "not-a-folder").write_text("a regular file where the data folder should be\n")
        db = folder / "not-a-folder" / "funding.duckdb"
        named = str(folder / "not-a-folder")
    before = snapshot(folder)
    if kind == "no-write-permission":
        folder.chmod(0o555)
    try:
        done = subprocess.run(
            [*prefix, *build_command(db, raw_dir)],
            cwd=REPO_ROOT,
            env=build_env(docs),
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        folder.chmod(0o755)
    live = folder / "funding.duckdb"
    return Outcome(done.returncode, done.stderr, before, snapshot(folder), named, live)


# A helper run inside a private mount namespace: a tmpfs just big enough for the live database, the build
# writing into it, and what the folder held before and after (the tmpfs vanishes with the namespace).
_FULL_DISK_SCRIPT = r"""
import hashlib, json, os, shutil, subprocess, sys
template, disk, db_size, out_path, *build = sys.argv[1:]
subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={int(db_size) // 1024 + 1024}k", "tmpfs", disk], check=True)
for name in os.listdir(template):
    shutil.copy2(os.path.join(template, name), disk)
def snap():
    return {n: hashlib.sha256(open(os.path.join(disk, n), "rb").read()).hexdigest() for n in sorted(os.listdir(disk))}
before = snap()
free = shutil.disk_usage(disk).free
done = subprocess.run(build, capture_output=True, text=True)
import duckdb
duckdb.connect(os.path.join(disk, "funding.duckdb"), read_only=True).execute("SELECT count(*) FROM grants").fetchall()
json.dump({"returncode": done.returncode, "stderr": done.stderr, "before": before, "after": snap(), "free": free},
          open(out_path, "w"))
"""


def _run_full_disk(kind: str, template: Path, raw_dir: Path, tmp: Path) -> Outcome:
    docs = tmp / "docs"
    docs.mkdir()
    if kind == "tmpfs-full":
        ns = namespace_prefix()
        if ns is None:
            pytest.skip("no private mount namespace on this machine (unshare -m / -Urm not permitted)")
        disk = tmp / "disk"
        disk.mkdir()
        out = tmp / "outcome.json"
        db_size = (template / "funding.duckdb").stat().st_size
        done = subprocess.run(
            [*ns, sys.executable, "-c", _FULL_DISK_SCRIPT, str(template), str(disk), str(db_size), str(out),
             *build_command(disk / "funding.duckdb", raw_dir)],
            cwd=REPO_ROOT, env=build_env(docs), capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        result = json.loads(out.read_text())
        assert result["free"] < db_size, "the tmpfs was meant to be too small for a second database"
        return Outcome(
            result["returncode"], result["stderr"], result["before"], result["after"], str(disk), None
        )

    folder = fresh_data_folder(template, tmp)
    before = snapshot(folder)
    if kind == "file-size-limit":
        limit = 2 * 1024 * 1024  # far below the size of the database

        def limit_file_size() -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        done = subprocess.run(
            build_command(folder / "funding.duckdb", raw_dir),
            cwd=REPO_ROOT,
            env=build_env(docs),
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=limit_file_size,  # Python ignores SIGXFSZ: a write past the limit fails with EFBIG
        )
        return Outcome(
            done.returncode, done.stderr, before, snapshot(folder), str(folder), folder / "funding.duckdb"
        )
    raise AssertionError(kind)


UNWRITABLE = ["read-only-mount", "no-write-permission", "parent-is-a-file"]
FULL_DISK = ["tmpfs-full", "file-size-limit"]


@pytest.fixture(scope="module", params=UNWRITABLE + FULL_DISK)
def failed_build(request, live_template, raw_dir, tmp_path_factory) -> tuple[str, Outcome]:
    """One failing build per scenario, shared by the no-damage and the clear-message tests."""
    kind = request.param
    tmp = tmp_path_factory.mktemp(kind)
    run = _run_unwritable if kind in UNWRITABLE else _run_full_disk
    return kind, run(kind, live_template, raw_dir, tmp)


def test_unwritable_folder_or_full_disk_leaves_the_live_database_untouched(failed_build):
    _kind, outcome = failed_build
    assert_no_damage(outcome)


def test_unwritable_folder_or_full_disk_fails_with_one_clear_line(failed_build, request):
    kind, outcome = failed_build
    if kind in TRACEBACK_ON_DUCKDB_WRITE_ERROR:
        request.applymarker(
            pytest.mark.xfail(
                reason="known gap: a duckdb.Error while writing escapes etl/cli.py as a traceback",
                strict=True,
            )
        )
    assert_clear_message(outcome)


@pytest.mark.parametrize("where", ["while-writing-tables", "at-fsync"])
def test_disk_full_error_in_the_writer(where, live_template, raw_dir, tmp_path, monkeypatch, capsys):
    """ENOSPC raised inside the writer (as the OS reports a full disk): exit 3, one line, nothing changed."""
    from etl import cli, load

    folder = fresh_data_folder(live_template, tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    monkeypatch.setenv("FUNDING_DOCUMENTS_DIR", str(docs))
    before = snapshot(folder)

    def full(path: Path) -> OSError:
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    if where == "while-writing-tables":
        real_insert, calls = load._insert, []

        def insert(con, table, frame):
            calls.append(table)
            if len(calls) == 4:  # part of the new file is written
                raise full(next(folder.glob("funding.duckdb.tmp-*")))
            real_insert(con, table, frame)

        monkeypatch.setattr(load, "_insert", insert)
    else:
        real_fsync = load._fsync_path

        def fsync(path: Path) -> None:
            if ".tmp-" in path.name:
                raise full(path)
            real_fsync(path)

        monkeypatch.setattr(load, "_fsync_path", fsync)
    capsys.readouterr()
    code = cli.main(build_command(folder / "funding.duckdb", raw_dir)[3:])
    err = capsys.readouterr().err
    outcome = Outcome(code, err, before, snapshot(folder), str(folder), folder / "funding.duckdb")
    assert code == 3
    assert "No space left on device" in err
    assert_no_damage(outcome)
    assert_clear_message(outcome)


# ------------------------------------------------------------------ the dashboard during a rebuild
OVERVIEW_QUERIES = ["", "country=NO", "country=SE&ccy=EUR&lang=sv"]


def _visit_while(url: str, running: threading.Event, views: list, i: int) -> None:
    while running.is_set():
        query = OVERVIEW_QUERIES[i % len(OVERVIEW_QUERIES)]
        views.extend(fetch_views(url, query, [""]))
        i += 1


def _metric_texts(tab) -> list[str]:
    return [m.inner_text() for m in tab.locator('[data-testid="stMetricValue"]').all()]


def _load(tab, url: str | None = None) -> None:
    """(Re)load the tab and wait until the overview has drawn its figures."""
    if url is None:
        tab.reload()
    else:
        tab.goto(url)
    tab.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=60_000)
    wait_rendered(tab)


@pytest.mark.parametrize(
    ("rebuilds", "with_browser"),
    [
        pytest.param(1, False, id="one-rebuild"),
        pytest.param(5, True, id="five-rebuilds-and-a-browser", marks=pytest.mark.slow),
    ],
)
def test_dashboard_keeps_serving_while_a_build_replaces_the_file(
    built_db, raw_dir, tmp_path, request, rebuilds, with_browser
):
    """Visitors keep opening the overview (websocket clients, and with --long a browser tab reloading it)
    while `python -m etl build --force` replaces the file: no error, the same figures before, during and after,
    and the app reopens the new file."""
    folder = tmp_path / "data"
    folder.mkdir()
    live = folder / "funding.duckdb"
    shutil.copy2(built_db, live)
    docs = tmp_path / "docs"
    docs.mkdir()
    log_path = tmp_path / "server.log"
    with running_app(live, log_path) as url:
        baseline = {}
        for query in OVERVIEW_QUERIES:
            (view,) = fetch_views(url, query, [""])
            assert view.ok and view.metrics, view.errors
            baseline[query] = view.metrics
        tab = shown = None
        if with_browser:
            context = request.getfixturevalue("browser").new_context(viewport={"width": 1400, "height": 1000})
            tab = context.new_page()
            _load(tab, f"{url}/?country=NO")
            shown = _metric_texts(tab)
            assert shown

        inodes = {live.stat().st_ino}
        views: list = []
        build_seconds: list[float] = []
        reloads, failures = 0, []
        for _ in range(rebuilds):  # each rebuild replaces the file under the running app
            building = threading.Event()
            building.set()
            # two visitors over websocket, back to back, for as long as the build runs
            visitors = [
                threading.Thread(target=_visit_while, args=(url, building, views, i), daemon=True)
                for i in range(2)
            ]
            started = time.monotonic()
            build = subprocess.Popen(
                build_command(live, raw_dir),
                cwd=REPO_ROOT,
                env=build_env(docs),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for visitor in visitors:
                visitor.start()
            while build.poll() is None:
                if tab is None:
                    time.sleep(0.1)
                    continue
                _load(tab)  # and a browser tab reloading the overview
                reloads += 1
                if tab.locator('[data-testid="stException"]').count() or _metric_texts(tab) != shown:
                    failures.append(f"browser: {_metric_texts(tab)} {tab.inner_text('body')[:300]}")
            building.clear()
            for visitor in visitors:
                visitor.join(120)
            assert build.wait() == 0, build.stderr.read()[-3000:]
            build_seconds.append(time.monotonic() - started)
            inodes.add(live.stat().st_ino)
        for view in views:
            if not view.ok or view.metrics != baseline[view.query]:
                failures.append(f"?{view.query}: {view.errors or view.metrics}")
        # after the swaps: the same figures, from the new file
        for query in OVERVIEW_QUERIES:
            (view,) = fetch_views(url, query, [""])
            assert view.ok and view.metrics == baseline[query], (query, view.errors, view.metrics)
        if tab is not None:
            _load(tab)
            assert _metric_texts(tab) == shown
            tab.context.close()
    print(
        f"\nduring {rebuilds} rebuild(s) ({', '.join(f'{t:.0f} s' for t in build_seconds)}):"
        f" {len(views)} views over websocket, {reloads} browser reloads, every figure as before"
    )
    assert not failures, failures[:10]
    assert len(views) >= 2 * rebuilds, "too few views ran during the rebuilds"
    assert len(inodes) == rebuilds + 1, "each build was expected to replace the file"
    log = log_path.read_text(errors="replace")
    assert log.count(f"opened {live}") >= 2, "the app did not reopen the new file"
    assert not server_log_problems(log_path), server_log_problems(log_path)
    database_digest(live)
