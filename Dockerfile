# syntax=docker/dockerfile:1
# Production-style image: gunicorn behind port 8000, static files served by whitenoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Unprivileged user that runs the app; the code stays root-owned and read-only to it.
RUN useradd --system --user-group --no-create-home --home-dir /app --shell /usr/sbin/nologin app

# Dependencies first, so code changes do not reinstall them.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# collectstatic imports the settings, which refuse the built-in key with DEBUG off:
# give it a throwaway key for this step only (it is not kept in the image).
RUN SECRET_KEY=collectstatic-build-only-not-a-secret DEBUG=false \
    python manage.py collectstatic --noinput

# Uploaded source documents (MEDIA_ROOT) live in a volume owned by the app user.
RUN mkdir -p /app/media && chown app:app /app/media

USER app

EXPOSE 8000

# Workers, threads, timeout: gunicorn.conf.py, from the environment (see the README).
CMD ["gunicorn", "-c", "gunicorn.conf.py", "sanctions_tracker.wsgi:application"]
