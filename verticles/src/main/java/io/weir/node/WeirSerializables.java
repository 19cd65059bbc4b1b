package io.weir.node;

import com.hazelcast.config.Config;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Weir's objects that Hazelcast itself carries between members (entry processors), as
 * {@link IdentifiedDataSerializable}s of one factory: never Java serialization. Values in Weir's
 * maps are strings (JSON) or bytes, which Hazelcast handles natively.
 */
final class WeirSerializables implements DataSerializableFactory {
  static final int FACTORY_ID = 0x5745_4952; // "WEIR"
  static final int LEADER_RECORD_PROCESSOR = 1;
  static final int JOB_UPDATE_PROCESSOR = 2;

  /** Registers the factory with a member's config; every member of a Weir cluster needs it. */
  static void register(Config config) {
    config.getSerializationConfig().addDataSerializableFactory(FACTORY_ID, new WeirSerializables());
  }

  @Override
  public IdentifiedDataSerializable create(int typeId) {
    return switch (typeId) {
      case LEADER_RECORD_PROCESSOR -> new LeaderRecordProcessor();
      case JOB_UPDATE_PROCESSOR -> new JobUpdateProcessor();
      default -> throw new IllegalArgumentException("Weir has no Hazelcast-serialized type " + typeId);
    };
  }
}
