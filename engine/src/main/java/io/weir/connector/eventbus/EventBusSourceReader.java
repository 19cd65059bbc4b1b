package io.weir.connector.eventbus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.weir.connector.SourceContext;
import io.weir.connector.SourceOutput;
import io.weir.connector.SourceReader;
import io.weir.connector.SourceSplit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the address and holds every message it emitted until the checkpoint whose snapshot
 * followed it completes, then replies. A message whose id is already waiting joins the wait; one
 * whose id was taken in earlier (and so is in a completed checkpoint) is answered at once.
 */
final class EventBusSourceReader<T> implements SourceReader<T> {
  private static final Logger log = LoggerFactory.getLogger(EventBusSourceReader.class);
  private static final int MAX_QUEUED = 10_000;

  private final EventBusSource<T> source;
  private final SourceContext context;
  private final Queue<Message<Object>> inbound = new ConcurrentLinkedQueue<>();
  private final Map<String, List<Message<Object>>> waiting = new HashMap<>();
  private final TreeMap<Long, List<String>> takenBeforeCheckpoint = new TreeMap<>();
  private List<String> takenSinceSnapshot = new ArrayList<>();
  private RecentIds recent;
  private MessageConsumer<Object> consumer;
  private boolean paused;

  EventBusSourceReader(EventBusSource<T> source, SourceContext context) {
    this.source = source;
    this.context = context;
  }

  @Override
  public void addSplits(List<SourceSplit> splits) {
    if (splits.isEmpty()) {
      return;
    }
    recent = new RecentIds(source.dedupWindowSize(), ((EventBusSplit) splits.get(0)).recentIds());
    consumer = context.vertx().eventBus().consumer(source.address(), m -> {
      inbound.add(m);
      if (inbound.size() > MAX_QUEUED && !paused) {
        paused = true;
        consumer.pause();
      }
    });
    log.info("event-bus source subtask {} consumes '{}' ({} recent message ids restored)", context.subtaskIndex(),
        source.address(), recent.toList().size());
  }

  @Override
  public Status poll(SourceOutput<T> output) {
    Message<Object> m;
    while (output.wantsMore() && (m = inbound.poll()) != null) {
      take(m, output);
    }
    if (paused && inbound.size() < MAX_QUEUED / 2) {
      paused = false;
      consumer.resume();
    }
    return inbound.isEmpty() ? Status.NOTHING_AVAILABLE : Status.MORE_AVAILABLE;
  }

  private void take(Message<Object> m, SourceOutput<T> output) {
    String id = m.headers().get(EventBusSource.MESSAGE_ID);
    if (id == null || id.isEmpty()) {
      m.fail(400, "refused: a message to '" + source.address() + "' needs a header " + EventBusSource.MESSAGE_ID
          + " (an id that stays the same when the message is sent again)");
      return;
    }
    List<Message<Object>> sameId = waiting.get(id);
    if (sameId != null) {
      sameId.add(m); // sent again before its checkpoint completed: answered with the first
      return;
    }
    if (recent.contains(id)) {
      m.reply(new JsonObject().put("messageId", id).put("duplicate", true));
      return;
    }
    T value;
    try {
      value = source.body().apply(m.body());
    } catch (RuntimeException e) {
      m.fail(400, "refused: message " + id + " to '" + source.address() + "' cannot be read: " + e.getMessage());
      return;
    }
    output.emit(value);
    recent.add(id);
    List<Message<Object>> list = new ArrayList<>(1);
    list.add(m);
    waiting.put(id, list);
    takenSinceSnapshot.add(id);
  }

  @Override
  public long retryAfterNanos() {
    return consumer == null ? 100_000_000L : 1_000_000L;
  }

  @Override
  public List<SourceSplit> snapshot() {
    return recent == null ? List.of() : List.of(new EventBusSplit(0, recent.toList()));
  }

  @Override
  public List<SourceSplit> snapshot(long checkpointId) {
    if (!takenSinceSnapshot.isEmpty()) {
      takenBeforeCheckpoint.put(checkpointId, takenSinceSnapshot);
      takenSinceSnapshot = new ArrayList<>();
    }
    return snapshot();
  }

  @Override
  public void checkpointComplete(long checkpointId) {
    var done = takenBeforeCheckpoint.headMap(checkpointId, true);
    for (List<String> ids : done.values()) {
      for (String id : ids) {
        JsonObject reply = new JsonObject().put("messageId", id).put("checkpoint", checkpointId);
        for (Message<Object> m : waiting.remove(id)) {
          m.reply(reply);
        }
      }
    }
    done.clear();
  }

  @Override
  public String position() {
    return "on address '" + source.address() + "' with " + waiting.size() + " messages waiting for a checkpoint";
  }

  @Override
  public void close() {
    if (consumer != null) {
      consumer.unregister();
    }
    // not answered: their senders time out and send again, to the next attempt
    waiting.clear();
    inbound.clear();
  }
}
