#!/usr/bin/env bash
# The figures issue 11 asks for, measured in one run on one machine, one after another:
# CSV export against PostgreSQL's COPY (100,000 and 1,000,000 entities), the web server's
# stall test, the 50-client load run beside one client, and the fault run (PostgreSQL
# stopped for 10 s under 20 clients). Each script builds its own database.
#
#   scripts/with-postgres.sh bench/issue11.sh [OUTPUT.md]     (about 20 minutes here)
#
# Writes one Markdown report (default bench/issue11-report.md, not committed) with the
# commit, the load average before each part, and each script's own report.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-bench/issue11-report.md}
py=.venv/bin/python
parts=$(mktemp -d)
trap 'rm -rf "$parts"' EXIT

{
	echo "# Issue 11 figures, one run"
	echo
	echo "Commit \`$(git rev-parse --short HEAD)\`$(git diff --quiet || echo ' (with uncommitted changes)'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs."
	echo
} >"$out"

step() {
	local name=$1
	shift
	local load
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	echo "== $name: load average $load" >&2
	local started=$SECONDS
	"$@" --markdown "$parts/$name.md" >&2
	{
		echo "Load average before this part: ${load// //}; it took $((SECONDS - started)) s."
		echo
		cat "$parts/$name.md"
		echo
	} >>"$out"
}

step export env DEBUG=true IGNORE_DOTENV=true $py bench/export_vs_copy.py --sizes 100000,1000000
step stall $py bench/load_stall.py --seconds 20
step load $py bench/load.py
step fault $py bench/fault.py
echo "issue11.sh: report in $out" >&2
