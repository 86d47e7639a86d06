#!/usr/bin/env bash
# Runs the four image benches one after another (two cores take one at a time), seed 1 unless --seeds is given.
# Each bench folder is runs/bench-image/NAME/ (run folders, results.csv, summary.csv, summary.md), its progress
# NAME.log. Extra arguments go to every bench (e.g. --iterations 100 for a quick look, --seeds 1,2,3). Running it again
# reuses finished runs. Needs: scripts/fetch-data.sh mnist fashion photos. About 75 minutes per seed.
#
# Settings beyond the paper's defaults, and why (measured; see the README):
#   mnist-multimodal: 16x16, so that 3000 steps per p fit the 30-minute budget. Its task defaults are distance=l2
#     (under L1, G never learnt the box mode) and dynamics_tail=5 (Z fitted on whole searches flows to the
#     majority mode).
#   inpainting, colorization, sketch2image: run twice, with the same distance=l2 and dynamics_tail=5 ("l2t5"), and
#     with the paper's L1 and whole-search Z ("paper").
#   Every cGML model is scored at several T (T = 0 is G at random codes).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/runs/bench-image"
seeds=(--seeds 1)
for a in "$@"; do [ "$a" = --seeds ] || [[ "$a" == --seeds=* ]] && seeds=(); done
mkdir -p "$out"
run() {
  local name="$1"; shift
  echo "bench-image: $name -> $out/$name.csv (progress in $out/$name.log)" >&2
  local t0=$SECONDS
  mkdir -p "$out/$name"
  "$root/cgml" bench "${seeds[@]}" "$@" --out "$out/$name" >"$out/$name.csv" 2>"$out/$name.log"
  echo "bench-image: $name done in $(( (SECONDS - t0) / 60 )) min $(( (SECONDS - t0) % 60 )) s" >&2
}
run mnist-multimodal --task mnist-multimodal --iterations 3000 --set size=16 --sampling-steps 0,5,10,20 "$@"
for task in inpainting colorization sketch2image; do
  run "$task-l2t5" --task "$task" --iterations 1500 --config distance=l2 --config dynamics_tail=5 --sampling-steps 0,5,20 "$@"
  run "$task-paper" --task "$task" --iterations 1500 --sampling-steps 0,20 "$@"
done
