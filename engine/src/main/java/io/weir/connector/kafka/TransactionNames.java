package io.weir.connector.kafka;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The transactional ids of one exactly-once Kafka sink, {@code PREFIX-SUBTASK-N}: one id per
 * subtask and transaction, where N is one more than the checkpoint before the transaction began.
 * An id is never reused while its transaction may still be committed, so re-committing a restored
 * transaction can never touch a later one.
 */
record TransactionNames(String prefix) {

  String name(int subtask, long number) {
    return prefix + "-" + subtask + "-" + number;
  }

  /** The subtask of a transactional id of this sink, or -1 when the id is not one of this sink's. */
  int subtaskOf(String transactionalId) {
    Matcher m = Pattern.compile(Pattern.quote(prefix) + "-(\\d+)-(\\d+)").matcher(transactionalId);
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }
}
