#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Creates a fresh cluster in a temporary directory, starts it listening only on
# a Unix socket inside that directory (no TCP port, so parallel runs never
# collide), runs CMD with DATABASE_URL (and PGHOST/PGPORT/PGUSER/PGDATABASE for
# psql) pointing at it, then always stops the server and deletes the directory,
# also when CMD fails or on Ctrl-C. Exits with CMD's status.
#
# Server binaries: $PG_BIN if set (must contain initdb and pg_ctl), else the
# highest /usr/lib/postgresql/*/bin, else `pg_config --bindir`, else initdb on
# PATH. PostgreSQL refuses to run as root, so as root the server runs as the
# `postgres` user via runuser.
set -euo pipefail

prog=with-postgres
not_found_msg="make test: PostgreSQL server binaries (initdb, pg_ctl) not found; install postgresql (Debian: apt-get install postgresql) or run 'make test-sqlite' for SQLite only"

log() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() {
	log "$*"
	exit 2
}

if [ "$#" -eq 0 ]; then
	echo "usage: scripts/with-postgres.sh CMD [ARGS...]" >&2
	exit 2
fi

has_server_bins() { [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ]; }

find_pg_bin() {
	local dir candidate
	if [ -n "${PG_BIN:-}" ]; then
		# An explicit choice is never silently replaced by another install.
		if has_server_bins "$PG_BIN"; then
			printf '%s\n' "$PG_BIN"
			return 0
		fi
		log "PG_BIN=$PG_BIN does not contain initdb and pg_ctl"
		return 1
	fi
	candidate=$(
		for dir in /usr/lib/postgresql/*/bin; do
			has_server_bins "$dir" && printf '%s\n' "$dir"
		done | sort -V | tail -n 1
	) || true
	if [ -n "$candidate" ]; then
		printf '%s\n' "$candidate"
		return 0
	fi
	if command -v pg_config >/dev/null 2>&1; then
		dir=$(pg_config --bindir 2>/dev/null) || dir=
		if [ -n "$dir" ] && has_server_bins "$dir"; then
			printf '%s\n' "$dir"
			return 0
		fi
	fi
	if dir=$(command -v initdb 2>/dev/null); then
		dir=$(dirname "$dir")
		if has_server_bins "$dir"; then
			printf '%s\n' "$dir"
			return 0
		fi
	fi
	return 1
}

if ! pg_bin=$(find_pg_bin); then
	echo "$not_found_msg" >&2
	exit 2
fi

# As root, run the server as `postgres`; otherwise as the current user.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
	id -u postgres >/dev/null 2>&1 ||
		die "running as root, but PostgreSQL refuses to run as root and there is no 'postgres' user to run it as (create one, e.g. 'useradd --system postgres', or run as a normal user)"
	command -v runuser >/dev/null 2>&1 || die "running as root, but 'runuser' (util-linux) is not available to drop to the 'postgres' user"
	as_pg=(runuser -u postgres --)
fi

# Unix socket paths are limited to ~107 bytes, so keep the directory short.
tmp_base=${TMPDIR:-/tmp}
# It also goes into DATABASE_URL and the server's command line unquoted.
if [ "${#tmp_base}" -gt 60 ] || [ ! -d "$tmp_base" ] || [[ ! $tmp_base =~ ^/[A-Za-z0-9/._-]*$ ]]; then
	tmp_base=/tmp
fi

pg_dir=
started=
# shellcheck disable=SC2317  # invoked via trap
cleanup() {
	local status=$?
	trap - EXIT INT TERM HUP
	if [ -n "$started" ]; then
		if ! (cd / && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w -t 30 stop) >/dev/null 2>&1; then
			local pid
			pid=$(head -n 1 "$pg_dir/data/postmaster.pid" 2>/dev/null) || pid=
			if [ -n "$pid" ]; then
				kill -KILL "$pid" 2>/dev/null || true
			fi
		fi
	fi
	if [ -n "$pg_dir" ]; then
		rm -rf -- "$pg_dir"
		if [ -n "$started" ]; then
			log "PostgreSQL stopped and $pg_dir removed"
		fi
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

pg_dir=$(mktemp -d "$tmp_base/pgtest.XXXXXX")
chmod 700 "$pg_dir"
if [ "${#as_pg[@]}" -gt 0 ]; then
	chown postgres: "$pg_dir"
fi

# cd / so the postgres user never needs access to the caller's directory.
if ! init_out=$(cd / && "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" \
	-A trust -U postgres --no-sync -E UTF8 --locale=C 2>&1); then
	printf '%s\n' "$init_out" >&2
	die "initdb failed (binaries: $pg_bin)"
fi

started=1
if ! (cd / && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 \
	-o "-k $pg_dir -p 5432 -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -F" start) >/dev/null; then
	log "PostgreSQL failed to start; server log follows:"
	cat "$pg_dir/log" >&2 2>/dev/null || true
	exit 2
fi

# Socket directory as a path-style host: django-environ maps it to HOST and
# NAME; psql/libpq use PGHOST and friends below.
export DATABASE_URL="postgres://postgres@/$pg_dir/postgres"
export PGHOST="$pg_dir" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
unset PGPASSWORD PGSERVICE PGSERVICEFILE PGHOSTADDR

version=$("$pg_bin/pg_ctl" --version 2>/dev/null) || version=
version="PostgreSQL ${version#pg_ctl (PostgreSQL) }"
log "${version% } running on Unix socket $pg_dir (no TCP); DATABASE_URL=$DATABASE_URL"

set +e
"$@"
status=$?
set -e
exit "$status"
