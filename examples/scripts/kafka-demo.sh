#!/usr/bin/env bash
# Kafka exactly-once end to end with real processes on this machine: a Kafka broker (KRaft), one
# Weir coordinator and three workers on 127.0.0.1. Produces KEYS x PER_KEY records into topic
# "in" while kafka-count counts them into topic "out" with Kafka transactions, optionally kills a
# worker with kill -9 mid-run (KILL_WORKER=1), then checks with a read_committed consumer that every
# result arrived exactly once. Run from the repository root after `mvn package -DskipTests`.
#
#   examples/scripts/kafka-demo.sh                 # run and check
#   KILL_WORKER=1 examples/scripts/kafka-demo.sh   # and kill -9 a worker mid-run
#
# Environment: WEIR_JAR (default verticles/target/weir.jar), REST_PORT (8082), HZ_PORT (5851),
# KAFKA_PORT (9092), KEYS (1000), PER_KEY (200), RATE (20000 records/s), KILL_AFTER (5 seconds
# after the submission, once it runs).
set -euo pipefail

JAR=${WEIR_JAR:-verticles/target/weir.jar}
REST_PORT=${REST_PORT:-8082}
HZ_PORT=${HZ_PORT:-5851}
KAFKA_PORT=${KAFKA_PORT:-9092}
KEYS=${KEYS:-1000}
PER_KEY=${PER_KEY:-200}
RATE=${RATE:-20000}
KILL_AFTER=${KILL_AFTER:-5}
NAME="weir-kafka-demo-$$"
URL="http://127.0.0.1:$REST_PORT"
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
WORK=$(mktemp -d -t weir-kafka-demo.XXXXXX)
PIDS=()

if [ ! -f "$JAR" ]; then
  echo "kafka-demo: $JAR does not exist; build it first with: mvn -q package -DskipTests" >&2
  exit 2
fi

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

cat > "$WORK/weir.json" <<JSON
{
  "checkpoint": { "dir": "$WORK/checkpoints", "interval": "1s" },
  "state": { "local-dir": "$WORK/local" },
  "heartbeat": { "interval": "300ms", "timeout": "3s" }
}
JSON

weir() { java -jar "$JAR" "$@"; }
tool() { java -cp "$JAR" io.weir.examples.KafkaCountTool "$@"; }

echo "work directory: $WORK (logs: *.log)"
"$(dirname "$0")/kafka-broker.sh" "$WORK/kafka" "$KAFKA_PORT" > "$WORK/kafka.log" 2>&1 &
PIDS+=($!)
java -jar "$JAR" coordinator --cluster-name "$NAME" --hz-port "$HZ_PORT" --rest-port "$REST_PORT" \
  --config "$WORK/weir.json" > "$WORK/coordinator.log" 2>&1 &
PIDS+=($!)
echo "waiting for Kafka on $BOOTSTRAP and the coordinator's REST API on $URL"
for _ in $(seq 1 120); do
  if tool topic "$BOOTSTRAP" in 4 > /dev/null 2>&1; then break; fi
  sleep 1
done
tool topic "$BOOTSTRAP" out 4
for _ in $(seq 1 120); do
  if weir jobs --coordinator "$URL" > /dev/null 2>&1; then break; fi
  sleep 1
done
for i in 1 2 3; do
  java -jar "$JAR" worker --cluster-name "$NAME" --hz-port "$HZ_PORT" --name "w-$i" --slots 2 --config "$WORK/weir.json" \
    > "$WORK/w-$i.log" 2>&1 &
  PIDS+=($!)
  WORKER_PID[$i]=$!
done

JOB=$(weir submit --coordinator "$URL" -p 3 kafka-count --bootstrap "$BOOTSTRAP" --in in --out out)
echo "submitted $JOB"
echo "producing $KEYS x $PER_KEY records into 'in' at $RATE records/s"
tool produce "$BOOTSTRAP" in "$KEYS" "$PER_KEY" "$RATE" &
PRODUCER=$!

killed=0
submitted=$(date +%s)
while true; do
  status=$(weir status --coordinator "$URL" "$JOB" 2>&1 || true)
  state=$(echo "$status" | head -1)
  case "$state" in
    FAILED|CANCELED) echo "the job ended: $state"; break ;;
  esac
  if [ "${KILL_WORKER:-0}" = "1" ] && [ $killed = 0 ] && [ "$state" = RUNNING ] \
      && [ $(( $(date +%s) - submitted )) -ge "$KILL_AFTER" ]; then
    # a worker that runs tasks of the job: the first one on the status's "tasks ... on w-1, w-3" line
    victim=$(echo "$status" | sed -n 's/^tasks.* on \(w-[0-9]*\).*/\1/p' | head -1)
    echo "kill -9 worker $victim (pid ${WORKER_PID[${victim#w-}]})"
    kill -9 "${WORKER_PID[${victim#w-}]}"
    wait "${WORKER_PID[${victim#w-}]}" 2>/dev/null || true # reaped here, so bash prints no "Killed" notice later
    killed=1
  fi
  if ! kill -0 "$PRODUCER" 2>/dev/null && { [ "${KILL_WORKER:-0}" != "1" ] || [ $killed = 1 ]; }; then
    break
  fi
  echo "  $state"
  sleep 0.5
done
wait "$PRODUCER"
echo "all input produced; reading 'out' with a read_committed consumer"
set +e
tool check "$BOOTSTRAP" out "$KEYS" "$PER_KEY" 90 > "$WORK/check.txt"
verdict=$?
set -e
weir status --coordinator "$URL" "$JOB" 2>&1 | head -3 || true
cat "$WORK/check.txt"
weir cancel --coordinator "$URL" "$JOB" > /dev/null 2>&1 || true
exit $verdict
