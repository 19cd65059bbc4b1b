package io.weir.cluster.ha;

import io.vertx.core.json.JsonObject;
import io.weir.config.ConfigException;
import io.weir.config.Durations;
import java.time.Duration;
import java.util.Set;

/**
 * How coordinators elect their leader (the {@code ha} settings).
 *
 * @param checkInterval how often each coordinator checks the membership and the leader record
 * @param lease how long after its last check a leader may act; shorter than Hazelcast's heartbeat timeout
 * @param quorum whose majority a leader needs: every member, or the coordinators only
 * @param expectedMembers the smallest membership a majority is counted over (0: none configured)
 * @param forgetMembersAfter how long members must have been gone before the leader lowers its recorded size
 */
public record ElectionSettings(Duration checkInterval, Duration lease, QuorumScope quorum, int expectedMembers,
                               Duration forgetMembersAfter) {
  private static final Set<String> KEYS = Set.of("check-interval", "lease", "quorum", "expected-members",
      "forget-members-after");

  /** Whose majority counts. */
  public enum QuorumScope {
    MEMBERS, COORDINATORS
  }

  public ElectionSettings {
    if (checkInterval.isNegative() || checkInterval.isZero()) {
      throw new ConfigException("ha.check-interval must be positive, not " + Durations.format(checkInterval));
    }
    if (lease.compareTo(checkInterval) <= 0) {
      throw new ConfigException("ha.lease (" + Durations.format(lease) + ") must be longer than ha.check-interval ("
          + Durations.format(checkInterval) + "), or a leader could never act between its checks");
    }
    if (expectedMembers < 0) {
      throw new ConfigException("ha.expected-members must be 0 (not set) or more, not " + expectedMembers);
    }
  }

  public static ElectionSettings defaults() {
    return new ElectionSettings(Duration.ofMillis(500), Duration.ofSeconds(3), QuorumScope.MEMBERS, 0,
        Duration.ofSeconds(30));
  }

  /** The settings in an {@code ha} object; missing keys keep their defaults, unknown keys are refused. */
  public static ElectionSettings fromJson(JsonObject ha) {
    ElectionSettings d = defaults();
    if (ha == null) {
      return d;
    }
    for (String key : ha.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new ConfigException("unknown setting ha." + key + " (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
      }
    }
    if (ha.containsKey("quorum") && !(ha.getValue("quorum") instanceof String)) {
      throw new ConfigException("ha.quorum must be a string, members or coordinators, not " + ha.getValue("quorum"));
    }
    if (ha.containsKey("expected-members") && !(ha.getValue("expected-members") instanceof Integer)) {
      throw new ConfigException("ha.expected-members must be a whole number, not " + ha.getValue("expected-members"));
    }
    String quorum = ha.getString("quorum", d.quorum.name().toLowerCase());
    QuorumScope scope = switch (quorum) {
      case "members" -> QuorumScope.MEMBERS;
      case "coordinators" -> QuorumScope.COORDINATORS;
      default -> throw new ConfigException("ha.quorum is '" + quorum + "'; use members or coordinators");
    };
    return new ElectionSettings(duration(ha, "check-interval", d.checkInterval), duration(ha, "lease", d.lease), scope,
        ha.getInteger("expected-members", d.expectedMembers), duration(ha, "forget-members-after", d.forgetMembersAfter));
  }

  private static Duration duration(JsonObject ha, String key, Duration otherwise) {
    if (ha.containsKey(key) && !(ha.getValue(key) instanceof String)) {
      throw new ConfigException("ha." + key + " must be a duration such as \"500ms\" or \"3s\", not " + ha.getValue(key));
    }
    String text = ha.getString(key);
    if (text == null) {
      return otherwise;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("ha." + key + ": " + e.getMessage());
    }
  }
}
