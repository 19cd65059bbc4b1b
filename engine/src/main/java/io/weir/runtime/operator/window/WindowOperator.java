package io.weir.runtime.operator.window;

import io.weir.api.function.KeySelector;
import io.weir.api.window.AggregateFunction;
import io.weir.api.window.ProcessWindowFunction;
import io.weir.api.window.TimeWindow;
import io.weir.api.window.WindowFunction;
import io.weir.api.window.WindowAssigner;
import io.weir.runtime.operator.OperatorContext;
import io.weir.runtime.operator.Output;
import io.weir.runtime.operator.RecordTimestamp;
import io.weir.runtime.operator.StreamOperator;
import io.weir.runtime.operator.TimerRegistry;
import io.weir.state.KeyedStateBackend;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts each record of a keyed stream into its windows and emits a window's result when the
 * watermark (event time) or the clock (processing time) passes its end. A window's contents and
 * its timers are keyed state, so a window survives a failure like any other state. Event-time
 * windows stay open for {@code allowedLateness} after their end: a record within it fires the window
 * again with the update; a record after it is late and goes to the late-record stream, when there is
 * one. Sessions of a key merge when a record bridges them. Results carry the window's last
 * millisecond as their event time.
 */
public final class WindowOperator implements StreamOperator {
  private static final Logger log = LoggerFactory.getLogger(WindowOperator.class);

  private final String name;
  private final WindowAssigner assigner;
  private final long lateness;
  private final boolean lateOutput;
  private final WindowContents contents;
  private final PaneContents panes;
  private final WindowCache windows = new WindowCache();
  private KeyedStateBackend state;
  private KeySelector<Object, Object> keySelector;
  private TimerRegistry timers;
  private RecordTimestamp time;
  private Output out;
  /** Whether a window's first record is written without reading ({@link KeyedStateBackend#absentKeysCostReads}). */
  private boolean blindFirstWrites;
  private SessionWindows sessions;
  private long lateRecords;

  /** Windows that fold each record into an accumulator; {@code result} makes the record emitted from a window's result. */
  public static WindowOperator aggregating(String name, WindowAssigner assigner, long allowedLatenessMillis, boolean lateOutput,
                                           AggregateFunction<?, ?, ?> aggregate, WindowFunction<?, ?, ?> result) {
    if (PaneContents.applies(assigner, aggregate)) {
      return new WindowOperator(name, assigner, allowedLatenessMillis, lateOutput, null, new PaneContents(assigner, aggregate, result));
    }
    return new WindowOperator(name, assigner, allowedLatenessMillis, lateOutput, new AggregatingContents(aggregate, result), null);
  }

  /** Windows that keep every record and hand them all to {@code function} when they fire. */
  public static WindowOperator buffering(String name, WindowAssigner assigner, long allowedLatenessMillis, boolean lateOutput,
                                         ProcessWindowFunction<?, ?, ?> function) {
    return new WindowOperator(name, assigner, allowedLatenessMillis, lateOutput, new BufferingContents(function), null);
  }

  private WindowOperator(String name, WindowAssigner assigner, long allowedLatenessMillis, boolean lateOutput,
                         WindowContents contents, PaneContents panes) {
    this.name = name;
    this.assigner = assigner;
    this.lateness = assigner.eventTime() ? allowedLatenessMillis : 0;
    this.lateOutput = lateOutput;
    this.contents = contents;
    this.panes = panes;
  }

  @Override
  public void open(OperatorContext context) {
    state = context.keyedState();
    blindFirstWrites = state.absentKeysCostReads();
    keySelector = context.keySelector();
    timers = context.timers();
    time = context.timestamp();
    out = context.output();
    if (assigner.merging()) {
      sessions = new SessionWindows(this, assigner, lateness, contents);
      sessions.open(state, timers, name + (sessions.folded() ? ".session-aggregates" : ".session-windows"));
    }
    if (panes != null) {
      panes.open(state, name + ".window-panes");
    } else if (sessions == null || !sessions.folded()) {
      contents.open(state, name + ".window-contents");
    }
  }

  /**
   * Refuses keyed state this version does not read: sliding windows kept per window, sessions kept
   * under {@code .sessions}, or an aggregate's sessions kept apart from their accumulators, as Weir
   * kept them before panes, sessions in place and folded sessions. Restoring it would silently drop
   * the windows in flight; failing leaves them in the checkpoint.
   */
  @Override
  public void restoreState(List<Object> union) throws Exception {
    List<String> older = panes != null ? List.of(name + ".window-contents")
        : sessions == null ? List.of()
        : sessions.folded() ? List.of(name + ".sessions", name + ".session-windows")
        : List.of(name + ".sessions");
    for (String stateName : older) {
      if (holdsAnyKey(stateName)) {
        throw new IllegalStateException("window '" + name + "' (" + assigner + "): the checkpoint or savepoint being"
            + " restored keeps its windows as an older Weir did (state '" + stateName + "'), which this version does not"
            + " read; finish the job with the Weir that wrote it, or start this job afresh");
      }
    }
  }

  private boolean holdsAnyKey(String stateName) throws Exception {
    boolean[] found = {false};
    state.forEachKey(stateName, key -> found[0] = true);
    return found[0];
  }

  /** Records that were too late for every window they belong to, so far. */
  public long lateRecords() {
    return lateRecords;
  }

  @Override
  public void process(Object record) throws Exception {
    Object key = keySelector.getKey(record);
    long ts = timestampOf(record);
    if (assigner.merging()) {
      sessions.add(key, ts, record);
      return;
    }
    long watermark = timers.currentWatermark();
    if (panes != null) {
      addToPane(key, ts, record, watermark);
      return;
    }
    boolean placed = false;
    for (int i = 0; i < assigner.windowsPerRecord(); i++) {
      long start = assigner.start(ts, i);
      if (start + assigner.size() <= ts) {
        continue; // a sliding window whose size is no multiple of its slide: this one ends before ts
      }
      TimeWindow w = windows.get(start, start + assigner.size());
      if (isLate(w, watermark)) {
        continue;
      }
      placed = true;
      state.setCurrentKey(new WindowKey(key, w));
      if (!blindFirstWrites) {
        if (contents.add(record)) {
          registerTimers(key, w, watermark);
        }
      } else if (registerTimers(key, w, watermark)) {
        contents.addFirst(record); // no timer yet to clear the window, so it holds nothing
      } else {
        contents.add(record);
      }
      if (assigner.eventTime() && w.maxTimestamp() <= watermark) {
        emit(key, w); // late but within the allowed lateness: the window fires again with the update
      }
    }
    if (!placed) {
      late(record, ts, watermark);
    }
  }

  /**
   * A record of sliding windows kept as panes: into the pane it falls in, which is the start of its
   * latest window. A pane's first record registers one timer, at the end of its first window still
   * to fire; each window's timer, when it fires, registers the next window's if a pane holds
   * records of it ({@link #firePanes}).
   */
  private void addToPane(Object key, long ts, Object record, long watermark) throws Exception {
    long size = assigner.size();
    long slide = assigner.slide();
    long paneStart = assigner.start(ts, 0);
    if (assigner.eventTime() && paneStart + size - 1 + lateness <= watermark) {
      late(record, ts, watermark); // its latest window is closed, so every one of them is
      return;
    }
    state.setCurrentKey(key);
    if (panes.add(paneStart, record)) {
      if (!assigner.eventTime()) {
        timers.register(key, paneStart + slide); // the clock is in the pane: no window of it has fired
      } else {
        long firstToFire = paneStart + slide - 1;
        if (firstToFire <= watermark) {
          firstToFire += ((watermark - firstToFire) / slide + 1) * slide;
        }
        if (firstToFire <= paneStart + size - 1) {
          timers.registerEventTime(key, firstToFire);
        }
        if (lateness > 0) {
          timers.registerEventTime(key, paneStart + size - 1 + lateness);
        }
      }
    }
    if (assigner.eventTime() && paneStart + slide - 1 <= watermark) {
      for (long start = paneStart; start > paneStart - size; start -= slide) {
        long maxTimestamp = start + size - 1;
        if (maxTimestamp + lateness <= watermark) {
          break; // this window and the earlier ones are closed
        }
        if (maxTimestamp <= watermark) {
          emit(key, new TimeWindow(start, start + size)); // within the allowed lateness: fires again
        }
      }
    }
  }

  /**
   * A timer of a key's panes at {@code timestamp}: fires the window ending there and registers the
   * next window's timer when a pane holds records of it; drops the pane whose last window closed.
   */
  private void firePanes(Object key, long timestamp) throws Exception {
    TimeWindow ending = assigner.endingAt(timestamp);
    if (ending != null) {
      emit(key, ending);
      if (panes.holdsAnyOf(ending.start() + assigner.slide())) {
        if (assigner.eventTime()) {
          timers.registerEventTime(key, timestamp + assigner.slide());
        } else {
          timers.register(key, ending.end() + assigner.slide());
        }
      }
      if (lateness == 0) {
        panes.clear(ending.start());
      }
    }
    if (lateness > 0) {
      TimeWindow expired = assigner.endingAt(timestamp - lateness);
      if (expired != null) {
        panes.clear(expired.start());
      }
    }
  }

  private long timestampOf(Object record) {
    if (!assigner.eventTime()) {
      return timers.currentTimeMillis();
    }
    long ts = time.get();
    if (ts == RecordTimestamp.NONE) {
      throw new IllegalStateException("window '" + name + "' (" + assigner + ") got a record without event time: "
          + "give its source a WatermarkStrategy, or window by processing time (record " + record + ")");
    }
    return ts;
  }

  private boolean isLate(TimeWindow w, long watermark) {
    return assigner.eventTime() && w.maxTimestamp() + lateness <= watermark;
  }

  void late(Object record, long ts, long watermark) {
    lateRecords++;
    if (lateOutput) {
      out.collect(new LateRecord(record));
    } else if (lateRecords == 1) {
      log.warn("window '{}' drops records that arrive after their windows closed (the first at event time {}, watermark {});"
          + " allow lateness or take the late-record stream to keep them", name, ts, watermark);
    }
  }

  /**
   * Registers the timers of window {@code w} of {@code key}: a processing-time window fires at its
   * end, when no record can join it any more; an event-time window when the watermark reaches its
   * last millisecond (unless it already has: then the record fires it at once), and its contents
   * are dropped when its lateness is over. True when its last timer, which clears it, is new: a
   * window holds contents only while that timer is there, as it is registered with the first
   * record, only firing removes it, and firing clears the window (a restore brings both back).
   */
  private boolean registerTimers(Object key, TimeWindow w, long watermark) {
    if (!assigner.eventTime()) {
      return timers.register(key, w.end());
    }
    boolean fresh = false;
    if (w.maxTimestamp() > watermark) {
      fresh = timers.registerEventTime(key, w.maxTimestamp());
    }
    if (lateness > 0) {
      fresh = timers.registerEventTime(key, w.maxTimestamp() + lateness);
    }
    return fresh;
  }

  /** Emits the current window's result, stamped with the window's last millisecond. */
  void emit(Object key, TimeWindow w) throws Exception {
    long before = time.get();
    time.set(w.maxTimestamp());
    if (panes != null) {
      panes.emit(key, w, out);
    } else {
      contents.emit(key, w, out);
    }
    time.set(before);
  }

  /** Emits a session's result from {@code accumulator}, its own, stamped with the window's last millisecond. */
  void emit(Object key, TimeWindow w, AggregatingContents aggregate, Object accumulator) throws Exception {
    long before = time.get();
    time.set(w.maxTimestamp());
    aggregate.emit(key, w, accumulator, out);
    time.set(before);
  }

  @Override
  public void onEventTimer(Object key, long timestamp) throws Exception {
    fire(key, timestamp);
  }

  @Override
  public void onTimer(Object key, long timestamp) throws Exception {
    fire(key, timestamp - 1); // processing-time windows fire at their end
  }

  /** A timer of {@code key} at {@code timestamp}: fires the windows ending there, drops those whose lateness ends there. */
  private void fire(Object key, long timestamp) throws Exception {
    if (assigner.merging()) {
      sessions.fire(key, timestamp);
      return;
    }
    if (panes != null) {
      firePanes(key, timestamp);
      return;
    }
    TimeWindow ending = windows.canonical(assigner.endingAt(timestamp));
    if (ending != null) {
      state.setCurrentKey(new WindowKey(key, ending));
      emit(key, ending);
      if (lateness == 0) {
        contents.clear();
      }
    }
    if (lateness > 0) {
      TimeWindow expired = windows.canonical(assigner.endingAt(timestamp - lateness));
      if (expired != null) {
        state.setCurrentKey(new WindowKey(key, expired));
        contents.clear();
      }
    }
  }
}
