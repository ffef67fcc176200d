package io.tickcast.config;

import io.tickcast.forecast.HistorySegment;
import io.tickcast.schema.HistoryChunk;
import io.tickcast.schema.HistoryTick;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Writes a closed {@link HistorySegment} as an Avro {@link HistoryChunk}, straight from its arrays:
 * the bytes Avro's SpecificDatumWriter writes for the same chunk (a test holds them equal), without
 * building a HistoryTick, an Instant and a boxed volume per tick and without the generic writer's
 * per-field conversion and union lookups, which took 10 µs per 64-tick chunk in the pipeline.
 *
 * <p>Written for the schema of {@code schemas/HistoryChunk.avsc}: the constructor refuses a
 * generated class whose fields are not the ones this writer writes, so a schema change that forgot
 * this class fails at start rather than writing records the schema does not describe.
 */
final class HistorySegmentWriter implements DatumWriter<HistorySegment> {
  /** Field names and types this writer writes, in order. */
  private static final List<String> CHUNK_FIELDS = List.of("symbol:STRING", "chunkIndex:LONG", "firstTime:LONG",
      "lastTime:LONG", "ticks:ARRAY");
  private static final List<String> TICK_FIELDS = List.of("time:LONG", "price:DOUBLE", "volume:UNION");

  HistorySegmentWriter() {
    requireFields(HistoryChunk.getClassSchema(), CHUNK_FIELDS);
    requireFields(HistoryTick.getClassSchema(), TICK_FIELDS);
    List<Schema> volume = HistoryTick.getClassSchema().getField("volume").schema().getTypes();
    if (volume.size() != 2 || volume.get(0).getType() != Schema.Type.NULL || volume.get(1).getType() != Schema.Type.DOUBLE) {
      throw new IllegalStateException("HistoryTick.volume is " + volume + "; this writer writes [null, double]");
    }
  }

  private static void requireFields(Schema schema, List<String> expected) {
    List<String> actual = schema.getFields().stream().map(f -> f.name() + ":" + f.schema().getType()).toList();
    if (!actual.equals(expected)) {
      throw new IllegalStateException(schema.getFullName() + " has fields " + actual + "; " + HistorySegmentWriter.class.getSimpleName()
          + " writes " + expected);
    }
  }

  @Override
  public void setSchema(Schema schema) {
    if (!schema.equals(HistoryChunk.getClassSchema())) {
      throw new IllegalArgumentException("writes " + HistoryChunk.getClassSchema().getFullName() + " only, not " + schema.getFullName());
    }
  }

  @Override
  public void write(HistorySegment s, Encoder out) throws IOException {
    int n = s.size();
    out.writeString(s.symbol());
    out.writeLong(s.chunkIndex());
    out.writeLong(s.firstTime());
    out.writeLong(s.lastTime());
    long[] times = s.times();
    double[] prices = s.prices();
    double[] volumes = s.volumes();
    out.writeArrayStart();
    out.setItemCount(n);
    for (int i = 0; i < n; i++) {
      out.startItem();
      out.writeLong(times[i]);
      out.writeDouble(prices[i]);
      if (Double.isNaN(volumes[i])) {
        out.writeIndex(0);
        out.writeNull();
      } else {
        out.writeIndex(1);
        out.writeDouble(volumes[i]);
      }
    }
    out.writeArrayEnd();
  }
}
