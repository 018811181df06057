#!/usr/bin/env sh
# Runs a command inside a private D-Bus session with a throwaway, unlocked gnome-keyring (WHISPER_TEST_KEYRING=1
# set), so the vault tests use a real Secret Service without ever touching the developer's own keychain.
#   sh scripts/in-keyring-session.sh <command> [args...]     exits with the command's status
set -eu

keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT

# The session's own messages (dbus-daemon, gnome-keyring) go to a file, the command's stderr to ours (fd 4).
status=0
# shellcheck disable=SC2016 # the inner shell expands these, not this one
WHISPER_TEST_KEYRING=1 KEYRING_HOME="$keyring_home" dbus-run-session -- sh -c '
  printf whisper-control-tests | XDG_DATA_HOME="$KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null 4>&-
  # The daemon claims the Secret Service name a moment after it returns: wait (at most 5 s) so the first
  # vault test finds it, and so the daemon is on the bus, and leaves with it, when the session ends.
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetNameOwner string:org.freedesktop.secrets >/dev/null 2>&1 || [ "$tries" -ge 50 ]; do
    tries=$((tries + 1))
    sleep 0.1
  done
  status=0
  "$@" 2>&4 4>&- || status=$?
  # The keyring daemon outlives the bus: end it by the PID the bus knows for the Secret Service name.
  keyring_pid=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null | awk "{ print \$2 }")
  if [ -n "$keyring_pid" ]; then kill "$keyring_pid" 2>/dev/null || true; fi
  exit "$status"' sh "$@" 4>&2 2>"$keyring_home/session.log" || status=$?

# dbus-daemon asks for a higher open-file limit when it starts; a container without CAP_SYS_RESOURCE refuses
# ("AccessDenied: Failed to set fd limit to 65536"), which changes nothing for the tests, so that line is
# dropped; so are its routine notes that it started a service on request (Chromium asks for the
# accessibility bus), which would otherwise print after the test summary. Anything else the session said is shown.
grep -v -e 'Failed to set fd limit' -e 'Activating service name=' -e 'Successfully activated service' "$keyring_home/session.log" >&2 || true
exit "$status"
