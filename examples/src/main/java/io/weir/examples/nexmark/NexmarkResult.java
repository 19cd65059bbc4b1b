package io.weir.examples.nexmark;

import io.weir.api.Stream;

/**
 * A record a Nexmark query emits. Its text form is made only where text is written (the query's
 * lines), so a run that discards its results, as the benchmark's does, pays for the query and not
 * for formatting numbers as text.
 */
public interface NexmarkResult {
  /** The result as the query's line of text (each query's format is in its comment). */
  String line();

  /** {@code results} as a stream of results (a stream is only read from, so this is safe). */
  @SuppressWarnings("unchecked")
  static Stream<NexmarkResult> widen(Stream<? extends NexmarkResult> results) {
    return (Stream<NexmarkResult>) results;
  }

  /** q0's pass-through of a bid. */
  record BidRow(long auction, long bidder, long price, long dateTime) implements NexmarkResult {
    @Override
    public String line() {
      return auction + "," + bidder + "," + price + "," + dateTime;
    }
  }

  /** q1's bid with its price in euros. */
  record EuroBid(long auction, long bidder, double euros, long dateTime) implements NexmarkResult {
    @Override
    public String line() {
      return auction + "," + bidder + "," + euros + "," + dateTime;
    }
  }

  /** q2's selected bid. */
  record AuctionPrice(long auction, long price) implements NexmarkResult {
    @Override
    public String line() {
      return auction + "," + price;
    }
  }

  /** q3's local item suggestion. */
  record LocalItem(String name, String city, String state, long auction) implements NexmarkResult {
    @Override
    public String line() {
      return name + "," + city + "," + state + "," + auction;
    }
  }

  /** q4's running average of a category's final prices. */
  record CategoryAverage(long category, double average) implements NexmarkResult {
    @Override
    public String line() {
      return category + "," + average;
    }
  }

  /** q11's bids of a bidder in one session. */
  record BidderSession(long bidder, long count, long start, long end) implements NexmarkResult {
    @Override
    public String line() {
      return bidder + "," + count + "," + start + "," + end;
    }
  }
}
