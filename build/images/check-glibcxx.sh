#!/bin/sh
# Fails the image build when the base's libstdc++ lacks GLIBCXX_3.4.32 (GCC 13+ runtime). TorchSharp 0.107 /
# libtorch 2.10 need it; on such a base (Debian bookworm, Ubuntu 22.04) the trainer would die at start with a
# misleading TorchSharp message and exit 139. Usage: check-glibcxx.sh [ROOT] (default /, for tests: a rootfs).
root="${1:-}"
lib=""
for f in "$root"/usr/lib/x86_64-linux-gnu/libstdc++.so.6 "$root"/usr/lib/aarch64-linux-gnu/libstdc++.so.6 \
         "$root"/usr/lib64/libstdc++.so.6 "$root"/usr/lib/libstdc++.so.6; do
  if [ -e "$f" ]; then lib="$f"; break; fi
done
codename=$( (. "$root"/etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-unknown distribution}") )
if [ -z "$lib" ]; then
  echo "gvm image check: no libstdc++.so.6 in the base image ($codename); TorchSharp needs libstdc++6 with GLIBCXX_3.4.32" >&2
  exit 1
fi
if ! grep -aq 'GLIBCXX_3\.4\.32' "$lib"; then
  echo "gvm image check: the base image ($codename) has a libstdc++ without GLIBCXX_3.4.32 ($lib)." >&2
  echo "gvm image check: TorchSharp 0.107 would fail at start with a misleading message and exit 139." >&2
  echo "gvm image check: use an Ubuntu 24.04+ or Debian 13 (trixie)+ base (--base=offline builds trixie)." >&2
  exit 1
fi
echo "gvm image check: $codename provides GLIBCXX_3.4.32 ($lib)"
