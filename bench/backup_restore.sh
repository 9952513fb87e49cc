#!/usr/bin/env bash
# Backup and restore, tried: pg_dump -Fc of a database holding the seed and a full-size SDN
# import, pg_restore into a new database, and every table's row count and every sequence
# compared.
#
#   scripts/with-postgres.sh bench/backup_restore.sh [ENTRIES]
#
# ENTRIES: entries of the built SDN list (default 15000, as the real list). Runs against the
# cluster in DATABASE_URL/PGHOST (scripts/with-postgres.sh makes a throwaway one); creates its
# own databases there and drops them at the end. Prints a Markdown report on standard output,
# progress on standard error. Exits non-zero if the restored database differs.
set -euo pipefail

: "${PGHOST:?run under scripts/with-postgres.sh (PGHOST and DATABASE_URL unset)}"
: "${DATABASE_URL:?run under scripts/with-postgres.sh}"
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
entries=${1:-15000}
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-backup.XXXXXX")
source_db=bench_backup_source
restored_db=bench_backup_restored
base_url=${DATABASE_URL%/*}

log() { printf '[bench] %s\n' "$*" >&2; }
sql() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
cleanup() {
	sql -d postgres -c "DROP DATABASE IF EXISTS $source_db WITH (FORCE)" || true
	sql -d postgres -c "DROP DATABASE IF EXISTS $restored_db WITH (FORCE)" || true
	rm -rf -- "$work"
}
trap cleanup EXIT

declare -A took
timed() { # timed NAME CMD...: run CMD, keep its wall time in took[NAME]
	local name=$1 started
	shift
	started=$EPOCHREALTIME
	"$@"
	took[$name]=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
}
app() { # manage.py on the source database, DEBUG off as in production
	env IGNORE_DOTENV=true DEBUG=false SECRET_KEY=bench-backup-only \
		DATABASE_URL="$base_url/$source_db" "$py" manage.py "$@"
}
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

# Every base table of the public schema with its row count; then every sequence's last value.
counts_sql="SELECT table_name || ' ' || (xpath('/row/c/text()', query_to_xml(
    format('SELECT count(*) AS c FROM public.%I', table_name), false, true, '')))[1]::text
  FROM information_schema.tables
  WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
sequences_sql="SELECT sequencename || ' ' || coalesce(last_value::text, 'unused')
  FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename"

log "building a full-size SDN list ($entries entries)"
"$py" bench/build_full_sdn.py "$work/sdn" --entries "$entries" >&2

sql -d postgres -c "CREATE DATABASE $source_db"
log "migrate, load_seed, import_list ofac-sdn on $source_db"
timed migrate app migrate --noinput -v 0
timed seed app load_seed >&2
timed import app import_list ofac-sdn "$work/sdn" >&2
sql -d "$source_db" -c "VACUUM ANALYZE"

database_size=$(sql -d "$source_db" -c "SELECT pg_database_size(current_database())")
log "pg_dump -Fc"
timed dump pg_dump -Fc -f "$work/backup.dump" "$source_db"
dump_size=$(stat -c %s "$work/backup.dump")

log "pg_restore into $restored_db"
sql -d postgres -c "CREATE DATABASE $restored_db"
timed restore pg_restore --no-owner --exit-on-error -d "$restored_db" "$work/backup.dump"
sql -d postgres -c "DROP DATABASE $restored_db WITH (FORCE)"
sql -d postgres -c "CREATE DATABASE $restored_db"
timed restore_j2 pg_restore --no-owner --exit-on-error -j 2 -d "$restored_db" "$work/backup.dump"
sql -d "$restored_db" -c "ANALYZE"

sql -d "$source_db" -c "$counts_sql" >"$work/source.counts"
sql -d "$restored_db" -c "$counts_sql" >"$work/restored.counts"
sql -d "$source_db" -c "$sequences_sql" >"$work/source.sequences"
sql -d "$restored_db" -c "$sequences_sql" >"$work/restored.sequences"
tables=$(wc -l <"$work/source.counts")
rows=$(awk '{ s += $2 } END { print s }' "$work/source.counts")
differing=$(diff "$work/source.counts" "$work/restored.counts" | grep -c '^<' || true)
sequences=$(wc -l <"$work/source.sequences")
sequences_differing=$(diff "$work/source.sequences" "$work/restored.sequences" | grep -c '^<' || true)
# The app on the restored database: nothing left to migrate.
if env IGNORE_DOTENV=true DEBUG=false SECRET_KEY=bench-backup-only \
	DATABASE_URL="$base_url/$restored_db" "$py" manage.py migrate --check >/dev/null; then
	migrations=applied
else
	migrations="NOT all applied"
fi

server=$(sql -d postgres -c "SHOW server_version")
cat <<EOF
#### Backup and restore (PostgreSQL $server, $(nproc) CPUs)

Data: migrations, the seed, and a full-size OFAC SDN list ($entries entries) imported with
\`manage.py import_list\`: $tables tables, $rows rows.

| step | time | size |
|---|---:|---:|
| \`manage.py migrate\` (empty database) | ${took[migrate]} s | |
| \`manage.py load_seed\` | ${took[seed]} s | |
| \`manage.py import_list ofac-sdn\` | ${took[import]} s | |
| database on disk (\`pg_database_size\`) | | $(mib "$database_size") |
| \`pg_dump -Fc\` | ${took[dump]} s | $(mib "$dump_size") |
| \`pg_restore\` into a new database | ${took[restore]} s | |
| \`pg_restore -j 2\` into a new database | ${took[restore_j2]} s | |

Restored database: $differing of $tables tables with a different row count, $sequences_differing
of $sequences sequences with a different last value; migrations $migrations (\`migrate --check\`).

<details><summary>Row counts per table (source)</summary>

\`\`\`
$(column -t "$work/source.counts")
\`\`\`
</details>
EOF
[ "$differing" -eq 0 ] && [ "$sequences_differing" -eq 0 ] && [ "$migrations" = applied ]
