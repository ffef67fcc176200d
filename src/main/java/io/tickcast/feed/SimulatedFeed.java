package io.tickcast.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live tick feed with learnable structure ({@link SyntheticMarket.Kind#MIXED}: an echo of the
 * return 8 ticks back and a hidden drift regime), stamped with the wall clock, for the demo and the
 * {@code simulate} command.
 *
 * <p>Lifecycle: {@link #start()} starts one producing thread; {@link #close()} stops it and flushes.
 */
public final class SimulatedFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedFeed.class);

  private final TickProducer producer;
  private final List<SyntheticMarket> markets = new ArrayList<>();
  private final double ticksPerSecond;
  private final long maxTicks;
  private final AtomicLong sent = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Exception failure;

  /**
   * @param symbols the simulated symbols
   * @param ticksPerSecond total rate over all symbols, round-robin
   * @param maxTicks stop after this many ticks (≤ 0: no limit)
   * @param seed the same seed gives the same prices
   */
  public SimulatedFeed(TickProducer producer, List<String> symbols, double ticksPerSecond, long maxTicks, long seed) {
    if (symbols.isEmpty()) {
      throw new IllegalArgumentException("at least one symbol is needed");
    }
    if (!(ticksPerSecond > 0)) {
      throw new IllegalArgumentException("the rate must be positive: " + ticksPerSecond);
    }
    this.producer = producer;
    this.ticksPerSecond = ticksPerSecond;
    this.maxTicks = maxTicks;
    long now = System.currentTimeMillis();
    for (int i = 0; i < symbols.size(); i++) {
      double sigma = 0.0005 * (1 + i % 4);
      markets.add(new SyntheticMarket(symbols.get(i), SyntheticMarket.Kind.MIXED, sigma, 50 + 10 * i, now, 1, seed * 7919 + i));
    }
    this.thread = new Thread(this::run, "tickcast-simulated-feed");
    this.thread.setDaemon(true);
  }

  /** Symbols SIM00, SIM01, ... */
  public static List<String> symbols(int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(String.format("SIM%02d", i));
    }
    return out;
  }

  public void start() {
    thread.start();
  }

  private void run() {
    long start = System.nanoTime();
    long[] lastTime = new long[markets.size()];
    try {
      for (long n = 0; running && (maxTicks <= 0 || n < maxTicks); n++) {
        long due = start + (long) (n * 1e9 / ticksPerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        int k = (int) (n % markets.size());
        long t = Math.max(System.currentTimeMillis(), lastTime[k] + 1);
        lastTime[k] = t;
        producer.send(markets.get(k).nextAt(t));
        sent.incrementAndGet();
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
      LOG.error("simulated feed stopped: {}", e.getMessage());
    }
  }

  public long sent() {
    return sent.get();
  }

  /** The error that stopped the feed, or null. */
  public Exception failure() {
    return failure;
  }

  public boolean isRunning() {
    return thread.isAlive();
  }

  /** Waits until the feed has sent its {@code maxTicks}. */
  public void join() throws InterruptedException {
    thread.join();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
    producer.close();
  }
}
