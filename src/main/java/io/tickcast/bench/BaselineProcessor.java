package io.tickcast.bench;

import io.tickcast.forecast.Horizons;
import io.tickcast.schema.ForecastSource;
import io.tickcast.schema.HorizonForecast;
import io.tickcast.schema.Prediction;
import io.tickcast.schema.Tick;
import io.tickcast.stream.TickRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per tick: read the symbol's state value, write a new value of the same fixed size (a fresh array,
 * as the forecaster's serde makes one per write), forward a {@link Prediction} with every field the
 * forecaster fills. Undecodable input goes to the dead-letter sink as the forecaster's does.
 */
final class BaselineProcessor implements Processor<String, TickRecord, String, Object> {
  private final int stateBytes;
  private final String modelName;
  private final RunMeter meter;
  private final Horizons horizons;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, byte[]> store;

  BaselineProcessor(int stateBytes, String modelName, Horizons horizons, RunMeter meter) {
    if (stateBytes < 24) {
      throw new IllegalArgumentException("state value must hold at least 24 bytes: " + stateBytes);
    }
    this.stateBytes = stateBytes;
    this.modelName = modelName;
    this.meter = meter;
    this.horizons = horizons;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.store = context.getStateStore(BaselineTopology.STATE_STORE);
  }

  @Override
  public void process(Record<String, TickRecord> record) {
    meter.tickConsumed();
    TickRecord in = record.value();
    if (in == null || in.tick() == null) {
      context.forward(new Record<String, Object>(record.key(), in == null ? null : in.raw(), record.timestamp()),
          BaselineTopology.DLQ_SINK);
      return;
    }
    Tick tick = in.tick();
    String symbol = tick.getSymbol();
    long time = tick.getTime().toEpochMilli();
    double price = tick.getPrice();
    byte[] previous = store.get(symbol);
    long count = previous == null ? 1 : ByteBuffer.wrap(previous).getLong(0) + 1;
    byte[] next = previous == null ? new byte[stateBytes] : previous.clone();
    ByteBuffer.wrap(next).putLong(0, count).putLong(8, time).putDouble(16, price);
    store.put(symbol, next);
    Prediction p = new Prediction(symbol, Instant.ofEpochMilli(time), price, price, 0.0, price * 0.999, price * 1.001,
        0.9, ForecastSource.LSTM, modelName, 0, price, price, count, 0.0, flatHorizons(price));
    context.forward(record.withKey(symbol).withValue((Object) p).withTimestamp(time), BaselineTopology.PREDICTIONS_SINK);
    meter.forwarded();
  }

  /** One flat forecast per configured horizon, as many as the forecaster emits. */
  private List<HorizonForecast> flatHorizons(double price) {
    List<HorizonForecast> out = new ArrayList<>(horizons.count());
    for (int i = 0; i < horizons.count(); i++) {
      out.add(new HorizonForecast(horizons.get(i), price, 0.0, price * 0.999, price * 1.001, ForecastSource.LSTM, 0.0));
    }
    return out;
  }
}
