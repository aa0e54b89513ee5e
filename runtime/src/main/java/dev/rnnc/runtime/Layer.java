package dev.rnnc.runtime;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

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
    this.name = name;
    this.kind = kind;
    this.config = Map.copyOf(config);
    this.variables = List.copyOf(variables);
    this.resetStates = resetStates;
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
