package io.weir.connector.kafka;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerSmokeTest {
  @TempDir
  Path dir;

  @Test
  void starts() throws Exception {
    try (KafkaTestBroker b = KafkaTestBroker.start(dir)) {
      b.createTopic("t", 2);
      System.err.println("OK " + b.bootstrapServers());
    }
  }
}
