#!/bin/sh
# One backup of the Wavu database, then retention (docs/deployment.md, "Backups").
# The compose backup service runs this every night (schedule.sh); run it by hand before an upgrade:
#   docker compose run --rm --entrypoint sh backup /opt/wavu/backup/backup.sh
# test/e2e/database-backup.e2e-spec.ts runs this same script against its own PostgreSQL.
#
# Connection: the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).
# BACKUP_DIR        where dumps go (required)
# BACKUP_KEEP_DAYS  dumps older than this many days are deleted after a successful dump (default 14;
#                   0 keeps only the newest); the newest dump is never deleted
# BACKUP_PREFIX     file name prefix (default wavu): <prefix>-<UTC yyyymmddThhmmssZ>.dump
#
# The dump is pg_dump's custom format (compressed; restore.sh restores it), written to a hidden
# partial file, checked with pg_restore --list, and only then renamed: a failed or interrupted run
# leaves no dump that looks complete, prunes nothing, and exits non-zero.
set -eu

dir=${BACKUP_DIR:?set BACKUP_DIR to the folder dumps are written to}
keep=${BACKUP_KEEP_DAYS:-14}
prefix=${BACKUP_PREFIX:-wavu}
case $keep in
  '' | *[!0-9]*)
    echo "backup: BACKUP_KEEP_DAYS must be a whole number of days (got '$keep')" >&2
    exit 2
    ;;
esac

mkdir -p "$dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
name="$prefix-$stamp.dump"
partial="$dir/.$name.partial"
trap 'rm -f "$partial"' EXIT

started=$(date +%s)
pg_dump --format=custom --compress=6 --file="$partial"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$dir/$name"
echo "backup: wrote $dir/$name ($(wc -c <"$dir/$name") bytes, $(($(date +%s) - started)) s)"

# Retention by the time in the file name (copies keep it; mtimes do not). The names sort by time,
# so the last one is the newest, which is kept whatever its age.
cutoff="$prefix-$(date -u -d "-$keep days" +%Y%m%dT%H%M%SZ).dump"
newest=$(ls -1 "$dir" | grep -E "^$prefix-[0-9]{8}T[0-9]{6}Z\.dump\$" | sort | tail -n 1)
ls -1 "$dir" | grep -E "^$prefix-[0-9]{8}T[0-9]{6}Z\.dump\$" | sort | while read -r old; do
  if [ "$old" != "$newest" ] && [ "$old" \< "$cutoff" ]; then
    rm -f "$dir/$old"
    echo "backup: deleted $old (older than $keep days)"
  fi
done
