package io.weir.runtime.operator;

/** Passes records to the next operator of the chain, naming that operator if it throws. */
public final class ChainedOutput implements Output {
  private final StreamOperator next;
  private final String name;

  public ChainedOutput(StreamOperator next, String name) {
    this.next = next;
    this.name = name;
  }

  @Override
  public void collect(Object record) {
    try {
      next.process(record);
    } catch (OperatorException e) {
      throw e;
    } catch (Exception e) {
      throw new OperatorException(name, record, e);
    }
  }
}
