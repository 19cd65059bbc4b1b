package io.weir.cluster.protocol;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;

/**
 * The first bytes a worker sends on its presence connection to the leader: which worker, which
 * incarnation, so that the leader knows whose process is gone when the connection closes. On the
 * wire it is one line, {@code <worker> <incarnation>\n} (a worker's name may contain spaces, an
 * incarnation may not); this record is the only place that writes or reads it.
 */
public record PresenceHello(String worker, String incarnation) {
  private static final String END = "\n";
  private static final int MAX_LINE = 1024;

  public PresenceHello {
    requireWorkerName(worker);
    if (incarnation == null || incarnation.isEmpty() || incarnation.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("a presence hello needs an incarnation without spaces, got '" + incarnation + "'");
    }
  }

  /** Returns {@code name}, or throws when a hello cannot carry it (blank, or more than one line). */
  public static String requireWorkerName(String name) {
    if (name == null || name.isBlank() || name.contains(END) || name.contains("\r")) {
      throw new IllegalArgumentException("a worker's name must be one line of text, got '" + name + "'");
    }
    return name;
  }

  public Buffer encode() {
    return Buffer.buffer(worker + " " + incarnation + END);
  }

  /** Reads one line (without its line break); throws, naming what is wrong, when it is not a hello. */
  public static PresenceHello decode(String line) {
    String text = line.strip();
    int space = text.lastIndexOf(' ');
    if (space <= 0 || space == text.length() - 1) {
      throw new IllegalArgumentException("a presence hello is '<worker> <incarnation>', got '" + abbreviate(text) + "'");
    }
    return new PresenceHello(text.substring(0, space).strip(), text.substring(space + 1));
  }

  /**
   * A connection's reader: hands the first line to {@code onHello}, or its problem to {@code onMalformed}
   * (also when the first line grows past 1 KiB without ending); ignores everything after it.
   */
  public static Handler<Buffer> reader(Handler<PresenceHello> onHello, Handler<String> onMalformed) {
    boolean[] done = new boolean[1];
    RecordParser lines = RecordParser.newDelimited(END, line -> {
      if (done[0]) {
        return;
      }
      done[0] = true;
      PresenceHello hello;
      try {
        hello = decode(line.toString(StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        onMalformed.handle(e.getMessage());
        return;
      }
      onHello.handle(hello);
    });
    lines.maxRecordSize(MAX_LINE);
    lines.exceptionHandler(e -> {
      if (!done[0]) {
        done[0] = true;
        onMalformed.handle("a presence hello is one line of at most " + MAX_LINE + " bytes (" + e.getMessage() + ")");
      }
    });
    return lines;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
