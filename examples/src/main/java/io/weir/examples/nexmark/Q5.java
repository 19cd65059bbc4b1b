package io.weir.examples.nexmark;

import io.weir.api.Stream;
import io.weir.api.window.CountAggregate;
import io.weir.api.window.WindowAssigner;
import io.weir.examples.nexmark.NexmarkEvent.Bid;
import java.time.Duration;

/** q5, hot items: "windowStart,windowEnd,auction,count" for the auctions with the most bids in each sliding window. */
final class Q5 {
  private Q5() {
  }

  /** An auction's bids in a window. */
  record AuctionCount(long windowStart, long windowEnd, long auction, long count) implements NexmarkResult {
    @Override
    public String line() {
      return windowStart + "," + windowEnd + "," + auction + "," + count;
    }
  }

  static Stream<NexmarkResult> build(Stream<Bid> bids, NexmarkQueries.Params p) {
    return NexmarkResult.widen(bids.keyBy(Bid::auction)
        .window(WindowAssigner.sliding(Duration.ofMillis(p.windowMillis()), Duration.ofMillis(p.slideMillis())))
        .aggregate("q5-count", new CountAggregate<Bid>(), (auction, w, count) -> new AuctionCount(w.start(), w.end(), auction, count))
        .keyBy(AuctionCount::windowEnd)
        .process("q5-hottest", new BestPerWindow<AuctionCount>(AuctionCount::count)));
  }
}
