package io.weir.connector.kafka;

import java.util.List;

/** What one subtask of an exactly-once Kafka sink keeps in a checkpoint. */
public record KafkaSinkState(int subtask, int parallelism, long checkpointId, List<PreCommittedTransaction> pending) {
}
