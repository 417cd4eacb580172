#!/bin/sh
# End-to-end tests of the `faq` command line.
#
# usage: run_cli_tests.sh FAQ_BINARY SOURCE_DIR
#
# Builds an index of SOURCE_DIR/corpus in a scratch directory and checks the
# commands' output, JSON, batch run formats, eval, and the errors and exit
# codes for bad input. Fixtures are in SOURCE_DIR/tests/fixtures/cli:
#   queries.jsonl, qrels.tsv  a tiny judged set over corpus/ (MedQuAD NINDS ids)
#   broken/faq.jsonl          a JSONL file whose line 2 is not valid JSON
# Stops at the first failure with a message; exit 0 when everything passed.
set -eu

if [ $# -ne 2 ]; then
  echo "usage: $0 FAQ_BINARY SOURCE_DIR" >&2
  exit 2
fi
FAQ=$1
SRC=$2
FIX=$SRC/tests/fixtures/cli
[ -x "$FAQ" ] || { echo "FAIL: $FAQ is not an executable" >&2; exit 1; }
[ -d "$SRC/corpus" ] || { echo "FAIL: $SRC/corpus is missing" >&2; exit 1; }

W=$(mktemp -d "${TMPDIR:-/tmp}/faq-cli-tests.XXXXXX")
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT TERM
# Never build or use the default knowledge base by accident.
unset FAQ_INDEX || true

CHECKS=0
check() { CHECKS=$((CHECKS + 1)); printf 'ok %d - %s\n' "$CHECKS" "$1"; }
fail() {
  printf 'FAIL: %s\n' "$1" >&2
  for f in "$W/out" "$W/err"; do
    if [ -s "$f" ]; then
      printf -- '--- %s:\n' "$(basename "$f")" >&2
      head -n 40 "$f" >&2
    fi
  done
  exit 1
}

# run EXPECTED_STATUS ARGS...: runs faq with stdout in $W/out and stderr in
# $W/err and fails unless it exits with EXPECTED_STATUS.
run() {
  want=$1
  shift
  status=0
  "$FAQ" "$@" >"$W/out" 2>"$W/err" || status=$?
  [ "$status" -eq "$want" ] || fail "faq $* exited with $status, expected $want"
}
out_has() { grep -q -- "$1" "$W/out" || fail "stdout of the last command lacks \"$1\""; }
out_has_i() { grep -qi -- "$1" "$W/out" || fail "stdout of the last command lacks \"$1\" (any case)"; }
err_has() { grep -q -- "$1" "$W/err" || fail "stderr of the last command lacks \"$1\""; }
valid_json() {  # FILE: one JSON document
  python3 -c 'import json,sys; json.load(sys.stdin)' <"$1" || fail "$1 is not valid JSON"
}

# --- help -------------------------------------------------------------------
run 0 --help
for c in index ask chat batch eval info; do
  grep -q "^  $c " "$W/out" || fail "faq --help does not list the command \"$c\""
done
check "faq --help exits 0 and lists index/ask/chat/batch/eval/info"
run 0 --version
out_has "faq "
check "faq --version"
run 2
check "faq without a command exits 2"
run 2 frobnicate
err_has "unknown command"
check "an unknown command exits 2"

# --- index ------------------------------------------------------------------
KB=$W/kb
run 0 index --out "$KB" "$SRC/corpus"
out_has "indexed "
[ -f "$KB/XAPIANDB" ] || fail "faq index did not create $KB/XAPIANDB"
check "faq index --out W/kb SOURCE_DIR/corpus"
run 0 info --index "$KB"
out_has "passages:"
out_has "generation: 1"
check "faq info describes the index"

# --- ask --------------------------------------------------------------------
run 0 ask --index "$KB" "What causes facial spasm?"
out_has "Causes of facial nerve twitching"
out_has "facial-spasm.txt"
out_has "^\[answer\]"
check "faq ask: a cause question gets the causes section of facial-spasm.txt"

run 0 ask --index "$KB" "How is hemifacial spasm treated?"
out_has_i "treat"
out_has "Hemifacial Spasm"
check "faq ask: a treatment question gets a treatment passage"

run 0 ask --index "$KB" --json "How is hemifacial spasm treated?"
valid_json "$W/out"
python3 - "$W/out" <<'EOF' || fail "faq ask --json: unexpected content"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["status"] in ("answer", "ambiguous", "no_answer"), r["status"]
assert isinstance(r["confidence"], (int, float))
assert isinstance(r["follow_ups"], list)
a = r["answers"][0]
assert "treat" in (a["question"] + a["text"]).lower(), a["question"]
assert a["source"].endswith(".jsonl") or a["source"].endswith(".txt"), a["source"]
EOF
check "faq ask --json prints valid JSON with status/confidence/answers/follow_ups"

run 0 ask --index "$KB" --json -k 1 "AND NOT OR * \"\"\"\" title:foo"
valid_json "$W/out"
check "faq ask: query syntax is just words"

# --- batch ------------------------------------------------------------------
run 0 batch --index "$KB" --queries "$FIX/queries.jsonl" --format trec -k 10
cp "$W/out" "$W/run.trec"
[ -s "$W/run.trec" ] || fail "faq batch --format trec printed nothing"
awk 'NF != 6 || $2 != "Q0" || $6 != "faq" || $4 !~ /^[0-9]+$/ || $5 !~ /^-?[0-9.eE+-]+$/ { bad = 1; print "bad line: " $0 > "/dev/stderr" } END { exit bad }' \
  "$W/run.trec" || fail "faq batch --format trec: lines are not \"qid Q0 id rank score faq\""
for q in q1 q2 q3 q4 q5; do
  grep -q "^$q Q0 " "$W/run.trec" || fail "faq batch --format trec: no lines for query $q"
  [ "$(grep -c "^$q Q0 " "$W/run.trec")" -le 10 ] || fail "faq batch: more than k=10 lines for $q"
done
# Ranks count from 1 within each query.
awk '{ n[$1]++; if ($4 != n[$1]) { print "rank " $4 " at position " n[$1] " of " $1 > "/dev/stderr"; bad = 1 } } END { exit bad }' \
  "$W/run.trec" || fail "faq batch --format trec: ranks do not count 1, 2, 3 ..."
grep -q "^q1 Q0 NINDS_0000145_Sec2 1 " "$W/run.trec" || fail "faq batch: q1 (hemifacial spasm treatment) is not ranked first"
check "faq batch --format trec prints 'qid Q0 id rank score faq' lines"

run 0 batch --index "$KB" --queries "$FIX/queries.jsonl" --format jsonl -k 3
python3 - "$W/out" <<'EOF' || fail "faq batch --format jsonl: not one JSON object with id and status per query"
import json, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
assert len(lines) == 5, len(lines)
ids = []
for l in lines:
    r = json.loads(l)
    assert isinstance(r, dict)
    assert r["status"] in ("answer", "ambiguous", "no_answer"), r
    assert len(r["answers"]) <= 3
    ids.append(r["id"])
assert ids == ["q1", "q2", "q3", "q4", "q5"], ids
EOF
check "faq batch --format jsonl prints one JSON object per query with id and status"

run 2 batch --index "$KB" --queries "$FIX/queries.jsonl" --format xml
check "faq batch --format xml exits 2"

python3 -c "
import json
print(json.dumps({'id': 'ok', 'text': 'what causes facial spasm'}))
print(json.dumps({'id': 'huge', 'text': 'spasm ' * 20000}))" >"$W/some-bad.jsonl"
run 1 batch --index "$KB" --queries "$W/some-bad.jsonl" --format trec
grep -q "^ok Q0 " "$W/out" || fail "faq batch: the good question was not answered"
err_has "faq batch: huge: "
check "faq batch answers the good questions, names a refused one and exits 1"

# --- eval -------------------------------------------------------------------
run 0 eval --index "$KB" --queries "$FIX/queries.jsonl" --qrels "$FIX/qrels.tsv"
out_has "MRR@10="
MRR=$(sed -n 's/.*MRR@10=\([0-9.]*\).*/\1/p' "$W/out" | head -n 1)
[ -n "$MRR" ] || fail "faq eval: no MRR@10 value"
# q1-q4 are answered first; q5's relevant passages are not ranked first.
python3 -c "import sys; v = float(sys.argv[1]); sys.exit(0 if 0.5 < v < 1 else 1)" "$MRR" ||
  fail "faq eval: MRR@10=$MRR is not in (0.5, 1)"
check "faq eval prints MRR@10 ($MRR)"

SCORE_PY=/work/shared/eval/score.py
if [ -f "$SCORE_PY" ]; then
  PY=$(python3 "$SCORE_PY" "$FIX/qrels.tsv" "$W/run.trec" --json) || fail "score.py failed"
  cp "$W/out" "$W/eval.txt"
  python3 - "$PY" "$W/eval.txt" <<'EOF' || fail "faq eval disagrees with score.py on the batch run"
import json, re, sys
ref = json.loads(sys.argv[1])
text = open(sys.argv[2]).read()
for metric in ("MRR@10", "MAP@10", "nDCG@10", "P@1", "R@10"):
    m = re.search(r"(?:^|\s)" + re.escape(metric) + r"=([0-9.]+)", text)
    assert m, "faq eval printed no " + metric
    mine = float(m.group(1))
    assert abs(mine - ref[metric]) < 1e-3, "%s: faq eval %.4f, score.py %.4f" % (metric, mine, ref[metric])
assert re.search(r"q=%d\b" % ref["queries"], text), "query count differs: score.py %d" % ref["queries"]
EOF
  check "faq eval agrees with score.py on the batch run"
else
  echo "skip - $SCORE_PY not found: not comparing with score.py"
fi

head -n 2 "$FIX/queries.jsonl" >"$W/two.jsonl"
printf '{"id": "unjudged", "text": "what causes facial spasm"}\n' >>"$W/two.jsonl"
run 0 eval --index "$KB" --queries "$W/two.jsonl" --qrels "$FIX/qrels.tsv"
err_has "question(s) judged in .*qrels.tsv are not in .*two.jsonl (first: .*): scored as misses"
err_has "1 question(s) of .*two.jsonl have no judgements"
check "faq eval warns of judged questions not asked and asked ones not judged"

# --- errors -----------------------------------------------------------------
BEFORE=$("$FAQ" ask --index "$KB" --json -k 1 "What causes facial spasm?")
run 1 index --out "$KB" "$FIX/broken"
err_has "faq.jsonl"
err_has ":2:"
check "faq index over a broken JSONL line fails with exit 1 and FILE:2:"
run 0 info --index "$KB"
out_has "generation: 1"
AFTER=$("$FAQ" ask --index "$KB" --json -k 1 "What causes facial spasm?")
[ "$BEFORE" = "$AFTER" ] || fail "the failed faq index changed the answers of $KB"
check "the failed faq index left W/kb answering as before"

run 0 index --out "$W/kb-skip" --skip-bad "$FIX/broken"
err_has ":2:"
out_has "indexed 2 passages"
run 0 ask --index "$W/kb-skip" "Where is the third record?"
out_has "On line three."
check "faq index --skip-bad skips the broken line and indexes the rest"

printf '# abbreviations\nHFS => hemifacial spasm\n' >"$W/synonyms.txt"
run 0 index --out "$W/kb-syn" --synonyms "$W/synonyms.txt" "$SRC/corpus"
run 0 ask --index "$W/kb-syn" --json "what causes HFS"
valid_json "$W/out"
out_has '"status":"answer"'
out_has '"title":"Hemifacial Spasm"'
run 0 info --index "$W/kb-syn"
out_has "synonyms:   1 phrase"
run 0 ask --index "$KB" --json "what causes HFS"
out_has '"status":"no_answer"'
printf 'twitch, spasm\nlonely\n' >"$W/bad-synonyms.txt"
run 1 index --out "$W/kb-syn" --synonyms "$W/bad-synonyms.txt" "$SRC/corpus"
err_has "bad-synonyms.txt:2: "
run 0 ask --index "$W/kb-syn" --json "what causes HFS"
out_has '"status":"answer"'
check "faq index --synonyms: HFS finds hemifacial spasm; a bad line names FILE:LINE and changes nothing"

run 0 info --index "$KB"
out_has "threshold:  0.35 (the default)"
run 0 index --out "$W/kb-strict" --threshold 0.99 "$SRC/corpus/facial-spasm.txt"
run 0 info --index "$W/kb-strict"
out_has "threshold:  0.99 (the index's)"
run 0 ask --index "$W/kb-strict" --json "What causes facial spasm?"
out_has '"status":"no_answer"'
run 0 ask --index "$W/kb-strict" --threshold 0.3 --json "What causes facial spasm?"
out_has '"status":"answer"'
run 2 index --out "$W/kb-strict" --threshold 1.5 "$SRC/corpus/facial-spasm.txt"
err_has "option --threshold needs a number from 0 to 1"
run 0 info --index "$W/kb-strict"
out_has "threshold:  0.99 (the index's)"
check "faq index --threshold: the index's own threshold decides unless a question sets one; 1.5 is refused"

mkdir "$W/notes"
echo "keep me" >"$W/notes/mine.txt"
run 1 index --out "$W/notes" "$SRC/corpus/facial-spasm.txt"
[ "$(cat "$W/notes/mine.txt")" = "keep me" ] || fail "faq index touched a foreign directory"
[ ! -e "$W/notes/XAPIANDB" ] || fail "faq index wrote into a foreign directory"
check "faq index refuses a non-empty directory that is not an index"

run 2 ask --index "$KB" --no-such-option "q"
err_has "unknown option"
check "an unknown option exits 2"
run 2 ask --index "$KB" "q" --no-such-option
err_has "unknown option --no-such-option"
run 2 ask --index "$KB" "q" -k
err_has "option --k needs a value"
check "an option given last: unknown is unknown, a known one needs its value"
printf '{"id": "has space", "text": "what causes facial spasm"}\n' >"$W/space.jsonl"
run 1 batch --index "$KB" --queries "$W/space.jsonl"
err_has "space.jsonl:1: field \"id\" must be non-empty, without spaces"
check "a question id with a space is refused with FILE:LINE"
run 2 index --out "$W/x"
check "faq index without inputs exits 2"
run 2 ask --index "$KB" -k notanumber "q"
check "a non-numeric -k exits 2"
run 1 ask --index "$KB" -k 0 "q"
check "-k 0 exits 1 (invalid argument)"
run 1 index --out "$W/kb-lang" --lang French "$SRC/corpus"
err_has '"French" is not a language tag'
[ ! -e "$W/kb-lang" ] || fail "faq index --lang French left a directory behind"
check "faq index --lang takes a language tag (French: exits 1, names it, writes nothing)"
run 2 ask --index "$KB" --threshold abc "q"
err_has "option --threshold needs a number from 0 to 1"
run 2 batch --index "$KB" --queries "$FIX/queries.jsonl" --threshold 2
err_has "option --threshold needs a number from 0 to 1"
run 0 ask --index "$KB" --threshold 1 "What causes facial spasm?"
out_has "no_answer"
check "--threshold takes a number from 0 to 1 (1: nothing is sure enough), else exits 2"

FAQ_INDEX="$W/env-kb" run 0 index --quiet "$SRC/corpus/facial-spasm.txt"
[ -e "$W/env-kb/XAPIANDB" ] || fail "faq index without --out did not write \$FAQ_INDEX"
FAQ_INDEX="$W/env-kb" run 0 info
out_has "$W/env-kb"
check "faq index without --out writes \$FAQ_INDEX, where faq info reads"

run 1 ask --index "$W/missing" q
err_has "no such index"
check "faq ask --index W/missing exits 1 with \"no such index\""
run 1 batch --index "$KB" --queries "$W/missing.jsonl"
check "faq batch with a missing queries file exits 1"

printf '%s\n' "$CHECKS checks passed"
