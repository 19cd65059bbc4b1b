package io.weir.runtime.task;

import io.weir.examples.nexmark.NexmarkEvent;
import io.weir.examples.nexmark.NexmarkEvent.Auction;
import io.weir.examples.nexmark.NexmarkEvent.Bid;
import io.weir.examples.nexmark.NexmarkEvent.Person;
import io.weir.examples.nexmark.NexmarkQueries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Each Nexmark query computed directly over the whole list of events, with loops and maps: what the jobs must output. */
final class NexmarkBruteForce {
  private final List<Person> persons = new ArrayList<>();
  private final List<Auction> auctions = new ArrayList<>();
  private final List<Bid> bids = new ArrayList<>();
  private final NexmarkQueries.Params p;

  NexmarkBruteForce(List<NexmarkEvent> events, NexmarkQueries.Params p) {
    this.p = p;
    for (NexmarkEvent e : events) {
      if (e instanceof Person x) {
        persons.add(x);
      } else if (e instanceof Auction x) {
        auctions.add(x);
      } else {
        bids.add((Bid) e);
      }
    }
  }

  List<String> lines(String query) {
    List<String> out = new ArrayList<>();
    switch (query) {
      case "q0" -> bids.forEach(b -> out.add(b.auction() + "," + b.bidder() + "," + b.price() + "," + b.dateTime()));
      case "q1" -> bids.forEach(b -> out.add(b.auction() + "," + b.bidder() + "," + (0.908 * b.price()) + "," + b.dateTime()));
      case "q2" -> bids.stream().filter(b -> b.auction() % 123 == 0).forEach(b -> out.add(b.auction() + "," + b.price()));
      case "q3" -> {
        for (Auction a : auctions) {
          for (Person x : persons) {
            if (a.category() == 10 && a.seller() == x.id() && Set.of("OR", "ID", "CA").contains(x.state())) {
              out.add(x.name() + "," + x.city() + "," + x.state() + "," + a.id());
            }
          }
        }
      }
      case "q5" -> q5(out);
      case "q7" -> q7(out);
      case "q8" -> q8(out);
      case "q11" -> q11(out);
      default -> throw new IllegalArgumentException(query);
    }
    return out;
  }

  /** q4's final average per category: of each auction's highest bid placed between its start and expiry. */
  Map<Long, Double> q4Averages() {
    Map<Long, long[]> totals = new TreeMap<>();
    for (Auction a : auctions) {
      long highest = -1;
      for (Bid b : bids) {
        if (b.auction() == a.id() && b.dateTime() >= a.dateTime() && b.dateTime() <= a.expires()) {
          highest = Math.max(highest, b.price());
        }
      }
      if (highest >= 0) {
        long[] t = totals.computeIfAbsent(a.category(), c -> new long[2]);
        t[0]++;
        t[1] += highest;
      }
    }
    Map<Long, Double> averages = new TreeMap<>();
    totals.forEach((c, t) -> averages.put(c, t[1] / (double) t[0]));
    return averages;
  }

  private void q5(List<String> out) {
    Map<Long, Map<Long, Long>> countsByWindowStart = new TreeMap<>();
    for (Bid b : bids) {
      long last = b.dateTime() - Math.floorMod(b.dateTime(), p.slideMillis());
      for (long start = last; start > b.dateTime() - p.windowMillis(); start -= p.slideMillis()) {
        countsByWindowStart.computeIfAbsent(start, s -> new HashMap<>()).merge(b.auction(), 1L, Long::sum);
      }
    }
    countsByWindowStart.forEach((start, counts) -> {
      long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
      counts.forEach((auction, c) -> {
        if (c == max) {
          out.add(start + "," + (start + p.windowMillis()) + "," + auction + "," + c);
        }
      });
    });
  }

  private void q7(List<String> out) {
    Map<Long, List<Bid>> byWindow = new TreeMap<>();
    bids.forEach(b -> byWindow.computeIfAbsent(b.dateTime() - Math.floorMod(b.dateTime(), p.windowMillis()),
        s -> new ArrayList<>()).add(b));
    byWindow.forEach((start, inWindow) -> {
      long max = inWindow.stream().mapToLong(Bid::price).max().orElse(0);
      inWindow.stream().filter(b -> b.price() == max).forEach(b -> out.add(start + "," + (start + p.windowMillis()) + ","
          + b.auction() + "," + b.price() + "," + b.bidder()));
    });
  }

  private void q8(List<String> out) {
    Set<String> distinct = new LinkedHashSet<>();
    for (Person x : persons) {
      long window = x.dateTime() - Math.floorMod(x.dateTime(), p.windowMillis());
      for (Auction a : auctions) {
        if (a.seller() == x.id() && a.dateTime() - Math.floorMod(a.dateTime(), p.windowMillis()) == window) {
          distinct.add(x.id() + "," + x.name() + "," + window);
        }
      }
    }
    out.addAll(distinct);
  }

  private void q11(List<String> out) {
    Map<Long, List<Long>> times = new TreeMap<>();
    bids.forEach(b -> times.computeIfAbsent(b.bidder(), k -> new ArrayList<>()).add(b.dateTime()));
    times.forEach((bidder, ts) -> {
      ts.sort(null);
      long first = ts.get(0);
      long last = first;
      long n = 0;
      for (long t : ts) {
        if (t > last + p.gapMillis()) {
          out.add(bidder + "," + n + "," + first + "," + (last + p.gapMillis()));
          first = t;
          n = 0;
        }
        last = t;
        n++;
      }
      out.add(bidder + "," + n + "," + first + "," + (last + p.gapMillis()));
    });
  }
}
