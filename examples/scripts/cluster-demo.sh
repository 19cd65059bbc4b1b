#!/usr/bin/env bash
# A real Weir cluster of separate processes on this machine: one coordinator (or COORDINATORS=N,
# one leading and the others standing by) and three workers, joined by Hazelcast over TCP on
# 127.0.0.1. Submits checked-count, optionally kills a worker (KILL_WORKER=1) or the leading
# coordinator (KILL_COORDINATOR=1, needs COORDINATORS=2 or more) with kill -9 while it runs, waits
# for the job to finish and checks that its output is exactly-once. Run from the repository root
# after `mvn package -DskipTests`.
#
#   examples/scripts/cluster-demo.sh                                      # run and check
#   KILL_WORKER=1 examples/scripts/cluster-demo.sh                        # and kill -9 a worker mid-run
#   COORDINATORS=3 KILL_COORDINATOR=1 examples/scripts/cluster-demo.sh    # and kill -9 the leader mid-run
#
# Environment: WEIR_JAR (default verticles/target/weir.jar), REST_PORT (8081; coordinator i serves
# REST_PORT+i-1), HZ_PORT (5801), KEYS (1000), PER_KEY (1000), RATE (50000 events/s), KILL_AFTER
# (5 seconds after the submission, once it runs), COORDINATORS (1).
set -euo pipefail

JAR=${WEIR_JAR:-verticles/target/weir.jar}
REST_PORT=${REST_PORT:-8081}
HZ_PORT=${HZ_PORT:-5801}
KEYS=${KEYS:-1000}
PER_KEY=${PER_KEY:-1000}
RATE=${RATE:-50000}
KILL_AFTER=${KILL_AFTER:-5}
COORDINATORS=${COORDINATORS:-1}
NAME="weir-demo-$$"
URL="http://127.0.0.1:$REST_PORT"
for i in $(seq 2 "$COORDINATORS"); do URL="$URL,http://127.0.0.1:$((REST_PORT + i - 1))"; done
if [ "${KILL_COORDINATOR:-0}" = "1" ] && [ "$COORDINATORS" -lt 2 ]; then
  echo "cluster-demo: KILL_COORDINATOR=1 needs COORDINATORS=2 or more, so a standby takes over" >&2
  exit 2
fi
WORK=$(mktemp -d -t weir-cluster-demo.XXXXXX)
PIDS=()

if [ ! -f "$JAR" ]; then
  echo "cluster-demo: $JAR does not exist; build it first with: mvn -q package -DskipTests" >&2
  exit 2
fi

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

cat > "$WORK/weir.json" <<JSON
{
  "checkpoint": { "dir": "$WORK/checkpoints", "interval": "200ms" },
  "state": { "local-dir": "$WORK/local" },
  "heartbeat": { "interval": "300ms", "timeout": "3s" }
}
JSON

weir() { java -jar "$JAR" "$@"; }

echo "work directory: $WORK (logs: *.log)"
QUORUM=coordinators
if [ "$COORDINATORS" = 2 ]; then QUORUM=members; fi # the survivor of two needs a majority of all members
for i in $(seq 1 "$COORDINATORS"); do
  log="$WORK/coordinator.log"
  if [ "$i" -gt 1 ]; then log="$WORK/c-$i.log"; fi
  java -jar "$JAR" coordinator --name "c-$i" --cluster-name "$NAME" --hz-port "$HZ_PORT" \
    --rest-port "$((REST_PORT + i - 1))" --ha-quorum "$QUORUM" --config "$WORK/weir.json" > "$log" 2>&1 &
  PIDS+=($!)
  COORDINATOR_PID[$i]=$!
  echo "waiting for coordinator c-$i's REST API on port $((REST_PORT + i - 1))"
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$((REST_PORT + i - 1))/cluster" 2>/dev/null | grep -q '"leader"'; then break; fi
    sleep 1
  done
done
# workers join after the coordinators, so the first is the oldest member (Hazelcast's master)
for i in 1 2 3; do
  java -jar "$JAR" worker --cluster-name "$NAME" --hz-port "$HZ_PORT" --name "w-$i" --slots 2 --config "$WORK/weir.json" \
    > "$WORK/w-$i.log" 2>&1 &
  PIDS+=($!)
  WORKER_PID[$i]=$!
done

JOB=$(weir submit --coordinator "$URL" -p 3 checked-count --keys "$KEYS" --per-key "$PER_KEY" --rate "$RATE" \
  --out "$WORK/out")
echo "submitted $JOB"

killed=0
submitted=$(date +%s)
while true; do
  status=$(weir status --coordinator "$URL" "$JOB" 2>&1 || true)
  state=$(echo "$status" | head -1)
  case "$state" in
    FINISHED|FAILED|CANCELED) break ;;
  esac
  if [ "${KILL_WORKER:-0}" = "1" ] && [ $killed = 0 ] && [ "$state" = RUNNING ] \
      && [ $(( $(date +%s) - submitted )) -ge "$KILL_AFTER" ]; then
    # a worker that runs tasks of the job: the first one on the status's "tasks ... on w-1, w-3" line
    victim=$(echo "$status" | sed -n 's/^tasks.* on \(w-[0-9]*\).*/\1/p' | head -1)
    echo "kill -9 worker $victim (pid ${WORKER_PID[${victim#w-}]})"
    kill -9 "${WORKER_PID[${victim#w-}]}"
    killed=1
  fi
  if [ "${KILL_COORDINATOR:-0}" = "1" ] && [ $killed = 0 ] && [ "$state" = RUNNING ] \
      && [ $(( $(date +%s) - submitted )) -ge "$KILL_AFTER" ]; then
    leader=$(curl -s "http://127.0.0.1:$REST_PORT/cluster" | sed -n 's/.*"leader" *: *"\(c-[0-9]*\)".*/\1/p' | head -1)
    echo "kill -9 the leading coordinator $leader (pid ${COORDINATOR_PID[${leader#c-}]}) at $(date +%T.%N | cut -c1-12)"
    kill -9 "${COORDINATOR_PID[${leader#c-}]}"
    killed=1
    # any coordinator answers (a standby forwards to the leader; none answers 200 before a new leader has the job)
    running=0
    for _ in $(seq 1 600); do
      for i in $(seq 1 "$COORDINATORS"); do
        if curl -sf "http://127.0.0.1:$((REST_PORT + i - 1))/jobs/$JOB" 2>/dev/null | grep -q '"state" *: *"RUNNING"'; then
          running=1
          break
        fi
      done
      if [ $running = 1 ]; then break; fi
      sleep 0.1
    done
    echo "the job runs again under a new leader at $(date +%T.%N | cut -c1-12)"
  fi
  echo "  $state"
  sleep 0.5
done

weir status --coordinator "$URL" "$JOB" || true
# the last line: the exactly-once verdict on the committed output (exit status 1 when it fails)
java -cp "$JAR" io.weir.examples.CheckedCountOutput "$WORK/out" "$KEYS" "$PER_KEY"
