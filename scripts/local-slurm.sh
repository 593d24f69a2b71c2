#!/usr/bin/env bash
# A single-node Slurm on this machine, from Debian's packages (slurmctld,
# slurmd, slurm-client, munge), for `neurotile sweep --engine slurm` and its
# tests. Everything lives under build/slurm: the configuration, munge's key
# and socket, the controller's state, slurmd's spool, logs, pid files.
#
#   scripts/local-slurm.sh start    start munged, slurmctld, slurmd; wait until the node is idle
#   scripts/local-slurm.sh stop     stop exactly the daemons `start` started (their pid files)
#   scripts/local-slurm.sh status   which daemons run, and sinfo
#   scripts/local-slurm.sh env      prints `export SLURM_CONF=...` (eval it to use sbatch & co.)
#
# Choices (slurm-wlm 22.05, in a sandbox without systemd):
# - munged runs as root with --force (/dev/null is not writable by the munge
#   user here), with its own key and socket, so it never meets a system munged.
# - SlurmUser=root, ProctrackType=proctrack/linuxproc, TaskPlugin=task/none
#   (no cgroups needed), SelectType=select/cons_tres with CR_CPU, one node
#   with CPUs=$(nproc).
# - sacct without a database: AccountingStorageType=accounting_storage/none
#   makes plain `sacct` refuse, but JobCompType=jobcomp/filetxt writes one
#   line per finished job (every array task too) and `sacct --completion`
#   (-c) reads it back: state, exit code, start and end of every task.
#   slurmdbd (and the MariaDB it needs) is left out: too heavy for a test.
# - SchedulerParameters=kill_invalid_depend: a merge job whose afterok
#   dependency can never be met is cancelled instead of pending forever.
# - The daemons run in the foreground (-D / -F) in the background of this
#   script, so the pid files hold exactly the processes started here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
DIR=${NEUROTILE_SLURM_DIR:-$ROOT/build/slurm}
CTLD_PORT=${NEUROTILE_SLURMCTLD_PORT:-6817}
SLURMD_PORT=${NEUROTILE_SLURMD_PORT:-6818}
CONF=$DIR/slurm.conf
SOCKET=$DIR/munge/munge.socket.2
NODE=$(hostname -s)

say() { printf 'local-slurm: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

need_tools() {
  local missing=()
  for t in munged slurmctld slurmd sbatch squeue sacct sinfo scancel; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing ${missing[*]}: apt-get install slurmctld slurmd slurm-client munge (or scripts/setup.sh)"
}

write_conf() {
  local cpus mem
  cpus=$(nproc)
  # Most of the memory, in MB (a RealMemory above the real one drains the node).
  mem=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  cat >"$CONF.tmp" <<EOF
# Written by scripts/local-slurm.sh: a single-node Slurm for neurotile's tests.
ClusterName=neurotile
SlurmctldHost=$NODE
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.daemon.pid
SlurmdPidFile=$DIR/run/slurmd.daemon.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/jobcomp.log
SchedulerParameters=kill_invalid_depend
SchedulerType=sched/backfill
MaxArraySize=100001
MinJobAge=300
SlurmctldTimeout=30
SlurmdTimeout=60
NodeName=$NODE CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

start() {
  need_tools
  if alive "$DIR/run/munged.pid" || alive "$DIR/run/slurmctld.pid" || alive "$DIR/run/slurmd.pid"; then
    say "already running (scripts/local-slurm.sh status)"
    return 0
  fi
  mkdir -p "$DIR"/{munge,state,spool,run,log}
  chmod 700 "$DIR/munge"
  write_conf
  if [ ! -s "$DIR/munge/munge.key" ]; then
    dd if=/dev/urandom of="$DIR/munge/munge.key.tmp" bs=1024 count=1 status=none
    chmod 600 "$DIR/munge/munge.key.tmp"
    mv "$DIR/munge/munge.key.tmp" "$DIR/munge/munge.key"
  fi
  munged -F --force --socket="$SOCKET" --key-file="$DIR/munge/munge.key" \
    --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/munged.seed" \
    </dev/null >>"$DIR/log/munged.out" 2>&1 &
  echo $! >"$DIR/run/munged.pid"
  for _ in $(seq 50); do [ -S "$SOCKET" ] && break; sleep 0.2; done
  [ -S "$SOCKET" ] || { stop; die "munged did not start: $DIR/log/munged.log"; }

  SLURM_CONF=$CONF slurmctld -D -f "$CONF" </dev/null >>"$DIR/log/slurmctld.out" 2>&1 &
  echo $! >"$DIR/run/slurmctld.pid"
  SLURM_CONF=$CONF slurmd -D -f "$CONF" -N "$NODE" </dev/null >>"$DIR/log/slurmd.out" 2>&1 &
  echo $! >"$DIR/run/slurmd.pid"

  # Ready when the node is idle (or mixed/allocated from jobs of an earlier run).
  local state=""
  for _ in $(seq 120); do
    alive "$DIR/run/slurmctld.pid" || { stop; die "slurmctld exited: $DIR/log/slurmctld.log"; }
    alive "$DIR/run/slurmd.pid" || { stop; die "slurmd exited: $DIR/log/slurmd.log"; }
    state=$(SLURM_CONF=$CONF sinfo -h -n "$NODE" -o %T 2>/dev/null || true)
    case "$state" in idle* | mixed* | allocated*) break ;; esac
    sleep 0.5
  done
  case "$state" in
    idle* | mixed* | allocated*) say "up: node $NODE ($(nproc) CPUs) $state; export SLURM_CONF=$CONF" ;;
    *) stop; die "node $NODE did not become idle (state '${state:-none}'): $DIR/log/" ;;
  esac
}

stop_one() {
  local name=$1 pidfile=$DIR/run/$1.pid
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name (pid $pid) ignored SIGTERM: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}

stop() {
  # slurmd first (it ends the job steps it runs), munged last (the others talk through it).
  stop_one slurmd
  stop_one slurmctld
  stop_one munged
  say "stopped"
}

status() {
  local up=0
  for d in munged slurmctld slurmd; do
    if alive "$DIR/run/$d.pid"; then
      printf '%-10s running (pid %s)\n' "$d" "$(cat "$DIR/run/$d.pid")"
      up=$((up + 1))
    else
      printf '%-10s stopped\n' "$d"
    fi
  done
  if [ "$up" -eq 3 ]; then
    SLURM_CONF=$CONF sinfo
    return 0
  fi
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) printf 'export SLURM_CONF=%q\n' "$CONF" ;;
  *) die "usage: scripts/local-slurm.sh start|stop|status|env" ;;
esac
