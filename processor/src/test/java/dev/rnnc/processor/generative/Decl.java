package dev.rnnc.processor.generative;

import java.util.List;

/**
 * A generated model declaration, typed: what the generators draw, what {@link DeclSource} renders
 * as Java source and what {@link ScalarReference} evaluates. Layers are named {@code l0, l1, ...};
 * a layer reads the layers (or the input, {@code "x"}) named in {@code inputs}, or the previous
 * layer when that list is empty.
 */
record Decl(Input input, List<Layer> layers) {

  /** The input's name when a graph layer consumes it by name. */
  static final String INPUT_NAME = "x";

  /** The layer by name. */
  Layer layer(String name) {
    return layers.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }

  /** The names a layer reads: its {@code inputs}, else the previous layer (or the input). */
  List<String> sources(int index) {
    Layer layer = layers.get(index);
    if (!layer.inputs().isEmpty()) {
      return layer.inputs();
    }
    return List.of(index == 0 ? INPUT_NAME : layers.get(index - 1).name());
  }

  /** Whether the named layer (or the input) outputs a sequence rather than one vector. */
  boolean isSequence(String name) {
    if (name.equals(INPUT_NAME)) {
      return true;
    }
    int index = layers.indexOf(layer(name));
    return switch (layers.get(index).kind()) {
      case Recurrent r -> r.returnSequences();
      case Embedding e -> true;
      case Masking m -> true;
      case Dense d -> isSequence(sources(index).getFirst());
      case Dropout d -> isSequence(sources(index).getFirst());
      case Merge m -> isSequence(sources(index).getFirst());
    };
  }

  /** Whether the model (its last layer) outputs a sequence. */
  boolean outputIsSequence() {
    return isSequence(layers.getLast().name());
  }

  /**
   * Keras' {@code Input}: float {@code (timesteps, features)} or token ids {@code (timesteps,)}.
   */
  record Input(boolean tokens, int timesteps, int features, boolean named) {
    /** {@code dev.rnnc.annotations.Input.VARIABLE}. */
    static final int VARIABLE = -1;
  }

  /** One layer method: its name, what it reads (empty: the previous layer) and its kind. */
  record Layer(String name, List<String> inputs, Kind kind) {}

  /** The layer kinds the generators draw. */
  sealed interface Kind permits Embedding, Masking, Recurrent, Dense, Merge, Dropout {}

  /** {@code @Embedding}. */
  record Embedding(int inputDim, int outputDim, boolean maskZero) implements Kind {}

  /** {@code @Masking}. */
  record Masking(double maskValue) implements Kind {}

  /** The built-in recurrent layers. */
  enum Cell {
    SIMPLE_RNN("SimpleRNN", 1),
    LSTM("LSTM", 4),
    GRU("GRU", 3);

    final String annotation;
    final int blocks;

    Cell(String annotation, int blocks) {
      this.annotation = annotation;
      this.blocks = blocks;
    }
  }

  /**
   * {@code @LSTM}, {@code @GRU} or {@code @SimpleRNN}, optionally wrapped in {@code @Bidirectional}
   * ({@code mergeMode} non-null). {@code recurrentActivation} is ignored for SimpleRNN, {@code
   * resetAfter} for all but GRU, {@code projSize} (0: none) for all but LSTM; {@code numLayers}
   * cells of {@code units} stack at every step; the dropout rates only act in training.
   */
  record Recurrent(
      Cell cell,
      int units,
      String activation,
      String recurrentActivation,
      boolean useBias,
      boolean resetAfter,
      boolean goBackwards,
      boolean returnSequences,
      boolean zeroOutputForMask,
      boolean unroll,
      String mergeMode,
      int projSize,
      int numLayers,
      double dropout,
      double recurrentDropout)
      implements Kind {
    boolean bidirectional() {
      return mergeMode != null;
    }

    /** The width of h: the units, or the LSTM's projection. */
    int hUnits() {
      return projSize > 0 ? projSize : units;
    }

    /** The output width: both directions side by side for {@code concat}. */
    int width() {
      return "concat".equals(mergeMode) ? 2 * hUnits() : hUnits();
    }

    /**
     * This layer with other units and merge mode (a graph branch fitted to its sibling's width).
     */
    Recurrent withWidth(int newUnits, String newMergeMode) {
      return new Recurrent(
          cell,
          newUnits,
          activation,
          recurrentActivation,
          useBias,
          resetAfter,
          goBackwards,
          returnSequences,
          zeroOutputForMask,
          unroll,
          newMergeMode,
          0,
          numLayers,
          dropout,
          recurrentDropout);
    }
  }

  /** {@code @Dropout}: the identity outside training. */
  record Dropout(double rate) implements Kind {}

  /**
   * {@code @Dense}, on a sequence optionally written {@code @TimeDistributed @Dense} (the same).
   */
  record Dense(int units, String activation, boolean useBias, boolean timeDistributed)
      implements Kind {
    Dense(int units, String activation, boolean useBias) {
      this(units, activation, useBias, false);
    }

    Dense wrapped() {
      return new Dense(units, activation, useBias, true);
    }
  }

  /** {@code @Concatenate}, {@code @Add}, {@code @Average} or {@code @Multiply}. */
  record Merge(String annotation) implements Kind {}
}
