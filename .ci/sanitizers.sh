#!/bin/sh
# Configures, builds and runs the test suite under the sanitizers:
#   build-asan  -DFAQ_SANITIZE=ON  (AddressSanitizer + UndefinedBehaviorSanitizer)
#   build-tsan  -DFAQ_TSAN=ON      (ThreadSanitizer)
#
# usage: .ci/sanitizers.sh [asan|tsan]...   (default: both)
# Environment: JOBS (build parallelism, default 2), CTEST_ARGS (extra ctest
# arguments, e.g. "-R unit|cli"), BUILD_PREFIX (default SOURCE/build-).
# Exits non-zero when a build or a test fails; prints a summary per build.
set -u

SRC=$(cd "$(dirname "$0")/.." && pwd)
JOBS=${JOBS:-2}
PREFIX=${BUILD_PREFIX:-$SRC/build-}
KINDS=${*:-asan tsan}

# Sanitizer reports fail the test that triggered them.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$SRC/.ci/tsan.supp}

overall=0
summary=""
for kind in $KINDS; do
  case $kind in
    asan) flags="-DFAQ_SANITIZE=ON -DFAQ_TSAN=OFF" ;;
    tsan) flags="-DFAQ_TSAN=ON -DFAQ_SANITIZE=OFF" ;;
    *) echo "unknown sanitizer build \"$kind\" (asan or tsan)" >&2; exit 2 ;;
  esac
  dir=$PREFIX$kind
  echo "=== $kind: $dir"
  # The benchmark and the server are other programs; the server's own tests
  # come with it when cpp-httplib is installed.
  # shellcheck disable=SC2086
  if ! cmake -S "$SRC" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAQ_BUILD_TESTS=ON \
       -DFAQ_BUILD_BENCH=OFF $flags >"$dir.configure.log" 2>&1; then
    tail -n 30 "$dir.configure.log" >&2
    summary="$summary$kind: configure FAILED\n"; overall=1; continue
  fi
  if ! cmake --build "$dir" -j "$JOBS" >"$dir.build.log" 2>&1; then
    grep -m 20 -E 'error|Error' "$dir.build.log" >&2
    summary="$summary$kind: build FAILED (log $dir.build.log)\n"; overall=1; continue
  fi
  # shellcheck disable=SC2086
  (cd "$dir" && ctest --output-on-failure ${CTEST_ARGS:-}) | tee "$dir.ctest.log"
  result=$(grep -E 'tests passed|tests failed' "$dir.ctest.log" | tail -n 1)
  if ! grep -q '100% tests passed' "$dir.ctest.log"; then overall=1; fi
  summary="$summary$kind: ${result:-no tests run}\n"
done
printf '=== summary\n%b' "$summary"
exit $overall
