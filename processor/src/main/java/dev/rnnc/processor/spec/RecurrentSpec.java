package dev.rnnc.processor.spec;

/** What LSTM, GRU and SimpleRNN layers share. */
public sealed interface RecurrentSpec extends LayerSpec permits LstmSpec, GruSpec, SimpleRnnSpec {
  /** Units: the width of h. */
  int units();

  /** Whether it emits every timestep's output. */
  boolean returnSequences();

  /** Whether it has bias variables. */
  boolean useBias();

  /** The activation of the candidate / output. */
  ActivationName activation();
}
