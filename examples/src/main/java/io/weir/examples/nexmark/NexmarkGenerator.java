package io.weir.examples.nexmark;

import io.weir.examples.nexmark.NexmarkEvent.Auction;
import io.weir.examples.nexmark.NexmarkEvent.Bid;
import io.weir.examples.nexmark.NexmarkEvent.Person;
import java.nio.charset.StandardCharsets;

/**
 * The reference Nexmark generator's distribution (Apache Beam's {@code NexmarkGenerator}, which
 * Flink's Nexmark uses), computed from the event id alone so that any subtask can make any event
 * and a restored source regenerates exactly what it had not emitted: persons, auctions and bids in
 * proportions 1:3:46; ids derived from the event id; hot sellers (3 in 4 auctions), hot auctions
 * (1 in 2 bids) and hot bidders (3 in 4 bids); prices {@code round(10^(6u)·100)}; auctions that expire
 * within twice the time the next 100 in-flight auctions take to be created; event time from the
 * event rate; optionally out of order within groups of events. Bids name one of 10,000 channels
 * and its url, half of them one of four hot channels, as Flink's Nexmark generator does.
 */
public final class NexmarkGenerator {
  static final int PERSON_PROPORTION = 1;
  static final int AUCTION_PROPORTION = 3;
  static final int BID_PROPORTION = 46;
  static final int TOTAL_PROPORTION = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;
  static final long FIRST_PERSON_ID = 1000;
  static final long FIRST_AUCTION_ID = 1000;
  static final long FIRST_CATEGORY_ID = 10;
  static final int NUM_CATEGORIES = 5;
  static final int NUM_ACTIVE_PEOPLE = 1000;
  static final int PERSON_ID_LEAD = 10;
  static final int NUM_IN_FLIGHT_AUCTIONS = 100;
  static final int AUCTION_ID_LEAD = 10;
  static final int HOT_SELLER_RATIO = 4;
  static final int HOT_AUCTION_RATIO = 2;
  static final int HOT_BIDDER_RATIO = 4;
  private static final String[] US_STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
  private static final String[] US_CITIES = {"Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend",
      "Redmond", "Seattle", "Kent", "Cheyenne"};
  private static final String[] FIRST_NAMES = {"Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah",
      "Deiter", "Walter"};
  private static final String[] LAST_NAMES = {"Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones",
      "Noris"};
  private static final String[] HOT_CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};
  private static final String[] HOT_URLS = new String[HOT_CHANNELS.length];
  private static final int HOT_CHANNELS_RATIO = 2;
  private static final int CHANNELS = 10_000;
  private static final String[] CHANNEL_NAMES = new String[CHANNELS];
  private static final String[] CHANNEL_URLS = new String[CHANNELS];

  static {
    // as Flink's Nexmark: a bid names one of 10,000 channels (half of the bids one of four hot ones),
    // each with its own url, made once
    EventRandom random = new EventRandom(-1);
    for (int i = 0; i < HOT_CHANNELS.length; i++) {
      HOT_URLS[i] = url(random, -1);
    }
    for (int i = 0; i < CHANNELS; i++) {
      CHANNEL_NAMES[i] = "channel-" + i;
      CHANNEL_URLS[i] = url(random, i);
    }
  }

  private static String url(EventRandom random, int channel) {
    return "https://www.nexmark.com/" + string(random, 5) + "/" + string(random, 5) + "/" + string(random, 5)
        + "/item.htm?query=1" + (channel < 0 ? "" : "&channel_id=" + channel);
  }

  private final long baseTime;
  private final double interEventDelayMicros;
  private final int outOfOrderGroup;

  /**
   * @param baseTime        the event time of event 0 (ms)
   * @param eventsPerSecond the event-time rate: event n happens n / rate seconds after the base time
   * @param outOfOrderGroup events are shuffled within groups of this many (1: in order)
   */
  public NexmarkGenerator(long baseTime, double eventsPerSecond, int outOfOrderGroup) {
    if (eventsPerSecond <= 0 || outOfOrderGroup < 1) {
      throw new IllegalArgumentException("the event rate must be positive and the out-of-order group at least 1, got "
          + eventsPerSecond + " and " + outOfOrderGroup);
    }
    this.baseTime = baseTime;
    this.interEventDelayMicros = 1_000_000.0 / eventsPerSecond;
    this.outOfOrderGroup = outOfOrderGroup;
  }

  /** How far behind the latest event time an event can be: the bound of the source's watermark. */
  public long maxOutOfOrdernessMillis() {
    return (long) Math.ceil(outOfOrderGroup * interEventDelayMicros / 1000.0);
  }

  /** The event time of event number {@code n} (before any shuffle). */
  public long timestampOf(long n) {
    return baseTime + (long) (interEventDelayMicros * n / 1000.0);
  }

  /** Event {@code n}: its kind, ids and fields from its id; its time shuffled within its group when asked. */
  public NexmarkEvent event(long n) {
    long timestamp = timestampOf(outOfOrderGroup == 1 ? n : n / outOfOrderGroup * outOfOrderGroup
        + (n * 953) % outOfOrderGroup);
    EventRandom random = new EventRandom(n);
    long rem = n % TOTAL_PROPORTION;
    if (rem < PERSON_PROPORTION) {
      return person(n, random, timestamp);
    } else if (rem < PERSON_PROPORTION + AUCTION_PROPORTION) {
      return auction(n, random, timestamp);
    }
    return bid(n, random, timestamp);
  }

  private Person person(long n, EventRandom random, long timestamp) {
    long id = lastBase0PersonId(n) + FIRST_PERSON_ID;
    String name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
    String email = string(random, 7) + "@" + string(random, 5) + ".com";
    char[] digits = new char[19];
    for (int group = 0; group < 4; group++) {
      int value = random.nextInt(10000);
      for (int d = 3; d >= 0; d--) {
        digits[group * 5 + d] = (char) ('0' + value % 10);
        value /= 10;
      }
      if (group < 3) {
        digits[group * 5 + 4] = ' ';
      }
    }
    String card = new String(digits);
    String city = US_CITIES[random.nextInt(US_CITIES.length)];
    String state = US_STATES[random.nextInt(US_STATES.length)];
    return new Person(id, name, email, card, city, state, timestamp);
  }

  private Auction auction(long n, EventRandom random, long timestamp) {
    long id = lastBase0AuctionId(n) + FIRST_AUCTION_ID;
    long seller = random.nextInt(HOT_SELLER_RATIO) > 0
        ? (lastBase0PersonId(n) / HOT_SELLER_RATIO) * HOT_SELLER_RATIO
        : nextBase0PersonId(n, random);
    seller += FIRST_PERSON_ID;
    long category = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES);
    long initialBid = price(random);
    long expires = timestamp + auctionLengthMillis(n, random, timestamp);
    String item = string(random, 20);
    String description = string(random, 100);
    long reserve = initialBid + price(random);
    return new Auction(id, item, description, initialBid, reserve, timestamp, expires, seller, category);
  }

  private Bid bid(long n, EventRandom random, long timestamp) {
    long auction = random.nextInt(HOT_AUCTION_RATIO) > 0
        ? (lastBase0AuctionId(n) / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO
        : nextBase0AuctionId(n, random);
    auction += FIRST_AUCTION_ID;
    long bidder = random.nextInt(HOT_BIDDER_RATIO) > 0
        ? (lastBase0PersonId(n) / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1
        : nextBase0PersonId(n, random);
    bidder += FIRST_PERSON_ID;
    long price = price(random);
    if (random.nextInt(HOT_CHANNELS_RATIO) > 0) {
      int hot = random.nextInt(HOT_CHANNELS.length);
      return new Bid(auction, bidder, price, HOT_CHANNELS[hot], HOT_URLS[hot], timestamp);
    }
    int c = random.nextInt(CHANNELS);
    return new Bid(auction, bidder, price, CHANNEL_NAMES[c], CHANNEL_URLS[c], timestamp);
  }

  /** The id (from 0) of the last person created at or before event {@code n}. */
  static long lastBase0PersonId(long n) {
    long epoch = n / TOTAL_PROPORTION;
    long offset = n % TOTAL_PROPORTION;
    if (offset >= PERSON_PROPORTION) {
      offset = PERSON_PROPORTION - 1;
    }
    return epoch * PERSON_PROPORTION + offset;
  }

  /** The id (from 0) of the last auction created at or before event {@code n}. */
  static long lastBase0AuctionId(long n) {
    long epoch = n / TOTAL_PROPORTION;
    long offset = n % TOTAL_PROPORTION;
    if (offset < PERSON_PROPORTION) {
      epoch--;
      offset = AUCTION_PROPORTION - 1;
    } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
      offset = AUCTION_PROPORTION - 1;
    } else {
      offset -= PERSON_PROPORTION;
    }
    return Math.max(0, epoch * AUCTION_PROPORTION + offset);
  }

  /** A recent (active) person, or one about to be created. */
  private static long nextBase0PersonId(long n, EventRandom random) {
    long people = lastBase0PersonId(n) + 1;
    long active = Math.min(people, NUM_ACTIVE_PEOPLE);
    return people - active + random.nextInt((int) active + PERSON_ID_LEAD);
  }

  /** An auction still in flight, or one about to be created. */
  private static long nextBase0AuctionId(long n, EventRandom random) {
    long max = lastBase0AuctionId(n);
    long min = Math.max(max - NUM_IN_FLIGHT_AUCTIONS, 0);
    return min + nextLong(random, max - min + 1 + AUCTION_ID_LEAD);
  }

  private long auctionLengthMillis(long n, EventRandom random, long timestamp) {
    long eventsForAuctions = (long) NUM_IN_FLIGHT_AUCTIONS * TOTAL_PROPORTION / AUCTION_PROPORTION;
    long horizon = timestampOf(n + eventsForAuctions) - timestamp;
    return 1 + nextLong(random, Math.max(horizon * 2, 1));
  }

  static long price(EventRandom random) {
    return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
  }

  private static long nextLong(EventRandom random, long bound) {
    return bound < Integer.MAX_VALUE ? random.nextInt((int) bound) : Math.abs(random.nextLong() % bound);
  }

  private static String string(EventRandom random, int maxLength) {
    int length = 3 + random.nextInt(Math.max(1, maxLength - 2));
    byte[] letters = new byte[length];
    for (int i = 0; i < length; i++) {
      letters[i] = (byte) ('a' + random.nextLetter());
    }
    return new String(letters, StandardCharsets.ISO_8859_1); // Latin-1 bytes become the string's own, unexamined
  }
}
