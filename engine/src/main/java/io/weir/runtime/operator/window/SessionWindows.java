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
 * The sessions of a window operator: a key's open sessions in one state entry, by start. The
 * sessions of an aggregate hold their accumulators ({@link FoldedSession}), so a record that joins
 * a session reads and writes that entry alone; other sessions' contents are window contents kept
 * under the session's first window as it grows, moved only when sessions merge ({@link Session}).
 * Timers are lazy: a session gets one timer when it opens and none as it grows; a timer of a key,
 * when it fires, fires and drops the sessions that end there and registers the next deadline of
 * every other (its end, or the end of its lateness), so a session's earliest timer is never after
 * its deadline. A timer left behind by a session that grew or merged fires nothing.
 */
final class SessionWindows {
  private final WindowOperator owner;
  private final WindowAssigner assigner;
  private final long lateness;
  private final WindowContents contents;
  /** The aggregate whose accumulators the sessions hold, or null when their contents are kept apart. */
  private final AggregatingContents folded;
  private KeyedStateBackend state;
  private TimerRegistry timers;
  private ValueState<List<OpenSession>> sessions;
  /** Whether a new session's first record is written without reading ({@link KeyedStateBackend#absentKeysCostReads}). */
  private boolean blindFirstWrites;

  SessionWindows(WindowOperator owner, WindowAssigner assigner, long lateness, WindowContents contents) {
    this.owner = owner;
    this.assigner = assigner;
    this.lateness = lateness;
    this.contents = contents;
    this.folded = contents instanceof AggregatingContents aggregating ? aggregating : null;
  }

  /** Whether the sessions hold their aggregate's accumulators, so that no window contents are kept. */
  boolean folded() {
    return folded != null;
  }

  void open(KeyedStateBackend state, TimerRegistry timers, String stateName) {
    this.state = state;
    this.timers = timers;
    this.sessions = state.valueState(new ValueStateDescriptor<>(stateName));
    this.blindFirstWrites = state.absentKeysCostReads();
  }

  void add(Object key, long ts, Object record) throws Exception {
    state.setCurrentKey(key);
    List<OpenSession> open = sessions.value();
    long start = ts;
    long end = ts + assigner.size();
    OpenSession kept = null; // the first session the record joins: a merged session's contents stay under its key
    List<OpenSession> others = null;
    int absorbed = 0;
    if (open != null) {
      for (OpenSession s : open) {
        if (s.start() <= end && start <= s.end()) {
          start = Math.min(start, s.start());
          end = Math.max(end, s.end());
          absorbed++;
          if (kept == null) {
            kept = s;
          } else {
            if (others == null) {
              others = new ArrayList<>();
            }
            others.add(s);
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
    OpenSession merged = folded != null ? addFolded(open, (FoldedSession) kept, others, start, end, absorbed, record)
        : addApart(key, open, (Session) kept, others, start, end, absorbed, record);
    if (kept == null) {
      registerDeadline(key, merged, watermark);
    }
    if (assigner.eventTime() && maxTimestamp <= watermark) {
      emit(key, merged); // within the allowed lateness: fires again with the update
    }
  }

  /** Folds the record into the session it opens, joins, grows or merges, [start, end), and writes the key's sessions. */
  private FoldedSession addFolded(List<OpenSession> open, FoldedSession kept, List<OpenSession> others, long start,
                                  long end, int absorbed, Object record) {
    Object acc = kept == null ? null : kept.accumulator();
    if (others != null) {
      for (OpenSession s : others) {
        acc = folded.merge(acc, ((FoldedSession) s).accumulator());
      }
    }
    FoldedSession merged = new FoldedSession(start, end, folded.fold(acc, record));
    sessions.update(replace(open, absorbed, start, end, merged));
    return merged;
  }

  /** Adds the record to the contents of the session it opens, joins, grows or merges, [start, end), kept apart from the sessions. */
  private Session addApart(Object key, List<OpenSession> open, Session kept, List<OpenSession> others, long start,
                           long end, int absorbed, Object record) throws Exception {
    if (absorbed == 1 && kept.start() == start && kept.end() == end) { // within the session, not growing it
      state.setCurrentKey(kept.contentsKey(key));
      contents.add(record);
      return kept;
    }
    Session merged = kept == null ? new Session(start, end, start, end) : new Session(start, end, kept.contentsStart(), kept.contentsEnd());
    sessions.update(replace(open, absorbed, start, end, merged));
    WindowKey target = merged.contentsKey(key);
    if (others != null) {
      List<WindowKey> moved = new ArrayList<>(others.size());
      for (OpenSession s : others) {
        moved.add(((Session) s).contentsKey(key));
      }
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
    return merged;
  }

  /** Emits session {@code s} of {@code key}; the current key is then the session's contents key, if it has one. */
  private void emit(Object key, OpenSession s) throws Exception {
    if (s instanceof FoldedSession f) {
      if (f.accumulator() != null) { // an aggregate's add may return null: the window holds nothing, as in window contents
        owner.emit(key, s.window(), folded, f.accumulator());
      }
    } else {
      state.setCurrentKey(((Session) s).contentsKey(key));
      owner.emit(key, s.window());
    }
  }

  /** The open sessions with those in [start, end) replaced by {@code merged}, by start. */
  private static List<OpenSession> replace(List<OpenSession> open, int absorbed, long start, long end, OpenSession merged) {
    if (open == null || open.size() == absorbed) {
      return List.of(merged);
    }
    OpenSession[] next = new OpenSession[open.size() - absorbed + 1];
    int n = 0;
    boolean placed = false;
    for (OpenSession s : open) {
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
  private void registerDeadline(Object key, OpenSession s, long time) {
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
    List<OpenSession> open = sessions.value();
    if (open == null) {
      return;
    }
    List<OpenSession> kept = new ArrayList<>(open.size());
    for (OpenSession s : open) {
      long maxTimestamp = s.end() - 1;
      boolean fires = maxTimestamp == timestamp;
      boolean expires = maxTimestamp + lateness == timestamp;
      if (fires) {
        emit(key, s);
      }
      if (expires) {
        if (s instanceof Session apart) {
          if (!fires) {
            state.setCurrentKey(apart.contentsKey(key));
          }
          contents.clear();
        }
        continue;
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
