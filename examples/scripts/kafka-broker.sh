#!/usr/bin/env bash
# Runs a one-node Apache Kafka broker (KRaft, no ZooKeeper, no Docker) on 127.0.0.1:PORT in the
# foreground, its data under DIR, from the Kafka artifacts Maven resolved for the tests (the classpath
# that `mvn package` writes to engine/target/kafka-broker.classpath).
# Run from the repository root after `mvn package -DskipTests`.
#
#   examples/scripts/kafka-broker.sh [DIR] [PORT]      # defaults: a new temp dir, 9092
set -euo pipefail

DIR=${1:-$(mktemp -d -t weir-kafka.XXXXXX)}
PORT=${2:-9092}
CP_FILE=engine/target/kafka-broker.classpath

if [ ! -d engine/target/test-classes ] || [ ! -s "$CP_FILE" ]; then
  echo "kafka-broker: engine/target/test-classes or $CP_FILE is missing; build first with: mvn -q package -DskipTests" >&2
  exit 2
fi
exec java -Xmx512m -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true \
  -cp "engine/target/test-classes:engine/target/classes:$(cat "$CP_FILE")" io.weir.connector.kafka.KafkaTestBroker "$DIR" "$PORT"
