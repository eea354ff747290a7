#!/usr/bin/env bash
# Installs what the real-VS Code tests and `npm start` need on a machine that reaches only the npm registry and
# Debian apt: Debian Chromium (the browser side of the tests) and code-server 4.100.3 (VS Code 1.100.3, the last
# release whose engines allow Node 20) into .e2e/code-server, from the pinned package.json + package-lock.json there.
# Idempotent: installs only what is missing. Usage: scripts/install-code-server.sh [--no-browser]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST="$ROOT/.e2e/code-server"
BIN="$DEST/node_modules/.bin/code-server"
export TMPDIR=${TMPDIR:-/tmp}
# code-server writes a default config.yaml under XDG_CONFIG_HOME even for --version: keep it out of $HOME.
SCRATCH=$(mktemp -d); trap 'rm -rf "$SCRATCH"' EXIT
want_browser=1
[ "${1:-}" = "--no-browser" ] && want_browser=0

installed() { [ -x "$BIN" ] && XDG_CONFIG_HOME="$SCRATCH" "$BIN" --version >/dev/null 2>&1; }

# Debian packages: Chromium for the browser side; to build code-server, the kerberos headers of its native module
# and ripgrep (the same 13.0.0 that @vscode/ripgrep would download from GitHub).
packages=""
[ "$want_browser" = 1 ] && packages="chromium"
installed || packages="$packages libkrb5-dev ripgrep"
missing=""
for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "install-code-server: please install the Debian packages:$missing" >&2; exit 1; }
    SUDO=sudo
  fi
  echo "install-code-server: apt-get install$missing" >&2
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

installed && exit 0

echo "install-code-server: installing code-server 4.100.3 into $DEST (about a minute)" >&2
# @vscode/ripgrep's postinstall downloads ripgrep from GitHub unless its cache already holds the archive.
RGC="$TMPDIR/vscode-ripgrep-cache-1.15.11"; mkdir -p "$RGC"
RGT="$RGC/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
[ -s "$RGT" ] || tar czf "$RGT" -C "$(dirname "$(command -v rg)")" rg
cd "$DEST"
# unsafe_perm: code-server's postinstall refuses to run as root without it.
# yes: node-pty's postinstall runs `npx node-gyp …`, which must not stop to ask (an ~/.npmrc may say yes=false).
npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund --loglevel=error
XDG_CONFIG_HOME="$SCRATCH" "$BIN" --version >&2
