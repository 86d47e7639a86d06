#!/usr/bin/env bash
# A private one-node Slurm (Debian 12's 22.05) cluster for the tests: its own munged, slurmctld and slurmd,
# all state, config, logs and pid files under one directory, no systemd, no /etc/slurm or /etc/munge.
#
#   scripts/slurm-cluster.sh start     start munged, slurmctld, slurmd (installing the Debian packages
#                                      slurmctld slurmd slurm-client munge first if missing and we are root),
#                                      wait until the node is idle, print "export SLURM_CONF=DIR/slurm.conf"
#                                      on stdout: eval "$(scripts/slurm-cluster.sh start)"
#                                      (idempotent: already up and answering, it only prints that line)
#   scripts/slurm-cluster.sh stop      cancel the cluster's jobs, stop the daemons started here (by the pids in
#                                      their pid files: TERM, up to 10 s, then KILL); exits 0 if nothing ran
#   scripts/slurm-cluster.sh status    sinfo's output and exit 0 if the cluster answers, exit 1 otherwise
#   scripts/slurm-cluster.sh env       print the export line
#
# Environment: CGML_SLURM_DIR (default /tmp/cgml-slurm) holds everything: slurm.conf, munge/ (key, socket,
# munged's pid/log/seed), state/, spool/, run/ (pid files), log/. CGML_SLURM_PORT (default 6817) is
# SlurmctldPort, slurmd listens on CGML_SLURM_PORT+1. CGML_SLURM_TIMEOUT (default 30) is how many seconds
# start waits for the node to come up. Messages go to stderr; stdout carries only the export line (start,
# env) or sinfo's output (status).
#
# CGML_SLURM_CRED_EXPIRE (default 10 s; Slurm's own default is 120) is AuthInfo's cred_expire, the job
# credential lifetime, which is also how long a requeued job must wait before it starts again.
#
# Notes (Slurm 22.05.8): no accounting storage, so no sacct: poll "squeue -h -j ID" until it is empty, or read
# "scontrol show job ID" while MinJobAge (120 s) keeps a finished job. No cgroup.conf: proctrack/linuxproc,
# task/none; a background process a job leaves behind (reparented to init once the batch shell exits) is not
# killed when the job ends. "scancel --signal=TERM ID" alone signals only srun steps: --batch signals the
# batch shell alone (its trap runs at once while it sits in "wait", only after a foreground command ends
# otherwise), --full the shell and its children. A job requeued (scontrol requeue) pends with Reason=BeginTime
# until the requeue time + cred_expire + 1 s, then starts at the next scheduling pass (sched_interval=10,
# bf_interval=5); scontrol release does not shorten that, "scontrol update jobid=ID starttime=now" does, but
# not within the second of the requeue (the launch then fails: "Job credential revoked"). SLURM_RESTART_COUNT
# is unset in a job's first run and N in its Nth rerun; a rerun truncates the output file unless the job was
# submitted with --open-mode=append.
set -euo pipefail

PATH=$PATH:/usr/sbin:/sbin
umask 022   # other users read slurm.conf and the pid files
dir=${CGML_SLURM_DIR:-/tmp/cgml-slurm}
case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
dir=${dir%/}
port=${CGML_SLURM_PORT:-6817}
timeout_s=${CGML_SLURM_TIMEOUT:-30}
cred_expire=${CGML_SLURM_CRED_EXPIRE:-10}
conf=$dir/slurm.conf
mdir=$dir/munge
socket=$mdir/munge.socket
run=$dir/run
logs=$dir/log

say() { printf 'slurm-cluster: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
env_line() { printf 'export SLURM_CONF=%q\n' "$conf"; }
if ! [[ $port =~ ^[0-9]+$ ]] || (( port < 1 || port > 65534 )); then die "CGML_SLURM_PORT=$port is not a port number (< 65535)"; fi
[[ $cred_expire =~ ^[0-9]+$ ]] || die "CGML_SLURM_CRED_EXPIRE=$cred_expire is not a number of seconds"

pidfile() { # daemon name -> its pid file
  case $1 in
    munged) echo "$mdir/munged.pid" ;;
    *) echo "$run/$1.pid" ;;
  esac
}

pid_of() { # prints the pid of our daemon $1 and succeeds if it runs: pid file, same name, started with $dir
  local f pid comm
  f=$(pidfile "$1")
  [[ -s $f ]] || return 1
  pid=$(head -n1 "$f" 2>/dev/null | tr -dc 0-9) || return 1
  [[ -n $pid ]] || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [[ $comm == "$1" ]] || return 1
  tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/" || return 1
  echo "$pid"
}

running() { pid_of "$1" > /dev/null; }

slurm() { SLURM_CONF=$conf timeout 10 "$@"; }

answers() { # the controller answers sinfo
  [[ -f $conf ]] && running slurmctld && slurm sinfo -h -o %T > /dev/null 2>&1
}

node_state() { slurm sinfo -h -o %T 2> /dev/null | head -n1 | tr -dc 'a-z_' || true; }

registered() { # the controller has heard from the slurmd started at $slurmd_since (its state may be an old one)
  local t
  (( slurmd_since == 0 )) && return 0
  t=$(slurm scontrol show node "$(hostname -s)" 2> /dev/null | grep -o 'SlurmdStartTime=[^ ]*' | cut -d= -f2) || return 1
  t=$(date -d "$t" +%s 2> /dev/null) || return 1
  (( t >= slurmd_since - 1 ))
}

tails() { # the daemons' logs, to stderr
  local f
  for f in "$mdir/munged.log" "$logs/slurmctld.log" "$logs/slurmd.log" "$logs"/*.stdout; do
    [[ -s $f ]] || continue
    printf '==> %s <==\n' "$f" >&2
    tail -n 25 "$f" >&2
  done
}

install_packages() {
  local b missing=()
  for b in slurmctld slurmd sbatch munged; do command -v "$b" > /dev/null || missing+=("$b"); done
  (( ${#missing[@]} == 0 )) && return 0
  (( EUID == 0 )) || die "missing ${missing[*]}: run as root (installs the Debian packages slurmctld slurmd slurm-client munge) or install them"
  say "installing slurmctld slurmd slurm-client munge (missing: ${missing[*]})"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurmctld slurmd slurm-client munge)
  if ! "${apt[@]}" < /dev/null >&2; then
    say "apt-get install failed: apt-get update, then again"
    apt-get update -q < /dev/null >&2
    "${apt[@]}" < /dev/null >&2
  fi
  for b in slurmctld slurmd sbatch munged; do command -v "$b" > /dev/null || die "$b is still missing after installing"; done
}

write_conf() {
  local host cpus mem tmp
  host=$(hostname -s)
  cpus=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)
  mem=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  tmp=$conf.tmp.$$
  cat > "$tmp" <<EOF
# Written by scripts/slurm-cluster.sh: a private one-node cluster, everything under $dir
ClusterName=cgml
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket,cred_expire=$cred_expire
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$run/slurmctld.pid
SlurmdPidFile=$run/slurmd.pid
SlurmctldLogFile=$logs/slurmctld.log
SlurmdLogFile=$logs/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=10,bf_interval=5
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
JobRequeue=1
KillWait=5
MinJobAge=120
InactiveLimit=0
MailProg=/bin/true
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  if [[ -f $conf ]] && cmp -s "$tmp" "$conf"; then rm -f "$tmp"; else mv -f "$tmp" "$conf"; fi
}

start_munged() {
  running munged && return 0
  getent passwd munge > /dev/null || die "no user munge (the munge package creates it)"
  # munged wants: the key owned by its user and private, its directories not writable by others,
  # the socket's directory searchable by all (clients of any user connect)
  install -d -m 0755 -o munge -g munge "$mdir"
  if [[ ! -s $mdir/munge.key ]]; then
    say "creating the munge key $mdir/munge.key"
    (umask 077; dd if=/dev/urandom of="$mdir/munge.key" bs=1024 count=1 status=none)
  fi
  chown munge:munge "$mdir/munge.key"
  chmod 0400 "$mdir/munge.key"
  rm -f "$mdir/munged.pid"
  say "starting munged"
  started=(munged "${started[@]}")
  runuser -u munge -- munged --key-file="$mdir/munge.key" --socket="$socket" --pid-file="$mdir/munged.pid" \
    --log-file="$mdir/munged.log" --seed-file="$mdir/munged.seed" < /dev/null >> "$logs/munged.stdout" 2>&1 \
    || { tails; die "munged did not start"; }
  local i
  for i in $(seq 50); do running munged && [[ -S $socket ]] && return 0; sleep 0.1; done
  tails; die "munged did not come up"
}

started=()       # the daemons this start started: stopped again if it fails
cleanup_failed_start() {
  local rc=$?
  if (( rc != 0 && ${#started[@]} )); then
    say "start failed: stopping what it started (${started[*]})"
    stop_daemons "${started[@]}" || true
  fi
  return "$rc"
}
slurmd_since=0   # when start_daemon started slurmd (epoch seconds), 0 if it ran already
start_daemon() { # slurmctld | slurmd: they daemonize and write their pid files
  running "$1" && return 0
  rm -f "$(pidfile "$1")"
  say "starting $1"
  [[ $1 == slurmd ]] && slurmd_since=$(date +%s)
  started=("$1" "${started[@]}")
  "$1" -f "$conf" < /dev/null >> "$logs/$1.stdout" 2>&1 || { tails; die "$1 did not start"; }
  local i
  for i in $(seq 50); do running "$1" && return 0; sleep 0.1; done
  tails; die "$1 did not come up"
}

cmd_start() {
  if answers && running slurmd && running munged; then
    say "already running ($conf)"
    env_line
    return 0
  fi
  if (( EUID != 0 )); then
    die "the private cluster in $dir is not running, and starting it needs root (sudo $0 start)"
  fi
  install_packages
  trap cleanup_failed_start EXIT
  # a folder of this script's (it holds .cgml-slurm), or a new or empty one: never another's files
  if [[ -d $dir && ! -f $dir/.cgml-slurm && -n $(ls -A "$dir" 2> /dev/null) ]]; then
    die "$dir is not empty and was not made by this script (no .cgml-slurm): set CGML_SLURM_DIR to another folder"
  fi
  if [[ ! -d $dir ]]; then mkdir -p "$dir"; chmod 0755 "$dir"; fi   # all users reach the munge socket
  touch "$dir/.cgml-slurm"
  mkdir -p "$dir/state" "$dir/spool" "$run" "$logs"
  # a running controller keeps the config it was started with
  if ! running slurmctld && ! running slurmd; then write_conf; fi
  start_munged
  start_daemon slurmctld
  start_daemon slurmd
  local t0=$SECONDS state=""
  while (( SECONDS - t0 < timeout_s )); do
    state=$(node_state)
    registered || state="$state, slurmd not registered yet"
    case $state in
      idle|mixed|allocated|completing)
        say "up: node $(hostname -s) $state, $conf"
        env_line
        return 0 ;;
    esac
    for d in munged slurmctld slurmd; do running "$d" || { tails; die "$d exited"; }; done
    sleep 0.5
  done
  tails
  die "the node did not become idle within ${timeout_s} s (state: ${state:-no answer})"
}

stop_daemons() { # names: TERM them together, wait up to 10 s, KILL those still there
  local name pid i alive pids=() names=()
  for name in "$@"; do
    if pid=$(pid_of "$name"); then
      say "stopping $name ($pid)"
      kill -TERM "$pid" 2> /dev/null || true
      pids+=("$pid"); names+=("$name")
    else
      rm -f "$(pidfile "$name")"
    fi
  done
  (( ${#pids[@]} )) || return 0
  for i in $(seq 100); do
    alive=0
    for pid in "${pids[@]}"; do [[ -d /proc/$pid ]] && alive=1; done
    (( alive )) || break
    sleep 0.1
  done
  for i in "${!pids[@]}"; do
    if [[ -d /proc/${pids[i]} ]]; then
      say "${names[i]} (${pids[i]}) still there after 10 s: KILL"
      kill -KILL "${pids[i]}" 2> /dev/null || true
    fi
  done
  for i in "${!pids[@]}"; do
    for _ in $(seq 20); do [[ -d /proc/${pids[i]} ]] || break; sleep 0.1; done
    rm -f "$(pidfile "${names[i]}")"
  done
}

cmd_stop() {
  local jobs pending i
  if answers; then
    jobs=$(slurm squeue -h -o %A 2> /dev/null | sort -u | tr '\n' ' ') || jobs=""
    if [[ -n ${jobs// /} ]]; then
      say "cancelling jobs $jobs"
      # shellcheck disable=SC2086
      slurm scancel $jobs 2> /dev/null || true
      # KillWait=5: give the steps time to end before slurmd goes; a job whose TERM trap requeues
      # itself comes back as pending: cancel those again
      for i in $(seq 40); do
        jobs=$(slurm squeue -h -o %A 2> /dev/null) || break
        [[ -z $jobs ]] && break
        pending=$(slurm squeue -h -t PENDING -o %A 2> /dev/null | tr '\n' ' ') || pending=""
        # shellcheck disable=SC2086
        [[ -n ${pending// /} ]] && { slurm scancel $pending 2> /dev/null || true; }
        sleep 0.5
      done
    fi
  fi
  stop_daemons slurmd slurmctld
  stop_daemons munged
  return 0
}

cmd_status() {
  answers || { say "not running ($dir)"; return 1; }
  slurm sinfo
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) env_line ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
