package dev.rnnc.runtime;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A layer of a generated model, as its interface method returns it: its name (the method name), its
 * kind (the annotation, e.g. {@code LSTM}) and its weight variables in Keras' creation order.
 */
public final class Layer {
  private final String name;
  private final String kind;
  private final Map<String, Object> config;
  private final List<Variable> variables;
  private final Runnable resetStates;
  private final float[][] states;
  private final int[] stateSizes;
  private final int stateSize;

  /** Creates the handle of a layer without state or declared configuration. */
  public Layer(String name, String kind, List<Variable> variables) {
    this(name, kind, Map.of(), variables, null);
  }

  /** Creates the handle of a layer without state; generated code calls this once per layer. */
  public Layer(String name, String kind, Map<String, Object> config, List<Variable> variables) {
    this(name, kind, config, variables, null);
  }

  /**
   * Creates a layer handle; generated code calls this once per layer.
   *
   * @param config the declared options under their Keras names (see {@link #config()})
   * @param resetStates zeroes the layer's carried states; null unless the layer is stateful
   */
  public Layer(
      String name,
      String kind,
      Map<String, Object> config,
      List<Variable> variables,
      Runnable resetStates) {
    this(name, kind, config, variables, resetStates, new float[0][], new int[0]);
  }

  /**
   * Creates the handle of a stateful layer whose carried states can be read and written ({@link
   * #saveStates}, {@link #restoreStates}); generated code calls this once per stateful layer.
   *
   * @param resetStates zeroes the layer's carried states
   * @param states the arrays holding the carried states, in Keras' order ({@code h}, then {@code c}
   *     for an LSTM; each direction's in turn for a Bidirectional; each cell's in turn for a
   *     stack). The handle keeps them, not copies: they are the model's live states
   * @param stateSizes how many leading floats of each array are the state (the rest is padding,
   *     which stays zero)
   * @throws IllegalArgumentException if the two arrays differ in length or a size does not fit its
   *     array
   */
  public Layer(
      String name,
      String kind,
      Map<String, Object> config,
      List<Variable> variables,
      Runnable resetStates,
      float[][] states,
      int[] stateSizes) {
    this.name = name;
    this.kind = kind;
    this.config = Map.copyOf(config);
    this.variables = List.copyOf(variables);
    this.resetStates = resetStates;
    if (states.length != stateSizes.length) {
      throw new IllegalArgumentException(
          name + ": " + states.length + " state arrays but " + stateSizes.length + " sizes");
    }
    int total = 0;
    for (int i = 0; i < states.length; i++) {
      if (stateSizes[i] < 0 || stateSizes[i] > states[i].length) {
        throw new IllegalArgumentException(
            name + ": state " + i + " of size " + stateSizes[i] + " in " + states[i].length);
      }
      total += stateSizes[i];
    }
    this.states = states.clone();
    this.stateSizes = stateSizes.clone();
    this.stateSize = total;
  }

  /**
   * The layer's declared options under their Keras config names and with Keras' value types ({@code
   * units} → Integer, {@code activation} → String, {@code return_sequences} → Boolean, {@code rate}
   * → Double; a wrapper's {@code layer} → a nested map with {@code class_name} and {@code config}).
   * Options Keras lacks use an {@code rnnc_} prefix ({@code rnnc_proj_size}). Exporters and tools
   * read it; it has no effect on computation.
   */
  public Map<String, Object> config() {
    return config;
  }

  /** Whether the layer carries its states from one call to the next ({@code stateful = true}). */
  public boolean isStateful() {
    return resetStates != null;
  }

  /**
   * Zeroes the carried states (Keras {@code layer.reset_states()}).
   *
   * @throws IllegalStateException if the layer is not stateful, as Keras raises
   */
  public void resetStates() {
    if (resetStates == null) {
      throw new IllegalStateException(
          "layer "
              + name
              + " ("
              + kind
              + ") is not stateful; declare stateful = true to carry states");
    }
    resetStates.run();
  }

  /**
   * How many floats the layer's carried states hold: 0 for a layer that is not stateful (or whose
   * handle was made without its state arrays); for a stateful LSTM {@code 2 · units} (h and c; h
   * has {@code projSize} floats with a projection), a GRU or SimpleRNN {@code units}, a
   * Bidirectional both directions', an {@code @RNN} layer every cell's {@code stateSizes}.
   */
  public int stateSize() {
    return stateSize;
  }

  /**
   * Copies the carried states into {@code into} from {@code offset} on, in the order of the
   * constructor's {@code states}, each array's first {@code stateSizes} floats; allocates nothing.
   *
   * @return {@code offset + stateSize()}
   * @throws IndexOutOfBoundsException if {@code into} has fewer than {@code offset + stateSize()}
   *     floats
   */
  public int saveStates(float[] into, int offset) {
    Objects.checkFromIndexSize(offset, stateSize, into.length);
    for (int i = 0; i < states.length; i++) {
      System.arraycopy(states[i], 0, into, offset, stateSizes[i]);
      offset += stateSizes[i];
    }
    return offset;
  }

  /**
   * Sets the carried states from {@code from}, read from {@code offset} on in {@link #saveStates}'s
   * layout, so that the next call continues exactly as the model that saved them would; allocates
   * nothing.
   *
   * @return {@code offset + stateSize()}
   * @throws IndexOutOfBoundsException if {@code from} has fewer than {@code offset + stateSize()}
   *     floats
   */
  public int restoreStates(float[] from, int offset) {
    Objects.checkFromIndexSize(offset, stateSize, from.length);
    for (int i = 0; i < states.length; i++) {
      System.arraycopy(from, offset, states[i], 0, stateSizes[i]);
      offset += stateSizes[i];
    }
    return offset;
  }

  /** The layer name: the interface method's name. */
  public String name() {
    return name;
  }

  /** The layer kind, as its annotation is named: {@code LSTM}, {@code GRU}, {@code Dense}, ... */
  public String kind() {
    return kind;
  }

  /** The weight variables in Keras order (e.g. kernel, recurrent_kernel, bias); may be empty. */
  public List<Variable> variables() {
    return variables;
  }

  /**
   * The variable with the given Keras name.
   *
   * @throws NoSuchElementException listing the variables the layer has
   */
  public Variable variable(String variableName) {
    for (Variable v : variables) {
      if (v.name().equals(variableName)) {
        return v;
      }
    }
    throw new NoSuchElementException(
        name + " (" + kind + ") has no variable '" + variableName + "'; it has " + variables);
  }

  /** The Keras {@code kernel}. */
  public Variable kernel() {
    return variable("kernel");
  }

  /** The Keras {@code recurrent_kernel}. */
  public Variable recurrentKernel() {
    return variable("recurrent_kernel");
  }

  /** The Keras {@code bias}. */
  public Variable bias() {
    return variable("bias");
  }

  @Override
  public String toString() {
    return name + " (" + kind + ") " + variables;
  }
}
