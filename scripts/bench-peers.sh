#!/usr/bin/env bash
# The peer comparison of docs/RESULTS.md: cGML beside the regression baseline, pix2pix, DSGAN, the Context Encoder,
# conditional IMLE, the cVAE and BicycleGAN, one bench per task, one after another (two cores take one at a time).
# Each bench folder is runs/bench-peers/NAME/ (run folders, results.csv, summary.md, convergence.csv,
# convergence.png), its progress NAME.log. Running it again reuses finished runs and continues interrupted ones.
#
# Budgets fit one 3-hour session on 2 cores (measured on an AMD EPYC, AVX-512, 2026-12-02; a cGML iteration at
# 16 x 16 runs at about 3-4 per second, its peers at 15-55): images at 16 x 16, 600 iterations for mnist-multimodal
# and inpainting, 300 for colorization and sketch2image, spectral maps at 200, the toy task at its 4000. Give more
# with ITERATIONS_IMAGE=3000 ITERATIONS_SMALL=3000 ITERATIONS_SPECTRAL=3000 for the tasks' own defaults.
# Names: toy, mnist (p = 0.2 and 0.3), inpainting (10/15/25 % holes on one model), spectral (sh and zernike, mask and
# noise), colorization, sketch2image; pass some of them to run only those. Needs scripts/fetch-data.sh all.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${OUT:-$root/runs/bench-peers}"
image="${ITERATIONS_IMAGE:-600}"
small="${ITERATIONS_SMALL:-300}"
spectral="${ITERATIONS_SPECTRAL:-200}"
methods=cgml,baseline,pix2pix,dsgan,context-encoder,cimle,cvae,bicyclegan
mkdir -p "$out"
run() {
  local name="$1"; shift
  echo "bench-peers: $name -> $out/$name (progress in $out/$name.log)" >&2
  local t0=$SECONDS
  "$root/cgml" bench --methods "$methods" --count 100 "$@" --out "$out/$name" >"$out/$name.csv" 2>"$out/$name.log"
  echo "bench-peers: $name done in $(( (SECONDS - t0) / 60 )) min $(( (SECONDS - t0) % 60 )) s" >&2
}
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(toy mnist inpainting spectral colorization sketch2image)
for name in "${names[@]}"; do
  case "$name" in
    toy) run toy --task toy --seeds 1,2,3 ;;
    mnist) run mnist --task mnist-multimodal --seeds 1,2,3 --iterations "$image" --set size=16 ;;
    inpainting) run inpainting --task inpainting --seeds 1,2,3 --iterations "$image" --set size=16 ;;
    spectral) run spectral --task spectral-denoise --seeds 1,2 --iterations "$spectral" ;;
    colorization) run colorization --task colorization --seeds 1,2 --iterations "$small" --set size=16 ;;
    sketch2image) run sketch2image --task sketch2image --seeds 1,2 --iterations "$small" --set size=16 ;;
    *) echo "bench-peers: unknown bench '$name' (toy, mnist, inpainting, spectral, colorization, sketch2image)" >&2
       exit 2 ;;
  esac
done
