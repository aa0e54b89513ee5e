package dev.rnnc.processor.spec;

/**
 * The options of the timestep loop around a built-in cell ({@code @LSTM}, {@code @GRU},
 * {@code @SimpleRNN}).
 *
 * @param returnSequences whether every timestep's output is emitted
 * @param returnState whether the final states are returned too
 * @param goBackwards whether the sequence is processed last timestep first
 * @param stateful whether the final states carry over to the next call
 * @param unroll whether the timestep loop is written out
 * @param zeroOutputForMask whether masked timesteps output zeros instead of the previous output
 * @param masked whether a mask reaches this layer (inferred)
 */
public record RecurrentOptions(
    boolean returnSequences,
    boolean returnState,
    boolean goBackwards,
    boolean stateful,
    boolean unroll,
    boolean zeroOutputForMask,
    boolean masked) {

  /** The same options for one direction of a Bidirectional layer. */
  RecurrentOptions direction(boolean backwards, boolean zeroOutput) {
    return new RecurrentOptions(
        returnSequences, returnState, backwards, stateful, unroll, zeroOutput, masked);
  }

  /** The same options with {@code masked} as inferred. */
  public RecurrentOptions withMasked(boolean masked) {
    return new RecurrentOptions(
        returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask, masked);
  }
}
