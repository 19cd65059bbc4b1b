package io.weir.node;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.InvalidConfigurationException;
import io.weir.config.ConfigException;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads Hazelcast configs: a file, or one of those in the cluster-config jar; sets the cluster name and port. */
public final class HazelcastConfigs {
  /** The config for processes on one machine: TCP-IP join on loopback. */
  public static final String LOOPBACK = "hazelcast/weir-loopback.xml";

  private HazelcastConfigs() {
  }

  /**
   * @param location a file path, or a classpath resource of the cluster-config jar; null for the loopback config
   * @param port the first port to try (auto-increment continues from it); 0 keeps the file's
   */
  public static Config load(String location, String clusterName, int port) {
    String where = location == null ? LOOPBACK : location;
    Config config;
    try {
      if (location != null && Files.exists(Path.of(location))) {
        config = new FileSystemXmlConfig(location);
      } else if (HazelcastConfigs.class.getClassLoader().getResource(where) != null) {
        config = new ClasspathXmlConfig(where);
      } else {
        throw new ConfigException("Hazelcast config " + where + " is neither a file nor on the classpath");
      }
    } catch (InvalidConfigurationException e) {
      throw new ConfigException("Hazelcast config " + where + " is invalid: " + firstLine(e.getMessage()), e);
    } catch (FileNotFoundException e) {
      throw new ConfigException("Hazelcast config " + where + " cannot be read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof ConfigException) {
        throw e;
      }
      throw new ConfigException("Hazelcast config " + where + " is invalid: " + firstLine(e.getMessage()), e);
    }
    config.setClusterName(clusterName);
    if (port > 0) {
      // members listed without a port are searched from this port on (hazelcast.tcp.join.port.try.count ports)
      config.getNetworkConfig().setPort(port);
    }
    config.setProperty("hazelcast.phone.home.enabled", "false");
    WeirSerializables.register(config);
    return config;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl > 0 ? s.substring(0, nl) : s;
  }
}
