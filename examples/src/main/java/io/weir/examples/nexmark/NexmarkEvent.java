package io.weir.examples.nexmark;

/** One Nexmark event: a new person, a new auction, or a bid; {@code dateTime} is its event time in ms. */
public sealed interface NexmarkEvent permits NexmarkEvent.Person, NexmarkEvent.Auction, NexmarkEvent.Bid {
  long dateTime();

  record Person(long id, String name, String emailAddress, String creditCard, String city, String state, long dateTime)
      implements NexmarkEvent {
  }

  record Auction(long id, String itemName, String description, long initialBid, long reserve, long dateTime, long expires,
                 long seller, long category) implements NexmarkEvent {
  }

  record Bid(long auction, long bidder, long price, String channel, String url, long dateTime) implements NexmarkEvent {
  }
}
