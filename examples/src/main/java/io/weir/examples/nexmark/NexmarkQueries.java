package io.weir.examples.nexmark;

import io.weir.api.Collector;
import io.weir.api.KeyedStream;
import io.weir.api.Stream;
import io.weir.api.window.CountAggregate;
import io.weir.api.window.WindowAssigner;
import io.weir.examples.nexmark.NexmarkEvent.Auction;
import io.weir.examples.nexmark.NexmarkEvent.Bid;
import io.weir.examples.nexmark.NexmarkEvent.Person;
import io.weir.examples.nexmark.NexmarkResult.AuctionPrice;
import io.weir.examples.nexmark.NexmarkResult.BidRow;
import io.weir.examples.nexmark.NexmarkResult.BidderSession;
import io.weir.examples.nexmark.NexmarkResult.EuroBid;
import io.weir.examples.nexmark.NexmarkResult.LocalItem;
import java.time.Duration;
import java.util.Set;

/**
 * The Nexmark queries as Weir jobs, each from the event stream to lines of text (the formats are in
 * each method's comment). Window sizes are parameters so that tests can use small streams.
 */
public final class NexmarkQueries {
  /** The queries that are built. */
  public static final Set<String> QUERIES = Set.of("q0", "q1", "q2", "q3", "q4", "q5", "q7", "q8", "q11");

  /** Window sizes, in event-time milliseconds: q5's sliding window and slide, q7/q8's tumbling window, q11's session gap. */
  public record Params(long windowMillis, long slideMillis, long gapMillis) {
    public static final Params REFERENCE = new Params(10_000, 2_000, 10_000);
  }

  private NexmarkQueries() {
  }

  /** Builds {@code query} on {@code events}, to its lines of text. */
  public static Stream<String> build(String query, Stream<NexmarkEvent> events, Params p) {
    return results(query, events, p).map("line", NexmarkResult::line);
  }

  /** Builds {@code query} on {@code events}, to its result records. */
  public static Stream<NexmarkResult> results(String query, Stream<NexmarkEvent> events, Params p) {
    return switch (query) {
      case "q0" -> NexmarkResult.widen(bids(events)
          .map("q0", b -> new BidRow(b.auction(), b.bidder(), b.price(), b.dateTime())));
      case "q1" -> NexmarkResult.widen(bids(events)
          .map("q1", b -> new EuroBid(b.auction(), b.bidder(), euros(b.price()), b.dateTime())));
      case "q2" -> NexmarkResult.widen(bids(events).filter("q2", b -> b.auction() % 123 == 0)
          .map("q2-row", b -> new AuctionPrice(b.auction(), b.price())));
      case "q3" -> q3(events);
      case "q4" -> Q4.build(events);
      case "q5" -> Q5.build(bids(events), p);
      case "q7" -> Q7.build(bids(events), p);
      case "q8" -> q8(events, p);
      case "q11" -> NexmarkResult.widen(bids(events).keyBy(Bid::bidder)
          .window(WindowAssigner.session(Duration.ofMillis(p.gapMillis())))
          .aggregate("q11", new CountAggregate<Bid>(), (bidder, w, count) -> new BidderSession(bidder, count, w.start(), w.end())));
      default -> throw new IllegalArgumentException("unknown Nexmark query '" + query + "' (known: " + String.join(", ",
          QUERIES.stream().sorted().toList()) + ")");
    };
  }

  /** q1's conversion of a price in dollars to euros. */
  public static double euros(long price) {
    return 0.908 * price;
  }

  static Stream<Bid> bids(Stream<NexmarkEvent> events) {
    return events.flatMap("bids", (NexmarkEvent e, Collector<Bid> out) -> {
      if (e instanceof Bid b) {
        out.collect(b);
      }
    });
  }

  static Stream<Auction> auctions(Stream<NexmarkEvent> events) {
    return events.flatMap("auctions", (NexmarkEvent e, Collector<Auction> out) -> {
      if (e instanceof Auction a) {
        out.collect(a);
      }
    });
  }

  static Stream<Person> persons(Stream<NexmarkEvent> events) {
    return events.flatMap("persons", (NexmarkEvent e, Collector<Person> out) -> {
      if (e instanceof Person p) {
        out.collect(p);
      }
    });
  }

  /** q3, local item suggestion: "name,city,state,auction" for auctions of category 10 by sellers in OR, ID or CA. */
  private static Stream<NexmarkResult> q3(Stream<NexmarkEvent> events) {
    KeyedStream<Long, Auction> auctions = auctions(events).filter("q3-category", a -> a.category() == 10).keyBy(Auction::seller);
    KeyedStream<Long, Person> persons = persons(events)
        .filter("q3-state", p -> p.state().equals("OR") || p.state().equals("ID") || p.state().equals("CA"))
        .keyBy(Person::id);
    return NexmarkResult.widen(persons.join(auctions).join("q3", Duration.ofDays(365),
        (p, a) -> new LocalItem(p.name(), p.city(), p.state(), a.id())));
  }

  /** q8, new users: "person,name,windowStart" for persons who opened an auction in the tumbling window they joined in. */
  private static Stream<NexmarkResult> q8(Stream<NexmarkEvent> events, Params p) {
    WindowAssigner windows = WindowAssigner.tumbling(Duration.ofMillis(p.windowMillis()));
    return NexmarkResult.widen(persons(events).keyBy(Person::id)
        .join(auctions(events).keyBy(Auction::seller))
        .windowJoin("q8", windows, (person, auction) -> new NewUser(person.id(), person.name(),
            person.dateTime() - Math.floorMod(person.dateTime(), p.windowMillis())))
        .keyBy(u -> u)
        .process("q8-distinct", new FirstOfKey<>()));
  }

  /** A person seen selling in the window they joined in. */
  public record NewUser(long person, String name, long windowStart) implements NexmarkResult {
    @Override
    public String line() {
      return person + "," + name + "," + windowStart;
    }
  }
}
