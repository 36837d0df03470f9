#!/usr/bin/env bash
# Every benchmark behind bench/README.md, in sequence (they must not share the machine), logs in bench/output/.
#   bench/run_all.sh              # 10k, 1M and 10M synthetic grants (generated on first use), about 45 min on 2 CPUs
#   SIZES="10000 1000000" bench/run_all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
OUT=bench/output
mkdir -p "$OUT"
SIZES=${SIZES:-"10000 1000000 10000000"}
for n in $SIZES; do
  db="$OUT/grants_$n.duckdb"
  [ -f "$db" ] || $PY bench/generate.py --rows "$n" --out "$db"
done
for n in $SIZES; do
  db="$OUT/grants_$n.duckdb"
  # fewer runs and steps at the sizes where the peer takes ~10 s per filter change
  runs=3; steps=24; [ "$n" -ge 1000000 ] && runs=2 && steps=12; [ "$n" -ge 10000000 ] && runs=1
  echo "== dashboard vs peer in the browser, $n grants"
  # exits non-zero when the peer does not fit in memory (expected at 10M): go on
  $PY bench/bench_peer.py --db "$db" --runs "$runs" --steps "$steps" 2>&1 | tee "$OUT/peer_$n.txt" || true
  echo "== dashboard server-side, $n grants"
  peer=--peer; [ "$n" -ge 10000000 ] && peer=""  # the peer does not fit in memory at 10M
  $PY bench/bench_dashboard.py --db "$db" --iterations 10 $peer 2>&1 | tee "$OUT/dashboard_$n.txt"
  echo "== where a filter change spends its time in the browser, $n grants"
  $PY bench/bench_render_floor.py --db "$db" --clicks 15 2>&1 | tee "$OUT/render_floor_$n.txt"
done
[ -n "${SKIP_ETL:-}" ] && exit 0
echo "== ETL"
$PY bench/bench_etl.py --rows 1000000 --runs 1 2>&1 | tee "$OUT/etl_1000000.txt"
