#!/usr/bin/env bash
# The command line on PostgreSQL: the same commands as on SQLite, with --db
# naming the server. Uses the throwaway cluster ctest starts (pg_start).
# Usage: cli_postgres_test.sh PATH_TO_LQF SOURCE_ROOT URL_FILE
set -u
LQF=$1
ROOT=$2
URL=$(cat "$3") || { echo "no PostgreSQL URL in $3 (is the pg_start fixture running?)"; exit 1; }
passed=0
failed=0
check() {
  local name=$1 pattern=$2
  shift 2
  local out
  if out=$("$@" 2>&1) && grep -Eq -- "$pattern" <<<"$out"; then
    echo "ok   $name"; passed=$((passed + 1))
  else
    echo "FAIL $name"; echo "$out" | head -20; failed=$((failed + 1))
  fi
}
check "init with demo data" "Database ready: postgresql://" "$LQF" init --db "$URL" --root "$ROOT" --demo
check "init again changes nothing" "already imported with the same content" "$LQF" init --db "$URL" --root "$ROOT"
check "migrations recorded" "^3  applied " "$LQF" migrate --status --db "$URL"
check "frameworks stored" "^nlqf-2010  1.0 \(latest\)" "$LQF" framework list --db "$URL"
check "framework tree" "K1.1.1  Commissioning, procuring and contracting services" "$LQF" framework show nlqf-2010 --db "$URL"
check "demo people" "^lead@demo.lqf.test  Priya Shah  programme-lead$" "$LQF" user list --db "$URL"
check "add a person" "/set-password\?token=" "$LQF" user add --name "Pat Doe" --email pat@example.org --organisation "Northshire County Council" --db "$URL"
check "export a person" "lqf-person-export/1" "$LQF" user export pat@example.org --db "$URL"
check "purge" "^Deleted " "$LQF" purge --db "$URL"
# Moving an SQLite installation to PostgreSQL (into a database of its own).
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; psql -q "$URL" -c "DROP DATABASE IF EXISTS lqf_copy" >/dev/null 2>&1' EXIT
COPY_URL=${URL%/*}/lqf_copy
psql -q "$URL" -c "DROP DATABASE IF EXISTS lqf_copy" -c "CREATE DATABASE lqf_copy" >/dev/null 2>&1
"$LQF" init --db "$WORK/source.db" --root "$ROOT" --demo >/dev/null
check "copy-db moves an installation" "counts and checksums match" "$LQF" copy-db --from "$WORK/source.db" --to "$COPY_URL"
check "the copy works" "^director@demo.lqf.test  Jo Bennett  participant$" "$LQF" user list --db "$COPY_URL"
out=$("$LQF" copy-db --from "$WORK/source.db" --to "$COPY_URL" 2>&1)
if [[ $? -eq 1 ]] && grep -q "only fills an empty database" <<<"$out"; then
  echo "ok   copy-db refuses a non-empty target"; passed=$((passed + 1))
else
  echo "FAIL copy-db refuses a non-empty target"; echo "$out"; failed=$((failed + 1))
fi

echo
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
