#!/usr/bin/env bash
# The four short benches (toy, mnist-multimodal, inpainting, spectral-denoise; all eight methods; seed 1; short
# budgets) whose figures a change that should not move a number must reproduce bit for bit.
#
#   scripts/short-benches.sh run OUT          # OUT/toy, OUT/mnist, OUT/inpainting, OUT/spectral
#   scripts/short-benches.sh compare REF NEW  # every figure and every training row equal, timing aside
#
# Compared: each bench's results.csv and convergence.csv, and each run's metrics.csv, every column but the
# timing ones (seconds, per second). Needs data/mnist, data/photos and data/shapes
# (scripts/fetch-data.sh mnist, ... photos, ... shapes).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
methods=cgml,baseline,pix2pix,dsgan,context-encoder,cimle,cvae,bicyclegan
common=(--methods "$methods" --seeds 1 --count 16 --modes 4)

run() {
  local out="$1"
  mkdir -p "$out"
  "$root/cgml" bench --task toy "${common[@]}" --iterations 300 --curve-every 100 --out "$out/toy"
  "$root/cgml" bench --task mnist-multimodal --set size=16 --set p=0.3 "${common[@]}" --iterations 60 \
    --curve-every 30 --out "$out/mnist"
  "$root/cgml" bench --task inpainting --set size=16 --set eval-mask=random25 "${common[@]}" --iterations 40 \
    --curve-every -1 --out "$out/inpainting"
  "$root/cgml" bench --task spectral-denoise "${common[@]}" --iterations 60 --curve-every -1 --out "$out/spectral"
}

compare() {
  python3 - "$1" "$2" <<'EOF'
import csv, pathlib, re, sys
ref, new = map(pathlib.Path, sys.argv[1:3])
timing = re.compile(r'(^|_)(s|seconds|ms)($|_)|per_s$|_s_per_|^time|wall')

def rows(path):
    with open(path, newline='') as f:
        table = list(csv.reader(f))
    if not table:
        return []
    head = table[0]
    if head[:5] == ['task', 'setting', 'method', 'seed', 'metric']:  # results.csv: long format
        return [r for r in table if not timing.search(r[4])]
    keep = [i for i, h in enumerate(head) if not timing.search(h)]
    return [[r[i] for i in keep if i < len(r)] for r in table]

files = sorted(p.relative_to(ref) for p in ref.rglob('*.csv')
               if p.name in ('results.csv', 'convergence.csv', 'metrics.csv'))
if not files:
    sys.exit(f'no results.csv, convergence.csv or metrics.csv under {ref}')
bad = 0
for rel in files:
    a, b = ref / rel, new / rel
    if not b.exists():
        print(f'MISSING {rel}'); bad += 1; continue
    ra, rb = rows(a), rows(b)
    if ra != rb:
        bad += 1
        diff = next((i for i, (x, y) in enumerate(zip(ra, rb)) if x != y), min(len(ra), len(rb)))
        print(f'DIFFERS {rel}: first at row {diff}: {ra[diff] if diff < len(ra) else "-"} vs '
              f'{rb[diff] if diff < len(rb) else "-"} ({len(ra)} and {len(rb)} rows)')
    else:
        print(f'same    {rel} ({len(ra)} rows)')
print(f'{len(files) - bad} of {len(files)} files equal, timing aside')
sys.exit(1 if bad else 0)
EOF
}

case "${1:-}" in
  run) [ $# -eq 2 ] || { echo "usage: $0 run OUT" >&2; exit 2; }; run "$2" ;;
  compare) [ $# -eq 3 ] || { echo "usage: $0 compare REF NEW" >&2; exit 2; }; compare "$2" "$3" ;;
  *) echo "usage: $0 run OUT | compare REF NEW" >&2; exit 2 ;;
esac
