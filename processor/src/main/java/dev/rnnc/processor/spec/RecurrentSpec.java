package dev.rnnc.processor.spec;

/** What LSTM, GRU and SimpleRNN layers share. */
public sealed interface RecurrentSpec extends LayerSpec permits LstmSpec, GruSpec, SimpleRnnSpec {
  /** The shared options. */
  RecurrentOptions options();

  /** This layer with other options (used for the two directions of a Bidirectional layer). */
  RecurrentSpec withOptions(RecurrentOptions options);

  /** Units: the width of h. */
  default int units() {
    return options().units();
  }

  /** The width of h and of the output: {@code units}, or an LSTM's {@code projSize}. */
  default int outputUnits() {
    return units();
  }

  /** Whether it emits every timestep's output. */
  default boolean returnSequences() {
    return options().returnSequences();
  }

  /** Whether it has bias variables. */
  default boolean useBias() {
    return options().useBias();
  }

  /** The activation of the candidate / output. */
  default ActivationName activation() {
    return options().activation();
  }

  /** The Keras class name: {@code LSTM}, {@code GRU}, {@code SimpleRNN}. */
  String kerasClass();

  /**
   * The two directions of a Bidirectional layer: a copy of this layer and one processing the other
   * way; both output zeros at masked steps exactly when they return sequences, as Keras forces.
   */
  default RecurrentSpec direction(boolean backward) {
    RecurrentOptions o = options();
    return withOptions(o.direction(backward != o.goBackwards(), o.returnSequences()));
  }
}
