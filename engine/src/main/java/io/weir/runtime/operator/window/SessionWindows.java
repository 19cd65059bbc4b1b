package io.weir.runtime.operator.window;

import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.api.window.TimeWindow;
import io.weir.api.window.WindowAssigner;
import io.weir.runtime.operator.TimerRegistry;
import io.weir.state.KeyedStateBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sessions of a window operator: a key's open sessions in one state entry ({@link Session}s by
 * start). A session's contents stay under its first window as it grows, and move only when sessions
 * merge. Timers are lazy: a session gets one timer when it opens and none as it grows; a timer of a
 * key, when it fires, fires and drops the sessions that end there and registers the next deadline of
 * every other (its end, or the end of its lateness), so a session's earliest timer is never after
 * its deadline. A timer left behind by a session that grew or merged fires nothing.
 */
final class SessionWindows {
  private final WindowOperator owner;
  private final WindowAssigner assigner;
  private final long lateness;
  private final WindowContents contents;
  private KeyedStateBackend state;
  private TimerRegistry timers;
  private ValueState<List<Session>> sessions;
  /** Whether a new session's first record is written without reading ({@link KeyedStateBackend#absentKeysCostReads}). */
  private boolean blindFirstWrites;

  SessionWindows(WindowOperator owner, WindowAssigner assigner, long lateness, WindowContents contents) {
    this.owner = owner;
    this.assigner = assigner;
    this.lateness = lateness;
    this.contents = contents;
  }

  void open(KeyedStateBackend state, TimerRegistry timers, String stateName) {
    this.state = state;
    this.timers = timers;
    this.sessions = state.valueState(new ValueStateDescriptor<>(stateName));
    this.blindFirstWrites = state.absentKeysCostReads();
  }

  void add(Object key, long ts, Object record) throws Exception {
    state.setCurrentKey(key);
    List<Session> open = sessions.value();
    long start = ts;
    long end = ts + assigner.size();
    Session kept = null; // the first session the record joins: the merged session's contents stay under its key
    List<WindowKey> moved = null;
    int absorbed = 0;
    if (open != null) {
      for (Session s : open) {
        if (s.start() <= end && start <= s.end()) {
          start = Math.min(start, s.start());
          end = Math.max(end, s.end());
          absorbed++;
          if (kept == null) {
            kept = s;
          } else {
            if (moved == null) {
              moved = new ArrayList<>();
            }
            moved.add(s.contentsKey(key));
          }
        }
      }
    }
    long watermark = timers.currentWatermark();
    long maxTimestamp = end - 1;
    if (assigner.eventTime() && maxTimestamp + lateness <= watermark) {
      owner.late(record, ts, watermark);
      return;
    }
    if (absorbed == 1 && kept.start() == start && kept.end() == end) {
      state.setCurrentKey(kept.contentsKey(key)); // within a session, not growing it
      contents.add(record);
      if (assigner.eventTime() && maxTimestamp <= watermark) {
        owner.emit(key, kept.window());
      }
      return;
    }
    Session merged = kept == null ? new Session(start, end, start, end) : new Session(start, end, kept.contentsStart(), kept.contentsEnd());
    sessions.update(replace(open, absorbed, start, end, merged));
    WindowKey target = merged.contentsKey(key);
    if (moved != null) {
      contents.merge(moved, target);
    }
    state.setCurrentKey(target);
    if (kept == null && blindFirstWrites) {
      // a new session's window overlaps no open session's, so nothing is kept under it: a session's
      // contents leave only when it merges into another (moved) or expires (cleared)
      contents.addFirst(record);
    } else {
      contents.add(record);
    }
    if (kept == null) {
      registerDeadline(key, merged, watermark);
    }
    if (assigner.eventTime() && maxTimestamp <= watermark) {
      owner.emit(key, merged.window()); // within the allowed lateness: fires again with the update
    }
  }

  /** The open sessions with those in [start, end) replaced by {@code merged}, by start. */
  private static List<Session> replace(List<Session> open, int absorbed, long start, long end, Session merged) {
    if (open == null || open.size() == absorbed) {
      return List.of(merged);
    }
    Session[] next = new Session[open.size() - absorbed + 1];
    int n = 0;
    boolean placed = false;
    for (Session s : open) {
      if (s.start() <= end && start <= s.end()) {
        continue;
      }
      if (!placed && s.start() > start) {
        next[n++] = merged;
        placed = true;
      }
      next[n++] = s;
    }
    if (!placed) {
      next[n] = merged;
    }
    return Arrays.asList(next);
  }

  /** A timer at the session's next deadline: its last millisecond, or the end of its lateness once that has passed. */
  private void registerDeadline(Object key, Session s, long time) {
    long maxTimestamp = s.end() - 1;
    if (!assigner.eventTime()) {
      if (maxTimestamp > time) {
        timers.register(key, s.end());
      }
    } else if (maxTimestamp > time) {
      timers.registerEventTime(key, maxTimestamp);
    } else if (maxTimestamp + lateness > time) {
      timers.registerEventTime(key, maxTimestamp + lateness);
    }
  }

  /** A timer of {@code key} (current) at {@code timestamp}: fires the sessions ending there, drops those whose lateness ends. */
  void fire(Object key, long timestamp) throws Exception {
    List<Session> open = sessions.value();
    if (open == null) {
      return;
    }
    List<Session> kept = new ArrayList<>(open.size());
    for (Session s : open) {
      long maxTimestamp = s.end() - 1;
      boolean fires = maxTimestamp == timestamp;
      boolean expires = maxTimestamp + lateness == timestamp;
      if (fires || expires) {
        state.setCurrentKey(s.contentsKey(key));
        if (fires) {
          owner.emit(key, s.window());
        }
        if (expires) {
          contents.clear();
          continue;
        }
      }
      kept.add(s);
      registerDeadline(key, s, timestamp);
    }
    state.setCurrentKey(key);
    if (kept.size() != open.size()) {
      sessions.update(kept.isEmpty() ? null : List.copyOf(kept));
    }
  }
}
