package io.weir.examples.nexmark;

import io.weir.api.Collector;
import io.weir.api.Stream;
import io.weir.api.window.AggregateFunction;
import io.weir.api.window.WindowAssigner;
import io.weir.examples.nexmark.NexmarkEvent.Bid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * q7, highest bid: "windowStart,windowEnd,auction,price,bidder" for the bids with the highest price
 * in each tumbling window; each auction's best bids per window first, then the window's best.
 */
final class Q7 {
  private Q7() {
  }

  /** A bid that was the highest of its auction in a window. */
  record WindowBid(long windowStart, long windowEnd, Bid bid) implements NexmarkResult {
    @Override
    public String line() {
      return windowStart + "," + windowEnd + "," + bid.auction() + "," + bid.price() + "," + bid.bidder();
    }
  }

  /** The highest-priced bids seen (all of them on a tie). */
  static final class HighestBids implements AggregateFunction<Bid, List<Bid>, List<Bid>> {
    @Override
    public List<Bid> createAccumulator() {
      return List.of();
    }

    @Override
    public List<Bid> add(Bid bid, List<Bid> best) {
      if (best.isEmpty() || bid.price() > best.get(0).price()) {
        return List.of(bid);
      }
      if (bid.price() < best.get(0).price()) {
        return best;
      }
      List<Bid> tied = new ArrayList<>(best);
      tied.add(bid);
      return List.copyOf(tied);
    }

    @Override
    public List<Bid> result(List<Bid> best) {
      return best;
    }
  }

  static Stream<NexmarkResult> build(Stream<Bid> bids, NexmarkQueries.Params p) {
    return NexmarkResult.widen(bids.keyBy(Bid::auction)
        .window(WindowAssigner.tumbling(Duration.ofMillis(p.windowMillis())))
        .aggregate("q7-auction-max", new HighestBids(), (auction, w, best) -> new WindowBids(w.start(), w.end(), best))
        .flatMap("q7-bids", (WindowBids wb, Collector<WindowBid> out) -> {
          for (Bid b : wb.bids()) {
            out.collect(new WindowBid(wb.windowStart(), wb.windowEnd(), b));
          }
        })
        .keyBy(WindowBid::windowEnd)
        .process("q7-highest", new BestPerWindow<WindowBid>(wb -> wb.bid().price())));
  }

  /** An auction's highest bids in a window. */
  record WindowBids(long windowStart, long windowEnd, List<Bid> bids) {
  }
}
