#!/usr/bin/env sh
# Runs every test tier. When D-Bus and gnome-keyring are installed, the run gets a private
# session bus and a throwaway, unlocked keyring, so the vault tests use a real Secret Service
# without ever touching the developer's own keychain. Without them those tests skip, saying why.
set -eu
cd "$(dirname "$0")/.."

if [ -z "${WHISPER_TEST_KEYRING:-}" ] && command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  WHISPER_TEST_KEYRING=1 KEYRING_HOME="$keyring_home" dbus-run-session -- sh -c '
    printf whisper-control-tests | XDG_DATA_HOME="$KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
    exec sh scripts/test.sh'
  exit $?
fi

npm run typecheck
for tier in node browser electron; do
  npm run "test:$tier" -- --reporter=default --reporter=json --outputFile="test-output/vitest-$tier.json"
done
node scripts/test-summary.mjs node browser electron
