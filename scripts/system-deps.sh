#!/usr/bin/env bash
# Debian packages the tests need (a database server, a browser, a Java runtime).
# Idempotent: installs only what is missing. Needs root (as in CI) or sudo.
set -euo pipefail

PACKAGES=(chromium openjdk-17-jre-headless postgresql apache2-utils)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
