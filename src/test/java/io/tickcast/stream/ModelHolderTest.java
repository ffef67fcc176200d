package io.tickcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.lstm.LstmModel;
import io.tickcast.model.ModelReleases;
import io.tickcast.schema.ModelRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ModelHolderTest {
  @Test
  void aReaderAlwaysSeesAModelWithItsOwnRelease() throws Exception {
    ModelHolder holder = new ModelHolder("m", FeatureSettings.DEFAULTS, ForecastListener.NONE);
    assertThat(holder.serving().release()).as("the built-in default has no release").isNull();
    List<ModelRelease> releases = new ArrayList<>();
    LstmModel lstm = LstmModel.initialise(FeatureSpec.DEFAULT.size(), 4, 1, 1, 1f);
    for (int v = 1; v <= 300; v++) {
      releases.add(ModelReleases.builder("m", v, lstm, FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS, 0L).build());
    }
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong mismatches = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        ModelHolder.Serving s = holder.serving();
        reads.incrementAndGet();
        if (s.release() != null && s.release().getVersion() != s.model().version()) {
          mismatches.incrementAndGet();
        }
      }
    });
    reader.start();
    for (ModelRelease r : releases) {
      assertThat(holder.offer(r)).isEqualTo(ModelHolder.Offer.ACCEPTED);
    }
    done.set(true);
    reader.join();
    assertThat(reads.get()).isPositive();
    assertThat(mismatches.get()).isZero();
    assertThat(holder.serving().model().version()).isEqualTo(300);
    assertThat(holder.currentRelease().getVersion()).isEqualTo(300);
  }
}
