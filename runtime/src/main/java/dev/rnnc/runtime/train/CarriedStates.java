package dev.rnnc.runtime.train;

/**
 * The states a stateful layer carries from one training batch to the next, as Keras' {@code
 * stateful=True} does in {@code fit} and {@code evaluate} (keras/src/layers/rnn/rnn.py: the final
 * states are assigned to the layer's state variables, and the next call starts from them): sample
 * {@code b} of a batch continues the stream of sample {@code b} of the previous batch, and the
 * gradients stop at the batch boundary (truncated BPTT: the carried states are constants of the
 * step). The carried arrays hold one state row per stream; their stream count is fixed by the first
 * batch after a reset, as Keras fixes a stateful layer's batch size.
 *
 * <p>Generated {@code fit} and {@code trainStep} call these; a generated model's {@code
 * resetStates()} (or its layer's reset) empties the arrays, so the next batch starts from zeros.
 */
public final class CarriedStates {
  private CarriedStates() {}

  /**
   * The carried states of {@code layer} for a batch of {@code count} samples: {@code carried}
   * itself, or zeros for {@code count} streams when it is empty (the first batch, or the first
   * after a reset).
   *
   * @throws IllegalArgumentException when {@code carried} holds another number of streams
   */
  public static float[] forBatch(float[] carried, int count, int stride, String layer) {
    if (carried.length == 0) {
      return new float[count * stride];
    }
    if (carried.length != count * stride) {
      throw new IllegalArgumentException(
          layer
              + " is stateful: it carries the states of "
              + carried.length / stride
              + " streams (one per sample of the first batch), but this batch holds "
              + count
              + " samples; every batch must hold as many (Keras' fixed batch size of a stateful"
              + " layer): make the sample count a multiple of batchSize, or call resetStates()"
              + " before changing it");
    }
    return carried;
  }

  /**
   * Checks a fit of a model with stateful layers up front: no shuffling (sample {@code b} of each
   * batch continues the stream of sample {@code b} of the previous one) and batches of one size.
   *
   * @throws IllegalArgumentException naming what to change
   */
  public static void checkFit(FitOptions options, int samples, String layers) {
    if (options.shuffle()) {
      throw new IllegalArgumentException(
          "shuffle is true, but "
              + layers
              + " stateful: each sample continues the stream of the sample at its position in the"
              + " previous batch, which shuffling would mix; pass shuffle(false), as Keras'"
              + " stateful fit needs");
    }
    int batch = options.batchSize();
    if (samples > batch && samples % batch != 0) {
      throw new IllegalArgumentException(
          samples
              + " samples are not a multiple of batchSize "
              + batch
              + ", but "
              + layers
              + " stateful: the last batch would hold "
              + samples % batch
              + " streams of the "
              + batch
              + " carried (Keras' fixed batch size of a stateful layer)");
    }
  }
}
