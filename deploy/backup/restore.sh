#!/bin/sh
# Restores a dump written by backup.sh into an EMPTY database (docs/deployment.md, "Restore"):
#   docker compose run --rm --entrypoint sh backup /opt/wavu/backup/restore.sh /backups/wavu-<stamp>.dump
# Connection: the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE = the target).
# It refuses a database that already has tables (restoring over data mixes two states), and
# restores in one transaction: on any error nothing is left half-restored.
# test/e2e/database-backup.e2e-spec.ts runs this same script.
set -eu

file=${1:?usage: restore.sh <dump file>}
if [ ! -r "$file" ]; then
  echo "restore: cannot read $file" >&2
  exit 2
fi
database=${PGDATABASE:?set PGDATABASE to the (empty) database to restore into}

tables=$(psql --no-psqlrc --tuples-only --no-align --set ON_ERROR_STOP=1 --command \
  "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")
if [ "$tables" != "0" ]; then
  echo "restore: database $database is not empty ($tables tables); restore into a new, empty database (createdb) instead" >&2
  exit 3
fi

started=$(date +%s)
pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --dbname="$database" "$file"
echo "restore: restored $file into $database ($(($(date +%s) - started)) s)"
