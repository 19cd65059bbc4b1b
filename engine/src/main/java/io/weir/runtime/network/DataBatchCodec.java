package io.weir.runtime.network;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.weir.checkpoint.CheckpointId;
import io.weir.serde.Serde;
import io.weir.serde.SerdeException;
import io.weir.serde.ValueReader;
import io.weir.serde.ValueWriter;

/**
 * The event-bus codec of data batches: in one JVM the batch object is handed over untouched (no
 * encoding at all); between JVMs its records are written with Weir's serializer. A batch that
 * cannot be decoded fails with the channel and the record's position in the batch.
 */
public final class DataBatchCodec implements MessageCodec<DataBatch, DataBatch> {
  public static final String NAME = "weir-batch";
  private static final ThreadLocal<Output> SCRATCH = ThreadLocal.withInitial(() -> new Output(1 << 16, -1));

  @Override
  public void encodeToWire(Buffer buffer, DataBatch batch) {
    Output out = SCRATCH.get();
    out.reset();
    out.writeByte(batch.kind().ordinal());
    out.writeVarInt(batch.attempt(), true);
    out.writeVarInt(batch.edge(), true);
    out.writeVarInt(batch.senderSubtask(), true);
    out.writeVarLong(batch.sequence() + 1, true);
    ValueWriter writer = Serde.writer(out);
    switch (batch.kind()) {
      case RECORDS -> {
        out.writeVarInt(batch.count(), true);
        Object[] records = batch.records();
        for (int i = 0; i < batch.count(); i++) {
          writer.write(records[i]);
        }
        writeTimestamps(out, batch.timestamps(), batch.count());
      }
      case BARRIER -> {
        CheckpointBarrier barrier = batch.barrier();
        out.writeVarLong(barrier.id().value(), true);
        out.writeVarLong(barrier.timestamp(), false);
        out.writeBoolean(barrier.savepoint());
        writer.write(barrier.storageUri());
      }
      case WATERMARK -> out.writeVarLong(batch.watermark(), false);
      case END_OF_INPUT, HANDSHAKE, IDLE, UNDECODABLE -> {
      }
    }
    buffer.appendInt(out.position());
    buffer.appendBytes(out.getBuffer(), 0, out.position());
  }

  @Override
  public DataBatch decodeFromWire(int pos, Buffer buffer) {
    int attempt = -1;
    int edge = -1;
    int sender = -1;
    long sequence = -1;
    try {
      int length = buffer.getInt(pos);
      Input in = new Input(buffer.getBytes(pos + 4, pos + 4 + length));
      DataBatch.Kind kind = DataBatch.Kind.values()[in.readByte()];
      attempt = in.readVarInt(true);
      edge = in.readVarInt(true);
      sender = in.readVarInt(true);
      sequence = in.readVarLong(true) - 1;
      ValueReader reader = Serde.reader(in);
      switch (kind) {
        case RECORDS: {
          int count = in.readVarInt(true);
          Object[] records = new Object[count];
          for (int i = 0; i < count; i++) {
            try {
              records[i] = reader.read();
            } catch (SerdeException | KryoException e) {
              return DataBatch.undecodable(attempt, edge, sender, sequence, "record " + i + " of batch #" + sequence
                  + " on edge " + edge + " from subtask " + sender + " cannot be deserialized: " + e.getMessage());
            }
          }
          return DataBatch.records(attempt, edge, sender, sequence, records, readTimestamps(in, count), count);
        }
        case WATERMARK:
          return DataBatch.watermark(attempt, edge, sender, sequence, in.readVarLong(false));
        case IDLE:
          return DataBatch.idle(attempt, edge, sender, sequence);
        case BARRIER:
          return DataBatch.barrier(attempt, edge, sender, sequence, new CheckpointBarrier(
              new CheckpointId(in.readVarLong(true)), in.readVarLong(false), in.readBoolean(), (String) reader.read()));
        case END_OF_INPUT:
          return DataBatch.endOfInput(attempt, edge, sender, sequence);
        case HANDSHAKE:
          return DataBatch.handshake(attempt, edge, sender);
        default:
          throw new SerdeException("unknown batch kind " + kind);
      }
    } catch (RuntimeException e) {
      return DataBatch.undecodable(attempt, edge, sender, sequence, "a batch on edge " + edge + " from subtask " + sender
          + " cannot be decoded: " + e.getMessage());
    }
  }

  /** A flag, then the first timestamp and each next one as a zig-zag delta (event times in a batch are close). */
  private static void writeTimestamps(Output out, long[] timestamps, int count) {
    if (timestamps == null) {
      out.writeByte(0);
      return;
    }
    out.writeByte(1);
    long previous = 0;
    for (int i = 0; i < count; i++) {
      out.writeVarLong(timestamps[i] - previous, false);
      previous = timestamps[i];
    }
  }

  private static long[] readTimestamps(Input in, int count) {
    if (in.readByte() == 0) {
      return null;
    }
    long[] timestamps = new long[count];
    long previous = 0;
    for (int i = 0; i < count; i++) {
      previous += in.readVarLong(false);
      timestamps[i] = previous;
    }
    return timestamps;
  }

  @Override
  public DataBatch transform(DataBatch batch) {
    return batch;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
