#!/usr/bin/env bash
# cGML beside every peer at converged budgets (docs/RESULTS.md), at each task's own image size, in four stages:
#
#   scripts/bench-converged.sh budget TASK...  the default cGML and conditional IMLE, seed 1, trained for B and for 2B
#                                              iterations; prints each one's held-out best of K at both and whether
#                                              2B moved it by less than 0.2 dB (2 % for figures not in dB): then B
#                                              is converged for that task
#   scripts/bench-converged.sh peers TASK...   every method (cgml, cgml:recipe=paper and the seven peers), seeds
#                                              1, 2, 3, at B (starting from the budget stage's finished
#                                              seed-1 runs of cgml and cimle at B, copied)
#   scripts/bench-converged.sh lr TASK...      every method of the peer table at LR (default 2e-4, the GAN peers'
#                                              own rate; image tasks default to 1e-3 annealed by a cosine, the toy to
#                                              1e-3) on seed 1 at B: each one's learning rate checked against its
#                                              seed 1 of the peer table
#   scripts/bench-converged.sh fresh TASK...   cgml and cimle on seeds 4, 5, 6 at B (seeds nobody tuned on; run last)
#
# TASK: toy, mnist (p = 0.3), inpainting (10/15/25 % holes scored on one model), colorization, sketch2image,
# spectral (Zernike maps, a masked square); none given: all six. B per task is set below (B_TASK=N overrides it,
# e.g. B_inpainting=6000). Every bench goes to runs/converged/TASK/STAGE-B/ (OUT=DIR to change), its progress to
# the .log beside it; running the same command again reuses finished runs and continues interrupted ones, so a stage
# may be run in several sittings (each run's config.json records the commit that trained it). CONFIG="k=v ..." adds
# --config k=v for every method (e.g. CONFIG="schedule=constant learning_rate=1e-4", the paper's rate); give OUT=DIR
# beside it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${OUT:-$root/runs/converged}"
peers=cgml,cgml:recipe=paper,baseline,pix2pix,dsgan,context-encoder,cimle,cvae,bicyclegan

budget_of() { # B per task (docs/RESULTS.md); B_TASK overrides
  local var="B_$1" default
  case "$1" in
    toy) default=32000 ;;      # best of K never meets 2 % (it shrinks toward 0); cGML's share on a branch settled
    inpainting) default=12000 ;; # 3000 failed its 2B check, 6000 too (cgml +0.48 dB best of 8 at 12000)
    mnist) default=6000 ;;      # 3000 failed (cgml +3.0 dB, cimle +1.6 dB at 6000); 6000's check is next
    *) default=3000 ;;         # not checked yet
  esac
  echo "${!var:-$default}"
}

args_of() { # the task's bench arguments
  case "$1" in
    toy) echo "--task toy" ;;
    mnist) echo "--task mnist-multimodal --set p=0.3" ;;
    inpainting) echo "--task inpainting" ;;
    colorization) echo "--task colorization" ;;
    sketch2image) echo "--task sketch2image" ;;
    spectral) echo "--task spectral-denoise --set basis=zernike --set corruption=mask" ;;
    *) echo "bench-converged: unknown task '$1' (toy, mnist, inpainting, colorization, sketch2image, spectral)" >&2
       return 2 ;;
  esac
}

figure_of() { # the held-out best of K the budget check reads: setting filter, metric, unit (dB or %)
  case "$1" in
    toy) echo "- l1_best_of_k %" ;;
    mnist) echo "- psnr_best_of_k dB" ;;
    inpainting) echo "view=random25 hole_psnr_best_of_k dB" ;;
    colorization|sketch2image) echo "- psnr_best_of_k dB" ;;
    spectral) echo "- relerr_masked_best_of_k_median %" ;;
  esac
}

bench() { # NAME METHODS SEEDS ITERATIONS TASK-ARGS...
  local name="$1" methods="$2" seeds="$3" iterations="$4"; shift 4
  mkdir -p "$(dirname "$out/$name")"
  echo "bench-converged: $name ($methods, seeds $seeds, $iterations iterations) -> $out/$name" >&2
  local t0=$SECONDS extra=() kv
  for kv in ${CONFIG:-}; do extra+=(--config "$kv"); done
  # shellcheck disable=SC2068
  "$root/cgml" bench $@ ${extra[@]+"${extra[@]}"} --methods "$methods" --seeds "$seeds" --iterations "$iterations" --count 100 \
      --out "$out/$name" >"$out/$name.csv" 2>"$out/$name.log"
  echo "bench-converged: $name done in $(( (SECONDS - t0) / 60 )) min $(( (SECONDS - t0) % 60 )) s" >&2
}

seed_peers() { # TASK B: a new peer table starts with the budget stage's finished seed-1 runs of cgml and cimle (the
  # same command trained them; each keeps its config.json and provenance), so they are not trained twice
  local task="$1" b="$2" from="$out/$1/budget-$2" to="$out/$1/peers-$2" m
  [ ! -e "$to" ] && [ -f "$from/bench.json" ] || return 0
  for m in cgml cimle; do
    [ -f "$from/default/$m/seed-1/figures.csv" ] || continue
    mkdir -p "$to/default/$m"
    [ -f "$to/bench.json" ] || cp "$from/bench.json" "$to/bench.json"
    cp -a "$from/default/$m/seed-1" "$to/default/$m/seed-1"
    echo "bench-converged: $task/peers-$b starts from $task/budget-$b/default/$m/seed-1 (finished, same settings)" >&2
  done
}

check() { # TASK B: each method's figure at B and 2B, the change and the verdict
  local task="$1" b="$2" filter metric unit
  read -r filter metric unit <<<"$(figure_of "$task")"
  awk -F, -v f="$filter" -v m="$metric" -v u="$unit" -v b="$b" -v task="$task" '
    FNR == 1 { file++; next }
    $5 == m && (f == "-" ? $2 !~ /view=/ || $2 ~ /view=$/ : index($2, f) > 0) && $3 != "truth" {
      v[file, $3] = $6; seen[$3] = 1 }
    END {
      printf "task,method,metric,at_B,at_2B,change,limit,converged\n"
      for (meth in seen) {
        if (!((1, meth) in v) || !((2, meth) in v)) continue
        a = v[1, meth]; c = v[2, meth]
        if (u == "dB") { d = c - a; lim = 0.2; ok = (d < 0 ? -d : d) < lim }
        else { d = (c - a) / (a == 0 ? 1 : a) * 100; lim = 2; ok = (d < 0 ? -d : d) < lim }
        printf "%s,%s,%s,%.4f,%.4f,%+.4f%s,%s%s,%s\n", task, meth, m, a, c, d, (u == "dB" ? " dB" : " %"), lim,
            (u == "dB" ? " dB" : " %"), (ok ? "yes" : "no")
      }
    }' "$out/$task/budget-$b/results.csv" "$out/$task/budget-$((2 * b))/results.csv"
}

stage="${1:-}"
[ -n "$stage" ] || { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
shift
tasks=("$@")
[ ${#tasks[@]} -gt 0 ] || tasks=(toy mnist inpainting colorization sketch2image spectral)
for task in "${tasks[@]}"; do
  read -r -a targs <<<"$(args_of "$task")"
  b="$(budget_of "$task")"
  case "$stage" in
    budget)
      bench "$task/budget-$b" cgml,cimle 1 "$b" "${targs[@]}"
      bench "$task/budget-$((2 * b))" cgml,cimle 1 "$((2 * b))" "${targs[@]}"
      check "$task" "$b" | tee "$out/$task/budget-check-$b.csv" ;;
    peers) seed_peers "$task" "$b"
           bench "$task/peers-$b" "$peers" 1,2,3 "$b" "${targs[@]}" ;;
    lr) lr="${LR:-2e-4}"
        bench "$task/lr-$lr-$b" "$(echo "$peers" | tr ',' '\n' | sed "s/\$/:learning_rate=$lr/" | paste -sd, -)" 1 "$b" \
            "${targs[@]}" ;;
    fresh) bench "$task/fresh-$b" cgml,cimle 4,5,6 "$b" "${targs[@]}" ;;
    *) echo "bench-converged: unknown stage '$stage' (budget, peers, lr, fresh)" >&2; exit 2 ;;
  esac
done
