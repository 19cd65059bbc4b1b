package io.weir.examples.nexmark;

import io.weir.api.Collector;
import io.weir.api.RuntimeContext;
import io.weir.api.Stream;
import io.weir.api.function.KeyedProcessFunction;
import io.weir.api.state.ListState;
import io.weir.api.state.ListStateDescriptor;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.examples.nexmark.NexmarkEvent.Auction;
import io.weir.examples.nexmark.NexmarkEvent.Bid;

/**
 * q4, average price per category: each auction joined with its bids placed between its start and
 * its expiry; when the watermark passes the expiry the highest such bid is its final price; each
 * category's running average of final prices is emitted as "category,average" after every auction
 * that closes with a bid.
 */
final class Q4 {
  private Q4() {
  }

  /** An auction that closed with its highest valid bid. */
  record Closed(long auction, long category, long finalPrice) {
  }

  /** A category's running total. */
  record Average(long count, long sum) {
  }

  static Stream<NexmarkResult> build(Stream<NexmarkEvent> events) {
    return events.filter("q4-auctions-and-bids", e -> !(e instanceof NexmarkEvent.Person))
        .keyBy(e -> e instanceof Auction a ? a.id() : ((Bid) e).auction())
        .process("q4-winning-bids", new WinningBid())
        .keyBy(Closed::category)
        .process("q4-average", new KeyedProcessFunction<Long, Closed, NexmarkResult>() {
          private ValueState<Average> average;

          @Override
          public void open(RuntimeContext context) {
            average = context.getState(new ValueStateDescriptor<>("average", new Average(0, 0)));
          }

          @Override
          public void processElement(Closed c, Context<Long> ctx, Collector<NexmarkResult> out) {
            Average a = average.value();
            Average next = new Average(a.count() + 1, a.sum() + c.finalPrice());
            average.update(next);
            out.collect(new NexmarkResult.CategoryAverage(c.category(), next.sum() / (double) next.count()));
          }
        });
  }

  /** Keyed by auction id: the auction, its highest valid bid so far, and the bids that came before it. */
  static final class WinningBid extends KeyedProcessFunction<Long, NexmarkEvent, Closed> {
    private ValueState<Auction> auction;
    private ValueState<Long> highest;
    private ListState<Bid> early;

    @Override
    public void open(RuntimeContext context) {
      auction = context.getState(new ValueStateDescriptor<>("auction"));
      highest = context.getState(new ValueStateDescriptor<>("highest"));
      early = context.getListState(new ListStateDescriptor<>("early-bids"));
    }

    @Override
    public void processElement(NexmarkEvent e, Context<Long> ctx, Collector<Closed> out) {
      if (e instanceof Auction a) {
        auction.update(a);
        for (Bid b : early.get()) {
          offer(a, b);
        }
        early.clear();
        ctx.timerService().registerEventTimeTimer(a.expires());
      } else {
        Bid b = (Bid) e;
        Auction a = auction.value();
        if (a == null) {
          early.add(b);
        } else {
          offer(a, b);
        }
      }
    }

    private void offer(Auction a, Bid b) {
      if (b.dateTime() >= a.dateTime() && b.dateTime() <= a.expires()) {
        Long h = highest.value();
        if (h == null || b.price() > h) {
          highest.update(b.price());
        }
      }
    }

    @Override
    public void onTimer(long timestamp, Context<Long> ctx, Collector<Closed> out) {
      Auction a = auction.value();
      Long h = highest.value();
      if (a != null && h != null) {
        out.collect(new Closed(a.id(), a.category(), h));
      }
      highest.clear();
      // the auction stays, so a bid that comes after its close is not taken for an early one
    }
  }
}
