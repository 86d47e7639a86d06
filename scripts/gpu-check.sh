#!/usr/bin/env bash
# GPU check: builds the GPU native library (-Pgpu), then for 64x64 and 128x128 images
#   1. times one U-Net training iteration (cgml bench speed: cGML's defaults, the paper's recipe, the L1 baseline),
#   2. trains cGML on inpainting (photo crops in data/photos, from scripts/fetch-data.sh photos) for a few hundred
#      iterations and samples 8 modes for 16 held-out inputs,
# while nvidia-smi records the GPU memory in use. Prints CSV lines "gpu-check,SIZE,METRIC,VALUE" at the end.
#
#   scripts/gpu-check.sh [ITERATIONS]      (default 300; writes runs/gpu-check/)
#   SIZES="32 64" PROFILE="" scripts/gpu-check.sh 30    (other sizes; PROFILE="" builds the CPU library, for a dry run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
iterations="${1:-300}"
sizes="${SIZES:-64 128}"
profile="${PROFILE--Pgpu}"
out=runs/gpu-check
command -v nvidia-smi >/dev/null || { echo "gpu-check: nvidia-smi not found: no NVIDIA GPU here" >&2; exit 2; }
[ -d data/photos ] || { echo "gpu-check: data/photos is missing: run scripts/fetch-data.sh photos" >&2; exit 2; }
mkdir -p "$out"
echo "gpu-check: building with ${profile:-the CPU library}" >&2
mvn -q -B $profile -DskipTests package
touch cgml-cli/target/cgml-cli-0.1.0-SNAPSHOT.jar   # ./cgml must not rebuild it without -Pgpu
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader > "$out/gpu.txt"
memlog="$out/memory.csv"
nvidia-smi --query-gpu=timestamp,memory.used --format=csv,noheader,nounits -lms 500 > "$memlog" &
smi=$!
trap 'kill $smi 2>/dev/null || true' EXIT
results="$out/results.csv"
echo "check,size,metric,value" > "$results"
peak() { # the largest memory.used (MiB) logged since line $1
  tail -n +"$1" "$memlog" | awk -F', ' '$2 > m { m = $2 } END { print m + 0 }'
}
for size in $sizes; do
  start=$(($(wc -l < "$memlog") + 1))
  ./cgml bench speed --size "$size" --batch-size 16 --repeats 5 > "$out/speed-$size.csv"
  grep -E '_ms_median|_over_' "$out/speed-$size.csv" | sed "s/^/gpu-check,$size,/" >> "$results"
  echo "gpu-check,$size,speed_peak_memory_mib,$(peak "$start")" >> "$results"
  start=$(($(wc -l < "$memlog") + 1))
  rm -rf "$out/inpainting-$size"
  ./cgml train --task inpainting --size "$size" --data data/photos --iterations "$iterations" \
    --checkpoint-every 0 --out "$out/inpainting-$size"
  # seconds per iteration after the first 20 (graph building and warm-up left out); the column is cumulative
  awk -F, -v s="$size" 'NR == 21 { t0 = $NF; i0 = $1 } NR > 21 { t = $NF; i = $1 }
    END { printf "gpu-check,%s,train_s_per_iteration,%.4f\n", s, (t - t0) / (i - i0) }' \
    "$out/inpainting-$size/metrics.csv" >> "$results"
  ./cgml sample --run "$out/inpainting-$size" --modes 8 --count 16 --png "$out/inpainting-$size/samples.png"
  echo "gpu-check,$size,train_sample_peak_memory_mib,$(peak "$start")" >> "$results"
done
echo "gpu-check: $(cat "$out/gpu.txt")" >&2
cat "$results"
