#!/usr/bin/env bash
# Cake bootstrapper: prepares a fresh machine, then runs build.cake with the given arguments.
#   ./build.sh --target=Test
#   ./build.sh --target=Sweep --grid=experiments/smoke.yaml
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

say() { printf '[build.sh] %s\n' "$*"; }

# 1. .NET SDK
if ! command -v dotnet >/dev/null 2>&1; then
  say "the .NET SDK is not on PATH. Install .NET 10 SDK (https://dot.net) and run again."
  exit 1
fi
sdk_major=$(dotnet --version 2>/dev/null | cut -d. -f1)
if [ -z "$sdk_major" ] || [ "$sdk_major" -lt 10 ]; then
  say "found .NET SDK $(dotnet --version 2>/dev/null || echo '?'); .NET 10 or newer is required."
  exit 1
fi

# 2. libstdc++ with GLIBCXX_3.4.32 (TorchSharp 0.107 / libtorch 2.10 need GCC 13's runtime).
find_libstdcxx() {
  for f in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6; do
    [ -e "$f" ] && { echo "$f"; return; }
  done
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 /{print $NF; exit}'
}
has_glibcxx() {
  local lib; lib=$(find_libstdcxx)
  [ -n "$lib" ] && grep -aq 'GLIBCXX_3\.4\.32' "$lib"
}
if ! has_glibcxx; then
  codename=$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-}")
  fix="add the Debian trixie suite to apt and run: apt-get install -t trixie libstdc++6"
  if [ "$codename" = "bookworm" ] && [ "$(id -u)" = "0" ]; then
    say "libstdc++ lacks GLIBCXX_3.4.32 (needed by TorchSharp); installing libstdc++6 from Debian trixie"
    if [ ! -f /etc/apt/sources.list.d/gvm-trixie.sources ]; then
      say "adding /etc/apt/sources.list.d/gvm-trixie.sources (pinned low: only libstdc++6 and what it pulls)"
      cat > /etc/apt/sources.list.d/gvm-trixie.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
      cat > /etc/apt/preferences.d/gvm-trixie <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
    fi
    say "apt-get update"
    apt-get update -qq
    say "apt-get install -t trixie libstdc++6"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t trixie libstdc++6 >/dev/null
    has_glibcxx || { say "libstdc++6 from trixie did not provide GLIBCXX_3.4.32"; exit 1; }
    say "libstdc++ now provides GLIBCXX_3.4.32"
  else
    say "libstdc++ lacks GLIBCXX_3.4.32, which TorchSharp 0.107 needs (GCC 13+ runtime: Ubuntu 24.04, Debian 13)."
    say "fix: $fix (as root), or use a newer distribution."
    exit 1
  fi
fi

# 3. Cake
dotnet tool restore >/dev/null
exec dotnet cake "$@"
