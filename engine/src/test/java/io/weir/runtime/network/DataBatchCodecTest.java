package io.weir.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.weir.checkpoint.CheckpointId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataBatchCodecTest {
  private final DataBatchCodec codec = new DataBatchCodec();

  record Trade(String symbol, long quantity, double price) {
  }

  /** Encodes after some unrelated bytes, as the event bus does, and decodes at that position. */
  private DataBatch wireRoundTrip(DataBatch batch) {
    Buffer buffer = Buffer.buffer().appendString("header");
    codec.encodeToWire(buffer, batch);
    buffer.appendString("trailer");
    return codec.decodeFromWire("header".length(), buffer);
  }

  private static void assertSameHeader(DataBatch back, DataBatch sent) {
    assertThat(back.kind()).isEqualTo(sent.kind());
    assertThat(back.attempt()).isEqualTo(sent.attempt());
    assertThat(back.edge()).isEqualTo(sent.edge());
    assertThat(back.senderSubtask()).isEqualTo(sent.senderSubtask());
    assertThat(back.sequence()).isEqualTo(sent.sequence());
  }

  @Test
  void recordsBatchRoundTripsOverTheWire() {
    Object[] records = new Object[8]; // a batch array is larger than its count
    records[0] = new Trade("ACME", 10, 1.5);
    records[1] = "text";
    records[2] = 42L;
    records[3] = null;
    records[4] = List.of(new Trade("X", 1, 2), Map.of("k", 3));
    DataBatch sent = DataBatch.records(3, 2, 1, 77, records, 5);

    DataBatch back = wireRoundTrip(sent);

    assertSameHeader(back, sent);
    assertThat(back.count()).isEqualTo(5);
    assertThat(Arrays.copyOf(back.records(), back.count())).containsExactly(Arrays.copyOf(records, 5));
  }

  @Test
  void recordsWithEventTimesRoundTripTheirTimestampsOverTheWire() {
    Object[] records = {"a", "b", "c", "d"};
    long[] timestamps = {1_700_000_000_000L, 1_699_999_999_990L, Long.MIN_VALUE, Long.MAX_VALUE};
    DataBatch sent = DataBatch.records(0, 1, 2, 5, records, timestamps, 4);

    DataBatch back = wireRoundTrip(sent);

    assertSameHeader(back, sent);
    assertThat(back.timestamps()).containsExactly(timestamps);
    assertThat(wireRoundTrip(DataBatch.records(0, 1, 2, 6, records, 4)).timestamps()).as("records without event time")
        .isNull();
  }

  @Test
  void watermarkAndIdleMessagesRoundTripOverTheWire() {
    DataBatch watermark = DataBatch.watermark(2, 1, 0, 9, -5L);
    DataBatch idle = DataBatch.idle(2, 1, 0, 10);

    DataBatch back = wireRoundTrip(watermark);
    assertSameHeader(back, watermark);
    assertThat(back.watermark()).isEqualTo(-5L);
    assertSameHeader(wireRoundTrip(idle), idle);
  }

  @Test
  void barrierBatchRoundTripsOverTheWire() {
    CheckpointBarrier barrier = new CheckpointBarrier(new CheckpointId(12), 1_700_000_000_000L, true, "directory:/tmp/savepoints");
    DataBatch sent = DataBatch.barrier(1, 0, 4, 3, barrier);

    DataBatch back = wireRoundTrip(sent);

    assertSameHeader(back, sent);
    assertThat(back.barrier()).isEqualTo(barrier);
  }

  @Test
  void endOfInputBatchRoundTripsOverTheWire() {
    DataBatch sent = DataBatch.endOfInput(0, 5, 2, 1_000_000_000_000L);
    DataBatch back = wireRoundTrip(sent);
    assertSameHeader(back, sent);
    assertThat(back.records()).isNull();
  }

  @Test
  void transformHandsOverTheSameObjectInOneJvm() {
    Object[] records = {new Trade("A", 1, 1)};
    DataBatch batch = DataBatch.records(0, 0, 0, 0, records, 1);
    DataBatch passed = codec.transform(batch);
    assertThat(passed).isSameAs(batch);
    assertThat(passed.records()).isSameAs(records);
  }

  @Test
  void anUndecodableRecordYieldsAnUndecodableBatchNamingChannelAndPosition() {
    Object[] records = {"first", new Trade("B", 2, 3)};
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, DataBatch.records(2, 7, 3, 41, records, 2));
    // the receiving node does not know the record's class: change its name on the wire
    byte[] bytes = buffer.getBytes();
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("DataBatchCodecTest$Trad");
    assertThat(at).isPositive();
    bytes[at + "DataBatchCodecTest$".length()] = 'Z';

    DataBatch back = codec.decodeFromWire(0, Buffer.buffer(bytes));

    assertThat(back.kind()).isEqualTo(DataBatch.Kind.UNDECODABLE);
    assertThat(back.attempt()).isEqualTo(2);
    assertThat(back.edge()).isEqualTo(7);
    assertThat(back.senderSubtask()).isEqualTo(3);
    assertThat(back.sequence()).isEqualTo(41);
    assertThat(back.error())
        .contains("record 1 of batch #41")
        .contains("on edge 7 from subtask 3")
        .contains("DataBatchCodecTest$Zrade")
        .contains("not on this node's classpath");
  }

  @Test
  void aTruncatedBatchYieldsAnUndecodableBatchInsteadOfAnException() {
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, DataBatch.records(0, 1, 0, 9, new Object[] {"a long enough record", 2L}, 2));
    Buffer cut = buffer.getBuffer(0, buffer.length() - 5);

    DataBatch back = codec.decodeFromWire(0, cut);

    assertThat(back.kind()).isEqualTo(DataBatch.Kind.UNDECODABLE);
    assertThat(back.error()).contains("cannot be decoded");
  }

  @Test
  void aRecordCutShortYieldsAnUndecodableBatchNamingTheRecord() {
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, DataBatch.records(0, 1, 2, 9, new Object[] {"x", "a long enough record"}, 2));
    // keep the length prefix consistent, but drop the end of the last record
    byte[] payload = buffer.getBytes(4, buffer.length() - 4);
    Buffer shortened = Buffer.buffer().appendInt(payload.length).appendBytes(payload);

    DataBatch back = codec.decodeFromWire(0, shortened);

    assertThat(back.kind()).isEqualTo(DataBatch.Kind.UNDECODABLE);
    assertThat(back.error()).contains("record 1 of batch #9").contains("on edge 1 from subtask 2");
  }

  @Test
  void garbageYieldsAnUndecodableBatch() {
    Buffer garbage = Buffer.buffer().appendInt(3).appendBytes(new byte[] {(byte) 200, 1, 2});
    DataBatch back = codec.decodeFromWire(0, garbage);
    assertThat(back.kind()).isEqualTo(DataBatch.Kind.UNDECODABLE);
    assertThat(back.error()).contains("cannot be decoded");
  }
}
