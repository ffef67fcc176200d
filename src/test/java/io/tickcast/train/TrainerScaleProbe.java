package io.tickcast.train;

import io.tickcast.config.TickcastConfig;
import io.tickcast.schema.HistoryChunk;
import io.tickcast.schema.HistoryTick;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: measures a training run's wall time and peak heap over a history of a given number of
 * ticks, without a broker (the chunks are made one at a time and handed to the {@link HistoryAssembler}
 * as the reader would, so only the trainer holds them). Usage:
 * {@code java -cp target/test-classes:target/classes:<deps> io.tickcast.train.TrainerScaleProbe TICKS SYMBOLS [EPOCHS]}.
 */
public final class TrainerScaleProbe {
  private TrainerScaleProbe() {}

  public static void main(String[] args) throws Exception {
    long ticks = Long.parseLong(args[0]);
    int symbols = Integer.parseInt(args[1]);
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    TrainerSettings settings = TrainerSettings.from(TickcastConfig.of(Map.of(TickcastConfig.TRAIN_MAX_EPOCHS, epochs,
        TickcastConfig.TRAIN_PATIENCE, epochs)));
    long t0 = System.nanoTime();
    HistoryAssembler assembler = new HistoryAssembler();
    SplittableRandom random = new SplittableRandom(3);
    long perSymbol = ticks / symbols;
    int chunk = 64;
    double[] price = new double[symbols];
    java.util.Arrays.fill(price, 100.0);
    long time0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    for (long c = 0; c * chunk < perSymbol; c++) {
      for (int s = 0; s < symbols; s++) {
        List<HistoryTick> rows = new ArrayList<>(chunk);
        for (int i = 0; i < chunk && c * chunk + i < perSymbol; i++) {
          price[s] *= Math.exp(0.001 * (random.nextDouble() - 0.5));
          rows.add(new HistoryTick(Instant.ofEpochMilli(time0 + (c * chunk + i) * 1000L), price[s], 10.0 + i));
        }
        String symbol = "S" + s;
        assembler.accept(symbol + "#" + c, new HistoryChunk(symbol, c, rows.get(0).getTime(),
            rows.get(rows.size() - 1).getTime(), rows));
      }
    }
    long read = System.nanoTime();
    List<SymbolHistory> histories = assembler.histories();
    TrainingData data = ChallengerTraining.data(histories, null, settings);
    long built = System.nanoTime();
    Candidate candidate = new ChallengerTraining().train(data, null, settings);
    long trained = System.nanoTime();
    sampler.interrupt();
    System.out.printf("history %,d ticks, %,d symbols: %,d training sequences (%,d left out by the cap), %,d validation; "
            + "assemble %.1f s, sequences %.1f s, train (%d epochs at most) %.1f s, total %.1f s; peak heap %,d MB; %s%n",
        ticks, symbols, data.train().size(), data.droppedSequences(), data.validation().size(), (read - t0) / 1e9,
        (built - read) / 1e9, epochs, (trained - built) / 1e9, (trained - t0) / 1e9, peak.get() >> 20, candidate.verdict());
  }
}
