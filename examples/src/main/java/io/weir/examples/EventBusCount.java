package io.weir.examples;

import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.connector.eventbus.EventBusSink;
import io.weir.connector.eventbus.EventBusSource;

/**
 * The event bus in and out, for an application that embeds Weir: each message to address
 * {@code --in} holds a key (a number, as text) and a {@value EventBusSource#MESSAGE_ID} header; a
 * keyed operator counts the messages of each key; each message yields {@code key,count}, sent to
 * address {@code --out}. Ingestion is exactly once (see {@link EventBusSource} for the sender's
 * part); the results are sent at least once.
 */
public final class EventBusCount implements Job {

  @Override
  public String name() {
    return "eventbus-count";
  }

  @Override
  public String usage() {
    return "eventbus-count --in ADDRESS --out ADDRESS";
  }

  @Override
  public void build(Pipeline pipeline, JobArgs args) {
    String in = args.require("--in", "ADDRESS (where the application sends keys)");
    String out = args.require("--out", "ADDRESS (where key,count results go)");
    pipeline.source("messages", EventBusSource.of(in, body -> {
      if (!(body instanceof String s)) {
        throw new IllegalArgumentException("the body must be a key as text, got " + (body == null ? "null" : body.getClass().getSimpleName()));
      }
      return Long.parseLong(s.trim());
    })).parallelism(1)
        .keyBy(key -> key)
        .process("count", new CheckedCount.RunningCount())
        .sink("results", EventBusSink.send(out, line -> line));
  }
}
