#!/usr/bin/env sh
# Installs every Debian/Ubuntu package the build and the tests need. The README's install line and
# CI (.ci/run) both call this file, so the two cannot list different packages.
#
#   sh scripts/setup-debian.sh             install (as root directly, otherwise through sudo)
#   sh scripts/setup-debian.sh --dry-run   print the commands instead of running them
#   sh scripts/setup-debian.sh --list      print the package names, one a line
set -eu

# libsecret-1-dev: keytar builds from source; gnome-keyring + dbus + dbus-x11: a real Secret Service for
# the vault tests; chromium + fonts-wqy-microhei: the browser tier and its Chinese screenshots;
# curl, ca-certificates, unzip: acceptance checks; rsyslog + its TLS drivers: the real syslog collector the
# audit-forwarding tests start on 127.0.0.1 (never the system one); build-essential + python3: node-gyp
# compiles keytar and @vscode/policy-watcher where no prebuilt binary can be fetched.
PACKAGES='libsecret-1-dev gnome-keyring dbus dbus-x11 chromium fonts-wqy-microhei curl ca-certificates unzip
rsyslog rsyslog-gnutls rsyslog-openssl build-essential python3'

usage() {
  echo "usage: sh scripts/setup-debian.sh [--dry-run | --list]"
}

dry_run=false
case "${1:-}" in
  '') ;;
  --dry-run) dry_run=true ;;
  --list)
    for package in $PACKAGES; do echo "$package"; done
    exit 0
    ;;
  -h | --help)
    usage
    exit 0
    ;;
  *)
    usage >&2
    exit 2
    ;;
esac

# A root shell (a container, CI) often has no sudo at all; a user's shell needs it.
if [ "$(id -u)" -eq 0 ]; then
  as_root=''
elif command -v sudo >/dev/null 2>&1; then
  as_root='sudo'
else
  echo "setup-debian.sh: installing packages needs root, and this user ($(id -un)) has no sudo." >&2
  echo "Run it as root instead, e.g.: su -c 'sh scripts/setup-debian.sh'" >&2
  exit 1
fi

run() {
  if [ "$dry_run" = true ]; then
    echo "$*"
  else
    "$@"
  fi
}

# $as_root and $PACKAGES are split into words on purpose (an empty prefix vanishes; one word per package).
# shellcheck disable=SC2086
run $as_root env DEBIAN_FRONTEND=noninteractive apt-get update
# shellcheck disable=SC2086
run $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $PACKAGES
