#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those that are missing.
# Idempotent and quick when everything is already there.
#   scripts/setup.sh            build + test dependencies
#   scripts/setup.sh --browser  also Chromium (for the widget's browser test)
#   scripts/setup.sh --fuzz     also clang with libFuzzer (fuzz/run_fuzz.sh)
set -euo pipefail

packages=(cmake g++ pkg-config libicu-dev libxapian-dev zlib1g-dev nlohmann-json3-dev doctest-dev
          libcpp-httplib-dev libsqlite3-dev python3)
for arg in "$@"; do
  case $arg in
    --browser)
      packages+=(chromium)
      # A node from elsewhere (e.g. NodeSource) bundles its own npm and conflicts
      # with Debian's npm package: only install them when the commands are missing.
      command -v node >/dev/null 2>&1 || packages+=(nodejs)
      command -v npm >/dev/null 2>&1 || packages+=(npm)
      ;;
    --fuzz) packages+=(clang libclang-rt-dev) ;;
    *) echo "setup: unknown option $arg (--browser, --fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: all dependencies present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
