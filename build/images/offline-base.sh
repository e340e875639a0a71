#!/bin/bash
# Builds the offline base image without any registry: debootstrap a Debian trixie minbase rootfs, strip caches and
# docs, tar it and `docker import` it. The tarball is cached (keyed by this script's content) so later builds only
# import it. Usage: offline-base.sh TAG [CACHE_DIR]    (needs root, debootstrap and a Debian mirror once)
# Env: GVM_DEBIAN_MIRROR (default http://deb.debian.org/debian), DOCKER (docker CLI, default docker).
set -euo pipefail
tag="${1:?usage: offline-base.sh TAG [CACHE_DIR]}"
cache="${2:-${GVM_IMAGE_CACHE:-/var/cache/gvm}}"
mirror="${GVM_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
docker="${DOCKER:-docker}"
# libgomp1: libtorch's OpenMP runtime; libstdc++6 (GLIBCXX_3.4.32) and zlib come with minbase.
packages="libgomp1,ca-certificates"
key=$( (cat "$0"; echo "$packages") | sha256sum | cut -c1-12)
tarball="$cache/gvm-base-trixie-$key.tar"
say() { printf '[offline-base] %s\n' "$*"; }

if [ ! -s "$tarball" ]; then
  command -v debootstrap >/dev/null || { say "debootstrap is missing: apt-get install -y debootstrap"; exit 1; }
  mkdir -p "$cache"
  rootfs=$(mktemp -d "${TMPDIR:-/tmp}/gvm-rootfs.XXXXXX")
  trap 'rm -rf "$rootfs"' EXIT
  say "debootstrap --variant=minbase trixie ($mirror)"
  debootstrap --variant=minbase --include="$packages" trixie "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
    || { tail -20 "$rootfs.log" >&2; say "debootstrap failed (log: $rootfs.log)"; exit 1; }
  rm -f "$rootfs.log"
  say "stripping apt caches, lists, docs, man pages and locales"
  rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
         "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* "$rootfs"/var/log/* "$rootfs"/tmp/* "$rootfs"/var/cache/debconf/*-old
  "$(dirname "$0")/check-glibcxx.sh" "$rootfs"
  # A private temp name, then rename: concurrent builds (two test runs) never see a half-written tarball.
  tar --numeric-owner -C "$rootfs" -cf "$tarball.$$.tmp" .
  mv "$tarball.$$.tmp" "$tarball"
  say "cached $tarball ($(du -h "$tarball" | cut -f1))"
else
  say "using cached $tarball"
fi
"$docker" import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' "$tarball" "$tag" >/dev/null
say "imported $tag"
