#!/usr/bin/env bash
# The browser tests (tests/browser/) drive Debian's Chromium through Playwright, never a
# browser that Playwright downloads. Installs Debian's package when it is missing and this
# runs as root with apt-get; otherwise says what to do. CHROMIUM_PATH overrides the path.
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
	exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
	echo "ensure-chromium: CHROMIUM_PATH=$chromium is not an executable" >&2
	exit 2
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "ensure-chromium: installing Debian's chromium for the browser tests (apt-get)"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq --no-install-recommends chromium </dev/null >/dev/null ||
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium </dev/null >/dev/null; }
	exit 0
fi
echo "ensure-chromium: $chromium not found. Install Chromium (Debian: sudo apt-get install chromium)" \
	"or set CHROMIUM_PATH to a Chromium binary; the browser tests need it." >&2
exit 2
