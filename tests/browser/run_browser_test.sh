#!/bin/sh
# ctest entry of the widget's browser test: installs playwright-core from the
# lock file when node_modules is missing (never a browser: Debian's Chromium
# is used), then runs widget.test.js.
#   run_browser_test.sh FAQ_BINARY CORPUS_DIR ARTIFACT_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
chromium=${FAQ_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "browser test: $chromium is missing; run scripts/setup.sh --browser" >&2
  exit 1
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "browser test: node/npm are missing; run scripts/setup.sh --browser" >&2
  exit 1
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
exec node "$here/widget.test.js" --faq "$1" --corpus "$2" --out "$3"
