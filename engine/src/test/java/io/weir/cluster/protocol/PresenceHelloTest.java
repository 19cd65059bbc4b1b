package io.weir.cluster.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceHelloTest {
  private final List<PresenceHello> hellos = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final Handler<Buffer> reader = PresenceHello.reader(hellos::add, problems::add);

  @Test
  void helloIsOneLineOfWorkerAndIncarnation() {
    assertThat(new PresenceHello("w-1", "3fa9c2d1").encode().toString()).isEqualTo("w-1 3fa9c2d1\n");
  }

  @Test
  void decodeReadsWhatEncodeWrites() {
    for (PresenceHello hello : List.of(new PresenceHello("w-1", "3fa9c2d1"), new PresenceHello("worker on host b", "0"))) {
      String line = hello.encode().toString();
      assertThat(PresenceHello.decode(line.substring(0, line.length() - 1))).isEqualTo(hello);
    }
  }

  @Test
  void decodeNamesWhatIsWrongWithAMalformedLine() {
    for (String line : List.of("", "   ", "w-1", "w-1 ", " 3fa9c2d1")) {
      assertThatThrownBy(() -> PresenceHello.decode(line)).as("'" + line + "'")
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("a presence hello is '<worker> <incarnation>', got '");
    }
  }

  @Test
  void aHelloCannotCarryANameOfSeveralLinesOrAnIncarnationWithSpaces() {
    assertThatThrownBy(() -> new PresenceHello("w\n1", "3fa9c2d1")).hasMessageContaining("one line of text");
    assertThatThrownBy(() -> new PresenceHello(" ", "3fa9c2d1")).hasMessageContaining("one line of text");
    assertThatThrownBy(() -> new PresenceHello("w-1", "3fa 9c2d1")).hasMessageContaining("without spaces");
    assertThatThrownBy(() -> new PresenceHello("w-1", "")).hasMessageContaining("without spaces");
  }

  @Test
  void readerAssemblesTheFirstLineFromPiecesAndIgnoresWhatFollows() {
    reader.handle(Buffer.buffer("w-"));
    reader.handle(Buffer.buffer("1 3fa9"));
    assertThat(hellos).as("nothing before the line ends").isEmpty();

    reader.handle(Buffer.buffer("c2d1\nw-2 00000000\n"));

    assertThat(hellos).containsExactly(new PresenceHello("w-1", "3fa9c2d1"));
    assertThat(problems).isEmpty();
  }

  @Test
  void readerReportsAMalformedFirstLineOnce() {
    reader.handle(Buffer.buffer("HELLO\r\n"));
    reader.handle(Buffer.buffer("w-1 3fa9c2d1\n"));

    assertThat(hellos).isEmpty();
    assertThat(problems).singleElement().asString().contains("'<worker> <incarnation>'").contains("got 'HELLO'");
  }

  @Test
  void readerReportsAFirstLineThatNeverEnds() {
    reader.handle(Buffer.buffer("x".repeat(2_000)));

    assertThat(hellos).isEmpty();
    assertThat(problems).singleElement().asString().contains("at most 1024 bytes");
  }
}
