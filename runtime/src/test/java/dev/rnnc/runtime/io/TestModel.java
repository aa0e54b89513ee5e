package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-built {@link RnncModel} with the same variables and packings a generated model has, for
 * testing loaders without the annotation processor.
 */
final class TestModel implements RnncModel {
  private final String name;
  private final List<Layer> layers = new ArrayList<>();

  TestModel(String name) {
    this.name = name;
  }

  @Override
  public String modelName() {
    return name;
  }

  @Override
  public List<Layer> layers() {
    return List.copyOf(layers);
  }

  /** LSTM: Keras gate blocks i, f, c, o packed as i, f, o, c. */
  TestModel lstm(String layer, int features, int units, boolean useBias) {
    int[] order = {0, 1, 3, 2};
    return recurrent(
        layer,
        "LSTM",
        useBias,
        PackedLayout.matrix(features, units, order),
        PackedLayout.matrix(units, units, order),
        PackedLayout.vector(units, order));
  }

  TestModel lstm(String layer, int features, int units) {
    return lstm(layer, features, units, true);
  }

  /** GRU: blocks z, r, h; reset_after keeps two bias rows (input and recurrent). */
  TestModel gru(String layer, int features, int units, boolean resetAfter, boolean useBias) {
    int[] order = {0, 1, 2};
    PackedLayout bias =
        resetAfter
            ? new PackedLayout(2, 3, units, PackedLayout.padded(units), order, false)
            : PackedLayout.vector(units, order);
    return recurrent(
        layer,
        "GRU",
        useBias,
        PackedLayout.matrix(features, units, order),
        PackedLayout.matrix(units, units, order),
        bias);
  }

  TestModel gru(String layer, int features, int units) {
    return gru(layer, features, units, true, true);
  }

  TestModel simpleRnn(String layer, int features, int units) {
    return recurrent(
        layer,
        "SimpleRNN",
        true,
        PackedLayout.matrix(features, units, 0),
        PackedLayout.matrix(units, units, 0),
        PackedLayout.vector(units, 0));
  }

  /**
   * LSTM with PyTorch's projection: recurrent_kernel (projSize, 4·units), projection_kernel (units,
   * projSize).
   */
  TestModel lstmProjected(String layer, int features, int units, int projSize) {
    layers.add(new Layer(layer, "LSTM", cell("", "LSTM", features, units, projSize, true)));
    return this;
  }

  /**
   * {@code @Bidirectional} around an LSTM, GRU (reset_after) or SimpleRNN, variables named as a
   * generated model names them: {@code forward_layer/kernel}, ..., then {@code
   * backward_layer/kernel}, ...
   */
  TestModel bidirectional(
      String layer, String cell, int features, int units, int projSize, boolean useBias) {
    List<Variable> vars =
        new ArrayList<>(cell("forward_layer/", cell, features, units, projSize, useBias));
    vars.addAll(cell("backward_layer/", cell, features, units, projSize, useBias));
    layers.add(new Layer(layer, "Bidirectional", vars));
    return this;
  }

  TestModel bidirectional(String layer, String cell, int features, int units) {
    return bidirectional(layer, cell, features, units, 0, true);
  }

  /** {@code @TimeDistributed @Dense}: kernel and bias, as Dense. */
  TestModel timeDistributed(String layer, int in, int units) {
    layers.add(
        new Layer(
            layer,
            "TimeDistributed",
            List.of(
                variable("kernel", PackedLayout.matrix(in, units, 0), Initializer.glorotUniform()),
                variable("bias", PackedLayout.vector(units, 0), Initializer.zeros()))));
    return this;
  }

  TestModel masking(String layer) {
    layers.add(new Layer(layer, "Masking", List.of()));
    return this;
  }

  TestModel dense(String layer, int in, int units, boolean useBias) {
    List<Variable> vars = new ArrayList<>();
    vars.add(variable("kernel", PackedLayout.matrix(in, units, 0), Initializer.glorotUniform()));
    if (useBias) {
      vars.add(variable("bias", PackedLayout.vector(units, 0), Initializer.zeros()));
    }
    layers.add(new Layer(layer, "Dense", vars));
    return this;
  }

  TestModel dense(String layer, int in, int units) {
    return dense(layer, in, units, true);
  }

  TestModel embedding(String layer, int inputDim, int outputDim) {
    layers.add(
        new Layer(
            layer,
            "Embedding",
            List.of(
                variable(
                    "embeddings",
                    PackedLayout.matrix(inputDim, outputDim, 0),
                    Initializer.uniform(0.05)))));
    return this;
  }

  TestModel dropout(String layer) {
    layers.add(new Layer(layer, "Dropout", List.of()));
    return this;
  }

  /**
   * Gives the last layer added its declared options, as a generated model's {@link Layer#config()}
   * has them (Keras names and value types).
   */
  TestModel config(Map<String, Object> config) {
    Layer last = layers.removeLast();
    layers.add(new Layer(last.name(), last.kind(), config, last.variables()));
    return this;
  }

  /** Every variable's Keras-layout values, keyed "layer/variable", to compare before and after. */
  Map<String, float[]> snapshot() {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (Layer layer : layers) {
      for (Variable v : layer.variables()) {
        values.put(layer.name() + "/" + v.name(), v.get());
      }
    }
    return values;
  }

  private TestModel recurrent(
      String layer,
      String kind,
      boolean useBias,
      PackedLayout kernel,
      PackedLayout recurrentKernel,
      PackedLayout bias) {
    List<Variable> vars = new ArrayList<>();
    vars.add(variable("kernel", kernel, Initializer.glorotUniform()));
    vars.add(variable("recurrent_kernel", recurrentKernel, Initializer.orthogonal()));
    if (useBias) {
      vars.add(variable("bias", bias, Initializer.zeros()));
    }
    layers.add(new Layer(layer, kind, vars));
    return this;
  }

  /** One direction's variables, packed as generated code packs them. */
  private static List<Variable> cell(
      String prefix, String cell, int features, int units, int projSize, boolean useBias) {
    int[] order =
        switch (cell) {
          case "LSTM" -> new int[] {0, 1, 3, 2};
          case "GRU" -> new int[] {0, 1, 2};
          default -> new int[] {0};
        };
    int hidden = projSize > 0 ? projSize : units;
    List<Variable> vars = new ArrayList<>();
    vars.add(
        variable(
            prefix + "kernel",
            PackedLayout.matrix(features, units, order),
            Initializer.glorotUniform()));
    vars.add(
        variable(
            prefix + "recurrent_kernel",
            PackedLayout.matrix(hidden, units, order),
            Initializer.orthogonal()));
    if (useBias) {
      PackedLayout bias =
          cell.equals("GRU")
              ? new PackedLayout(2, 3, units, PackedLayout.padded(units), order, false)
              : PackedLayout.vector(units, order);
      vars.add(variable(prefix + "bias", bias, Initializer.zeros()));
    }
    if (projSize > 0) {
      vars.add(
          variable(
              prefix + "projection_kernel",
              PackedLayout.matrix(units, projSize, 0),
              Initializer.glorotUniform()));
    }
    return vars;
  }

  private static Variable variable(String name, PackedLayout layout, Initializer initializer) {
    return new Variable(name, layout, new float[layout.packedSize()], initializer);
  }
}
