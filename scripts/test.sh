#!/usr/bin/env sh
# Runs every test tier. When D-Bus and gnome-keyring are installed, the run gets a private
# session bus and a throwaway, unlocked keyring (scripts/in-keyring-session.sh), so the vault tests
# use a real Secret Service without ever touching the developer's own keychain. Without them those
# tests skip, saying why.
#
# The console shows each tier's progress and, last, the summary (scripts/test-summary.mjs), whose final
# line is "<passed> passed, <failed> failed, <skipped> skipped". What tests measure goes to
# test-output/figures/, what they print to test-output/console-<tier>.log (warnings stay on the console too).
set -eu
cd "$(dirname "$0")/.."

if [ -z "${WHISPER_TEST_KEYRING:-}" ] && command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  exec sh scripts/in-keyring-session.sh sh scripts/test.sh
fi

rm -rf test-output/figures test-output/console-*.log
npm run typecheck
# Every tier runs even when one fails, so the summary always counts the whole run.
failed=0
for tier in node browser electron; do
  rm -f "test-output/vitest-$tier.json"
  WHISPER_TEST_CONSOLE_FILE="test-output/console-$tier.log" \
    npm run "test:$tier" -- --reporter=default --reporter=json --outputFile="test-output/vitest-$tier.json" || failed=1
done
node scripts/test-summary.mjs node browser electron || failed=1
exit "$failed"
