#!/usr/bin/env bash
# The webview security test drives Debian's Chromium with playwright-core (no browser download). Installs it with apt
# when missing and we may (root, apt-get present); otherwise says what to do and fails, never skips silently.
set -euo pipefail
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Chromium is missing: installing it with apt-get (Debian package chromium)…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
fi
echo "The webview security test needs Chromium at $CHROMIUM: apt-get install -y chromium (or set CHROMIUM=/path/to/chromium)." >&2
exit 1
