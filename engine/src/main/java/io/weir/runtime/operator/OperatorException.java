package io.weir.runtime.operator;

/** User code in an operator threw; names the operator and the record. */
public final class OperatorException extends RuntimeException {
  private final String operator;

  public OperatorException(String operator, Object record, Throwable cause) {
    super("operator '" + operator + "' failed on record " + describe(record) + ": " + cause, cause);
    this.operator = operator;
  }

  public String operator() {
    return operator;
  }

  static String describe(Object record) {
    String s = String.valueOf(record);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
