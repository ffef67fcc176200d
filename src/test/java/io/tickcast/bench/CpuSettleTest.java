package io.tickcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuSettleTest {
  private static final long WINDOW = CpuSettle.WINDOW.toNanos();

  /** A process whose CPU use in each successive window is given, in cores. */
  private static CpuSettle process(double... coresPerWindow) {
    AtomicLong cpu = new AtomicLong();
    List<Double> uses = new ArrayList<>();
    for (double c : coresPerWindow) {
      uses.add(c);
    }
    return new CpuSettle(cpu::get, d -> {
      assertThat(d).isEqualTo(CpuSettle.WINDOW);
      double c = uses.isEmpty() ? 0.0 : uses.remove(0);
      cpu.addAndGet((long) (c * WINDOW));
    });
  }

  @Test
  void waitsWhileTheProcessIsBusyAndReturnsAtTheFirstQuietWindow() throws Exception {
    CpuSettle.Result r = process(1.8, 0.9, 0.3, 0.05, 0.0).await(Duration.ofSeconds(20));
    assertThat(r.quiet()).isTrue();
    assertThat(r.windows()).isEqualTo(4);
    assertThat(r.waited()).isEqualTo(CpuSettle.WINDOW.multipliedBy(4));
    assertThat(r.cores()).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void anAlreadyQuietProcessCostsOneWindow() throws Exception {
    assertThat(process(0.02).await(Duration.ofSeconds(20)).windows()).isEqualTo(1);
  }

  @Test
  void givesUpAfterTheLongestWaitAndSaysTheProcessWasStillBusy() throws Exception {
    CpuSettle.Result r = process(1.0, 1.0, 1.0, 1.0, 1.0, 1.0).await(Duration.ofSeconds(2));
    assertThat(r.quiet()).isFalse();
    assertThat(r.windows()).isEqualTo(4);
    assertThat(r.cores()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void thisJvmCanBeWatched() throws Exception {
    CpuSettle settle = CpuSettle.forThisProcess();
    assertThat(settle).isNotNull();
    assertThat(settle.await(CpuSettle.WINDOW).windows()).isEqualTo(1);
  }
}
