package io.weir.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {
  private static final byte[] CONTENT = "checkpointed state".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private static StateFile recorded(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    return new StateFile("job/chk-1/f", content.length, crc.getValue());
  }

  @Test
  void streamMatchingTheRecordReadsThrough() throws IOException {
    try (VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(CONTENT), recorded(CONTENT))) {
      assertThat(in.readAllBytes()).isEqualTo(CONTENT);
    }
  }

  @Test
  void corruptionIsReportedAtTheEndOfTheStreamNotBefore() throws IOException {
    byte[] damaged = CONTENT.clone();
    damaged[0] ^= 0x01;
    VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(damaged), recorded(CONTENT));

    byte[] delivered = new byte[CONTENT.length];
    int n = 0;
    while (n < delivered.length) {
      n += in.read(delivered, n, delivered.length - n);
    }
    assertThat(delivered).as("every byte is delivered before the end is reached").isEqualTo(damaged);
    assertThatThrownBy(in::read).isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("job/chk-1/f").hasMessageContaining("checksum");
  }

  @Test
  void shortStreamIsReportedAsPartialWithBothSizes() {
    byte[] shorter = java.util.Arrays.copyOf(CONTENT, 5);
    VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(shorter), recorded(CONTENT));

    assertThatThrownBy(in::readAllBytes).isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("has 5 bytes").hasMessageContaining(CONTENT.length + " were written");
  }

  @Test
  void closingAnUnreadStreamVerifiesWhatIsLeft() {
    byte[] damaged = CONTENT.clone();
    damaged[CONTENT.length - 1] ^= 0x01;
    VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(damaged), recorded(CONTENT));

    assertThatThrownBy(in::close).isInstanceOf(CorruptCheckpointException.class);
  }
}
