package dev.rnnc.processor.spec;

/**
 * The options LSTM, GRU and SimpleRNN share.
 *
 * @param units the width of h
 * @param activation the candidate / output activation
 * @param useBias whether the layer has bias variables
 * @param returnSequences whether every timestep's output is emitted
 * @param returnState whether the final states are returned too
 * @param goBackwards whether the sequence is processed last timestep first
 * @param stateful whether the final states carry over to the next call
 * @param unroll whether the timestep loop is written out
 * @param zeroOutputForMask whether masked timesteps output zeros instead of the previous output
 * @param masked whether a mask reaches this layer (inferred)
 */
public record RecurrentOptions(
    int units, ActivationName activation, boolean useBias, boolean returnSequences, boolean returnState, boolean goBackwards,
    boolean stateful, boolean unroll, boolean zeroOutputForMask, boolean masked) {

  /** The same options for one direction of a Bidirectional layer. */
  RecurrentOptions direction(boolean backwards, boolean zeroOutput) {
    return new RecurrentOptions(units, activation, useBias, returnSequences, returnState, backwards, stateful, unroll, zeroOutput,
        masked);
  }
}
