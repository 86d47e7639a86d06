#!/usr/bin/env bash
# cGML's tuned defaults beside the paper's recipe (--config recipe=paper: l = 20 inner steps from one start, Z fitted
# on the steps) and the regression baseline, one bench per task, one after another (two cores take one at a time):
# the figures of docs/RESULTS.md's first section. Each bench folder is runs/bench-recipes/NAME/ (run folders,
# results.csv, summary.md, convergence.png, samples-*.png), its progress NAME.log. Running it again reuses finished
# runs and continues interrupted ones. Image tasks are scored at T = 0 (G at random codes) and at the default T.
#
# Names: toy, mnist (p = 0.2 and 0.3; the paper's recipe left out: about 3 times the price per run), inpainting,
# colorization, sketch2image, spectral (Zernike, masked square), speed (bench speed at 32 x 32); pass some of them
# to run only those. Budgets as scripts/bench-peers.sh, mnist-multimodal at its own 3000 iterations; override with
# ITERATIONS_MNIST, ITERATIONS_IMAGE, ITERATIONS_SMALL, ITERATIONS_SPECTRAL. Needs scripts/fetch-data.sh all.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${OUT:-$root/runs/bench-recipes}"
mnist="${ITERATIONS_MNIST:-3000}"
image="${ITERATIONS_IMAGE:-600}"
small="${ITERATIONS_SMALL:-300}"
spectral="${ITERATIONS_SPECTRAL:-200}"
both=cgml,cgml:recipe=paper,baseline
mkdir -p "$out"
run() {
  local name="$1"; shift
  echo "bench-recipes: $name -> $out/$name (progress in $out/$name.log)" >&2
  local t0=$SECONDS
  "$root/cgml" bench --count 100 "$@" --out "$out/$name" >"$out/$name.csv" 2>"$out/$name.log"
  echo "bench-recipes: $name done in $(( (SECONDS - t0) / 60 )) min $(( (SECONDS - t0) % 60 )) s" >&2
}
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(speed toy mnist inpainting colorization sketch2image spectral)
for name in "${names[@]}"; do
  case "$name" in
    speed) echo "bench-recipes: speed -> $out/speed.csv" >&2
           "$root/cgml" bench speed --size 32 --repeats 7 >"$out/speed.csv" 2>"$out/speed.log" ;;
    toy) run toy --task toy --methods "$both" --seeds 1,2,3 ;;
    mnist) run mnist --task mnist-multimodal --methods cgml --seeds 1,2,3 --iterations "$mnist" --set size=16 \
             --curve-every -1 ;;
    inpainting) run inpainting --task inpainting --methods "$both" --seeds 1,2,3 --iterations "$image" \
                  --set size=16 --set eval-mask=random25 --sampling-steps 0,20 ;;
    colorization) run colorization --task colorization --methods cgml,baseline --seeds 1,2,3 --iterations "$small" \
                    --set size=16 --sampling-steps 0,20 ;;
    sketch2image) run sketch2image --task sketch2image --methods cgml,baseline --seeds 1,2,3 --iterations "$small" \
                    --set size=16 --sampling-steps 0,20 ;;
    spectral) run spectral --task spectral-denoise --methods cgml,baseline --seeds 1,2,3 --iterations "$spectral" \
                --set basis=zernike --set corruption=mask ;;
    *) echo "bench-recipes: unknown bench '$name' (speed, toy, mnist, inpainting, colorization, sketch2image," \
            "spectral)" >&2
       exit 2 ;;
  esac
done
