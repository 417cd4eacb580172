#!/usr/bin/env bash
# Load test of `faq serve` with wrk (not part of ctest: it takes minutes and
# its numbers depend on the machine). Needs wrk (apt-get install wrk).
#
#   tests/load/run_wrk.sh [FAQ_BINARY]
#
# Environment: KB (index dir, default /tmp/medquad-kb, built from the MedQuAD
# corpus when missing), CORPUS, QUERIES, THREADS (wrk threads, 2),
# CONNECTIONS (64), DURATION (60s), SERVER_THREADS (the server's default), SOAK (seconds of the
# memory soak after the main run, 300; 0 = skip), RELOAD_AT (seconds into the
# reload phase to rebuild the index in place, 5; 0 = no reload phase),
# RELOAD_CONNECTIONS (8: on a small machine 64 saturating connections starve
# the rebuild for many minutes), MAIN_RUN (1; 0 = skip the timed run),
# SERVE_ARGS (more options for `faq serve`, e.g. "--max-sessions 10000").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
faq=${1:-$here/../../build-serve/faq}
faq=$(cd "$(dirname "$faq")" && pwd)/$(basename "$faq")
kb=${KB:-/tmp/medquad-kb}
corpus=${CORPUS:-/work/shared/eval/medquad/corpus.jsonl}
queries=${QUERIES:-/work/shared/eval/medquad-q2a/queries.jsonl}
threads=${THREADS:-2}
connections=${CONNECTIONS:-64}
duration=${DURATION:-60s}
server_threads=${SERVER_THREADS:-}
soak=${SOAK:-300}
reload_at=${RELOAD_AT:-5}
reload_connections=${RELOAD_CONNECTIONS:-8}
main_run=${MAIN_RUN:-1}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
work=$(mktemp -d /tmp/faq-wrk.XXXXXX)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ ! -f $kb/XAPIANDB && ! -d $kb/gen-1 && -z $(ls -A "$kb" 2>/dev/null) ]]; then
  echo "== building $kb from $corpus"
  "$faq" index --out "$kb" "$corpus"
fi
"$faq" info --index "$kb" || true

# The wrk script: POST /v1/ask cycling through the queries (JSON-escaped by
# python), counting non-200 responses.
python3 - "$queries" > "$work/ask.lua" <<'PY'
import json, sys
qs = [json.loads(l)["text"] for l in open(sys.argv[1]) if l.strip()]
print("local bodies = {")
for q in qs:
    body = json.dumps({"question": q})
    print("  " + json.dumps(body) + ",")
print("}")
print('''
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function setup(thread) thread:set("id", counter); counter = counter + 1 end
local i = 0
function request()
  i = i + 1
  return wrk.format(nil, nil, nil, bodies[((i * 7 + id * 101) % #bodies) + 1])
end
local bad = 0
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
function done(summary, latency, requests)
  io.write(string.format("non-200 responses counted by the script: see 'Non-2xx' above; errors: connect %d read %d write %d status %d timeout %d\\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
  for _, p in pairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency p%-5s %8.2f ms\\n", tostring(p), latency:percentile(p) / 1000))
  end
end
''')
PY

# shellcheck disable=SC2086
"$faq" serve --index "$kb" --port 0 ${server_threads:+--threads "$server_threads"} --no-log --log-level info ${SERVE_ARGS:-} 2> "$work/serve.err" &
server_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.err" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$work/serve.err" | head -1)
[[ -n $url ]] || { cat "$work/serve.err"; exit 1; }
echo "== server $url (pid $server_pid, ${server_threads:-default} threads)"

rss() { awk '/VmRSS/ {print $2}' "/proc/$server_pid/status"; }
sample_rss() {  # sample_rss SECONDS LABEL
  local end=$((SECONDS + $1))
  while (( SECONDS < end )); do echo "$2 t=${SECONDS}s rss_kb=$(rss)"; sleep 10; done
}

echo "== warm-up"
wrk -t"$threads" -c"$connections" -d5s -s "$work/ask.lua" "${url}v1/ask" > /dev/null
echo "rss after warm-up: $(rss) kB"

if (( main_run )); then
  echo "== wrk -t$threads -c$connections -d$duration --latency (POST /v1/ask)"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$work/ask.lua" "${url}v1/ask"
  echo "rss after the run: $(rss) kB"
fi

# Hot reload under load: the index is rebuilt in place (a new generation and
# an atomic swap of the stub) while wrk runs; wrk runs on until well after
# the swap. Timeouts are 10 s here: the rebuild takes a CPU core from the
# server on a small machine, which slows requests but must not fail them.
if (( reload_at > 0 )); then
  echo "== hot reload under load: wrk -c$reload_connections runs while $kb is rebuilt in place"
  gen0=$(curl -s "${url}v1/info" | python3 -c 'import json,sys; print(json.load(sys.stdin)["index"]["generation"])')
  wrk -t"$threads" -c"$reload_connections" -d3600s --timeout 10s -s "$work/ask.lua" "${url}v1/ask" > "$work/reload.txt" &
  wrk_pid=$!
  sleep "$reload_at"
  "$faq" index --out "$kb" "$corpus" 2>&1 | sed 's/^/   /'
  sleep 10  # requests on the new generation
  kill -INT "$wrk_pid"; wait "$wrk_pid" || true
  cat "$work/reload.txt"
  gen1=$(curl -s "${url}v1/info" | python3 -c 'import json,sys; print(json.load(sys.stdin)["index"]["generation"])')
  echo "generation before $gen0, after $gen1"
  grep -E "generation" "$work/serve.err" || true
fi

if (( soak > 0 )); then
  echo "== soak: ${soak}s of load, RSS every 10 s"
  wrk -t"$threads" -c"$connections" -d"${soak}s" -s "$work/ask.lua" "${url}v1/ask" > "$work/soak.txt" &
  wrk_pid=$!
  sample_rss "$soak" soak
  wait "$wrk_pid"
  grep -E "Requests/sec|Non-2xx|Socket errors|requests in" "$work/soak.txt" || true
  echo "rss after the soak: $(rss) kB"
fi

echo "== metrics"
curl -s "${url}metrics" | grep -E '^faq_http_requests_total|^faq_answers_total|^faq_sessions|^faq_index_generation|^process_resident|duration_seconds_bucket\{endpoint="\/v1\/ask"' || true
kill -TERM "$server_pid"; wait "$server_pid"; echo "server exit code: $?"; server_pid=""
