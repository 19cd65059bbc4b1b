package io.weir.verticles;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskRestore;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.runtime.TaskId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskRoutesTest {
  private static final JobId JOB = new JobId("routes");
  private static final TaskId SOURCE = new TaskId(0, 0);
  private static final TaskId NEAR = new TaskId(1, 0);
  private static final TaskId FAR = new TaskId(1, 1);

  private static DeployTask deployment() {
    return new DeployTask(3, new TaskAttempt(JOB, SOURCE, 2), new JobSpec("keyed-count", List.of(), 2, new JsonObject()),
        WeirConfig.defaults().toJson(), "directory:/cp", new TaskRestore.FreshStart(),
        Map.of(SOURCE, "w-1", NEAR, "w-1", FAR, "w-2"));
  }

  @Test
  void aPeerOnTheSameWorkerIsReachedInThisJvmAndAPeerElsewhereThroughTheCluster() {
    TaskRoutes routes = new TaskRoutes(deployment());

    TaskRoutes.Route near = routes.of(Addresses.taskData(new TaskAttempt(JOB, NEAR, 2)));
    TaskRoutes.Route far = routes.of(Addresses.taskControl(new TaskAttempt(JOB, FAR, 2)));

    assertThat(near.inbox()).isEqualTo(Addresses.taskInbox("w-1"));
    assertThat(near.options().isLocalOnly()).isTrue();
    assertThat(far.inbox()).isEqualTo(Addresses.taskInbox("w-2"));
    assertThat(far.options().isLocalOnly()).isFalse();
    assertThat(far.options().getHeaders().get(TaskInbox.TO)).isEqualTo(Addresses.taskControl(new TaskAttempt(JOB, FAR, 2)));
  }

  @Test
  void aRehearsalKeepsEveryMessageInThisJvm() {
    TaskRoutes routes = new TaskRoutes(deployment(), true);

    assertThat(routes.of(Addresses.taskData(new TaskAttempt(JOB, FAR, 2))).options().isLocalOnly()).isTrue();
  }
}
