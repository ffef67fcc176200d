package io.tickcast.lstm;

import java.util.List;

/**
 * What {@link LstmTrainer#train} returns.
 *
 * @param model the weights with the best validation MSE (the last weights when there is no
 *     validation set)
 * @param epochs the number of epochs run (early stopping may end before the maximum)
 * @param trainLoss the mean training MSE over the epoch that produced {@code model}, measured
 *     while that epoch's batches were being learnt
 * @param validationLoss the validation MSE of {@code model}; NaN without a validation set
 * @param validationCurve the validation MSE after each epoch; empty without a validation set
 */
public record TrainingResult(
    LstmModel model, int epochs, double trainLoss, double validationLoss, List<Double> validationCurve) {
  public TrainingResult {
    validationCurve = List.copyOf(validationCurve);
  }
}
