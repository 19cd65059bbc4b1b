package io.weir.embedded;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.weir.cluster.JobMaster;
import io.weir.config.WeirConfig;
import io.weir.connector.eventbus.EventBusSender;
import io.weir.node.LocalCluster;
import io.weir.node.WeirNode;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An application that embeds Weir and talks to it over its own event bus: it starts a Weir
 * cluster in its JVM (a coordinator and workers on 127.0.0.1), joins that clustered event bus with
 * a Vert.x of its own, runs {@code eventbus-count}, sends keys with {@link EventBusSender} (each
 * with a message id, sent again until answered) and listens to the counts. With
 * {@code --kill-worker} it kills the worker that runs the job midway; every key is still counted
 * exactly once. Run: {@code java -cp verticles/target/weir.jar io.weir.embedded.EventBusApp
 * [--keys K] [--per-key M] [--kill-worker]}; the last line says whether the counts are right.
 */
public final class EventBusApp {
  /** What a run saw: the highest count per key, and how many result messages came. */
  public record Outcome(Map<Long, Long> highestCount, long results, boolean killed) {
    public boolean exactlyOnce(long keys, long perKey) {
      return highestCount.size() == keys && highestCount.values().stream().allMatch(c -> c == perKey);
    }
  }

  private EventBusApp() {
  }

  /** Runs the whole example; {@code killWorker} kills the worker running the job after half the messages were answered. */
  public static Outcome run(long keys, long perKey, boolean killWorker, Path dir) throws Exception {
    String name = "weir-embedded-" + UUID.randomUUID().toString().substring(0, 8);
    int port = 20000 + ThreadLocalRandom.current().nextInt(200) * 50;
    WeirConfig config = WeirConfig.defaults().with(new JsonObject()
        .put("checkpoint", new JsonObject().put("dir", dir.resolve("checkpoints").toString()).put("interval", "200ms"))
        .put("state", new JsonObject().put("local-dir", dir.resolve("local").toString()))
        .put("heartbeat", new JsonObject().put("interval", "200ms").put("timeout", "2s")), "embedded example");
    LocalCluster cluster = await(LocalCluster.start(new LocalCluster.Options(name, port, 2, 2, config, -1)));
    WeirNode app = await(WeirNode.start(WeirNode.Options.loopback(name, port)));
    try {
      Vertx vertx = app.vertx();
      Map<Long, Long> highest = new ConcurrentHashMap<>();
      java.util.concurrent.atomic.AtomicLong results = new java.util.concurrent.atomic.AtomicLong();
      await(vertx.eventBus().<String>consumer("app.counts", m -> {
        String line = m.body();
        int comma = line.indexOf(',');
        highest.merge(Long.parseLong(line.substring(0, comma)), Long.parseLong(line.substring(comma + 1)), Math::max);
        results.incrementAndGet();
      }).completion());
      JobId job = await(cluster.coordinator().call(jm -> jm.submit(new JobSpec("eventbus-count",
          List.of("--in", "app.keys", "--out", "app.counts"), 1, new JsonObject()), null).map(JobMaster::id)));

      EventBusSender sender = new EventBusSender(vertx, "app.keys", Duration.ofSeconds(3), Duration.ofMillis(200));
      long total = keys * perKey;
      boolean killed = false;
      for (long n = 0; n < total; n += 100) {
        List<Future<JsonObject>> batch = new ArrayList<>();
        for (long i = n; i < Math.min(total, n + 100); i++) {
          batch.add(sender.send("key-message-" + i, Long.toString(i % keys), Duration.ofMinutes(2)));
        }
        await(Future.all(batch));
        if (killWorker && !killed && n >= total / 2) {
          String worker = await(cluster.coordinator().call(jm -> Future.succeededFuture(jm.job(job).workersUsed().iterator().next())));
          int index = 0;
          while (!cluster.workers().get(index).name().equals(worker)) {
            index++;
          }
          System.out.println("killing worker " + worker + " after " + (n + 100) + " answered messages");
          await(cluster.killWorker(index));
          killed = true;
        }
      }
      // every message is answered, so counted; wait until each key's last result arrived
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(highest.size() == keys && highest.values().stream().allMatch(c -> c >= perKey)) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      await(cluster.coordinator().call(jm -> jm.job(job).cancel()));
      return new Outcome(Map.copyOf(highest), results.get(), killed);
    } finally {
      await(app.vertx().close());
      await(cluster.close());
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(3, TimeUnit.MINUTES);
  }

  public static void main(String[] args) throws Exception {
    long keys = 10;
    long perKey = 200;
    boolean kill = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--keys" -> keys = Long.parseLong(args[++i]);
        case "--per-key" -> perKey = Long.parseLong(args[++i]);
        case "--kill-worker" -> kill = true;
        default -> {
          System.err.println("usage: EventBusApp [--keys K] [--per-key M] [--kill-worker]");
          System.exit(2);
        }
      }
    }
    Path dir = Files.createTempDirectory("weir-embedded");
    Outcome o = run(keys, perKey, kill, dir);
    boolean ok = o.exactlyOnce(keys, perKey);
    System.out.println((ok ? "ingestion is exactly-once: " : "ingestion is WRONG: ") + keys + " keys x " + perKey
        + " messages, every key counted to " + (ok ? perKey : o.highestCount()) + "; " + o.results() + " result messages"
        + (o.killed() ? " (a worker was killed midway; results since its last checkpoint were sent again)" : ""));
    System.exit(ok ? 0 : 1);
  }
}
