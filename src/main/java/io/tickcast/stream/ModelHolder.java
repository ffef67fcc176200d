package io.tickcast.stream;

import io.tickcast.features.FeatureSettings;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.Horizons;
import io.tickcast.model.ModelRefusedException;
import io.tickcast.model.ModelReleases;
import io.tickcast.schema.ModelRelease;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model in use by this instance, swapped atomically: a stream thread reads it once per tick, so
 * a tick is processed wholly by one model, and a swap lands between two ticks.
 *
 * <p>Only releases of the configured model name with a version above the current one are taken;
 * refused releases (among them those forecasting other horizons than this instance's, except a
 * one-output release of horizon 1) leave the current model in place and are reported to the
 * listener.
 */
public final class ModelHolder {
  private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);

  private final String modelName;
  private final FeatureSettings featureSettings;
  private final Horizons horizons;
  private final ForecastListener listener;
  /** The model in use with the release it came from, swapped as one value so that readers never pair one with the other's predecessor. */
  private final AtomicReference<Serving> serving;

  /**
   * The model in use and the release behind it.
   *
   * @param model the model
   * @param release its release, or null for the built-in default
   */
  public record Serving(ForecastModel model, ModelRelease release) {}

  /**
   * Starts with the built-in default of one zero output per horizon.
   *
   * @param horizons this instance's {@code forecast.horizons}
   */
  public ModelHolder(String modelName, FeatureSettings featureSettings, Horizons horizons, ForecastListener listener) {
    this.modelName = modelName;
    this.featureSettings = featureSettings;
    this.horizons = horizons;
    this.listener = listener;
    this.serving = new AtomicReference<>(
        new Serving(ForecastModel.defaultModel(modelName, featureSettings, horizons), null));
  }

  public ForecastModel current() {
    return serving.get().model();
  }

  /** The release behind the current model, or null while the built-in default is in use. */
  public ModelRelease currentRelease() {
    return serving.get().release();
  }

  /** The model in use and its release, read together. */
  public Serving serving() {
    return serving.get();
  }

  /** Result of offering a release. */
  public enum Offer { ACCEPTED, NOT_NEWER, OTHER_MODEL, REFUSED }

  /** Takes a release if it is newer and servable. Thread-safe. */
  public synchronized Offer offer(ModelRelease release) {
    if (release == null) {
      return Offer.NOT_NEWER;
    }
    if (!modelName.equals(release.getModelName())) {
      return Offer.OTHER_MODEL;
    }
    ForecastModel now = serving.get().model();
    if (release.getVersion() <= now.version()) {
      return Offer.NOT_NEWER;
    }
    try {
      ForecastModel next = ModelReleases.toModel(release, featureSettings, horizons);
      serving.set(new Serving(next, release));
      LOG.info("model {} in use (was v{})", next, now.version());
      listener.modelAccepted(next, release.getCreatedAt().toEpochMilli());
      return Offer.ACCEPTED;
    } catch (ModelRefusedException | RuntimeException e) {
      LOG.warn("refused release {} v{}: {}; still serving v{}", release.getModelName(), release.getVersion(),
          e.getMessage(), now.version());
      listener.modelRefused(release.getModelName(), release.getVersion(), e.getMessage());
      return Offer.REFUSED;
    }
  }
}
