package io.tickcast.lstm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains an {@link LstmModel} with truncated BPTT and Adam over mini-batches of sequences.
 *
 * <p>Loss: the mean squared error, i.e. the sum of squared errors over the scored terms of the
 * batch divided by their number. A term is one output of a scored step (see {@link LossMode})
 * whose target is present; a NaN target is no term. All outputs weigh alike: a model with K outputs
 * learns them jointly, each present target counting once.
 *
 * <p>Determinism: shuffling and initialisation come from the seed; a batch is cut into fixed
 * groups of {@value #SEQUENCES_PER_GROUP} sequences in batch order, each group's gradient is
 * summed in order, then the groups in order. Threads only decide who computes which group, so
 * the same seed and data give bit-identical weights for any thread count.
 */
public final class LstmTrainer {
  static final int SEQUENCES_PER_GROUP = 8;

  private final Kernels kernels;

  /** A trainer on the active kernels ({@link VectorSupport#activePath()}). */
  public LstmTrainer() {
    this(VectorSupport.kernels());
  }

  LstmTrainer(Kernels kernels) {
    this.kernels = kernels;
  }

  /**
   * Trains from {@code start} (a warm start; {@code null} initialises a model of {@code
   * cfg.hiddenSize()} and {@code cfg.numLayers()} from {@code cfg.seed()}, with one output per
   * target of the training sequences). Each epoch shuffles the
   * training sequences, then takes one Adam step per batch. With a non-empty validation set, the
   * validation MSE is measured after every epoch, training stops after {@code cfg.patience()}
   * epochs without improvement, and the best weights are returned.
   */
  public TrainingResult train(LstmModel start, List<Sequence> train, List<Sequence> validation, TrainingConfig cfg) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training sequences");
    }
    List<Sequence> val = validation == null ? List.of() : validation;
    LstmModel model = start != null
        ? start.usingKernels(kernels)
        : LstmModel.initialise(train.get(0).inputSize, cfg.hiddenSize(), cfg.numLayers(), train.get(0).outputs,
            cfg.seed(), cfg.forgetGateBias()).usingKernels(kernels);
    requireShape(model, train, "training");
    requireShape(model, val, "validation");

    ParameterLayout layout = model.layout;
    float[] params = model.params.clone();
    Adam adam = new Adam(layout);
    int groupsPerBatch = (cfg.batchSize() + SEQUENCES_PER_GROUP - 1) / SEQUENCES_PER_GROUP;
    BatchGradient batchGradient = new BatchGradient(layout, kernels, cfg.threads(), groupsPerBatch);
    SplittableRandom shuffler = new SplittableRandom(cfg.seed());
    int[] order = new int[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    List<Sequence> batch = new ArrayList<>(cfg.batchSize());

    LstmModel best = model;
    double bestValidation = Double.POSITIVE_INFINITY;
    double bestTrainLoss = Double.NaN;
    List<Double> curve = new ArrayList<>();
    int epochsWithoutImprovement = 0;
    int epoch = 0;
    try {
      while (epoch < cfg.maxEpochs()) {
        shuffle(order, shuffler);
        double epochSse = 0;
        long epochTerms = 0;
        for (int from = 0; from < order.length; from += cfg.batchSize()) {
          batch.clear();
          for (int i = from; i < Math.min(from + cfg.batchSize(), order.length); i++) {
            batch.add(train.get(order[i]));
          }
          LstmModel current = new LstmModel(layout, params.clone(), kernels);
          batchGradient.compute(current, batch, cfg.lossMode(), cfg.burnIn(), cfg.sequenceLength());
          if (batchGradient.scoredTerms == 0) {
            continue;
          }
          epochSse += batchGradient.sumSquaredError;
          epochTerms += batchGradient.scoredTerms;
          float scale = 1f / batchGradient.scoredTerms;
          float[] grad = batchGradient.total;
          if (cfg.clipNorm() > 0) {
            double norm = scale * l2Norm(grad);
            if (norm > cfg.clipNorm()) {
              scale *= (float) (cfg.clipNorm() / (norm + 1e-6));
            }
          }
          adam.step(params, grad, scale, cfg.learningRate(), cfg.l2());
        }
        epoch++;
        LstmModel trained = new LstmModel(layout, params.clone(), kernels);
        double trainLoss = epochTerms == 0 ? Double.NaN : epochSse / epochTerms;
        if (!trained.allFinite()) {
          break; // diverged: keep the last good weights
        }
        if (val.isEmpty()) {
          best = trained;
          bestTrainLoss = trainLoss;
          continue;
        }
        double v = meanSquaredError(trained, val, cfg.lossMode(), cfg.burnIn());
        curve.add(v);
        if (v < bestValidation) {
          bestValidation = v;
          best = trained;
          bestTrainLoss = trainLoss;
          epochsWithoutImprovement = 0;
        } else if (++epochsWithoutImprovement >= cfg.patience()) {
          break;
        }
      }
    } finally {
      batchGradient.close();
    }
    return new TrainingResult(best, epoch, bestTrainLoss,
        val.isEmpty() ? Double.NaN : bestValidation, curve);
  }

  /**
   * The MSE of {@code model} over {@code sequences}, each run from a zero state by {@link
   * LstmModel#stepAll}: the same scoring as the training loss (every output's present targets
   * pooled). NaN when no term is scored.
   */
  public static double meanSquaredError(LstmModel model, List<Sequence> sequences, LossMode mode, int burnIn) {
    Scores s = score(model, sequences, mode, burnIn);
    double sse = 0;
    long terms = 0;
    for (int k = 0; k < s.sse.length; k++) {
      sse += s.sse[k];
      terms += s.terms[k];
    }
    return terms == 0 ? Double.NaN : sse / terms;
  }

  /**
   * The MSE of each output of {@code model} over {@code sequences}, scored as {@link
   * #meanSquaredError} scores (element k over output k's present targets); NaN for an output
   * with no scored term.
   */
  public static double[] meanSquaredErrorByOutput(LstmModel model, List<Sequence> sequences, LossMode mode,
      int burnIn) {
    Scores s = score(model, sequences, mode, burnIn);
    double[] mse = new double[s.sse.length];
    for (int k = 0; k < mse.length; k++) {
      mse[k] = s.terms[k] == 0 ? Double.NaN : s.sse[k] / s.terms[k];
    }
    return mse;
  }

  /** Squared-error sums and term counts per output. */
  private record Scores(double[] sse, long[] terms) {}

  private static Scores score(LstmModel model, List<Sequence> sequences, LossMode mode, int burnIn) {
    requireShape(model, sequences, "scored");
    int outputs = model.outputCount();
    LstmState state = model.newState();
    float[] x = new float[model.inputSize()];
    float[] y = new float[outputs];
    double[] sse = new double[outputs];
    long[] terms = new long[outputs];
    for (Sequence s : sequences) {
      state.reset();
      for (int t = 0; t < s.length; t++) {
        System.arraycopy(s.inputs, t * s.inputSize, x, 0, s.inputSize);
        model.stepAll(x, state, y);
        if (mode.scores(t, s.length, burnIn)) {
          for (int k = 0; k < outputs; k++) {
            float target = s.targets[t * outputs + k];
            if (!Float.isNaN(target)) {
              double e = (double) y[k] - target;
              sse[k] += e * e;
              terms[k]++;
            }
          }
        }
      }
    }
    return new Scores(sse, terms);
  }

  /**
   * The MSE of {@code model} over {@code batch} and, into {@code out}, its gradient with respect
   * to every parameter (full backpropagation through time, no truncation), computed exactly as a
   * training step computes it.
   *
   * @throws IllegalArgumentException when no term of the batch is scored
   */
  public static double lossAndGradients(LstmModel model, List<Sequence> batch, LossMode mode, int burnIn, Gradients out) {
    return lossAndGradients(model, batch, mode, burnIn, Integer.MAX_VALUE, out);
  }

  /** As above, with the backward flow cut every {@code window} steps (truncated BPTT). */
  static double lossAndGradients(LstmModel model, List<Sequence> batch, LossMode mode, int burnIn, int window,
      Gradients out) {
    if (!out.layout.sameShapeAs(model.layout)) {
      throw new IllegalArgumentException("gradients are shaped for " + out.layout + ", model is " + model.layout);
    }
    requireShape(model, batch, "batch");
    int groups = (batch.size() + SEQUENCES_PER_GROUP - 1) / SEQUENCES_PER_GROUP;
    BatchGradient bg = new BatchGradient(model.layout, model.kernels, 1, Math.max(groups, 1));
    try {
      bg.compute(model, batch, mode, burnIn, window);
    } finally {
      bg.close();
    }
    if (bg.scoredTerms == 0) {
      throw new IllegalArgumentException("no term of the batch is scored");
    }
    float scale = 1f / bg.scoredTerms;
    for (int i = 0; i < out.values.length; i++) {
      out.values[i] = bg.total[i] * scale;
    }
    return bg.sumSquaredError / bg.scoredTerms;
  }

  private static void requireShape(LstmModel model, List<Sequence> seqs, String what) {
    for (int i = 0; i < seqs.size(); i++) {
      if (seqs.get(i).inputSize != model.inputSize()) {
        throw new IllegalArgumentException(what + " sequence " + i + " has " + seqs.get(i).inputSize
            + " inputs per step, the model expects " + model.inputSize());
      }
      if (seqs.get(i).outputs != model.outputCount()) {
        throw new IllegalArgumentException(what + " sequence " + i + " has " + seqs.get(i).outputs
            + " targets per step, the model has " + model.outputCount() + " outputs");
      }
    }
  }

  private static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }

  private static double l2Norm(float[] g) {
    double s = 0;
    for (float v : g) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }

  /** The summed gradient of a batch, computed group by group, possibly on several threads. */
  private static final class BatchGradient implements AutoCloseable {
    private final Kernels kernels;
    private final Bptt[] workers;
    private final float[][] groupGradients;
    private final double[] groupSse;
    private final int[] groupTerms;
    private final ExecutorService pool;
    final float[] total;
    double sumSquaredError;
    int scoredTerms;

    BatchGradient(ParameterLayout layout, Kernels kernels, int threads, int groups) {
      this.kernels = kernels;
      int n = Math.min(threads, groups);
      workers = new Bptt[n];
      for (int i = 0; i < n; i++) {
        workers[i] = new Bptt(layout, kernels);
      }
      groupGradients = new float[groups][layout.size];
      groupSse = new double[groups];
      groupTerms = new int[groups];
      total = new float[layout.size];
      pool = n > 1 ? Executors.newFixedThreadPool(n - 1, r -> {
        Thread t = new Thread(r, "lstm-trainer");
        t.setDaemon(true);
        return t;
      }) : null;
    }

    void compute(LstmModel model, List<Sequence> batch, LossMode mode, int burnIn, int window) {
      int groups = (batch.size() + SEQUENCES_PER_GROUP - 1) / SEQUENCES_PER_GROUP;
      int n = Math.min(workers.length, groups);
      model.rowMajorWeights(); // once here rather than racing in every worker
      // Worker w takes groups w, w + n, w + 2n, ...: any assignment gives the same sums.
      List<Future<?>> pending = new ArrayList<>();
      for (int w = 1; w < n; w++) {
        int worker = w;
        pending.add(pool.submit(() -> computeGroups(worker, n, groups, model, batch, mode, burnIn, window)));
      }
      computeGroups(0, n, groups, model, batch, mode, burnIn, window);
      for (Future<?> f : pending) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while training", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("training worker failed", e.getCause());
        }
      }
      Arrays.fill(total, 0f);
      sumSquaredError = 0;
      scoredTerms = 0;
      for (int g = 0; g < groups; g++) {
        kernels.addTo(groupGradients[g], 0, total, 0, total.length);
        sumSquaredError += groupSse[g];
        scoredTerms += groupTerms[g];
      }
    }

    private void computeGroups(int worker, int stride, int groups, LstmModel model, List<Sequence> batch,
        LossMode mode, int burnIn, int window) {
      Bptt bptt = workers[worker];
      for (int g = worker; g < groups; g += stride) {
        float[] grad = groupGradients[g];
        Arrays.fill(grad, 0f);
        double sse = 0;
        int terms = 0;
        int end = Math.min((g + 1) * SEQUENCES_PER_GROUP, batch.size());
        for (int i = g * SEQUENCES_PER_GROUP; i < end; i++) {
          bptt.run(model, batch.get(i), mode, burnIn, window, grad);
          sse += bptt.sumSquaredError;
          terms += bptt.scoredTerms;
        }
        groupSse[g] = sse;
        groupTerms[g] = terms;
      }
    }

    @Override
    public void close() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }
}
