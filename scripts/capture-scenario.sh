#!/usr/bin/env bash
# JSON snippets and recorded command strings are literal on purpose:
# shellcheck disable=SC2089,SC2090,SC2016
# Make one scenario capture with a KNOWN cause on this machine, with the real collector:
#   lib/snapshot/fixtures/scenarios/<name>.tar.gz   the collector's bundle, untouched
#   lib/snapshot/fixtures/scenarios/<name>.json     load/setup/cleanup commands, cause, host facts,
#                                                    quiet gate, foreign-process CPU, attempts
#
#   sudo scripts/capture-scenario.sh NAME [--attempts N] [--duration S] [--out DIR] [--keep-cleaner]
#   scripts/capture-scenario.sh --list
#
# Needs root (cgroups, network namespaces, nftables), stress-ng, fio, iperf3, nftables, iproute2,
# sysstat, and node (for scripts/scenario-summary.mjs). See lib/snapshot/fixtures/scenarios/README.md.
#
# Per attempt: setup -> wait until the host is quiet (CPU busy < QUIET_MAX % over 5 s, at most
# QUIET_WAIT_MAX s) -> start the load in its own process group -> WARMUP s later run the collector
# for DURATION s -> kill the load's process group -> cleanup. The foreign-process CPU (mean %CPU of
# processes that are neither the load, the collector's tools nor kernel threads, from the bundle's
# pidstat) decides whether to retry (up to ATTEMPTS); the cleanest attempt is kept. Cleanup also
# runs on error, INT and TERM.

set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COLLECTOR_REL=collector/warroom-collect
OUT=$ROOT/lib/snapshot/fixtures/scenarios
DURATION=35
WARMUP=5
ATTEMPTS=3
FOREIGN_MAX=30 # % of one CPU
QUIET_MAX=15   # % host CPU busy over 5 s
QUIET_WAIT_MAX=180

SCENARIOS=(idle-baseline cpu-all-cores cpu-single-thread cpu-system-time disk-random-io
  memory-cgroup-pressure cpu-cgroup-throttling tcp-retransmits interface-drops context-switch-storm
  cpu-all-cores-fixed disk-random-io-fixed tcp-retransmits-fixed
  heldout-cpu-busy-3workers heldout-disk-seqwrite heldout-memory-cgroup-oom heldout-tcp-loss-10pct)

log() { printf '[capture %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

NAME=
KEEP_CLEANER=0
while [ $# -gt 0 ]; do
  case $1 in
  --attempts) ATTEMPTS=$2; shift 2 ;;
  --duration) DURATION=$2; shift 2 ;;
  --out) OUT=$2; shift 2 ;;
  --keep-cleaner) KEEP_CLEANER=1; shift ;;
  --list) printf '%s\n' "${SCENARIOS[@]}"; exit 0 ;;
  -h | --help) sed -n '4,22p' "$0"; exit 0 ;;
  -*) die "unknown option $1" ;;
  *) NAME=$1; shift ;;
  esac
done
[ -n "$NAME" ] || die "usage: $0 NAME (one of: ${SCENARIOS[*]})"
[ "$(id -u)" = 0 ] || die "run as root (cgroups, network namespaces, nftables)"

# ------------------------------------------------------------------------------------------------
# Scenario definitions. Commands are strings run with `bash -c` and recorded verbatim in the json.

LABEL='' DOMAIN='' WHAT='' SECONDARY='[]' HELD_OUT=false RESOLVES=null
LOAD='' LOAD_CGROUPS='' SCENARIO_RE='' COLLECT_PREFIX='' COLLECT_ARGS='' NOTES=''
SETUP=() CLEANUP=()

FIO_RAND=/var/tmp/warroom-fio-randrw.dat
FIO_SEQ=/var/tmp/warroom-fio-seqwrite.dat
NS_CLI=wr-cli NS_SRV=wr-srv
IP_CLI=10.211.0.1 IP_SRV=10.211.0.2

netns_setup() { # $1: client MTU
  SETUP+=(
    "ip netns add $NS_CLI"
    "ip netns add $NS_SRV"
    "ip link add wr-c type veth peer name wr-s"
    "ip link set wr-c netns $NS_CLI"
    "ip link set wr-s netns $NS_SRV"
    "ip -n $NS_CLI addr add $IP_CLI/24 dev wr-c"
    "ip -n $NS_SRV addr add $IP_SRV/24 dev wr-s"
    "ip -n $NS_CLI link set lo up"
    "ip -n $NS_SRV link set lo up"
    "ip -n $NS_CLI link set wr-c mtu $1 up"
    "ip -n $NS_SRV link set wr-s mtu 1500 up"
  )
}
nft_loss() { # $1: percent
  SETUP+=("ip netns exec $NS_SRV nft add table inet warroom_loss"
    "ip netns exec $NS_SRV nft add chain inet warroom_loss input '{ type filter hook input priority 0; policy accept; }'"
    "ip netns exec $NS_SRV nft add rule inet warroom_loss input ip saddr $IP_CLI tcp dport 5201 numgen random mod 100 '<' $1 counter drop")
}
iperf_server() { # ports
  for port in "$@"; do
    SETUP+=("ip netns exec $NS_SRV iperf3 -s -D -p $port --logfile /tmp/warroom-iperf3-server-$port.log")
  done
}
netns_cleanup() {
  CLEANUP+=(
    "ip netns exec $NS_SRV nft list ruleset"
    "for ns in $NS_CLI $NS_SRV; do ip netns pids \$ns 2>/dev/null | xargs -r kill -KILL; done"
    "ip netns del $NS_CLI"
    "ip netns del $NS_SRV"
    "rm -f /tmp/warroom-iperf3-server-*.log"
  )
}
cgroup_setup() { # $1 name; rest: "file=value" for cpu or memory
  local cg=$1
  shift
  for c in cpu cpuacct memory; do SETUP+=("mkdir -p /sys/fs/cgroup/$c/$cg"); done
  for kv in "$@"; do SETUP+=("echo ${kv#*=} > /sys/fs/cgroup/${kv%%=*}"); done
  LOAD_CGROUPS="/sys/fs/cgroup/cpu/$cg/cgroup.procs /sys/fs/cgroup/cpuacct/$cg/cgroup.procs /sys/fs/cgroup/memory/$cg/cgroup.procs"
  COLLECT_ARGS="--cgroup /$cg"
  CLEANUP+=("for c in cpu cpuacct memory; do [ -d /sys/fs/cgroup/\$c/$cg ] && xargs -r kill -KILL < /sys/fs/cgroup/\$c/$cg/cgroup.procs; done; sleep 1"
    "rmdir /sys/fs/cgroup/cpu/$cg /sys/fs/cgroup/cpuacct/$cg /sys/fs/cgroup/memory/$cg")
}

case $NAME in
idle-baseline)
  LABEL=healthy DOMAIN=null WHAT="quiet machine, no synthetic load (baseline)"
  ;;
cpu-all-cores | cpu-all-cores-fixed)
  LABEL=cpu-saturation DOMAIN=cpu WHAT="2 CPU-bound stress-ng workers on a 2-vCPU host: every CPU ~100% user time, run queue >= nCpu"
  SECONDARY='["user-time","all-cpus-busy","run-queue-above-ncpu","load-average-rising"]'
  LOAD="stress-ng --cpu 2 --timeout 60s --metrics-brief" SCENARIO_RE='^stress-ng'
  if [ "$NAME" = cpu-all-cores-fixed ]; then
    LABEL=resolved DOMAIN=null RESOLVES='"cpu-all-cores"' SECONDARY='["load-average-decaying"]' LOAD=
    WHAT="after the fix for cpu-all-cores: the stress-ng workers are gone, same host, no other change"
  fi
  ;;
cpu-single-thread)
  LABEL=cpu-single-thread-bound DOMAIN=cpu WHAT="one busy thread pinned to CPU 1: CPU 1 ~100% user, CPU 0 idle, host average ~50%"
  SECONDARY='["user-time","one-cpu-saturated","host-average-misleading"]'
  LOAD="taskset -c 1 stress-ng --cpu 1 --timeout 60s --metrics-brief" SCENARIO_RE='^stress-ng'
  ;;
cpu-system-time)
  LABEL=cpu-system-time DOMAIN=cpu WHAT="2 stress-ng --urandom workers reading /dev/urandom: CPUs busy in the kernel (%sys ~95%, %usr low)"
  SECONDARY='["all-cpus-busy","kernel-time","run-queue-above-ncpu"]'
  LOAD="stress-ng --urandom 2 --timeout 60s --metrics-brief" SCENARIO_RE='^stress-ng'
  NOTES="Chosen by measuring candidates with pidstat on this kernel: --urandom ~97% sys; --sock ~95% sys but half idle (blocking); --null/--get ~90% sys; --fault ~95% sys at low utilisation."
  ;;
disk-random-io | disk-random-io-fixed)
  LABEL=disk-saturation DOMAIN=disk WHAT="fio 4k random read/write (70/30), iodepth 32, direct I/O (libaio) on a 1 GiB file in /var/tmp on vda: device busy, deep queue"
  SECONDARY='["high-util","high-queue-depth","high-iops","iowait"]'
  SETUP=("fio --name=layout --filename=$FIO_RAND --size=1G --rw=write --bs=1M --direct=1 --ioengine=libaio --iodepth=8 --output=/dev/null" "sync")
  CLEANUP=("rm -f $FIO_RAND")
  LOAD="fio --name=randrw --filename=$FIO_RAND --size=1G --rw=randrw --rwmixread=70 --bs=4k --iodepth=32 --ioengine=libaio --direct=1 --time_based --runtime=60 --group_reporting"
  SCENARIO_RE='^fio$'
  if [ "$NAME" = disk-random-io-fixed ]; then
    LABEL=resolved DOMAIN=null RESOLVES='"disk-random-io"' SECONDARY='[]' LOAD=
    WHAT="after the fix for disk-random-io: the fio job is stopped; the same 1 GiB file exists, nothing reads or writes it"
  fi
  ;;
heldout-disk-seqwrite)
  HELD_OUT=true LABEL=disk-saturation DOMAIN=disk WHAT="fio sequential write, 1 MiB blocks, iodepth 16, direct I/O (libaio) on a 2 GiB file in /var/tmp on vda: high write throughput, device busy"
  SECONDARY='["high-util","high-write-throughput","large-requests"]'
  SETUP=("fio --name=layout --filename=$FIO_SEQ --size=2G --rw=write --bs=1M --direct=1 --ioengine=libaio --iodepth=8 --output=/dev/null" "sync")
  CLEANUP=("rm -f $FIO_SEQ")
  LOAD="fio --name=seqwrite --filename=$FIO_SEQ --size=2G --rw=write --bs=1M --iodepth=16 --ioengine=libaio --direct=1 --time_based --runtime=60 --group_reporting"
  SCENARIO_RE='^fio$'
  ;;
memory-cgroup-pressure)
  LABEL=cgroup-memory-oom DOMAIN=container WHAT="a workload that allocates and touches 300 MiB inside a cgroup v1 memory cgroup limited to 256 MiB (swappiness 0, no swap): every attempt hits the limit and is OOM-killed; it is retried every ~2 s"
  SECONDARY='["memory-limit-reached","failcnt-rising","oom-kills-in-dmesg","host-memory-fine"]'
  cgroup_setup warroom-mem memory/warroom-mem/memory.limit_in_bytes=268435456 memory/warroom-mem/memory.swappiness=0
  LOAD="while :; do stress-ng --vm 1 --vm-bytes 300M --vm-hang 0 --oomable --timeout 20s; sleep 2; done" SCENARIO_RE='^stress-ng'
  NOTES="The collector reads this cgroup's files with --cgroup /warroom-mem and runs outside it: inside, its own processes would count against the 256 MiB and could be OOM-killed themselves. stress-ng --oomable exits when its worker is OOM-killed; the shell loop restarts it after 2 s (a crash loop). Without --oomable stress-ng restarts its worker at once, which gives ~13 OOM kills/s and mostly %sys CPU."
  ;;
heldout-memory-cgroup-oom)
  HELD_OUT=true LABEL=cgroup-memory-oom DOMAIN=container WHAT="a workload that allocates and touches 240 MiB inside a cgroup v1 memory cgroup limited to 192 MiB (swappiness 0, no swap): OOM-killed on every attempt, retried every ~3 s"
  SECONDARY='["memory-limit-reached","failcnt-rising","oom-kills-in-dmesg","host-memory-fine"]'
  cgroup_setup warroom-oom memory/warroom-oom/memory.limit_in_bytes=201326592 memory/warroom-oom/memory.swappiness=0
  LOAD="while :; do stress-ng --vm 1 --vm-bytes 240M --vm-hang 0 --oomable --timeout 20s; sleep 3; done" SCENARIO_RE='^stress-ng'
  ;;
cpu-cgroup-throttling)
  LABEL=cgroup-cpu-throttling DOMAIN=container WHAT="2 busy stress-ng workers in a cgroup v1 with a CPU quota of 50 ms per 100 ms (0.5 CPU): throttled nearly every period while the host is mostly idle"
  SECONDARY='["throttled-periods","throttled-time","host-cpu-not-saturated","quota-below-demand"]'
  cgroup_setup warroom-throttle cpu/warroom-throttle/cpu.cfs_period_us=100000 cpu/warroom-throttle/cpu.cfs_quota_us=50000
  LOAD="stress-ng --cpu 2 --timeout 60s --metrics-brief" SCENARIO_RE='^stress-ng'
  ;;
tcp-retransmits | tcp-retransmits-fixed | heldout-tcp-loss-10pct)
  pct=5
  [ "$NAME" = heldout-tcp-loss-10pct ] && pct=10 HELD_OUT=true
  LABEL=tcp-retransmits DOMAIN=network WHAT="iperf3 TCP at 100 Mbit/s between two network namespaces over a veth pair; nftables drops ${pct}% of the client's segments at the server (numgen random): the client retransmits"
  SECONDARY='["retransmits","packet-loss","no-interface-errors"]'
  netns_setup 1500
  [ "$NAME" = tcp-retransmits-fixed ] || nft_loss $pct
  iperf_server 5201
  netns_cleanup
  LOAD="ip netns exec $NS_CLI iperf3 -c $IP_SRV -p 5201 -b 100M -t 60" SCENARIO_RE='^iperf3$'
  COLLECT_PREFIX="ip netns exec $NS_CLI"
  NOTES="The collector runs in the client namespace ($NS_CLI) where /proc/net/snmp and sar -n ETCP are per-namespace. ip netns exec remounts /sys, which hides /sys/fs/cgroup: the cgroup files are recorded as missing in this bundle. The veth has TSO/GSO, so one dropped (GSO) packet can mean tens of retransmitted segments."
  if [ "$NAME" = tcp-retransmits-fixed ]; then
    LABEL=resolved DOMAIN=null RESOLVES='"tcp-retransmits"' SECONDARY='[]'
    WHAT="after the fix for tcp-retransmits: the nftables drop rule is removed, the same iperf3 traffic runs over the same veth pair"
  fi
  ;;
interface-drops)
  LABEL=interface-drops DOMAIN=network WHAT="MTU mismatch across a veth pair (client side 9000, server side 1500): iperf3 UDP datagrams of 3000 bytes at 20 Mbit/s are dropped at the 1500-MTU receiver, while a 20 Mbit/s TCP flow (MSS from the 1500 side) gets through"
  SECONDARY='["rx-dropped","no-rx-errors","no-tcp-retransmits"]'
  netns_setup 9000
  iperf_server 5201 5202
  netns_cleanup
  LOAD="ip netns exec $NS_CLI iperf3 -c $IP_SRV -p 5202 -b 20M -t 60 & ip netns exec $NS_CLI iperf3 -c $IP_SRV -p 5201 -u -b 20M -l 3000 -t 60; wait" SCENARIO_RE='^iperf3$'
  COLLECT_PREFIX="ip netns exec $NS_SRV"
  NOTES="Collector in the receiving namespace ($NS_SRV). The drops show as RX dropped on wr-s (ip -s link, /proc/net/dev, sar -n EDEV rxdrop/s); the sender's wr-c shows the same count as TX dropped. Not in tc -s qdisc (no qdisc drops) and not as rx errors. ip netns exec hides /sys/fs/cgroup: cgroup files recorded as missing."
  ;;
context-switch-storm)
  LABEL=context-switch-storm DOMAIN=system WHAT="stress-ng --switch 2 paced at 40000 switches/s per worker (pipe ping-pong): very high context-switch rate"
  SECONDARY='["high-cswch","system-time","run-queue"]'
  LOAD="stress-ng --switch 2 --switch-freq 40000 --timeout 60s --metrics-brief" SCENARIO_RE='^stress-ng'
  NOTES="Paced on purpose: an unpaced stress-ng --switch starves the capture tools (gaps of 20+ s), and so did a pace of 250000 per worker (the first capture, 2026-12-04: the tools caught the storm in fewer than 8 samples). At 40000 per worker the host switches ~190k times a second and the tools keep their 1 s pace."
  ;;
heldout-cpu-busy-3workers)
  HELD_OUT=true LABEL=cpu-saturation DOMAIN=cpu WHAT="3 CPU-bound stress-ng matrixprod workers on a 2-vCPU host: every CPU ~100% user, run queue above nCpu"
  SECONDARY='["user-time","all-cpus-busy","run-queue-above-ncpu"]'
  LOAD="stress-ng --cpu 3 --cpu-method matrixprod --timeout 60s --metrics-brief" SCENARIO_RE='^stress-ng'
  ;;
*) die "unknown scenario '$NAME' (one of: ${SCENARIOS[*]})" ;;
esac

# A capture judged healthy (baseline, after-fix) must be quieter than one with a synthetic load.
case $NAME in idle-baseline | *-fixed) FOREIGN_MAX=10 ;; esac

for t in node stress-ng fio iperf3 nft ip taskset timeout setsid; do
  command -v "$t" >/dev/null || die "$t is not installed"
done

# ------------------------------------------------------------------------------------------------

WORK=$(mktemp -d /tmp/warroom-scenario.XXXXXX)
LOAD_PGID=
cleanup_done=1

run_cmds() { # label, commands...
  local what=$1
  shift
  for c in "$@"; do
    log "$what: $c"
    bash -c "$c" >>"$WORK/$what.log" 2>&1 || log "$what: exit $? ($c)"
  done
}

stop_load() {
  if [ -n "$LOAD_PGID" ]; then
    kill -TERM -- "-$LOAD_PGID" 2>/dev/null
    for _ in 1 2 3 4 5; do
      kill -0 -- "-$LOAD_PGID" 2>/dev/null || break
      sleep 1
    done
    kill -KILL -- "-$LOAD_PGID" 2>/dev/null
    wait "$LOAD_PGID" 2>/dev/null
    LOAD_PGID=
  fi
}

do_cleanup() {
  stop_load
  if [ "$cleanup_done" = 0 ]; then
    cleanup_done=1
    run_cmds cleanup "${CLEANUP[@]}"
  fi
}

on_exit() {
  do_cleanup
  rm -rf "$WORK"
}
trap on_exit EXIT
trap 'log interrupted; exit 130' INT
trap 'log terminated; exit 143' TERM

cpu_busy_5s() {
  local a b
  read -ra a < <(grep '^cpu ' /proc/stat)
  sleep 5
  read -ra b < <(grep '^cpu ' /proc/stat)
  local t0=0 t1=0 i
  for i in 1 2 3 4 5 6 7 8; do
    t0=$((t0 + a[i]))
    t1=$((t1 + b[i]))
  done
  local idle=$(((b[4] + b[5]) - (a[4] + a[5]))) total=$((t1 - t0))
  [ "$total" -gt 0 ] || total=1
  echo $(((total - idle) * 1000 / total))
}

quiet_gate() { # prints "busy_pct waited_s met"
  local start busy waited
  start=$(date +%s)
  while :; do
    busy=$(cpu_busy_5s)
    waited=$(($(date +%s) - start))
    if [ "$busy" -lt $((QUIET_MAX * 10)) ]; then
      echo "$((busy / 10)).$((busy % 10)) $waited true"
      return
    fi
    if [ "$waited" -ge "$QUIET_WAIT_MAX" ]; then
      echo "$((busy / 10)).$((busy % 10)) $waited false"
      return
    fi
    log "host busy $((busy / 10)).$((busy % 10))% over 5 s, waiting (${waited}s/${QUIET_WAIT_MAX}s)"
  done
}

LOAD_WRAPPER=
start_load() {
  [ -n "$LOAD" ] || return 0
  local hard=$((WARMUP + DURATION + 25))
  # Own session/process group; optionally moved into the scenario's cgroups before exec.
  LOAD_WRAPPER="setsid bash -c 'for f in \$CG_PROCS; do echo \$\$ > \$f; done; exec timeout -s KILL $hard bash -c \"\$0\"' \"\$LOAD\" > load.log 2>&1 &   (CG_PROCS='$LOAD_CGROUPS'; the whole process group is killed with TERM, then KILL, right after the capture)"
  CG_PROCS=$LOAD_CGROUPS setsid bash -c 'for f in $CG_PROCS; do echo $$ > $f; done; exec timeout -s KILL '"$hard"' bash -c "$0"' "$LOAD" >"$WORK/load.log" 2>&1 &
  LOAD_PGID=$!
  log "load started (pgid $LOAD_PGID): $LOAD"
}

host_facts() {
  node -e '
    const [nproc, kernel, memKb, sysstat, procps, stressng, fio, iperf3, cgroupMode, swap] = process.argv.slice(1);
    console.log(JSON.stringify({ nproc: +nproc, kernel, memTotalBytes: +memKb * 1024, sysstat, procps,
      stressNg: stressng, fio, iperf3, cgroupMode, swap }));' \
    "$(nproc)" "$(uname -r)" "$(awk '/^MemTotal/ {print $2}' /proc/meminfo)" \
    "$(sar -V 2>&1 | head -n1)" "$(vmstat -V 2>&1 | head -n1)" "$(stress-ng --version 2>&1 | head -n1)" \
    "$(fio --version)" "$(iperf3 --version 2>&1 | head -n1)" \
    "$(if [ -d /sys/fs/cgroup/cpu ] && [ -d /sys/fs/cgroup/memory ]; then echo 'hybrid: cgroup v1 cpu, cpuacct, memory (cpu.stat nr_throttled/throttled_time ns; memory.limit_in_bytes, memory.failcnt, memory.oom_control oom_kill); cgroup2 at /sys/fs/cgroup/unified without cpu/memory'; else echo 'cgroup v2'; fi)" \
    "$(swapon --show=NAME,SIZE --noheadings 2>/dev/null | tr '\n' ';')"
}

mkdir -p "$OUT"
best=
best_foreign=
attempt=0
: >"$WORK/attempts.jsonl"
while [ "$attempt" -lt "$ATTEMPTS" ]; do
  attempt=$((attempt + 1))
  log "=== $NAME attempt $attempt/$ATTEMPTS"
  cleanup_done=0
  run_cmds setup "${SETUP[@]}"
  read -r gate_busy gate_waited gate_met < <(quiet_gate)
  log "quiet gate: busy ${gate_busy}% over 5 s, waited ${gate_waited}s, met=$gate_met"
  loadavg=$(cat /proc/loadavg)
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  start_load
  [ -n "$LOAD" ] && sleep "$WARMUP"
  bundle=$WORK/attempt-$attempt.tar.gz
  collect_cmd="$COLLECT_PREFIX${COLLECT_PREFIX:+ }$COLLECTOR_REL --duration $DURATION --interval 1 --quiet --output $NAME.tar.gz${COLLECT_ARGS:+ }$COLLECT_ARGS"
  log "collector: $collect_cmd"
  # shellcheck disable=SC2086 # prefix and args are word lists
  (cd "$ROOT" && timeout -s KILL $((DURATION + 90)) $COLLECT_PREFIX "$ROOT/$COLLECTOR_REL" --duration "$DURATION" --interval 1 --quiet --output "$bundle" $COLLECT_ARGS) >"$WORK/collector.out" 2>"$WORK/collector.err"
  crc=$?
  ended=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  stop_load
  [ -s "$WORK/load.log" ] && cp "$WORK/load.log" "$WORK/load-$attempt.log"
  do_cleanup
  if [ "$crc" != 0 ] || [ ! -s "$bundle" ]; then
    log "collector failed (exit $crc): $(cat "$WORK/collector.err")"
    continue
  fi
  node "$ROOT/scripts/scenario-summary.mjs" "$bundle" ${SCENARIO_RE:+--scenario-re "$SCENARIO_RE"} >"$WORK/summary-$attempt.json" ||
    die "scenario-summary failed"
  foreign=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).foreignCpu.meanPctOfOneCpu)' "$WORK/summary-$attempt.json")
  log "attempt $attempt: foreign CPU ${foreign}% of one CPU, bundle $(du -h "$bundle" | cut -f1)"
  node -e '
    const [a, s, e, gb, gw, gm, la, sumFile] = process.argv.slice(1);
    const sum = JSON.parse(require("fs").readFileSync(sumFile));
    console.log(JSON.stringify({ attempt: +a, startedAt: s, endedAt: e,
      quietGate: { hostCpuBusyPct5s: +gb, waitedS: +gw, met: gm === "true" },
      loadavgBeforeLoad: la, foreignCpu: sum.foreignCpu }));' \
    "$attempt" "$started" "$ended" "$gate_busy" "$gate_waited" "$gate_met" "$loadavg" "$WORK/summary-$attempt.json" >>"$WORK/attempts.jsonl"
  if [ -z "$best" ] || node -e 'process.exit(+process.argv[1] < +process.argv[2] ? 0 : 1)' "$foreign" "$best_foreign"; then
    best=$attempt
    best_foreign=$foreign
  fi
  if node -e 'process.exit(+process.argv[1] <= +process.argv[2] ? 0 : 1)' "$foreign" "$FOREIGN_MAX"; then
    break
  fi
  log "foreign CPU above ${FOREIGN_MAX}%: retrying"
done
[ -n "$best" ] || die "no successful attempt"

# --keep-cleaner: a re-run does not replace an existing capture that had less foreign CPU.
if [ "$KEEP_CLEANER" = 1 ] && [ -f "$OUT/$NAME.json" ]; then
  old_foreign=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).foreignCpu.meanPctOfOneCpu)' "$OUT/$NAME.json")
  if node -e 'process.exit(+process.argv[1] <= +process.argv[2] ? 0 : 1)' "$old_foreign" "$best_foreign"; then
    log "keeping the existing $NAME capture (foreign CPU ${old_foreign}% <= ${best_foreign}%)"
    exit 0
  fi
fi

cp "$WORK/attempt-$best.tar.gz" "$OUT/$NAME.tar.gz"
[ -s "$WORK/load-$best.log" ] && cp "$WORK/load-$best.log" "$WORK/load-kept.log"
touch "$WORK/load-kept.log"

export NAME LABEL DOMAIN WHAT SECONDARY HELD_OUT RESOLVES LOAD SCENARIO_RE COLLECT_PREFIX NOTES \
  DURATION WARMUP FOREIGN_MAX QUIET_MAX QUIET_WAIT_MAX best LOAD_WRAPPER
SETUP_JSON=$(node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- "${SETUP[@]}")
CLEANUP_JSON=$(node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- "${CLEANUP[@]}")
COLLECT_CMD=$collect_cmd HOST_JSON=$(host_facts) SETUP_JSON=$SETUP_JSON CLEANUP_JSON=$CLEANUP_JSON \
  node - "$WORK/attempts.jsonl" "$WORK/summary-$best.json" "$OUT/$NAME.tar.gz" "$WORK/load-kept.log" "$OUT/$NAME.json" <<'EOF'
const fs = require("fs");
const crypto = require("crypto");
const [attemptsFile, summaryFile, bundleFile, loadLog, outFile] = process.argv.slice(2);
const e = process.env;
const attempts = fs.readFileSync(attemptsFile, "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
const summary = JSON.parse(fs.readFileSync(summaryFile, "utf8"));
const kept = attempts.find((a) => a.attempt === +e.best);
const bundle = fs.readFileSync(bundleFile);
const doc = {
  scenario: e.NAME,
  heldOut: e.HELD_OUT === "true",
  cause: { label: e.LABEL, domain: e.DOMAIN === "null" ? null : e.DOMAIN, what: e.WHAT },
  expectedSecondary: JSON.parse(e.SECONDARY),
  resolves: JSON.parse(e.RESOLVES),
  load: e.LOAD
    ? { command: e.LOAD, wrapper: e.LOAD_WRAPPER, startedBeforeCaptureS: +e.WARMUP, processRegex: e.SCENARIO_RE }
    : null,
  setup: JSON.parse(e.SETUP_JSON),
  cleanup: JSON.parse(e.CLEANUP_JSON),
  collector: e.COLLECT_CMD,
  capture: { ...summary.capture, durationS: +e.DURATION, intervalS: 1 },
  bundle: { file: `${e.NAME}.tar.gz`, bytes: bundle.length, sha256: crypto.createHash("sha256").update(bundle).digest("hex") },
  host: { ...JSON.parse(e.HOST_JSON), environment: summary.host.environment, virtualization: summary.host.virtualization },
  quietGate: {
    ...kept.quietGate,
    rule: `before the load starts, wait (at most ${e.QUIET_WAIT_MAX} s) until whole-host CPU busy over 5 s (from /proc/stat) < ${e.QUIET_MAX}%`,
  },
  loadavgBeforeLoad: kept.loadavgBeforeLoad,
  foreignCpu: {
    ...summary.foreignCpu,
    threshold: +e.FOREIGN_MAX,
    rule: "mean over the capture's pidstat intervals of the summed %CPU (of one CPU) of processes that are neither the scenario's load (processRegex), the collector's tools nor kernel threads (VSZ 0); retry while above threshold, keep the cleanest attempt",
  },
  attempts: { kept: +e.best, history: attempts },
  observed: summary.observed,
  observedNote: "headline numbers computed from the bundle's raw outputs by scripts/scenario-summary.mjs (averages over the capture; iostat without its since-boot report)",
  loadOutput: fs.readFileSync(loadLog, "utf8").split("\n").filter(Boolean).slice(-15),
  notes: e.NOTES || undefined,
};
fs.writeFileSync(outFile, JSON.stringify(doc, null, 2) + "\n");
EOF
log "kept attempt $best (foreign CPU ${best_foreign}%): $OUT/$NAME.tar.gz ($(du -h "$OUT/$NAME.tar.gz" | cut -f1)), $OUT/$NAME.json"
