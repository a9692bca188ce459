#!/bin/sh
# Runs once, on the first start of an empty PostgreSQL volume (docker-entrypoint-initdb.d): creates
# the read-only role Grafana's PostgreSQL data source logs in with. pg_read_all_data (PostgreSQL 14+)
# covers tables created later by the services' migrations too.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v reader_password="${GRAFANA_DB_PASSWORD:?GRAFANA_DB_PASSWORD is required}" <<'SQL'
CREATE ROLE grafana_reader LOGIN PASSWORD :'reader_password';
GRANT pg_read_all_data TO grafana_reader;
SQL
