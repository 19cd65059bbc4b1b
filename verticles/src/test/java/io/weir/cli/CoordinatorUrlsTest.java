package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoordinatorUrlsTest {

  @Test
  void aCommaSeparatedListIsTriedInOrderUntilOneIsReachable() {
    CoordinatorUrls urls = new CoordinatorUrls("http://127.0.0.1:8081, http://127.0.0.1:8082/,http://127.0.0.1:8083");
    List<String> tried = new ArrayList<>();

    String answer = urls.tryInOrder(base -> {
      tried.add(base);
      if (base.endsWith("8081")) {
        throw new CoordinatorUrls.Unreachable("cannot reach the coordinator at " + base);
      }
      return "answered by " + base;
    });

    assertThat(answer).isEqualTo("answered by http://127.0.0.1:8082");
    assertThat(tried).containsExactly("http://127.0.0.1:8081", "http://127.0.0.1:8082");
  }

  @Test
  void anAnswerThatIsAnErrorIsNotRetriedElsewhere() {
    CoordinatorUrls urls = new CoordinatorUrls("http://127.0.0.1:8081,http://127.0.0.1:8082");
    List<String> tried = new ArrayList<>();

    assertThatThrownBy(() -> urls.tryInOrder(base -> {
      tried.add(base);
      throw new IllegalStateException("no job with id 'x'");
    })).hasMessage("no job with id 'x'");
    assertThat(tried).containsExactly("http://127.0.0.1:8081");
  }

  @Test
  void whenNoneIsReachableEachOneSaysWhy() {
    CoordinatorUrls urls = new CoordinatorUrls("http://127.0.0.1:8081,http://127.0.0.1:8082");

    assertThatThrownBy(() -> urls.tryInOrder(base -> {
      throw new CoordinatorUrls.Unreachable("cannot reach " + base);
    })).hasMessage("no coordinator answered: cannot reach http://127.0.0.1:8081; cannot reach http://127.0.0.1:8082");
  }

  @Test
  void somethingThatIsNoUrlIsNamed() {
    assertThatThrownBy(() -> new CoordinatorUrls("http://127.0.0.1:8081,localhost"))
        .hasMessageContaining("got 'localhost'");
    assertThatThrownBy(() -> new CoordinatorUrls(" , ")).hasMessageContaining("--coordinator must be a URL");
  }
}
