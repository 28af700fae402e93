#!/usr/bin/env bash
# Installs the Debian packages charla needs to build, test and run, skipping
# what is already there. Non-interactive; runs as root or through sudo.
set -euo pipefail

packages=(
  build-essential cmake pkg-config python3 python3-websockets
  libasio-dev libsimdjson-dev nettle-dev googletest libgtest-dev
  libimgui-dev libglfw3-dev libx11-dev libxrandr-dev libfreetype-dev python3-glad libstb-dev
  libqrencode-dev zbar-tools
  fonts-dejavu-core fonts-noto-color-emoji xvfb xauth
  clang libclang-rt-14-dev clang-format-14
  libhiredis-dev redis-server nats-server
  dpkg-dev lintian desktop-file-utils file zip ccache
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "charla: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "charla: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
