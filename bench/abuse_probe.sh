#!/usr/bin/env bash
# The abuse probe (bench/abuse_probe.py) against gunicorn with 2 workers, production settings
# on plain http, seed data loaded. Needs DATABASE_URL: run as
#   scripts/with-postgres.sh bench/abuse_probe.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=false IGNORE_DOTENV=true ALLOWED_HOSTS=127.0.0.1
export SECRET_KEY="abuse-probe-$(python3 -c 'import secrets; print(secrets.token_urlsafe(40))')"
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
py=.venv/bin/python
port=${PORT:-18$(shuf -i 100-999 -n 1)}
$py manage.py migrate --noinput -v 0
$py manage.py load_seed -v 0
$py manage.py shell -c "from django.contrib.auth.models import User; User.objects.create_user('prober', password='the-right-password')" >/dev/null
$py -m gunicorn sanctions_tracker.wsgi:application --bind "127.0.0.1:$port" --workers 2 \
	--log-level warning &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
	curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
	sleep 0.2
done
$py bench/abuse_probe.py "http://127.0.0.1:$port" prober the-right-password
