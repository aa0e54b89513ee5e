package dev.rnnc.processor.spec;

/**
 * An {@code @LSTM}, {@code @GRU} or {@code @SimpleRNN} layer: one built-in cell and the loop around
 * it.
 *
 * @param cell what one timestep computes
 * @param options the loop's options
 */
public record RecurrentSpec(
    String name, Cell.BuiltIn cell, RecurrentOptions options, Shape input, Shape output)
    implements LayerSpec {

  /** This layer with other options (used for the two directions of a Bidirectional layer). */
  public RecurrentSpec withOptions(RecurrentOptions options) {
    return new RecurrentSpec(name, cell, options, input, output);
  }

  /** This layer under another name (a {@code @Shared} application). */
  public RecurrentSpec renamed(String name) {
    return new RecurrentSpec(name, cell, options, input, output);
  }

  /** Units: the width of the cell's state. */
  public int units() {
    return cell.units();
  }

  /** The width of h and of the output: {@code units}, or an LSTM's {@code projSize}. */
  public int outputUnits() {
    return cell.outputSize();
  }

  /** Whether it emits every timestep's output. */
  public boolean returnSequences() {
    return options.returnSequences();
  }

  /** Whether it has bias variables. */
  public boolean useBias() {
    return cell.useBias();
  }

  /** The Keras class name: {@code LSTM}, {@code GRU}, {@code SimpleRNN}. */
  public String kerasClass() {
    return cell.layerClass();
  }

  /**
   * The two directions of a Bidirectional layer: a copy of this layer and one processing the other
   * way; both output zeros at masked steps exactly when they return sequences, as Keras forces.
   */
  public RecurrentSpec direction(boolean backward) {
    RecurrentOptions o = options;
    return withOptions(o.direction(backward != o.goBackwards(), o.returnSequences()));
  }
}
