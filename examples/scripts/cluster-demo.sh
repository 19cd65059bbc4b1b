#!/usr/bin/env bash
# A real Weir cluster of separate processes on this machine: one coordinator and three workers,
# joined by Hazelcast over TCP on 127.0.0.1. Submits checked-count, optionally kills a worker with
# kill -9 while it runs (KILL_WORKER=1), waits for the job to finish and checks that its output is
# exactly-once. Run from the repository root after `mvn package -DskipTests`.
#
#   examples/scripts/cluster-demo.sh                 # run and check
#   KILL_WORKER=1 examples/scripts/cluster-demo.sh   # and kill -9 a worker mid-run
#
# Environment: WEIR_JAR (default verticles/target/weir.jar), REST_PORT (8081), HZ_PORT (5801),
# KEYS (1000), PER_KEY (1000), RATE (50000 events/s), KILL_AFTER (5 seconds after the submission, once it runs).
set -euo pipefail

JAR=${WEIR_JAR:-verticles/target/weir.jar}
REST_PORT=${REST_PORT:-8081}
HZ_PORT=${HZ_PORT:-5801}
KEYS=${KEYS:-1000}
PER_KEY=${PER_KEY:-1000}
RATE=${RATE:-50000}
KILL_AFTER=${KILL_AFTER:-5}
NAME="weir-demo-$$"
URL="http://127.0.0.1:$REST_PORT"
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
java -jar "$JAR" coordinator --cluster-name "$NAME" --hz-port "$HZ_PORT" --rest-port "$REST_PORT" \
  --config "$WORK/weir.json" > "$WORK/coordinator.log" 2>&1 &
PIDS+=($!)
echo "waiting for the coordinator's REST API on $URL"
for _ in $(seq 1 120); do
  if weir jobs --coordinator "$URL" > /dev/null 2>&1; then break; fi
  sleep 1
done
# workers join after the coordinator, so it is the oldest member (Hazelcast's master)
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
  status=$(weir status --coordinator "$URL" "$JOB")
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
  echo "  $state"
  sleep 0.5
done

weir status --coordinator "$URL" "$JOB"
java -cp "$JAR" io.weir.examples.CheckedCountOutput "$WORK/out" "$KEYS" "$PER_KEY"
