#!/bin/sh
# The bad-input table through the `faq` command line: each row gets its
# documented behaviour — exit 1 with a message naming FILE:LINE (or the
# limit), or exit 0 with a correct answer — and never a crash (exit >= 128).
# The same table runs through the C++ API in tests/unit/test_bad_input.cc.
#
# usage: bad_input_cli.sh FAQ_BINARY SOURCE_DIR
set -eu

if [ $# -ne 2 ]; then
  echo "usage: $0 FAQ_BINARY SOURCE_DIR" >&2
  exit 2
fi
FAQ=$1
SRC=$2
[ -x "$FAQ" ] || { echo "FAIL: $FAQ is not an executable" >&2; exit 1; }
command -v python3 >/dev/null || { echo "FAIL: python3 is needed to make the inputs" >&2; exit 1; }

W=$(mktemp -d "${TMPDIR:-/tmp}/faq-bad-input.XXXXXX")
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT TERM
unset FAQ_INDEX || true

PASSED=0
FAILED=0
ROW=""
row() { ROW=$1; }
ok() { PASSED=$((PASSED + 1)); printf 'ok %d - %s\n' "$PASSED" "$ROW"; }
bad() {
  FAILED=$((FAILED + 1))
  printf 'not ok - %s: %s\n' "$ROW" "$1" >&2
  for f in "$W/out" "$W/err"; do
    [ -s "$f" ] && { printf -- '--- %s:\n' "$(basename "$f")" >&2; head -c 2000 "$f" | head -n 20 >&2; }
  done
  return 0
}

# run EXPECTED_STATUS ARGS...: faq with stdout/stderr in W/out, W/err.
# Returns 1 (after reporting) unless the status is the expected one.
run() {
  want=$1
  shift
  status=0
  "$FAQ" "$@" >"$W/out" 2>"$W/err" || status=$?
  if [ "$status" -ge 128 ]; then bad "faq crashed (exit $status)"; return 1; fi
  if [ "$status" -ne "$want" ]; then bad "exit $status, expected $want"; return 1; fi
}
err_has() { grep -q -- "$1" "$W/err" || { bad "stderr lacks \"$1\""; return 1; }; }
out_has() { grep -q -- "$1" "$W/out" || { bad "stdout lacks \"$1\""; return 1; }; }
valid_json() { python3 -c 'import json,sys; json.load(sys.stdin)' <"$W/out" 2>/dev/null || { bad "stdout is not JSON"; return 1; }; }

# index_fails FILE MESSAGE: `faq index FILE` exits 1 naming MESSAGE.
index_fails() { run 1 index --out "$W/kb-bad" "$1" && err_has "$2" && ok; }

py() { python3 -c "$1"; }

# --- a good knowledge base for the questions -----------------------------------
KB=$W/kb
"$FAQ" index --quiet --out "$KB" "$SRC/corpus" || { echo "FAIL: cannot index $SRC/corpus" >&2; exit 1; }

# --- documents -----------------------------------------------------------------
row "invalid UTF-8 (.txt, .md, .jsonl, .csv)"
printf 'Title\n\nSome \303\050 text here.\n' >"$W/bad.txt"
printf '# Title\n\nSome \377 text.\n' >"$W/bad.md"
printf '{"answer": "fine"}\n{"answer": "bad \300\257"}\n' >"$W/bad.jsonl"
printf 'question,answer\nq,"a \355\240\200"\n' >"$W/bad.csv"
run 1 index --out "$W/kb-bad" "$W/bad.txt" && err_has "bad.txt:3: invalid UTF-8 (byte 0xC3 at column 6)" &&
run 1 index --out "$W/kb-bad" "$W/bad.md" && err_has "bad.md:3: invalid UTF-8" &&
run 1 index --out "$W/kb-bad" "$W/bad.jsonl" && err_has "bad.jsonl:2: invalid UTF-8" &&
run 1 index --out "$W/kb-bad" "$W/bad.csv" && err_has "bad.csv:2: invalid UTF-8" && ok

row "NUL bytes"
printf 'Title\n\nSome\000text\n' >"$W/nul.txt"
index_fails "$W/nul.txt" "nul.txt:3: NUL byte: binary file?"

row "a 50 MB single-line file"
py "import sys; open('$W/huge.txt','w').write('penguins swim fast ' * (50 * 1024 * 1024 // 19 + 1))"
index_fails "$W/huge.txt" "huge.txt:1: passage \"$W/huge.txt#0\": .* bytes, over the limit"

row "empty and whitespace-only files"
: >"$W/empty.json"
printf ' \n\t\n \r\n' >"$W/blank.md"
printf '\357\273\277\n' >"$W/bom.csv"
run 1 index --out "$W/kb-bad" "$W/empty.json" && err_has "empty.json:1: empty file" &&
run 1 index --out "$W/kb-bad" "$W/blank.md" && err_has "blank.md:1: empty file" &&
run 1 index --out "$W/kb-bad" "$W/bom.csv" && err_has "bom.csv:1: empty file" && ok

row "binary files with a text extension"
head -c 65536 /dev/urandom >"$W/random.txt"
py "open('$W/elf.md','wb').write(open('$FAQ','rb').read(200000))"
run 1 index --out "$W/kb-bad" "$W/random.txt" && err_has "random.txt:[0-9]*: \(NUL byte\|invalid UTF-8\)" &&
run 1 index --out "$W/kb-bad" "$W/elf.md" && err_has "elf.md:1: NUL byte" && ok

row "binary files skipped with --skip-bad, good files kept"
mkdir -p "$W/mixed"
cp "$W/random.txt" "$W/nul.txt" "$W/mixed/"
cp "$SRC/corpus/facial-spasm.txt" "$W/mixed/"
run 0 index --skip-bad --out "$W/kb-mixed" "$W/mixed" && err_has "skipped: .*nul.txt:3: NUL byte" &&
out_has "2 problem(s) skipped" && ok

row "JSON with wrong types"
printf '[{"answer": "fine"},\n {"question": "q", "answer": 5}]\n' >"$W/types.json"
printf '{"answer": "a", "tags": 7}\n' >"$W/tags.jsonl"
printf '{"items": "nothing"}\n' >"$W/items.json"
run 1 index --out "$W/kb-bad" "$W/types.json" && err_has "types.json:2: field \"answer\" must be a string" &&
run 1 index --out "$W/kb-bad" "$W/tags.jsonl" && err_has "tags.jsonl:1: field \"tags\" must be a string or an array" &&
run 1 index --out "$W/kb-bad" "$W/items.json" && err_has "items.json:1: expected an array of records" && ok

row "JSON with deep nesting (100,000 levels)"
py "open('$W/deep.json','w').write('[' * 100000 + ']' * 100000)"
py "open('$W/deep.jsonl','w').write('{\"answer\": \"a\"}\n{\"answer\": \"b\", \"x\": ' + '{\"y\": ' * 100000 + '1' + '}' * 100001 + '\n')"
run 1 index --out "$W/kb-bad" "$W/deep.json" && err_has "deep.json:1: JSON nested deeper than 64 levels" &&
run 1 index --out "$W/kb-bad" "$W/deep.jsonl" && err_has "deep.jsonl:2: JSON nested deeper than 64 levels" && ok

row "JSONL with one broken line"
printf '{"id": "a", "answer": "Alpha answer."}\n{"id": "b", "answer": \n{"id": "c", "answer": "Gamma answer."}\n' >"$W/broken.jsonl"
run 1 index --out "$W/kb-bad" "$W/broken.jsonl" && err_has "broken.jsonl:2: invalid JSON" &&
run 0 index --skip-bad --out "$W/kb-broken" "$W/broken.jsonl" && out_has "indexed 2 passages" &&
err_has "skipped: .*broken.jsonl:2: invalid JSON" && ok

row "CSV with quotes across lines"
printf 'id,question,answer\nq1,"Why do\nzebras have stripes?","Stripes\nconfuse ""biting"" flies, studies say."\nq2,Other?,Other answer\n' >"$W/multi.csv"
run 0 index --out "$W/kb-csv" "$W/multi.csv" && out_has "indexed 2 passages" &&
run 0 ask --index "$W/kb-csv" --json "why do zebras have stripes" && valid_json && out_has '"id":"q1"' &&
out_has 'confuse \\"biting\\" flies' && ok

row "CSV with ragged rows and an unterminated quote"
printf 'question,answer\nq1,a1\nq2,a2,extra\n' >"$W/ragged.csv"
printf 'question,answer\nq1,a1\nq2,"never closed\nq3,a3\n' >"$W/open.csv"
run 1 index --out "$W/kb-bad" "$W/ragged.csv" && err_has "ragged.csv:3: expected 2 fields, found 3" &&
run 1 index --out "$W/kb-bad" "$W/open.csv" && err_has "open.csv:3: unterminated quoted field" && ok

row "more than 1,000 fields per record"
py "open('$W/wide.csv','w').write('question,answer\nq,a' + ',' * 5000000 + '\n')"
index_fails "$W/wide.csv" "wide.csv:2: 5000002 fields, over the limit of 1000"

row "duplicate ids"
printf '{"id": "x", "answer": "one"}\n{"id": "x", "answer": "two"}\n' >"$W/dup.jsonl"
index_fails "$W/dup.jsonl" "dup.jsonl:2: duplicate id \"x\" (first at .*dup.jsonl:1)"

row "an id in two input files"
printf '{"id": "x", "answer": "three"}\n' >"$W/dup2.jsonl"
printf '{"id": "x", "answer": "one"}\n' >"$W/dup1.jsonl"
run 1 index --out "$W/kb-dup" "$W/dup1.jsonl" "$W/dup2.jsonl" &&
err_has "dup2.jsonl:1: duplicate id \"x\" (first at .*dup1.jsonl:1)" && ok

row "100,000 tiny records in one JSONL file"
py "
with open('$W/many.jsonl', 'w') as f:
    for i in range(100000):
        f.write('{\"id\": \"r%d\", \"question\": \"What is item %d?\", \"answer\": \"Item %d is tiny.\"}\n' % (i, i, i))"
run 0 index --out "$W/kb-many" "$W/many.jsonl" &&
out_has "indexed 100000 passages" && run 0 ask --index "$W/kb-many" --json "what is item 77777" &&
valid_json && out_has '"id":"r77777"' && ok

row "2,000 tiny .txt files"
py "
import os
os.makedirs('$W/tiny')
for i in range(2000):
    open('$W/tiny/f%d.txt' % i, 'w').write('Tiny %d\n\nFile number %d says hello.\n' % (i, i))"
run 0 index --out "$W/kb-tiny" "$W/tiny" && out_has "indexed 2000 passages from 2000 file(s)" &&
run 0 ask --index "$W/kb-tiny" --json "what does file number 1234 say" && out_has '"id":"f1234.txt#0"' && ok

# --- questions -------------------------------------------------------------------
row "a question of 1,000,000 characters (stdin of faq chat) and of 100,000 (argument)"
py "print('a' * 1000000)" >"$W/million.txt"
status=0
"$FAQ" chat --index "$KB" --json <"$W/million.txt" >"$W/out" 2>"$W/err" || status=$?
if [ "$status" -ge 128 ]; then bad "faq chat crashed (exit $status)"
elif ! grep -q "error: question is 1000000 bytes" "$W/out"; then bad "no too-large error for 1,000,000 characters"
else
  run 1 ask --index "$KB" "$(py "print('b' * 100000)")" && err_has "question is 100000 bytes" && ok
fi

row "a question of 10,000 bytes of distinct words answers"
Q=$(py "
q = ''
i = 0
while len(q) < 9990:
    q += 'w%dx ' % (i * 7919); i += 1
print(q[:10000])")
run 0 ask --index "$KB" --json "$Q" && valid_json && ok

row "a question with invalid UTF-8"
run 1 ask --index "$KB" "$(printf 'what \303\050 causes')" && err_has "UTF-8" && ok

row "questions made of operators and punctuation"
okq=1
for q in 'AND NOT OR *' '""""' '*' '((()))' 'title:spasm' '+face -' "' OR 1=1 --" '%s%n' '\' '?'; do
  run 0 ask --index "$KB" --json "$q" && valid_json || { okq=0; break; }
done
# `faq ask` reads an argument starting with '-' as an option (and has no
# "--"), so a question like "-spasm +face" goes through `faq chat`.
if [ "$okq" = 1 ]; then
  status=0
  printf '%s\n' '-spasm +face' '--' '-' | "$FAQ" chat --index "$KB" --json >"$W/out" 2>"$W/err" || status=$?
  if [ "$status" -ne 0 ]; then bad "faq chat exited with $status"; okq=0
  elif [ "$(grep -c '^{"answers"' "$W/out")" -ne 3 ]; then bad "faq chat did not answer the three questions"; okq=0
  fi
fi
[ "$okq" = 1 ] && run 0 ask --index "$KB" --json '"hemifacial spasm" AND NOT causes*' && valid_json &&
out_has '"title":"Hemifacial Spasm"' && ok

row "right-to-left and mixed scripts, emoji, combining characters"
okq=1
for q in 'ما هو التشنج النصفي الوجهي؟' 'מה גורם hemifacial spasm?' "$(printf '\342\200\217\342\200\256 spasm \342\200\254')" \
         'что вызывает спазм 面肌痉挛 ใบหน้า' '😀😀 spasm 👍🏽 👨‍👩‍👧' "$(printf 'he\314\201mifacial spa\314\210sm')" \
         "$(printf '\314\201\314\201\314\201')"; do
  run 0 ask --index "$KB" --json "$q" && valid_json || { okq=0; break; }
done
[ "$okq" = 1 ] && ok

# --- damaged indexes ---------------------------------------------------------------
row "damaged index: truncated, random bytes, missing files, wrong version"
okd=1
cp -r "$KB" "$W/kb-damage"
gen=$(ls -d "$W/kb-damage"/gen-* | head -n 1)
for f in "$gen"/*.glass "$gen"/iamglass; do
  [ -s "$f" ] || continue
  cp "$f" "$W/pristine"
  for damage in truncate random missing; do
    case $damage in
      truncate) head -c "$(($(wc -c <"$W/pristine") / 2))" "$W/pristine" >"$f" ;;
      random) head -c "$(wc -c <"$W/pristine")" /dev/urandom >"$f" ;;
      missing) rm -f "$f" ;;
    esac
    status=0
    "$FAQ" ask --index "$W/kb-damage" --json "what causes hemifacial spasm" >"$W/out" 2>"$W/err" || status=$?
    if [ "$status" -ge 128 ]; then bad "$(basename "$f") $damage: faq ask crashed ($status)"; okd=0; fi
    if [ "$status" -eq 1 ] && ! grep -q "kb-damage" "$W/err"; then bad "$(basename "$f") $damage: the error does not name the index"; okd=0; fi
    cp "$W/pristine" "$f"
  done
done
printf 'auto gen-99\n' >"$W/kb-damage/XAPIANDB"
run 1 info --index "$W/kb-damage" && err_has "kb-damage" || okd=0
rm -f "$W/kb-damage/XAPIANDB"
run 1 ask --index "$W/kb-damage" "hello" && err_has "not a faq index" || okd=0
[ "$okd" = 1 ] && ok

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
