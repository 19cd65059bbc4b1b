package io.weir.connector.kafka;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.ProducerIdAndEpoch;

/**
 * A transactional producer that can also take over a transaction another process pre-committed,
 * from its transactional id, producer id and epoch, so as to commit it after a restart. Kafka's
 * client has no public API for that (KIP-939 is not there yet), so {@link #resume} sets the
 * producer's transaction state by reflection, as Flink's FlinkKafkaInternalProducer does: the
 * producer id and epoch are those the pre-committing producer had, so the coordinator takes the
 * commit as that producer's. Whether the transaction is still open is asked first
 * ({@link TransactionRecovery#commit}): with Kafka 4's transactions (KIP-890) a commit bumps the
 * epoch, so committing a committed transaction again is refused as fenced.
 */
final class TransactionalProducer extends KafkaProducer<byte[], byte[]> {
  private static final String STATE = "org.apache.kafka.clients.producer.internals.TransactionManager$State";

  private final String transactionalId;

  TransactionalProducer(String bootstrapServers, String transactionalId, Map<String, Object> properties) {
    super(config(bootstrapServers, transactionalId, properties), new ByteArraySerializer(), new ByteArraySerializer());
    this.transactionalId = transactionalId;
  }

  private static Map<String, Object> config(String bootstrapServers, String transactionalId, Map<String, Object> properties) {
    Map<String, Object> config = new HashMap<>(properties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return config;
  }

  String transactionalId() {
    return transactionalId;
  }

  long producerId() {
    return producerIdAndEpoch().producerId;
  }

  short epoch() {
    return producerIdAndEpoch().epoch;
  }

  private ProducerIdAndEpoch producerIdAndEpoch() {
    return (ProducerIdAndEpoch) field(transactionManager(), "producerIdAndEpoch");
  }

  /** Takes over the open transaction of {@code producerId}/{@code epoch}; {@link #commitTransaction()} then commits it. */
  void resume(long producerId, short epoch) {
    Object tm = transactionManager();
    synchronized (tm) {
      invoke(tm, "transitionTo", state("INITIALIZING"));
      invoke(field(tm, "txnPartitionMap"), "reset", null);
      setField(tm, "producerIdAndEpoch", new ProducerIdAndEpoch(producerId, epoch));
      invoke(tm, "transitionTo", state("READY"));
      invoke(tm, "transitionTo", state("IN_TRANSACTION"));
      // without this flag the producer thinks nothing was sent and would not send the commit
      setField(tm, "transactionStarted", true);
    }
  }

  private Object transactionManager() {
    return field(this, KafkaProducer.class, "transactionManager");
  }

  private static Object state(String name) {
    try {
      for (Object constant : Class.forName(STATE).getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(name)) {
          return constant;
        }
      }
      throw new IllegalStateException("no transaction state " + name);
    } catch (ClassNotFoundException e) {
      throw incompatible(e);
    }
  }

  private static Object field(Object target, String name) {
    return field(target, target.getClass(), name);
  }

  private static Object field(Object target, Class<?> type, String name) {
    try {
      Field f = type.getDeclaredField(name);
      f.setAccessible(true);
      return f.get(target);
    } catch (ReflectiveOperationException e) {
      throw incompatible(e);
    }
  }

  private static void setField(Object target, String name, Object value) {
    try {
      Field f = target.getClass().getDeclaredField(name);
      f.setAccessible(true);
      f.set(target, value);
    } catch (ReflectiveOperationException e) {
      throw incompatible(e);
    }
  }

  private static void invoke(Object target, String name, Object arg) {
    try {
      for (Method m : target.getClass().getDeclaredMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == (arg == null ? 0 : 1)) {
          m.setAccessible(true);
          if (arg == null) {
            m.invoke(target);
          } else {
            m.invoke(target, arg);
          }
          return;
        }
      }
      throw new NoSuchMethodException(target.getClass().getName() + "." + name);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw new IllegalStateException("cannot resume a Kafka transaction: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw incompatible(e);
    }
  }

  private static IllegalStateException incompatible(Exception e) {
    return new IllegalStateException("this kafka-clients version cannot resume a pre-committed transaction (Weir is built"
        + " against kafka-clients 4.1): " + e, e);
  }
}
