package io.tickcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.Horizons;
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
    ModelHolder holder = new ModelHolder("m", FeatureSettings.DEFAULTS, Horizons.NEXT_TICK, ForecastListener.NONE);
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

  @Test
  void releasesOfOtherHorizonsAreRefusedWithTheReasonButAOneOutputReleaseIsServed() {
    List<String> refusals = new ArrayList<>();
    ForecastListener listener = new ForecastListener() {
      @Override
      public void modelRefused(String modelName, int version, String reason) {
        refusals.add("v" + version + ": " + reason);
      }
    };
    Horizons served = Horizons.of(1, 5, 20);
    ModelHolder holder = new ModelHolder("m", FeatureSettings.DEFAULTS, served, listener);
    assertThat(holder.current().horizons()).isEqualTo(served);
    assertThat(holder.current().lstm().outputCount()).as("the default has a zero output per horizon").isEqualTo(3);
    int d = FeatureSpec.DEFAULT.size();

    LstmModel two = LstmModel.initialise(d, 4, 1, 2, 1, 1f);
    ModelRelease otherHorizons = ModelReleases.builder("m", 1, two, FeatureSpec.DEFAULT, Horizons.of(1, 5),
        FeatureSettings.DEFAULTS, 0L).build();
    assertThat(holder.offer(otherHorizons)).isEqualTo(ModelHolder.Offer.REFUSED);
    assertThat(refusals).singleElement().asString().startsWith("v1: ").contains("horizons 1,5").contains("1,5,20");
    assertThat(holder.current().version()).isZero();

    LstmModel three = LstmModel.initialise(d, 4, 1, 3, 1, 1f);
    ModelRelease mislabelled = ModelRelease.newBuilder(ModelReleases.builder("m", 2, three, FeatureSpec.DEFAULT, served,
        FeatureSettings.DEFAULTS, 0L).build()).setHorizons(List.of(1, 5)).build();
    assertThat(holder.offer(mislabelled)).isEqualTo(ModelHolder.Offer.REFUSED);
    assertThat(refusals).hasSize(2).last().asString().contains("3 outputs").contains("2 horizons");

    ModelRelease oneOutput = ModelReleases.builder("m", 3, LstmModel.initialise(d, 4, 1, 1, 1f), FeatureSpec.DEFAULT,
        FeatureSettings.DEFAULTS, 0L).build();
    assertThat(oneOutput.getHorizons()).containsExactly(1);
    assertThat(holder.offer(oneOutput)).isEqualTo(ModelHolder.Offer.ACCEPTED);
    assertThat(holder.current().horizons()).isEqualTo(Horizons.NEXT_TICK);

    ModelRelease same = ModelReleases.builder("m", 4, three, FeatureSpec.DEFAULT, served, FeatureSettings.DEFAULTS, 0L)
        .build();
    assertThat(holder.offer(same)).isEqualTo(ModelHolder.Offer.ACCEPTED);
    assertThat(holder.current().horizons()).isEqualTo(served);
    assertThat(holder.current().lstm().outputCount()).isEqualTo(3);
    assertThat(refusals).hasSize(2);
  }
}
