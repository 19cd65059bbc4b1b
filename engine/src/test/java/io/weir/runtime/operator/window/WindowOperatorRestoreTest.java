package io.weir.runtime.operator.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.api.RuntimeContext;
import io.weir.api.function.KeySelector;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.api.window.CountAggregate;
import io.weir.api.window.WindowAssigner;
import io.weir.config.Settings;
import io.weir.config.WeirConfig;
import io.weir.connector.SinkContext;
import io.weir.runtime.operator.OperatorContext;
import io.weir.runtime.operator.Output;
import io.weir.runtime.operator.RecordTimestamp;
import io.weir.runtime.operator.TimerRegistry;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyedStateBackend;
import io.weir.state.StateBackends;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window restored from keyed state laid out as Weir kept it before sliding panes, sessions in
 * place and folded sessions (per-window sliding contents, sessions under {@code .sessions}, an
 * aggregate's sessions apart from their accumulators under {@code .session-windows}) fails naming
 * the state, rather than starting with its windows in flight silently gone.
 */
class WindowOperatorRestoreTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"sliding", "session", "session-windows"})
  void stateInTheOlderLayoutIsRefusedByName(String kind) throws Exception {
    Settings.State defaults = WeirConfig.defaults().state();
    KeyedStateBackend state = StateBackends.create(new Settings.State("heap", false, defaults.localDir(), defaults.rocksdb()),
        new KeyGroupRange(0, 127), 128, tmp);
    WindowAssigner assigner = kind.equals("sliding") ? WindowAssigner.sliding(Duration.ofMillis(20), Duration.ofMillis(5))
        : WindowAssigner.session(Duration.ofMillis(10));
    String older = kind.equals("sliding") ? "w.window-contents" : kind.equals("session") ? "w.sessions" : "w.session-windows";
    WindowOperator window = WindowOperator.aggregating("w", assigner, 0, false, new CountAggregate<>(),
        (key, w, count) -> count);
    window.open(context(state));
    window.restoreState(List.of()); // nothing of the older layout: fine

    state.setCurrentKey("k");
    state.valueState(new ValueStateDescriptor<Long>(older)).update(3L);

    assertThatThrownBy(() -> window.restoreState(List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("window 'w'")
        .hasMessageContaining("state '" + older + "'");
    state.close();
  }

  private static OperatorContext context(KeyedStateBackend state) {
    return new OperatorContext() {
      @Override
      public Output output() {
        return null;
      }

      @Override
      public RuntimeContext runtimeContext() {
        return null;
      }

      @Override
      public KeyedStateBackend keyedState() {
        return state;
      }

      @Override
      public KeySelector<Object, Object> keySelector() {
        return r -> r;
      }

      @Override
      public TimerRegistry timers() {
        return null;
      }

      @Override
      public SinkContext sinkContext() {
        return null;
      }

      @Override
      public RecordTimestamp timestamp() {
        return null;
      }
    };
  }
}
