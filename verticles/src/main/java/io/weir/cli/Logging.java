package io.weir.cli;

/** Routes Vert.x and Hazelcast logging to SLF4J (Logback) and keeps Hazelcast from phoning home. */
final class Logging {
  private Logging() {
  }

  static void configure() {
    setIfAbsent("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    setIfAbsent("hazelcast.logging.type", "slf4j");
    setIfAbsent("hazelcast.phone.home.enabled", "false");
    setIfAbsent("java.net.preferIPv4Stack", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
