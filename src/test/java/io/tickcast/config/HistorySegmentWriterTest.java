package io.tickcast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.forecast.HistorySegment;
import io.tickcast.schema.HistoryChunk;
import io.tickcast.schema.HistoryTick;
import io.tickcast.schema.Tick;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class HistorySegmentWriterTest {

  private static <T> byte[] encode(DatumWriter<T> writer, T value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
    writer.write(value, e);
    e.flush();
    return out.toByteArray();
  }

  private static HistoryChunk asChunk(HistorySegment s) {
    List<HistoryTick> ticks = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      double v = s.volumes()[i];
      ticks.add(new HistoryTick(Instant.ofEpochMilli(s.times()[i]), s.prices()[i], Double.isNaN(v) ? null : v));
    }
    return new HistoryChunk(s.symbol(), s.chunkIndex(), Instant.ofEpochMilli(s.firstTime()), Instant.ofEpochMilli(s.lastTime()), ticks);
  }

  private static HistorySegment randomSegment(SplittableRandom rnd, int n, String symbol) {
    long[] t = new long[n];
    double[] p = new double[n];
    double[] v = new double[n];
    long time = 1_700_000_000_000L + rnd.nextLong(1_000_000_000L);
    for (int i = 0; i < n; i++) {
      time += 1 + rnd.nextInt(100_000);
      t[i] = time;
      p[i] = rnd.nextDouble() * 1e4;
      v[i] = rnd.nextInt(3) == 0 ? Double.NaN : rnd.nextDouble() * 1e6;
    }
    return new HistorySegment(symbol, rnd.nextLong(1L << 40), t, p, v);
  }

  @Test
  void writesTheBytesAvrosOwnWriterWritesForTheSameChunk() throws IOException {
    HistorySegmentWriter fast = new HistorySegmentWriter();
    SpecificDatumWriter<HistoryChunk> avro = new SpecificDatumWriter<>(HistoryChunk.class);
    SplittableRandom rnd = new SplittableRandom(5);
    for (int k = 0; k < 200; k++) {
      HistorySegment s = randomSegment(rnd, 1 + rnd.nextInt(64), k % 2 == 0 ? "S" + k : "Ünïcødé-" + k);
      byte[] bytes = encode(fast, s);
      assertThat(bytes).as("chunk %d", k).isEqualTo(encode(avro, asChunk(s)));
      HistoryChunk back = new SpecificDatumReader<>(HistoryChunk.class)
          .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
      assertThat(back).isEqualTo(asChunk(s));
    }
  }

  @Test
  void writesOnlyTheHistoryChunkSchema() {
    HistorySegmentWriter fast = new HistorySegmentWriter();
    fast.setSchema(HistoryChunk.getClassSchema());
    assertThatThrownBy(() -> fast.setSchema(Tick.getClassSchema())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("io.tickcast.schema.Tick");
  }
}
