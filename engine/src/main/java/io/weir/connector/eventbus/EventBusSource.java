package io.weir.connector.eventbus;

import io.weir.connector.Source;
import io.weir.connector.SourceContext;
import io.weir.connector.SourceReader;
import io.weir.connector.SourceSplit;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Takes a Vert.x application's messages from an event-bus address into a job, exactly once.
 *
 * <p>The contract for the sender:
 * <ul>
 * <li>Send with {@code request} (not publish), with a header {@value #MESSAGE_ID} that names the
 *   message uniquely and stays the same when it is sent again.
 * <li>The reply comes once the checkpoint that holds the message has completed: from then on its
 *   effects are neither lost nor repeated, whatever fails. Until the reply, nothing is promised.
 * <li>On a failure or a timeout, send the same message again with the same id, until a reply
 *   comes. Use a timeout well above the job's checkpoint interval. A repeated id is answered and
 *   not processed again, as long as it is among the last {@code dedupWindow} ids taken in
 *   (default {@value #DEFAULT_DEDUP_WINDOW}).
 * <li>A message without the header, or whose body the job cannot read, is refused with failure
 *   code 400 and a message saying why; sending it again does not help.
 * </ul>
 * One subtask takes the address's messages (the source has one split, with the recent ids in its
 * checkpointed state); the source's other subtasks idle. The address must be reachable from the
 * worker that runs it: the application's Vert.x is a member of the same clustered event bus, or is
 * the Vert.x Weir runs in.
 */
public final class EventBusSource<T> implements Source<T> {
  /** The header holding the sender's message id. */
  public static final String MESSAGE_ID = "weir-message-id";
  public static final int DEFAULT_DEDUP_WINDOW = 100_000;

  private final String address;
  private final Function<Object, T> body;
  private final int dedupWindow;

  private EventBusSource(String address, Function<Object, T> body, int dedupWindow) {
    this.address = Objects.requireNonNull(address, "address");
    this.body = Objects.requireNonNull(body, "body");
    if (dedupWindow < 1) {
      throw new IllegalArgumentException("the deduplication window must hold at least one id, got " + dedupWindow);
    }
    this.dedupWindow = dedupWindow;
  }

  /** Consumes {@code address}; {@code body} turns a message body into the job's value (it throws on a body it cannot read). */
  public static <T> EventBusSource<T> of(String address, Function<Object, T> body) {
    return new EventBusSource<>(address, body, DEFAULT_DEDUP_WINDOW);
  }

  public EventBusSource<T> dedupWindow(int ids) {
    return new EventBusSource<>(address, body, ids);
  }

  String address() {
    return address;
  }

  Function<Object, T> body() {
    return body;
  }

  int dedupWindowSize() {
    return dedupWindow;
  }

  @Override
  public List<SourceSplit> splits() {
    return List.of(new EventBusSplit(0, List.of()));
  }

  @Override
  public SourceReader<T> createReader(SourceContext context) {
    return new EventBusSourceReader<>(this, context);
  }
}
