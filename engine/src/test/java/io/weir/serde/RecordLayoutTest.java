package io.weir.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordLayoutTest {
  private record Bid(long auction, int bidder, String channel, List<String> tags, double price) {
  }

  @ParameterizedTest(name = "lambdas {0}")
  @ValueSource(booleans = {true, false})
  void everyComponentIsReadAsTheRecordHoldsItAndTheRecordIsMadeAgainFromThem(boolean lambdas) {
    Bid bid = new Bid(1L << 40, -7, "Google", List.of("a", "b"), 12.5);
    RecordLayout layout = new RecordLayout(Bid.class, lambdas);
    assertThat(layout.accessors[0].getClass().getNestHost()).as("the accessors are lambdas of the record's own class")
        .isEqualTo(lambdas ? Bid.class.getNestHost() : RecordLayout.class);

    assertThat(layout.longComponent(bid, 0)).isEqualTo(1L << 40);
    assertThat(layout.intComponent(bid, 1)).isEqualTo(-7);
    Object[] values = new Object[layout.accessors.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = layout.component(bid, i);
    }
    assertThat(values).containsExactly(1L << 40, -7, "Google", List.of("a", "b"), 12.5);
    assertThat(layout.create(values)).isEqualTo(bid);
  }

  @Test
  void aPrivateRecordRoundTripsThroughTheSerde() {
    Bid bid = new Bid(3, 4, null, List.of(), -0.0);
    assertThat(Serde.fromBytes(Serde.toBytes(bid))).isEqualTo(bid);
  }
}
