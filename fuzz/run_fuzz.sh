#!/bin/sh
# Bounded libFuzzer run of every fuzz target, one after another.
#
# usage: fuzz/run_fuzz.sh SECONDS_PER_TARGET [--no-build] [TARGET...]
#
# Configures (if needed) and builds build-fuzz (clang, -DFAQ_BUILD_FUZZ=ON),
# then runs each target for SECONDS_PER_TARGET seconds on its corpus:
#   $FAQ_FUZZ_BUILD_DIR/fuzz-corpus/TARGET   grows between runs (not in git)
#   fuzz/seeds/TARGET                        seeds from tests/fixtures (read only)
# Crash inputs go to $FAQ_FUZZ_BUILD_DIR/fuzz-artifacts/TARGET/. Prints the
# executions and crashes per target and in total; exits 1 if any target
# crashed (or leaked, or timed out on one input), 0 otherwise.
# Environment: FAQ_FUZZ_BUILD_DIR (default SOURCE/build-fuzz), FAQ_FUZZ_JOBS
# (build parallelism, default 2).
set -u

if [ $# -lt 1 ]; then
  echo "usage: $0 SECONDS_PER_TARGET [--no-build] [TARGET...]" >&2
  exit 2
fi
SECONDS_PER_TARGET=$1
shift
BUILD=1
if [ "${1:-}" = "--no-build" ]; then BUILD=0; shift; fi

SRC=$(cd "$(dirname "$0")/.." && pwd)
B=${FAQ_FUZZ_BUILD_DIR:-$SRC/build-fuzz}
ALL="fuzz_read_text fuzz_read_markdown fuzz_read_json fuzz_read_jsonl fuzz_read_csv fuzz_read_tsv
     fuzz_analyzer fuzz_stored_passage fuzz_ask fuzz_synonyms fuzz_index_stub fuzz_index_table fuzz_capi_ask"
TARGETS=${*:-$ALL}

if [ "$BUILD" = 1 ]; then
  if [ ! -f "$B/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S "$SRC" -B "$B" -DFAQ_BUILD_FUZZ=ON -DFAQ_BUILD_TESTS=OFF \
      -DFAQ_BUILD_SERVER=OFF -DFAQ_BUILD_BENCH=OFF >/dev/null || exit 1
  fi
  cmake --build "$B" --target fuzz_all -j "${FAQ_FUZZ_JOBS:-2}" >"$B/fuzz-build.log" 2>&1 || {
    tail -n 40 "$B/fuzz-build.log" >&2
    echo "FAIL: fuzz build failed (log: $B/fuzz-build.log)" >&2
    exit 1
  }
fi

# Uninstrumented Xapian/ICU allocate with the same malloc: ASan needs no
# special options; leaks of the one-off index built at start-up are not bugs.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

total_execs=0
total_crashes=0
printf '%-20s %12s %8s\n' target executions crashes
for t in $TARGETS; do
  exe=$B/fuzz/$t
  if [ ! -x "$exe" ]; then
    printf '%-20s %12s %8s\n' "$t" "(not built)" -
    continue
  fi
  corpus=$B/fuzz-corpus/$t
  artifacts=$B/fuzz-artifacts/$t
  mkdir -p "$corpus" "$artifacts"
  seeds=$SRC/fuzz/seeds/$t
  [ -d "$seeds" ] || seeds=
  log=$B/fuzz-logs/$t.log
  mkdir -p "$B/fuzz-logs"
  "$exe" -max_total_time="$SECONDS_PER_TARGET" -timeout=30 -rss_limit_mb=2560 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" $seeds >"$log" 2>&1
  status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  execs=${execs:-0}
  crashes=0
  if [ "$status" -ne 0 ]; then
    crashes=1
    echo "--- $t exited with $status; log $log; artifacts in $artifacts" >&2
    grep -m 5 -E 'ERROR: |runtime error|==ERROR|SUMMARY|deadly signal|Test unit written' "$log" >&2
  fi
  printf '%-20s %12s %8s\n' "$t" "$execs" "$crashes"
  total_execs=$((total_execs + execs))
  total_crashes=$((total_crashes + crashes))
done
printf '%-20s %12s %8s\n' total "$total_execs" "$total_crashes"
[ "$total_crashes" -eq 0 ]
