#!/usr/bin/env bash
# A streaming read replica, tried: pg_basebackup of the primary into a second throwaway
# cluster started as a hot standby, the app (gunicorn) with DATABASE_REPLICA_URL, and
#  - replication lag: probe rows written on the primary, time until the replica returns them,
#    idle and during a full-size SDN import; the largest replay lag and bytes behind that
#    pg_stat_replication showed during the import;
#  - which server answered: transactions per server (pg_stat_database) during API reads
#    without cookies, and during a write followed by reads carrying the cookie it set.
#
#   scripts/with-postgres.sh bench/replica_trial.sh [ENTRIES]
#
# The primary is the cluster of scripts/with-postgres.sh (PGHOST); the replica's cluster is
# made here and removed at the end, as is everything else. As root, the replica runs as the
# `postgres` user, as scripts/with-postgres.sh runs the primary. Markdown report on standard
# output, progress on standard error.
set -euo pipefail

: "${PGHOST:?run under scripts/with-postgres.sh (PGHOST and DATABASE_URL unset)}"
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
entries=${1:-15000}
db=bench_replica
primary_host=$PGHOST
pg_bin=${PG_BIN:-$(for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && echo "$d"; done | sort -V | tail -n 1)}
[ -x "$pg_bin/pg_ctl" ] || { echo "replica_trial: pg_ctl not found (set PG_BIN)" >&2; exit 2; }

log() { printf '[bench] %s\n' "$*" >&2; }
as_pg=()
if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); fi

work=$(mktemp -d /tmp/bench-replica.XXXXXX)
replica_dir=$(mktemp -d /tmp/pgreplica.XXXXXX)
chmod 700 "$replica_dir"
[ "${#as_pg[@]}" -gt 0 ] && chown postgres: "$replica_dir"
replica_started= gunicorn_pid=
cleanup() {
	local status=$?
	[ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null && wait "$gunicorn_pid" 2>/dev/null
	if [ -n "$replica_started" ]; then
		(cd / && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$replica_dir/data" -m immediate -w stop) >/dev/null 2>&1 || true
	fi
	rm -rf -- "$replica_dir" "$work"
	exit "$status"
}
trap cleanup EXIT

log "pg_basebackup of the primary into $replica_dir"
started=$EPOCHREALTIME
(cd / && "${as_pg[@]}" "$pg_bin/pg_basebackup" -h "$primary_host" -p 5432 -U postgres \
	-D "$replica_dir/data" -R -X stream -c fast)
basebackup_s=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
replica_started=1
(cd / && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$replica_dir/data" -l "$replica_dir/log" -w -t 60 \
	-o "-k $replica_dir -p 5432 -c listen_addresses='' -c hot_standby=on" start) >/dev/null
in_recovery=$(psql -X -At -h "$replica_dir" -U postgres -d postgres -c "SELECT pg_is_in_recovery()")
log "replica started (in recovery: $in_recovery)"

primary_url="postgres://postgres@/$primary_host/$db"
replica_url="postgres://postgres@/$replica_dir/$db"
primary_dsn="host=$primary_host user=postgres dbname=$db"
replica_dsn="host=$replica_dir user=postgres dbname=$db"
export IGNORE_DOTENV=true DEBUG=false SECRET_KEY=bench-replica-only ALLOWED_HOSTS=127.0.0.1
# Production settings over plain http on the loopback: no redirect to https, cookies (the
# read_primary_until one included) sent over http.
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false \
	SECURE_HSTS_SECONDS=0
app() { env DATABASE_URL="$primary_url" DATABASE_REPLICA_URL="$replica_url" "$py" manage.py "$@"; }

psql -X -q -c "CREATE DATABASE $db"
app migrate --noinput -v 0
app load_seed >&2
sleep 1

log "lag, idle"
idle=$("$py" bench/replica_probe.py lag "$primary_dsn" "$replica_dsn" 200)

log "lag during a full-size SDN import ($entries entries)"
"$py" bench/build_full_sdn.py "$work/sdn" --entries "$entries" >&2
"$py" bench/replica_probe.py watch "$primary_dsn" "$work/stop" >"$work/watch.json" &
watcher=$!
"$py" bench/replica_probe.py lag "$primary_dsn" "$replica_dsn" 400 >"$work/busy.json" &
prober=$!
started=$EPOCHREALTIME
app import_list ofac-sdn "$work/sdn" >&2
imported=$EPOCHREALTIME
import_s=$(awk -v a="$started" -v b="$imported" 'BEGIN { printf "%.1f", b - a }')
count_sql="SELECT count(*) FROM entities_entity"
primary_count=$(psql -X -At -d "$db" -c "$count_sql")
until [ "$(psql -X -At -h "$replica_dir" -U postgres -d "$db" -c "$count_sql")" = "$primary_count" ]; do
	sleep 0.01
done
visible_ms=$(awk -v a="$imported" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
wait "$prober"
touch "$work/stop"
wait "$watcher"
# Autovacuum would analyse the new rows while the app is measured below.
psql -X -q -d "$db" -c "VACUUM ANALYZE"

log "gunicorn with DATABASE_REPLICA_URL"
token=$(app shell -c "
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
user = get_user_model().objects.create_superuser('trial', 'trial@example.org', 'pw')
print(Token.objects.create(user=user).key)" | tail -n 1)
port=$("$py" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
env DATABASE_URL="$primary_url" DATABASE_REPLICA_URL="$replica_url" \
	"$py" -m gunicorn sanctions_tracker.wsgi:application --bind "127.0.0.1:$port" --workers 2 \
	--timeout 120 2>"$work/gunicorn.log" &
gunicorn_pid=$!
for _ in $(seq 100); do
	curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
	sleep 0.2
done
served=$("$py" bench/replica_probe.py requests "http://127.0.0.1:$port" "$token" "$primary_dsn" "$replica_dsn")

"$py" - "$idle" "$(cat "$work/busy.json")" "$(cat "$work/watch.json")" "$served" \
	"$basebackup_s" "$import_s" "$visible_ms" "$primary_count" "$("$pg_bin/postgres" --version)" <<'EOF'
import json, sys
idle, busy, watch, served = (json.loads(a) for a in sys.argv[1:5])
basebackup, import_s, visible_ms, entities, version = sys.argv[5:]
reads, writes = served["reads"], served["write_then_reads"]
print(f"""#### Read replica ({version.split(') ')[-1]}, streaming, hot standby, same machine)

`pg_basebackup -R -X stream` of the primary: {basebackup} s.

| replication lag (probe row written on the primary until the replica returns it) | median | p95 | max |
|---|---:|---:|---:|
| idle, {idle['probes']} probes | {idle['median_ms']:.1f} ms | {idle['p95_ms']:.1f} ms | {idle['max_ms']:.1f} ms |
| during the SDN import, {busy['probes']} probes | {busy['median_ms']:.1f} ms | {busy['p95_ms']:.1f} ms | {busy['max_ms']:.1f} ms |

The import ({entities} entities, `manage.py import_list`, one transaction, {import_s} s): its
rows were all visible on the replica {visible_ms} ms after the command returned. Largest
replay lag that `pg_stat_replication` showed meanwhile: {watch['max_replay_lag_s'] * 1000:.0f} ms,
{watch['max_bytes_behind'] / 1048576:.1f} MiB of WAL behind ({watch['samples']} samples, every 0.1 s).

gunicorn (2 workers) with `DATABASE_REPLICA_URL`; `/readyz`: `{json.dumps(served['readyz'])}`.
Transactions each server ran (`pg_stat_database`):

| requests (token, `http://127.0.0.1`) | count | time | primary | replica |
|---|---:|---:|---:|---:|
| reads, no cookie: 40 list pages, 40 details, 19 `GET /match/`, 1 CSV export of designations | {reads['requests']} | {reads['seconds']} s | {reads['primary_transactions']} | {reads['replica_transactions']} |
| a PATCH, then 20 reads of it with the cookie it set (`{', '.join(served['pin_cookie'])}`) | {writes['requests']} | {writes['seconds']} s | {writes['primary_transactions']} | {writes['replica_transactions']} |
""")
EOF
