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
 * ticks, without a broker: the chunks are made one at a time in time order and handed to the {@link
 * HistoryAssembler} as the reader would, which streams them into a {@link TrainingSampler}, so only
 * the trainer holds them. With WINDOW_TICKS, only the chunks of the last WINDOW_TICKS ticks per symbol
 * (in event time: one tick a second per symbol) are handed over, as {@code train.history.window.ms}
 * makes the reader skip older ones ({@code offsetsForTimes}); the held-out cut is taken from the span
 * handed over, as the reader takes it. Usage:
 * {@code java -cp target/test-classes:target/classes:<deps> io.tickcast.train.TrainerScaleProbe TICKS SYMBOLS [EPOCHS [WINDOW_TICKS]]}.
 */
public final class TrainerScaleProbe {
  private TrainerScaleProbe() {}

  public static void main(String[] args) throws Exception {
    long ticks = Long.parseLong(args[0]);
    int symbols = Integer.parseInt(args[1]);
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    long windowTicks = args.length > 3 ? Long.parseLong(args[3]) : -1;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong();
    Thread heapSampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    heapSampler.setDaemon(true);
    heapSampler.start();
    TrainerSettings settings = TrainerSettings.from(TickcastConfig.of(Map.of(TickcastConfig.TRAIN_MAX_EPOCHS, epochs,
        TickcastConfig.TRAIN_PATIENCE, epochs)));
    long t0 = System.nanoTime();
    TrainingSampler sampler = new TrainingSampler(settings.features(), settings.featureSettings(), settings.horizons(),
        settings.shape());
    HistoryAssembler assembler = new HistoryAssembler(sampler::tick);
    SplittableRandom random = new SplittableRandom(3);
    long perSymbol = ticks / symbols;
    int chunk = 64;
    // the first chunk whose last tick is in the window, as offsetsForTimes finds it
    long firstChunk = windowTicks < 0 ? 0 : Math.max(0, (perSymbol - windowTicks) / chunk);
    long oldest = firstChunk * chunk;
    long time0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    sampler.holdOutFrom(HistoryReader.cutTime(time0 + oldest * 1000L, time0 + (perSymbol - 1) * 1000L,
        settings.shape().validationFraction()));
    long retained = 0;
    double[] price = new double[symbols];
    java.util.Arrays.fill(price, 100.0);
    for (long c = firstChunk; c * chunk < perSymbol; c++) {
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
      retained = Math.max(retained, assembler.retainedTicks() + sampler.retainedSteps());
    }
    assembler.finish();
    long read = System.nanoTime();
    TrainingData data = sampler.build();
    long built = System.nanoTime();
    Candidate candidate = new ChallengerTraining().train(data, null, settings);
    long trained = System.nanoTime();
    heapSampler.interrupt();
    System.out.printf("history %,d ticks, %,d symbols, window %s: %,d training sequences (%,d left out by the cap), "
            + "%,d validation (%,d left out); at most %,d ticks and steps held; stream %.1f s, sample %.1f s, "
            + "train (%d epochs at most) %.1f s, total %.1f s; peak heap %,d MB; %s%n",
        ticks, symbols, windowTicks < 0 ? "none" : String.format("%,d ticks per symbol", windowTicks),
        data.train().size(), data.droppedSequences(), data.validation().size(), data.droppedValidation(), retained,
        (read - t0) / 1e9, (built - read) / 1e9, epochs, (trained - built) / 1e9, (trained - t0) / 1e9,
        peak.get() >> 20, candidate.verdict());
  }
}
