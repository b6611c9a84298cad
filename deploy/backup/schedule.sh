#!/bin/sh
# The backup service's loop (docker-compose.yml): runs backup.sh every day at BACKUP_AT (HH:MM, in
# the container's TZ). A failed night is logged and retried the next night; the previous dumps stay.
set -eu
at=${BACKUP_AT:-02:30}
case $at in
  [01][0-9]:[0-5][0-9] | 2[0-3]:[0-5][0-9]) ;;
  *)
    echo "backup: BACKUP_AT must be HH:MM, 00:00 to 23:59 (got '$at')" >&2
    exit 2
    ;;
esac
echo "backup: every day at $at ($(date +%Z)) into ${BACKUP_DIR:-?}, keeping ${BACKUP_KEEP_DAYS:-14} days"
while :; do
  now=$(date +%s)
  next=$(date -d "today $at" +%s)
  [ "$next" -gt "$now" ] || next=$(date -d "tomorrow $at" +%s)
  sleep $((next - now))
  sh "$(dirname "$0")/backup.sh" || echo "backup: FAILED at $(date -u +%Y-%m-%dT%H:%M:%SZ); the previous dumps are kept" >&2
done
