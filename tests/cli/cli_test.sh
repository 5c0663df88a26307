#!/usr/bin/env bash
# The `lqf` command line as a person uses it: exit codes (0 ok, 1 failure,
# 2 bad usage), one-line reasons on stderr, and what each command prints.
# Usage: cli_test.sh PATH_TO_LQF SOURCE_ROOT
set -u
LQF=$1
ROOT=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/lqf.db
passed=0
failed=0

# expect NAME CODE PATTERN -- COMMAND...: runs COMMAND, checks its exit code
# and that stdout+stderr match PATTERN (an extended regex; empty for any).
expect() {
  local name=$1 code=$2 pattern=$3
  shift 4
  local out
  out=$("$@" 2>&1)
  local got=$?
  if [[ $got -ne $code ]]; then
    echo "FAIL $name: exit $got, expected $code"; echo "$out" | head -20; failed=$((failed + 1)); return
  fi
  if [[ -n $pattern ]] && ! grep -Eq -- "$pattern" <<<"$out"; then
    echo "FAIL $name: output does not match /$pattern/"; echo "$out" | head -20; failed=$((failed + 1)); return
  fi
  echo "ok   $name"
  passed=$((passed + 1))
}

expect "help" 0 "Subcommands:" -- "$LQF" --help
expect "framework help" 0 "validate" -- "$LQF" framework --help
expect "no command is bad usage" 2 "" -- "$LQF"
expect "unknown command is bad usage" 2 "" -- "$LQF" frobnicate
expect "missing database" 1 "^lqf: database .* not found; create it with" -- "$LQF" framework list --db "$WORK/none.db"
expect "init" 0 "Imported framework nlqf-2010 version 1.0 \(99 elements\)" -- "$LQF" init --db "$DB" --root "$ROOT"
expect "init again changes nothing" 0 "already imported with the same content" -- "$LQF" init --db "$DB" --root "$ROOT"
expect "list" 0 "nlqf-2010  1.0 \(latest\)  National Leadership Qualities Framework" -- "$LQF" framework list --db "$DB"
expect "show" 0 "^      K1.1.1  Commissioning, procuring and contracting services$" -- "$LQF" framework show nlqf-2010 --db "$DB"
expect "show context issue" 0 "X1  .*\[context, not scored\]" -- "$LQF" framework show dcs-characteristics-2008 --db "$DB"
expect "show unknown" 1 "^lqf: no framework has the code nope" -- "$LQF" framework show nope --db "$DB"
expect "validate bundled" 0 "is valid: framework nlqf-2010 version 1.0, 99 elements" -- "$LQF" framework validate "$ROOT/data/frameworks/nlqf-2010.json"
expect "validate broken" 1 "nodes\[1\]\.children\[0\]\.children\[0\]\.children\[1\]\.code: duplicate \"A1\"" -- "$LQF" framework validate "$ROOT/tests/unit/interchange/cases/duplicate_code.json"
expect "validate missing file" 1 "^lqf: cannot read .*: no such file" -- "$LQF" framework validate "$WORK/nothing.json"
expect "export csv" 0 "^code,type,parent,depth,name,scored,description" -- "$LQF" framework export nlqf-2010 --format csv --db "$DB"
expect "export bad format" 2 "" -- "$LQF" framework export nlqf-2010 --format xml --db "$DB"
expect "export json to file" 0 "" -- "$LQF" framework export nlqf-2010 --db "$DB" --out "$WORK/export.json"
expect "exported file is valid" 0 "is valid" -- "$LQF" framework validate "$WORK/export.json"
sed 's/"moral purpose"/"moral purposes"/' "$WORK/export.json" > "$WORK/changed.json"
expect "changed content under same version refused" 1 "already imported with different content" -- "$LQF" framework import "$WORK/changed.json" --db "$DB"
sed 's/"version": "1.0"/"version": "1.1-local"/' "$WORK/changed.json" > "$WORK/newer.json"
expect "new version imports" 0 "Imported framework nlqf-2010 version 1.1-local" -- "$LQF" framework import "$WORK/newer.json" --db "$DB"
expect "latest is the new version" 0 "nlqf-2010  1.1-local \(latest\)" -- "$LQF" framework list --db "$DB"
expect "old version still exported" 0 "\"moral purpose\"" -- "$LQF" framework export nlqf-2010 --version 1.0 --db "$DB"
expect "migrate status" 0 "^1  applied " -- "$LQF" migrate --status --db "$DB"
expect "migrate" 0 "Database is up to date" -- "$LQF" migrate --db "$DB"
expect "serve bad listen" 2 "HOST:PORT" -- "$LQF" serve --db "$DB" --listen nonsense
expect "serve bad port" 2 "port must be a number" -- "$LQF" serve --db "$DB" --listen 127.0.0.1:99999
expect "serve no connections" 2 "db-connections: Value 0 not in range 1 to 64" -- "$LQF" serve --db "$DB" --db-connections 0
expect "serve connections not a number" 1 "^lqf: LQF_DB_CONNECTIONS must be a number from 1 to 64" -- env LQF_DB_CONNECTIONS=many "$LQF" serve --db "$DB"

# Accounts from the command line.
expect "org add" 0 "Added organisation Northshire County Council" -- "$LQF" org add "Northshire County Council" --kind local-authority --region "North West" --db "$DB"
expect "org add programme body" 0 "Added organisation" -- "$LQF" org add "National Programme" --kind programme-body --db "$DB"
expect "org add duplicate" 1 "already in LQF" -- "$LQF" org add "Northshire County Council" --kind local-authority --db "$DB"
expect "org add bad kind" 1 "Choose local-authority or programme-body" -- "$LQF" org add "Somewhere" --kind county --db "$DB"
expect "org list" 0 "^Northshire County Council  local-authority  North West$" -- "$LQF" org list --db "$DB"
expect "cohort add" 0 "Added cohort 2026 cohort" -- "$LQF" cohort add "2026 cohort" --organisation "National Programme" --year 2026 --db "$DB"
expect "cohort needs a programme body" 1 "belong to a programme body" -- "$LQF" cohort add "X" --organisation "Northshire County Council" --year 2026 --db "$DB"
expect "user add prints a link" 0 "/set-password\?token=[A-Za-z0-9_-]{43}$" -- "$LQF" user add --name "Jo Bennett" --email jo@example.org --organisation "Northshire County Council" --cohort "2026 cohort" --db "$DB"
expect "user add bad email" 1 "Enter an email address in the correct format" -- "$LQF" user add --name "X" --email nope --organisation "Northshire County Council" --db "$DB"
expect "user add taken" 1 "already has an account" -- "$LQF" user add --name "Jo" --email JO@example.org --organisation "Northshire County Council" --db "$DB"
printf 'name,email,organisation,role,cohort\nKim Lee,kim@example.org,Northshire County Council,participant,2026 cohort\nBad Row,not-an-email,Nowhere,,\n' > "$WORK/people.csv"
expect "import refuses a bad file" 1 "line 3, email: Enter an email address in the correct format" -- "$LQF" user import "$WORK/people.csv" --db "$DB"
expect "nothing was imported" 0 "^jo@example.org" -- "$LQF" user list --db "$DB"
sed -i '3d' "$WORK/people.csv"
expect "import a good file" 0 "Imported 1 person" -- "$LQF" user import "$WORK/people.csv" --db "$DB"
expect "user disable" 0 "Disabled kim@example.org" -- "$LQF" user disable kim@example.org --db "$DB"
expect "user list shows disabled" 0 "^kim@example.org  Kim Lee  participant  disabled$" -- "$LQF" user list --db "$DB"
expect "user enable" 0 "Enabled kim@example.org" -- "$LQF" user enable KIM@example.org --db "$DB"
expect "user export" 0 "\"format\": \"lqf-person-export/1\"" -- "$LQF" user export kim@example.org --db "$DB"
expect "user erase needs --yes" 2 "" -- "$LQF" user erase kim@example.org --db "$DB"
expect "user erase" 0 "" -- "$LQF" user erase kim@example.org --yes --db "$DB"
expect "erased person is gone" 1 "no one has the email address" -- "$LQF" user disable kim@example.org --db "$DB"
printf '# settings\nLQF_DB=%s\n' "$DB" > "$WORK/lqf.conf"
expect "config file supplies the database" 0 "^jo@example.org" -- "$LQF" user list --config "$WORK/lqf.conf"
printf 'LQF_SMPT_URL=smtp://x\n' > "$WORK/bad.conf"
expect "config file typo is reported with its line" 2 "bad.conf line 1: unknown setting LQF_SMPT_URL" -- "$LQF" user list --config "$WORK/bad.conf"
expect "purge" 0 "^Deleted [0-9]+ sessions?, [0-9]+ password links?, [0-9]+ throttling records? and [0-9]+ sent emails?$" -- "$LQF" purge --db "$DB"
expect "demo data" 0 "admin@demo.lqf.test  \(Administrator\)" -- "$LQF" init --db "$WORK/demo.db" --root "$ROOT" --demo
# Development plans, mentoring and reminders on the demo data.
expect "plan show" 0 "^Development plan: Jo Bennett" -- "$LQF" plan show director@demo.lqf.test --db "$WORK/demo.db"
expect "plan show: the goal from her report" 0 "From: Blind spot \(Blind spot in Autumn 2026: you [0-9]" -- "$LQF" plan show director@demo.lqf.test --db "$WORK/demo.db"
expect "plan show: its actions" 0 "^  - \[Planned\] Shadowing: Shadow a peer director" -- "$LQF" plan show director@demo.lqf.test --db "$WORK/demo.db"
expect "plan show unknown" 1 "^lqf: no one has the email address nobody@demo.lqf.test" -- "$LQF" plan show nobody@demo.lqf.test --db "$WORK/demo.db"
expect "plan pdf" 0 "development plan to .*plan.pdf" -- "$LQF" plan pdf director@demo.lqf.test --out "$WORK/plan.pdf" --db "$WORK/demo.db"
if [[ $(head -c 5 "$WORK/plan.pdf") == "%PDF-" && $(stat -c %a "$WORK/plan.pdf") == 600 ]]; then
  echo "ok   plan pdf: a PDF, readable by its owner only"; passed=$((passed + 1))
else
  echo "FAIL plan pdf file"; failed=$((failed + 1))
fi
expect "plan pdf needs --out" 2 "--out is required" -- "$LQF" plan pdf director@demo.lqf.test --db "$WORK/demo.db"
expect "support list" 0 "mentor  Owen Hughes  from [0-9-]+  plan shared  0 sessions" -- "$LQF" support list director@demo.lqf.test --db "$WORK/demo.db"
expect "support list: the coach's session" 0 "coach  Sam Whitfield  from [0-9-]+  plan shared  1 session$" -- "$LQF" support list director@demo.lqf.test --db "$WORK/demo.db"
expect "support add" 0 "^Added aspirant@demo.lqf.test as Helen Price's mentor from 2026-09-01" -- "$LQF" support add newdirector@demo.lqf.test --supporter aspirant@demo.lqf.test --as mentor --from 2026-09-01 --db "$WORK/demo.db"
expect "support add twice" 1 "^lqf: They already support this person in that way" -- "$LQF" support add newdirector@demo.lqf.test --supporter aspirant@demo.lqf.test --as mentor --from 2026-10-01 --db "$WORK/demo.db"
expect "support add bad date" 1 "Enter the date it starts as a real date" -- "$LQF" support add newdirector@demo.lqf.test --supporter director@demo.lqf.test --as coach --from 2026-02-30 --db "$WORK/demo.db"
expect "support add bad kind" 2 "as: " -- "$LQF" support add newdirector@demo.lqf.test --supporter director@demo.lqf.test --as guru --from 2026-01-01 --db "$WORK/demo.db"
expect "reminders need the public address" 1 "^lqf: give --base-url" -- env -u LQF_PUBLIC_URL "$LQF" reminders --db "$WORK/demo.db"
expect "reminders" 0 "^Queued 2 reminders" -- "$LQF" reminders --base-url https://lqf.example.gov.uk --db "$WORK/demo.db"
expect "reminders go once" 0 "^Queued 0 reminders" -- env LQF_PUBLIC_URL=https://lqf.example.gov.uk "$LQF" reminders --db "$WORK/demo.db"
expect "demo cohort" 0 "^Added 3 participants to the Demo cohort, each with a feedback cycle of 82 statements; 45 responses submitted$" -- "$LQF" demo --db "$WORK/demo.db" --participants 3
expect "demo cohort again adds more" 0 "^Added 1 participant to the Demo cohort" -- "$LQF" demo --db "$WORK/demo.db" --participants 1 --raters-per-group 1
expect "demo participants listed" 0 "^director1\..*@cohort.demo.lqf.test  Demo Director 1  participant$" -- "$LQF" user list --db "$WORK/demo.db"
expect "demo drafts with links" 0 "15 responses left as drafts" -- "$LQF" demo --db "$WORK/demo.db" --participants 1 --drafts --links-out "$WORK/links.txt"
if [[ $(wc -l <"$WORK/links.txt") -eq 14 && $(stat -c %a "$WORK/links.txt") == 600 ]]; then
  echo "ok   demo links file: one per rater, private"; passed=$((passed + 1))
else
  echo "FAIL demo links file"; failed=$((failed + 1))
fi
expect "demo links need drafts" 1 "^lqf: --links-out needs --drafts" -- "$LQF" demo --db "$WORK/demo.db" --links-out "$WORK/x.txt"
expect "demo size checked" 2 "participants: Value 0 not in range" -- "$LQF" demo --db "$WORK/demo.db" --participants 0
: >"$WORK/empty.db"
expect "demo needs a framework" 1 "^lqf: no framework has the code nlqf-2010" -- "$LQF" demo --db "$WORK/empty.db" --participants 1

echo
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
