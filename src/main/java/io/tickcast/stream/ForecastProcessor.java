package io.tickcast.stream;

import io.tickcast.forecast.ForecastEngine;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.HistorySegment;
import io.tickcast.forecast.RejectReason;
import io.tickcast.forecast.StepResult;
import io.tickcast.config.Topics;
import io.tickcast.schema.Prediction;
import io.tickcast.schema.Tick;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The per-tick step on a stream thread: validate, load the symbol's state, {@link ForecastEngine#step},
 * save the state, forward the prediction (and a closed history chunk); invalid input goes to the
 * dead-letter sink as received. The open history chunks' ticks wait in a store of their own
 * ({@link StoredChunkRows}); a wall-clock punctuator closes the chunks of idle symbols, visiting
 * only those that are due ({@link ChunkDeadlines}). After the task is (re)initialised, chunks are
 * tracked again as their symbols tick; the chunks of symbols that do not tick are found by one scan
 * of the state store at the task's first punctuation.
 */
final class ForecastProcessor implements Processor<String, TickRecord, String, Object> {
  private final ForecastSettings settings;
  private final ModelHolder models;
  private final ForecastListener listener;
  private final boolean timed;
  private final StepResult result = new StepResult();
  private final PredictionRecord predictionRecord = new PredictionRecord();
  private ForecastEngine engine;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, ForecastState> store;
  private final ChunkDeadlines deadlines = new ChunkDeadlines();
  /** Whether the open chunks of symbols that have not ticked since the task was initialised are tracked yet. */
  private boolean scanned;
  private final DecodedStates decoded;
  /** Whether the state of the symbol being processed came from the store (and so is not in {@link #decoded} yet). */
  private boolean loadedFromStore;

  /** Whether ticks arrive re-keyed by symbol (then a key that differs from the symbol cannot occur but for an empty symbol). */
  private final boolean rekeyed;

  ForecastProcessor(ForecastSettings settings, ModelHolder models, ForecastListener listener, int decodedStates) {
    this(settings, models, listener, decodedStates, ForecastTopology.DEFAULT_DECODED_STATES_MAX_BYTES, false);
  }

  ForecastProcessor(ForecastSettings settings, ModelHolder models, ForecastListener listener, int decodedStates,
      long decodedStatesMaxBytes, boolean rekeyed) {
    this.settings = settings;
    this.rekeyed = rekeyed;
    this.models = models;
    this.listener = listener;
    this.timed = listener.timesSteps();
    this.decoded = new DecodedStates(decodedStates, decodedStatesMaxBytes);
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.store = context.getStateStore(ForecastTopology.STATE_STORE);
    KeyValueStore<Bytes, byte[]> rows = context.getStateStore(ForecastTopology.CHUNK_ROWS_STORE);
    this.engine = new ForecastEngine(settings, new StoredChunkRows(rows));
    // a (re-)initialised task may have had its store restored or rolled back: decode afresh
    decoded.clear();
    deadlines.clear();
    scanned = false;
    long every = Math.max(1_000L, Math.min(30_000L, settings.chunkMaxMillis() / 2));
    context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::closeIdleChunks);
  }

  @Override
  public void process(Record<String, TickRecord> record) {
    long started = timed ? System.nanoTime() : 0;
    TickRecord in = record.value();
    if (in == null || in.tick() == null) {
      deadLetter(record, RejectReason.UNDECODABLE, "null value");
      return;
    }
    Tick tick = in.tick();
    String symbol = tick.getSymbol();
    long time = tick.getTime().toEpochMilli();
    double price = tick.getPrice();
    Double v = tick.getVolume();
    double volume = v == null ? Double.NaN : v;
    long now = context.currentSystemTimeMs();
    RejectReason reason = engine.validate(symbol, time, price, volume, now);
    if (reason == null && !rekeyed) {
      // a tick keyed otherwise than by its symbol lands on another partition than its symbol's
      // other ticks, splitting the symbol's state across tasks
      if (record.key() == null) {
        reason = RejectReason.KEY_MISSING;
      } else if (!record.key().equals(symbol)) {
        reason = RejectReason.KEY_MISMATCH;
      }
    }
    if (reason != null) {
      deadLetter(record, reason, null);
      return;
    }
    ForecastState state = load(symbol);
    if (state == null) {
      state = engine.newState();
    }
    StepResult r = engine.step(state, symbol, time, price, volume, models.current(), now, result);
    switch (r.outcome) {
      case DUPLICATE -> listener.duplicateDropped();
      case STALE_DROPPED -> listener.staleDropped();
      case REJECTED -> deadLetter(record, r.rejectReason, "last accepted time " + Instant.ofEpochMilli(state.lastTime()));
      case ACCEPTED -> accepted(record, symbol, time, state, r, started);
    }
  }

  /**
   * The symbol's state: the decoded copy kept from its last tick on this task, else from the store.
   * Every change is also put into the store (and so its changelog), so the copy always equals the
   * store's value; it only saves decoding the store's bytes on every tick, which the record cache
   * would otherwise demand.
   */
  private ForecastState load(String symbol) {
    ForecastState state = decoded.get(symbol);
    if (state == null) {
      state = store.get(symbol);
      loadedFromStore = true;
    } else {
      loadedFromStore = false;
    }
    return state;
  }

  private void save(String symbol, ForecastState state) {
    store.put(symbol, state);
    if (loadedFromStore) {
      decoded.put(symbol, state);
    }
  }

  private void accepted(Record<String, TickRecord> record, String symbol, long time, ForecastState state, StepResult r, long started) {
    save(symbol, state);
    trackChunk(symbol, state);
    // the sink serializes the reused record during the forward
    context.forward(record.withKey(symbol).withValue(predictionRecord.of(symbol, time, r)).withTimestamp(time),
        ForecastTopology.PREDICTIONS_SINK);
    if (r.closedChunk != null) {
      forwardChunk(r.closedChunk, time);
    }
    if (r.rewarmed) {
      listener.rewarmed(symbol);
    }
    if (r.fallbackEngaged || r.fallbackReleased) {
      listener.fallback(symbol, r.fallbackEngaged);
    }
    listener.predicted(symbol, time, r, state, timed ? System.nanoTime() - started : 0);
  }

  /** The prediction record of an accepted step, a record of its own (the processor reuses one instead). */
  static Prediction prediction(String symbol, long time, StepResult r) {
    return PredictionRecord.fresh(symbol, time, r);
  }

  private void forwardChunk(HistorySegment s, long timestamp) {
    // the history sink writes the segment as a HistoryChunk record (Topics.historySegments)
    context.forward(new Record<String, Object>(Topics.historyKey(s.symbol(), s.chunkIndex()), s, timestamp),
        ForecastTopology.HISTORY_SINK);
    listener.chunkClosed(s.symbol(), s.size());
  }

  private void deadLetter(Record<String, TickRecord> record, RejectReason reason, String detail) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    byte[] raw = record.value() == null ? null : record.value().raw();
    context.forward(new Record<String, Object>(record.key(), raw, record.timestamp(),
            DeadLetters.headers(reason.tag(), detail, meta == null ? "" : meta.topic(),
                meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset())),
        ForecastTopology.DLQ_SINK);
    listener.deadLettered(reason);
  }

  @Override
  public void close() {
    decoded.clear();
    deadlines.clear();
  }

  private void trackChunk(String symbol, ForecastState state) {
    if (state.openChunkSize() > 0) {
      deadlines.track(symbol, state.chunkIndex(), state.chunkOpenedAtWallMillis());
    } else {
      deadlines.closed(symbol);
    }
  }

  private void closeIdleChunks(long now) {
    if (!scanned) {
      trackAllOpenChunks();
    }
    List<String> due = new ArrayList<>();
    deadlines.takeDue(now - settings.chunkMaxMillis(), due);
    for (String symbol : due) {
      ForecastState s = load(symbol);
      if (s == null) {
        continue;
      }
      boolean wasOpen = s.openChunkSize() > 0;
      HistorySegment segment = engine.closeIdleChunk(s, symbol, now);
      if (wasOpen && s.openChunkSize() == 0) {
        save(symbol, s);
      }
      if (segment != null) {
        forwardChunk(segment, segment.lastTime());
      }
      trackChunk(symbol, s);
    }
  }

  /**
   * Once per task initialisation: tracks the open chunks of every state in the store, so that the
   * chunks of symbols that never tick again after a restore still close. The only full scan of the
   * store; every later punctuation visits only the due chunks.
   */
  private void trackAllOpenChunks() {
    try (KeyValueIterator<String, ForecastState> it = store.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        ForecastState s = kv.value;
        if (s.openChunkSize() > 0 && !deadlines.tracks(kv.key, s.chunkIndex())) {
          deadlines.track(kv.key, s.chunkIndex(), s.chunkOpenedAtWallMillis());
        }
      }
    }
    scanned = true;
  }
}
