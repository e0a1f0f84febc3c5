#!/usr/bin/env bash
# Short CI versions of the load and fault scripts (docs/reliability.md has the full runs and their figures).
# Each step runs under `timeout` (SIGTERM, then SIGKILL 15 s later, to the whole process group) and fails the run
# when it fails or times out; MariaDB is started again after every step and on exit, whatever happened, because
# the outage step stops it and other work on this host needs it. Prints a summary with each step's duration.
#
#   MYSQL_HOST=127.0.0.1 MYSQL_USER=root bash scripts/ci-reliability.sh
set -uo pipefail
cd "$(dirname "$0")/.."

# node with the tsx loader, not the tsx CLI: the CLI SIGKILLs a child whose event loop is busy for 60 ms when a
# signal comes, so a timed-out script could not run its clean-up (restart MariaDB, unmount the tmpfs, drop its db).
TSX=(node --import tsx --conditions=source)
export MYSQL_HOST="${MYSQL_HOST:-127.0.0.1}" MYSQL_PORT="${MYSQL_PORT:-3306}" MYSQL_USER="${MYSQL_USER:-root}"

mariadb_answers() {
  MYSQL_PWD="${MYSQL_PASSWORD:-}" mysqladmin --host="$MYSQL_HOST" --port="$MYSQL_PORT" --user="$MYSQL_USER" \
    --connect-timeout=2 ping >/dev/null 2>&1
}

ensure_mariadb() {
  mariadb_answers && return 0
  echo "[reliability] MariaDB does not answer: starting it"
  # A server still shutting down must exit first, or --oknodo would leave it stopped.
  for _ in $(seq 1 30); do start-stop-daemon --status --exec /usr/sbin/mariadbd || break; sleep 1; done
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 1 60); do mariadb_answers && return 0; sleep 1; done
  echo "[reliability] MariaDB did not answer within 60 s"
  return 1
}
# A disk-full run killed outright (SIGKILL) cannot unmount its tmpfs: do it for it.
unmount_leftovers() {
  local target
  for target in $(findmnt -rn -t tmpfs -o TARGET | grep '/gwdiskfull-' || true); do
    echo "[reliability] unmounting the leftover tmpfs $target"
    umount -l "$target" && rmdir "$target"
  done
}
trap 'unmount_leftovers; ensure_mariadb' EXIT
trap 'exit 130' INT TERM

names=()
results=()
failed=0
started_all=$SECONDS

# step NAME TIMEOUT_SECONDS COMMAND...
step() {
  local name=$1 limit=$2
  shift 2
  echo
  echo "=== [reliability] $name (at most ${limit} s): $*"
  local start=$SECONDS status
  timeout --kill-after=15 "$limit" "$@"
  status=$?
  local took=$((SECONDS - start))
  ensure_mariadb || status=1
  unmount_leftovers
  if [ "$status" -eq 0 ]; then
    results+=("PASS  ${took}s")
  elif [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    results+=("FAIL  ${took}s (timed out)")
    failed=1
  else
    results+=("FAIL  ${took}s (exit $status)")
    failed=1
  fi
  names+=("$name")
}

step "load sqlite 50 clients x 10 s" 120 "${TSX[@]}" scripts/load/run-load.ts --dialect sqlite --clients 50 --seconds 10
step "load mysql 50 clients x 10 s" 120 "${TSX[@]}" scripts/load/run-load.ts --dialect mysql --clients 50 --seconds 10 --pool 10
step "MariaDB outage 3 s" 150 "${TSX[@]}" scripts/faults/mariadb-outage.ts --ci --clients 20
step "kill -9 on SQLite" 90 "${TSX[@]}" scripts/faults/sqlite-kill9.ts --seconds 5 --clients 20
step "two starters, one legacy file" 90 "${TSX[@]}" scripts/faults/two-starters-import.ts
step "SQLite disk full" 120 "${TSX[@]}" scripts/faults/sqlite-disk-full.ts
step "MySQL packet too large" 90 "${TSX[@]}" scripts/faults/mysql-packet-too-large.ts

echo
echo "=== [reliability] summary ($((SECONDS - started_all)) s)"
for i in "${!names[@]}"; do
  printf '  %-32s %s\n' "${names[$i]}" "${results[$i]}"
done
exit "$failed"
