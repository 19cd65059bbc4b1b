package io.weir.runtime.operator;

import io.vertx.core.Future;
import io.weir.connector.Sink;
import io.weir.connector.SinkWriter;
import java.util.List;

/** Feeds a {@link SinkWriter} and relays the checkpoint hooks to it. */
public final class SinkOperator implements StreamOperator {
  private final Sink<Object> sink;
  private SinkWriter<Object> writer;

  @SuppressWarnings("unchecked")
  public SinkOperator(Sink<?> sink) {
    this.sink = (Sink<Object>) sink;
  }

  @Override
  public void open(OperatorContext context) throws Exception {
    try {
      writer = sink.createWriter(context.sinkContext());
    } catch (Exception e) {
      throw new SinkSetupException(context.runtimeContext().operatorName(), e);
    }
  }

  @Override
  public void process(Object record) throws Exception {
    writer.write(record);
  }

  @Override
  public void endInput() throws Exception {
    writer.endOfInput();
  }

  @Override
  public List<Object> snapshotState(long checkpointId) throws Exception {
    return writer.snapshot(checkpointId);
  }

  @Override
  public Future<Void> flushed() {
    return writer.flushed();
  }

  @Override
  public void restoreState(List<Object> union) throws Exception {
    writer.restore(union);
  }

  @Override
  public void checkpointComplete(long checkpointId) throws Exception {
    writer.checkpointComplete(checkpointId);
  }

  @Override
  public void checkpointAborted(long checkpointId) throws Exception {
    writer.checkpointAborted(checkpointId);
  }

  @Override
  public void close() throws Exception {
    if (writer != null) {
      writer.close();
    }
  }
}
