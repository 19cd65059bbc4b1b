package io.weir.cluster.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.weir.config.ConfigException;
import io.weir.config.WeirConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code ha} settings: the defaults shipped in weir.json, overrides, and errors that name the setting. */
class ElectionSettingsTest {

  @Test
  void theShippedDefaultsAreAMajorityOfCoordinatorsWithAThreeSecondLease() {
    ElectionSettings s = ElectionSettings.fromJson(WeirConfig.defaults().toJson().getJsonObject("ha"));

    assertThat(s.quorum()).isEqualTo(ElectionSettings.QuorumScope.COORDINATORS);
    assertThat(s.expectedMembers()).isZero();
    assertThat(s.checkInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.lease()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.forgetMembersAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void anOperatorsConfigFileOverridesThem() {
    WeirConfig config = WeirConfig.defaults().with(new JsonObject().put("ha", new JsonObject().put("quorum", "members")
        .put("lease", "2s")), "config file weir.json");

    ElectionSettings s = ElectionSettings.fromJson(config.toJson().getJsonObject("ha"));

    assertThat(s.quorum()).isEqualTo(ElectionSettings.QuorumScope.MEMBERS);
    assertThat(s.lease()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.checkInterval()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void badValuesNameTheSetting() {
    assertThatThrownBy(() -> WeirConfig.defaults().with(new JsonObject().put("ha", new JsonObject().put("leese", "2s")), "f"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ha.leese");
    assertThatThrownBy(() -> ElectionSettings.fromJson(new JsonObject().put("quorum", "everyone")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ha.quorum is 'everyone'");
    assertThatThrownBy(() -> ElectionSettings.fromJson(new JsonObject().put("lease", 3)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ha.lease must be a duration");
    assertThatThrownBy(() -> ElectionSettings.fromJson(new JsonObject().put("expected-members", "3")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ha.expected-members must be a whole number");
    assertThatThrownBy(() -> ElectionSettings.fromJson(new JsonObject().put("lease", "400ms")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ha.lease (400ms) must be longer than ha.check-interval");
  }
}
