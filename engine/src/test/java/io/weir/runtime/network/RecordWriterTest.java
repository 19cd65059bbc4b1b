package io.weir.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.api.function.KeySelector;
import io.weir.checkpoint.CheckpointId;
import io.weir.runtime.graph.Partitioning;
import io.weir.state.KeyGroups;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecordWriterTest {
  private static final int MAX_P = 128;

  /** Receivers in memory: what each address received, in order, and how many record batches are unprocessed. */
  static final class Receivers implements ChannelTransport {
    final Map<String, ArrayDeque<DataBatch>> pending = new LinkedHashMap<>();
    final Map<String, List<DataBatch>> received = new LinkedHashMap<>();
    final Map<String, Integer> inFlight = new HashMap<>();
    int maxInFlight;

    Receivers(List<String> addresses) {
      for (String a : addresses) {
        pending.put(a, new ArrayDeque<>());
        received.put(a, new ArrayList<>());
        inFlight.put(a, 0);
      }
    }

    @Override
    public void send(String address, DataBatch batch) {
      assertThat(received).as("a batch to an address no receiver has").containsKey(address);
      pending.get(address).add(batch);
      received.get(address).add(batch);
      if (batch.kind() == DataBatch.Kind.RECORDS) {
        int n = inFlight.merge(address, 1, Integer::sum);
        maxInFlight = Math.max(maxInFlight, n);
      }
    }

    /** The receiver of {@code address} processes its oldest batch; returns it (null when none). */
    DataBatch process(String address) {
      DataBatch b = pending.get(address).poll();
      if (b != null && b.kind() == DataBatch.Kind.RECORDS) {
        inFlight.merge(address, -1, Integer::sum);
      }
      return b;
    }

    List<Object> records(String address) {
      List<Object> out = new ArrayList<>();
      for (DataBatch b : received.get(address)) {
        if (b.kind() == DataBatch.Kind.RECORDS) {
          out.addAll(Arrays.asList(b.records()).subList(0, b.count()));
        }
      }
      return out;
    }
  }

  private static List<String> addresses(int n) {
    return IntStream.range(0, n).mapToObj(i -> "receiver-" + i).toList();
  }

  /** A writer whose channels have all answered their handshake. */
  private static RecordWriter writer(int subtask, Partitioning p, KeySelector<Object, Object> keys, List<String> to,
                                     int batchSize, Receivers receivers, int[] writableCalls) {
    RecordWriter w = unconnected(subtask, p, keys, to, batchSize, receivers, writableCalls);
    for (int i = 0; i < to.size(); i++) {
      w.connected(i);
    }
    return w;
  }

  private static RecordWriter unconnected(int subtask, Partitioning p, KeySelector<Object, Object> keys, List<String> to,
                                          int batchSize, Receivers receivers, int[] writableCalls) {
    return new RecordWriter(0, 4, subtask, p, keys, MAX_P, to, batchSize, receivers, () -> writableCalls[0]++);
  }

  /** The receivers' absolute limits so far, per writer and channel. */
  private static final java.util.Map<RecordWriter, long[]> LIMITS = new java.util.IdentityHashMap<>();

  /** Grants {@code n} more batches on channel {@code ch}, as a receiver does: as a new absolute limit. */
  private static void credit(RecordWriter w, int ch, int n) {
    long[] limits = LIMITS.computeIfAbsent(w, x -> new long[w.channelCount()]);
    limits[ch] += n;
    w.grant(ch, limits[ch]);
  }

  @Test
  void nothingIsSentBeforeTheChannelIsConnected() throws Exception {
    List<String> to = addresses(1);
    Receivers r = new Receivers(to);
    int[] writableCalls = new int[1];
    RecordWriter w = unconnected(0, Partitioning.FORWARD, null, to, 2, r, writableCalls);
    credit(w, 0, 5);
    for (int i = 0; i < 4; i++) {
      w.emit(i);
    }
    assertThat(r.received.get("receiver-0")).as("no handshake answer yet").isEmpty();
    assertThat(w.writable()).isFalse();
    w.connected(0);
    assertThat(r.records("receiver-0")).containsExactly(0, 1, 2, 3);
    assertThat(w.writable()).isTrue();
    assertThat(writableCalls[0]).isEqualTo(1);
  }

  @Test
  void aRepeatedOrStaleGrantAddsNoCredit() throws Exception {
    List<String> to = addresses(1);
    Receivers r = new Receivers(to);
    RecordWriter w = writer(0, Partitioning.FORWARD, null, to, 1, r, new int[1]);
    w.grant(0, 2);
    w.grant(0, 2);
    w.grant(0, 1);
    for (int i = 0; i < 5; i++) {
      w.emit(i);
    }
    assertThat(r.received.get("receiver-0")).as("the limit is absolute: 2 batches, however often it is granted").hasSize(2);
    w.grant(0, 4);
    assertThat(r.received.get("receiver-0")).hasSize(4);
  }

  private static RecordWriter withPlentyOfCredit(RecordWriter w, int channels) {
    for (int i = 0; i < channels; i++) {
      credit(w, i, 1_000);
    }
    return w;
  }

  @Test
  void forwardSendsEverythingToTheOneReceiverInOrder() throws Exception {
    List<String> to = addresses(1);
    Receivers r = new Receivers(to);
    RecordWriter w = withPlentyOfCredit(writer(2, Partitioning.FORWARD, null, to, 3, r, new int[1]), 1);
    for (int i = 0; i < 10; i++) {
      w.emit(i);
    }
    w.flush();
    assertThat(r.records("receiver-0")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(r.received.get("receiver-0")).allSatisfy(b -> {
      assertThat(b.edge()).isEqualTo(4);
      assertThat(b.senderSubtask()).isEqualTo(2);
    });
    assertThat(r.received.get("receiver-0")).extracting(DataBatch::sequence).containsExactly(0L, 1L, 2L, 3L);
    assertThat(w.recordsOut()).isEqualTo(10);
  }

  @Test
  void rebalanceDealsRecordsRoundRobinStartingAtTheSendersIndex() throws Exception {
    List<String> to = addresses(3);
    Receivers r = new Receivers(to);
    RecordWriter w = withPlentyOfCredit(writer(1, Partitioning.REBALANCE, null, to, 100, r, new int[1]), 3);
    for (int i = 0; i < 9; i++) {
      w.emit(i);
    }
    w.flush();
    assertThat(r.records("receiver-1")).containsExactly(0, 3, 6);
    assertThat(r.records("receiver-2")).containsExactly(1, 4, 7);
    assertThat(r.records("receiver-0")).containsExactly(2, 5, 8);
  }

  @Test
  void broadcastSendsEveryRecordToEveryReceiver() throws Exception {
    List<String> to = addresses(3);
    Receivers r = new Receivers(to);
    RecordWriter w = withPlentyOfCredit(writer(0, Partitioning.BROADCAST, null, to, 2, r, new int[1]), 3);
    for (int i = 0; i < 5; i++) {
      w.emit("r" + i);
    }
    w.flush();
    for (String a : to) {
      assertThat(r.records(a)).containsExactly("r0", "r1", "r2", "r3", "r4");
    }
  }

  @Test
  void hashSendsEachKeyToTheSubtaskOwningItsKeyGroup() throws Exception {
    int receivers = 3;
    List<String> to = addresses(receivers);
    Receivers r = new Receivers(to);
    KeySelector<Object, Object> byWord = record -> ((String) record).split(":")[0];
    RecordWriter w = withPlentyOfCredit(writer(0, Partitioning.HASH, byWord, to, 16, r, new int[1]), receivers);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String record = "word" + (i % 37) + ":" + i;
      sent.add(record);
      w.emit(record);
    }
    w.flush();

    Map<String, Integer> channelOfKey = new HashMap<>();
    int total = 0;
    for (int ch = 0; ch < receivers; ch++) {
      for (Object record : r.records(to.get(ch))) {
        total++;
        String key = ((String) record).split(":")[0];
        Integer earlier = channelOfKey.putIfAbsent(key, ch);
        assertThat(earlier == null ? ch : earlier).as("every record of key %s on one channel", key).isEqualTo(ch);
        int group = KeyGroups.assign(key, MAX_P);
        assertThat(KeyGroups.rangeOf(ch, receivers, MAX_P).contains(group))
            .as("key %s (key group %d) reaches the subtask owning its key group", key, group).isTrue();
      }
    }
    assertThat(total).isEqualTo(sent.size());
    assertThat(channelOfKey.values()).as("the keys spread over every receiver").hasSize(37).containsOnly(0, 1, 2);
  }

  @Test
  void aWriterWithoutCreditBecomesUnwritableAndHoldsItsBatches() throws Exception {
    List<String> to = addresses(1);
    Receivers r = new Receivers(to);
    int[] writableCalls = new int[1];
    RecordWriter w = writer(0, Partitioning.FORWARD, null, to, 2, r, writableCalls);
    credit(w, 0, 2);

    for (int i = 0; i < 4; i++) {
      w.emit(i);
    }
    assertThat(w.writable()).as("two batches used the two credits").isTrue();
    assertThat(r.received.get("receiver-0")).hasSize(2);

    w.emit(4);
    w.emit(5);
    assertThat(w.writable()).as("a third batch has no credit").isFalse();
    assertThat(r.received.get("receiver-0")).hasSize(2);
    assertThat(writableCalls[0]).isZero();

    credit(w, 0, 1);
    assertThat(r.received.get("receiver-0")).hasSize(3);
    assertThat(w.writable()).isTrue();
    assertThat(writableCalls[0]).as("the listener hears that the writer is writable again").isEqualTo(1);
  }

  @Test
  void batchesInFlightNeverExceedTheCreditsAndNothingIsLostOrReordered() throws Exception {
    int credits = 3;
    List<String> to = addresses(2);
    Receivers r = new Receivers(to);
    int[] writableCalls = new int[1];
    RecordWriter w = writer(0, Partitioning.REBALANCE, null, to, 4, r, writableCalls);
    credit(w, 0, credits);
    credit(w, 1, credits);
    List<Object> processed0 = new ArrayList<>();
    List<Object> processed1 = new ArrayList<>();
    int emitted = 0;
    int unwritableSeen = 0;
    // a fast producer: it emits while the writer is writable; the receivers process one batch per round each
    for (int round = 0; round < 500; round++) {
      while (w.writable() && emitted < 1000) {
        w.emit(emitted++);
      }
      if (!w.writable()) {
        unwritableSeen++;
      }
      for (int ch = 0; ch < 2; ch++) {
        DataBatch b = r.process(to.get(ch));
        if (b != null && b.kind() == DataBatch.Kind.RECORDS) {
          (ch == 0 ? processed0 : processed1).addAll(Arrays.asList(b.records()).subList(0, b.count()));
          credit(w, ch, 1);
        }
      }
      if (emitted == 1000 && round % 10 == 0) {
        w.flush();
      }
    }
    w.flush();
    for (int ch = 0; ch < 2; ch++) {
      DataBatch b;
      while ((b = r.process(to.get(ch))) != null) {
        (ch == 0 ? processed0 : processed1).addAll(Arrays.asList(b.records()).subList(0, b.count()));
        credit(w, ch, 1);
      }
    }
    assertThat(w.writable()).as("no batch is left waiting").isTrue();

    assertThat(r.maxInFlight).as("unprocessed batches per channel never exceed its credits").isLessThanOrEqualTo(credits);
    assertThat(unwritableSeen).as("the producer was held back").isPositive();
    assertThat(writableCalls[0]).isPositive();
    List<Object> evens = new ArrayList<>(r.records(to.get(0)));
    List<Object> odds = new ArrayList<>(r.records(to.get(1)));
    assertThat(evens).isEqualTo(IntStream.range(0, 500).mapToObj(i -> (Object) (i * 2)).toList());
    assertThat(odds).isEqualTo(IntStream.range(0, 500).mapToObj(i -> (Object) (i * 2 + 1)).toList());
    assertThat(processed0).isEqualTo(evens);
    assertThat(processed1).isEqualTo(odds);
  }

  @Test
  void aBarrierKeepsItsPlaceBehindBatchesWaitingForCredit() throws Exception {
    List<String> to = addresses(1);
    Receivers r = new Receivers(to);
    RecordWriter w = writer(0, Partitioning.FORWARD, null, to, 2, r, new int[1]);
    credit(w, 0, 1);
    for (int i = 0; i < 6; i++) {
      w.emit(i); // three batches: one sent, two waiting
    }
    CheckpointBarrier barrier = new CheckpointBarrier(new CheckpointId(1), 0, false, null);
    w.broadcastBarrier(barrier);
    w.emit(6);
    w.flush();
    w.broadcastEndOfInput();

    assertThat(r.received.get("receiver-0")).extracting(DataBatch::kind).containsExactly(DataBatch.Kind.RECORDS);

    credit(w, 0, 2);
    assertThat(r.received.get("receiver-0")).extracting(DataBatch::kind).as("the barrier follows the two waiting batches")
        .containsExactly(DataBatch.Kind.RECORDS, DataBatch.Kind.RECORDS, DataBatch.Kind.RECORDS, DataBatch.Kind.BARRIER);

    credit(w, 0, 1);
    List<DataBatch> all = r.received.get("receiver-0");
    assertThat(all).extracting(DataBatch::kind).containsExactly(DataBatch.Kind.RECORDS, DataBatch.Kind.RECORDS,
        DataBatch.Kind.RECORDS, DataBatch.Kind.BARRIER, DataBatch.Kind.RECORDS, DataBatch.Kind.END_OF_INPUT);
    assertThat(all).extracting(DataBatch::sequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(all.get(3).barrier()).isEqualTo(barrier);
    assertThat(r.records("receiver-0")).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(w.writable()).isTrue();
  }

  @Test
  void eventsNeedNoCredit() {
    List<String> to = addresses(2);
    Receivers r = new Receivers(to);
    RecordWriter w = writer(0, Partitioning.REBALANCE, null, to, 2, r, new int[1]);
    w.broadcastBarrier(new CheckpointBarrier(new CheckpointId(3), 0, false, null));
    w.broadcastEndOfInput();
    for (String a : to) {
      assertThat(r.received.get(a)).extracting(DataBatch::kind)
          .containsExactly(DataBatch.Kind.BARRIER, DataBatch.Kind.END_OF_INPUT);
    }
    assertThat(w.writable()).isTrue();
  }
}
