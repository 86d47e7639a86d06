#!/usr/bin/env bash
# Resident memory of a cgml command over its run: does it stay flat?
#
#   scripts/memory.sh [--every SECONDS] [--series FILE.csv] COMMAND [ARGS...]
#   e.g. scripts/memory.sh ./cgml train --task toy --iterations 5000 --out runs/toy-memory
#
# Runs COMMAND (its output goes to this script's stderr), samples VmRSS of its java process from /proc/PID/status
# every SECONDS (default 0.5), and prints on stdout, one "name<TAB>value" line each:
#   basis           progress: the 20 % point is the first sample after the command's progress line
#                   "iteration N/M" reached N >= M/5, the 100 % point the last sample before the line N = M
#                   appeared: the last iterations, before the closing checkpoint, export and plots (cgml train
#                   prints these lines; for a bench, its first run's lines count);
#                   time: no progress line was seen, so they are the sample nearest 20 % of the time from
#                   the start to the last sample, and the last sample
#   rss_20_kb       VmRSS at the 20 % point, kB
#   rss_100_kb      VmRSS at the 100 % point, kB
#   growth_percent  (rss_100 - rss_20) / rss_20 * 100, two decimals
#   peak_kb         the largest VmRSS sampled (the export and plots after the last iteration included)
#   last_kb         the last VmRSS sampled before the process ended
#   samples         how many samples were taken
#   exit_code       COMMAND's exit code (the script exits with it too)
# --series FILE.csv also writes every sample: seconds,rss_kb,iteration,iterations.
set -euo pipefail
every=0.5
series=""
while [ $# -gt 0 ]; do
  case "$1" in
    --every) every="$2"; shift 2 ;;
    --series) series="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "memory.sh: give the command to run, e.g. scripts/memory.sh ./cgml train --task toy --out runs/x" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="$work/output"
samples="$work/samples"
: >"$samples"

# the command's stdout and stderr both go to our stderr and to the log the sampler reads progress from
"$@" > >(tee -a "$log" >&2) 2>&1 &
cmd=$!

java_of() { # the java process: the command itself (the cgml launcher execs java) or a descendant
  local p="$1" c
  [ -r "/proc/$p/comm" ] || return 1
  if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ]; then echo "$p"; return 0; fi
  for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do
    java_of "$c" && return 0
  done
  return 1
}

start=$(date +%s.%N)
java=""
while kill -0 "$cmd" 2>/dev/null; do
  if [ -z "$java" ] || [ ! -r "/proc/$java/status" ]; then
    java="$(java_of "$cmd" || true)"
  fi
  if [ -n "$java" ]; then
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$java/status" 2>/dev/null || true)
    if [ -n "$rss" ]; then
      progress=$(grep -ao 'iteration [0-9]*/[0-9]*' "$log" 2>/dev/null | tail -1 | tr -dc '0-9/' | tr / ' ' || true)
      now=$(date +%s.%N)
      echo "$(awk -v a="$start" -v b="$now" 'BEGIN {printf "%.2f", b - a}') $rss ${progress:-- -}" >>"$samples"
    fi
  fi
  sleep "$every"
done
set +e
wait "$cmd"
code=$?
set -e

if [ -n "$series" ]; then
  { echo "seconds,rss_kb,iteration,iterations"; tr ' ' , <"$samples" | sed 's/,-/,/g'; } >"$series"
fi
awk -v code="$code" '
  { t[NR] = $1; r[NR] = $2; it[NR] = $3; all[NR] = $4; if ($2 > peak) peak = $2 }
  $3 != "-" && !a && $3 * 5 >= $4 { a = NR }
  $3 != "-" && !b && $3 == $4 { b = NR > 1 && it[NR - 1] != "-" ? NR - 1 : NR }
  END {
    n = NR
    if (n == 0) { print "memory.sh: no sample of a java process was taken (did the command start java?)" > "/dev/stderr"; exit 1 }
    if (a && b) { basis = "progress" } else {
      basis = "time"; a = 1; best = -1
      for (i = 1; i <= n; i++) { d = t[i] - 0.2 * t[n]; if (d < 0) d = -d; if (best < 0 || d < best) { best = d; a = i } }
      b = n
    }
    printf "basis\t%s\nrss_20_kb\t%d\nrss_100_kb\t%d\ngrowth_percent\t%.2f\npeak_kb\t%d\nlast_kb\t%d\nsamples\t%d\nexit_code\t%d\n",
      basis, r[a], r[b], (r[b] - r[a]) * 100 / r[a], peak, r[n], n, code
  }' "$samples"
exit "$code"
