package io.weir.runtime.task;

import io.weir.testing.TestSinks.CollectingSink;
import io.weir.testing.TestSinks.Gate;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of whole jobs on the {@link InMemoryRuntime} share: a work folder, a sink name of
 * their own, and closing the runtime and forgetting the sink's records after each test.
 */
abstract class InMemoryRuntimeTest {
  @TempDir
  Path workDir;

  final String sinkName = "sink-" + UUID.randomUUID();
  InMemoryRuntime runtime;

  @AfterEach
  void closeRuntime() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
    CollectingSink.forget(sinkName);
    Gate.forget(sinkName);
  }
}
