#!/usr/bin/env bash
# Installs what credence needs on Debian 12 without removing anything the machine already has.
# Boost 1.81 (for Boost.JSON and Beast) is unpacked into a prefix the build owns, because installing
# libboost1.81-dev system-wide would remove Boost 1.74 and the Python packages built against it.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
prefix="${CREDENCE_DEPS_PREFIX:-$here/build/_deps}"

need_root() { if [ "$(id -u)" -ne 0 ]; then echo "sudo"; fi; }
SUDO="$(need_root)"

packages=(build-essential cmake pkg-config libpugixml-dev libeigen3-dev libsqlite3-dev libicu-dev libssl-dev
          libgumbo-dev libgtest-dev libgmock-dev libbenchmark-dev dpkg-dev ccache)
# The workspace's end-to-end tests drive Debian's chromium with playwright-core (tests/e2e); set
# CREDENCE_WITH_BROWSER=0 to leave them out (ctest then reports them skipped).
if [ "${CREDENCE_WITH_BROWSER:-1}" = "1" ]; then
  packages+=(chromium)
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  # --no-remove: refuse any plan that would take a package away from the user.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-remove "${missing[@]}" >/dev/null
fi

if [ ! -f "$prefix/boost181/usr/include/boost/json.hpp" ]; then
  echo "install-deps: unpacking Boost 1.81 headers into $prefix/boost181"
  mkdir -p "$prefix/debs" "$prefix/boost181"
  ( cd "$prefix/debs" && apt-get download libboost1.81-dev >/dev/null 2>&1 ) || {
    $SUDO apt-get update -qq
    ( cd "$prefix/debs" && apt-get download libboost1.81-dev >/dev/null )
  }
  dpkg -x "$prefix"/debs/libboost1.81-dev_*.deb "$prefix/boost181"
fi
if [ "${CREDENCE_WITH_BROWSER:-1}" = "1" ] && [ ! -f "$here/tests/e2e/node_modules/playwright-core/package.json" ]; then
  echo "install-deps: installing playwright-core for tests/e2e (no browser download: Debian's chromium is used)"
  ( cd "$here/tests/e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null )
fi
echo "install-deps: ok (Boost 1.81 headers in $prefix/boost181/usr/include)"
