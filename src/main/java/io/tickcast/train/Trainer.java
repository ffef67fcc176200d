package io.tickcast.train;

import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.features.FeatureSettings;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.model.ModelRefusedException;
import io.tickcast.model.ModelReleases;
import io.tickcast.schema.ModelRelease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run against Kafka: read the current release, stream the history (whole or within
 * {@code train.history.window.ms}) into a bounded sample of sequences ({@link HistoryReader},
 * {@link TrainingSampler}), train a
 * challenger ({@link ChallengerTraining}), and publish it ({@link ReleasePublisher}) only if it beats
 * the current model and naive on the same held-out slice. Runs on the caller's thread; the
 * {@link TrainerService} calls it on its own executor, never on a stream thread.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final TrainerSettings settings;
  private final HistoryReader history;
  private final ReleaseLog releases;
  private final ReleasePublisher publisher;
  private final FeatureSettings servingFeatures;
  private final ChallengerTraining training = new ChallengerTraining();

  public Trainer(TickcastConfig config, Topics topics) {
    Duration timeout = Duration.ofMinutes(2);
    this.settings = TrainerSettings.from(config);
    this.history = new HistoryReader(config, topics.history(), timeout);
    this.releases = new ReleaseLog(config, topics.models(), timeout);
    this.publisher = new ReleasePublisher(config, topics.models(), timeout);
    this.servingFeatures = config.forecastSettings().features();
  }

  /** How a run ended. */
  public enum Status {
    /** A new version was published. */
    RELEASED,
    /** The challenger did not beat the current model or naive. */
    NOT_BETTER,
    /** No tick newer than the current release's data: nothing to learn. */
    NO_NEW_DATA,
    /** Too little history for a training and a validation slice. */
    NOT_ENOUGH_DATA,
    /** Someone else released while this run trained. */
    CHAMPION_CHANGED,
    /** This instance stopped being the active trainer before publishing. */
    LOST_LEASE
  }

  /**
   * The outcome of a run.
   *
   * @param version the published version, or the current one when nothing was published
   * @param historyEndOffsets the history topic's end-offset sum the run read to (the schedule's chunk count baseline)
   */
  public record Run(Status status, int version, Candidate candidate, long historyEndOffsets, String detail) {}

  /**
   * Trains once.
   *
   * @param stillActive asked just before publishing: false drops the release ({@link Status#LOST_LEASE})
   */
  public Run runOnce(BooleanSupplier stillActive) {
    Optional<ModelRelease> current = releases.latest(settings.modelName());
    int currentVersion = current.map(ModelRelease::getVersion).orElse(0);
    ForecastModel champion = current.flatMap(this::servable).orElse(null);
    TrainingSampler sampler = new TrainingSampler(ChallengerTraining.featuresFor(champion, settings),
        settings.featureSettings(), settings.horizons(), settings.shape());
    HistoryReader.Snapshot snapshot = history.read(sampler, settings.shape().validationFraction());
    if (current.isPresent() && current.get().getDataTo() != null
        && snapshot.newestTime() <= current.get().getDataTo().toEpochMilli()) {
      return done(new Run(Status.NO_NEW_DATA, currentVersion, null, snapshot.endOffsetSum(),
          "no tick after v" + currentVersion + "'s data (" + current.get().getDataTo() + ")"));
    }
    TrainingData data = sampler.build();
    LOG.info("training {} on {} symbols, {} chunks ({} late, dropped): {} training and {} validation sequences "
            + "({} and {} left out by the caps)", settings.modelName(), data.symbols(), snapshot.chunks(),
        snapshot.lateChunks(), data.train().size(), data.validation().size(), data.droppedSequences(),
        data.droppedValidation());
    Candidate c = training.train(data, champion, settings);
    if (c.model() == null) {
      return done(new Run(Status.NOT_ENOUGH_DATA, currentVersion, c, snapshot.endOffsetSum(), c.verdict()));
    }
    if (!c.releasable()) {
      return done(new Run(Status.NOT_BETTER, currentVersion, c, snapshot.endOffsetSum(), c.verdict()));
    }
    if (!stillActive.getAsBoolean()) {
      return done(new Run(Status.LOST_LEASE, currentVersion, c, snapshot.endOffsetSum(), c.verdict()));
    }
    ModelRelease.Builder draft = draft(settings, c, data, System.currentTimeMillis());
    ReleasePublisher.Result r = publisher.publish(draft, currentVersion);
    Status status = switch (r.status()) {
      case PUBLISHED -> Status.RELEASED;
      case CHAMPION_CHANGED -> Status.CHAMPION_CHANGED;
      case FENCED -> Status.LOST_LEASE;
    };
    return done(new Run(status, r.status() == ReleasePublisher.Status.PUBLISHED ? r.version() : r.currentVersion(),
        c, snapshot.endOffsetSum(), c.verdict()));
  }

  private static Run done(Run run) {
    LOG.info("training run: {} (v{}): {}", run.status(), run.version(), run.detail());
    return run;
  }

  /**
   * The current release as a model to warm-start from, unless this instance could not serve it
   * (whatever its horizons: the challenger takes over the outputs of those it shares).
   */
  private Optional<ForecastModel> servable(ModelRelease release) {
    try {
      return Optional.of(ModelReleases.toModel(release, servingFeatures));
    } catch (ModelRefusedException e) {
      LOG.warn("current release {} v{} is not servable here ({}); training from scratch", release.getModelName(),
          release.getVersion(), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The release of a candidate with its provenance and its horizons; the version is set by the
   * publisher. validationMse, championValidationMse and naiveValidationMse are horizon 1's (the
   * stream starts a new model's horizon-1 weight from their ratio), the by-horizon lists every
   * horizon's.
   */
  static ModelRelease.Builder draft(TrainerSettings settings, Candidate c, TrainingData data, long createdAtMillis) {
    return ModelReleases.builder(settings.modelName(), 0, c.model(), c.features(), c.horizons(),
            settings.featureSettings(), createdAtMillis)
        .setOrigin("trainer")
        .setParentVersion(c.parentVersion() > 0 ? c.parentVersion() : null)
        .setTrainingSettings(new HashMap<>(settings.toMap()))
        .setSeed(settings.training().seed())
        .setDataFrom(Instant.ofEpochMilli(data.dataFrom()))
        .setDataTo(Instant.ofEpochMilli(data.dataTo()))
        .setSymbols(data.symbols())
        .setTrainingSequences(data.train().size())
        .setValidationMse(c.validationMse())
        .setChampionValidationMse(Double.isNaN(c.championMse()) ? null : c.championMse())
        .setNaiveValidationMse(c.naiveMse())
        .setValidationMseByHorizon(new ArrayList<>(c.validationMseByHorizon()))
        .setNaiveValidationMseByHorizon(new ArrayList<>(c.naiveMseByHorizon()));
  }
}
