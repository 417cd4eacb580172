#!/bin/sh
# kill -9 during `faq index` never loses the knowledge base.
#
# usage: kill9_test.sh FAQ_BINARY SOURCE_DIR [N] [BIGGER_INPUT]
#
# Builds SOURCE_DIR/corpus once as the "previous" index and records the
# `faq ask --json` answers to three questions. Then N times (default 30):
# starts `faq index --out SAME_DIR BIGGER_INPUT` in the background, sleeps a
# random time between 0 and 1.25 times the typical build duration (so that
# kills also land during the commit and the switch, and some builds
# complete), kills it with
# SIGKILL, and checks that `faq info` works and that `faq ask --json` gives
# exactly the previous answers — or, when the build had completed (the
# generation moved on), exactly the answers of a complete build of
# BIGGER_INPUT. BIGGER_INPUT defaults to the corpus twice over (the JSONL
# records copied with their ids prefixed "copy-"), built in W/big.
# Exit 0 when all N rounds passed.
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 FAQ_BINARY SOURCE_DIR [N] [BIGGER_INPUT]" >&2
  exit 2
fi
FAQ=$1
SRC=$2
N=${3:-30}
BIG=${4:-}
[ -x "$FAQ" ] || { echo "FAIL: $FAQ is not an executable" >&2; exit 1; }

W=$(mktemp -d "${TMPDIR:-/tmp}/faq-kill9.XXXXXX")
BUILDER=
cleanup() {
  if [ -n "$BUILDER" ]; then kill -9 "$BUILDER" 2>/dev/null || true; fi
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
unset FAQ_INDEX || true

fail() { echo "FAIL: $*" >&2; exit 1; }

Q1="what causes hemifacial spasm"
Q2="How is narcolepsy treated?"
Q3="what is the prognosis for Bell's palsy"

# answers DIR OUT: the three answers as JSON lines, plus the generation.
answers() {
  : >"$2"
  for q in "$Q1" "$Q2" "$Q3"; do
    "$FAQ" ask --index "$1" --json -k 5 "$q" >>"$2" 2>"$W/ask.err" ||
      { cat "$W/ask.err" >&2; return 1; }
  done
}
generation() {
  "$FAQ" info --index "$1" 2>"$W/info.err" | sed -n 's/^generation: *//p'
}

if [ -z "$BIG" ]; then
  BIG=$W/big
  mkdir -p "$BIG"
  cp "$SRC"/corpus/*.txt "$SRC"/corpus/*.jsonl "$BIG"/
  for f in "$SRC"/corpus/*.jsonl; do
    sed 's/^{"id": "/{"id": "copy-/' "$f" >"$BIG/copy-$(basename "$f")"
  done
fi

KB=$W/kb
"$FAQ" index --quiet --out "$KB" "$SRC/corpus" || fail "cannot build the previous index"
answers "$KB" "$W/expected" || fail "cannot ask the previous index"
GEN=$(generation "$KB")
[ -n "$GEN" ] || fail "faq info gives no generation"

# The complete build of BIGGER_INPUT: its answers and its duration.
start=$(date +%s.%N)
"$FAQ" index --quiet --out "$W/full" "$BIG" || fail "cannot build $BIG"
end=$(date +%s.%N)
DURATION=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
answers "$W/full" "$W/complete" || fail "cannot ask the complete index"
# `source` names the input file, the same path for both builds.
echo "previous generation $GEN; a full build of the bigger input takes ${DURATION}s; $N rounds"

completed=0
killed=0
i=0
while [ "$i" -lt "$N" ]; do
  i=$((i + 1))
  delay=$(awk -v s="$$$i" -v d="$DURATION" 'BEGIN { srand(s); printf "%.3f", rand() * d * 1.25 }')
  "$FAQ" index --quiet --out "$KB" "$BIG" >/dev/null 2>"$W/index.err" &
  BUILDER=$!
  sleep "$delay"
  kill -9 "$BUILDER" 2>/dev/null || true
  status=0
  wait "$BUILDER" || status=$?
  BUILDER=
  if [ "$status" -ne 0 ] && [ "$status" -ne 137 ]; then
    cat "$W/index.err" >&2
    fail "round $i: faq index exited with $status (not killed)"
  fi
  now=$(generation "$KB") || true
  [ -n "$now" ] || { cat "$W/info.err" >&2; fail "round $i (killed after ${delay}s): faq info fails"; }
  answers "$KB" "$W/got" || fail "round $i (killed after ${delay}s): faq ask fails"
  if [ "$now" = "$GEN" ]; then
    killed=$((killed + 1))
    cmp -s "$W/got" "$W/expected" ||
      { diff "$W/expected" "$W/got" | head -n 10 >&2; fail "round $i (killed after ${delay}s): answers changed, generation still $GEN"; }
  else
    [ "$now" -gt "$GEN" ] || fail "round $i: generation went from $GEN to $now"
    completed=$((completed + 1))
    cmp -s "$W/got" "$W/complete" ||
      { diff "$W/complete" "$W/got" | head -n 10 >&2; fail "round $i (killed after ${delay}s): generation $now does not answer like a complete build"; }
    GEN=$now
    cp "$W/complete" "$W/expected"
  fi
  # Leftovers of killed writers are bounded: the next writer clears them.
  gens=$(find "$KB" -maxdepth 1 -name 'gen-*' | wc -l)
  [ "$gens" -le 3 ] || fail "round $i: $gens generation directories left in $KB"
  printf 'ok %d - killed after %ss, generation %s\n' "$i" "$delay" "$now"
done
# A writer after all this still works, and cleans up.
"$FAQ" index --quiet --out "$KB" "$BIG" || fail "a build after the kills fails"
answers "$KB" "$W/got" && cmp -s "$W/got" "$W/complete" || fail "the final build does not answer like a complete build"
gens=$(find "$KB" -maxdepth 1 -name 'gen-*' | wc -l)
[ "$gens" -le 2 ] || fail "$gens generation directories after a completed build"
echo "PASS: $N rounds ($killed killed before the switch, $completed completed)"
