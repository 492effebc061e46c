# Relais for a pilot: the Streamlit app, run as an unprivileged user.
# Build: docker build -t relais .   Run: see docker-compose.yml and docs/deploiement.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# postgresql-client: pg_dump/pg_restore for `python -m db.admin backup|restore` (Debian 12: version 15).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system relais && useradd --system --gid relais --home-dir /app --shell /usr/sbin/nologin relais

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=root:root . .
# The app writes only to data/ (embedded SQLite mode, generated cookie key); everything else is read-only.
RUN mkdir -p /app/data && chown relais:relais /app/data

USER relais
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"

# Migrations run on start (one replica at a time, see db/migrate.py), then the app.
CMD ["sh", "-c", "python -m db.migrate && exec streamlit run Home.py --server.address 0.0.0.0 --server.port 8501"]
