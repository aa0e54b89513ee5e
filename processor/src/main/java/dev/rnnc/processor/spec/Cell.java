package dev.rnnc.processor.spec;

import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * One recurrent cell, sizes resolved: what a timestep computes, apart from the loop around it. An
 * {@code @LSTM} layer holds one {@link Lstm}; {@code numLayers} and {@code @RNN(cells)} hold
 * several ({@link StackCell}); {@code @RNN(cell)} holds one {@link Custom}.
 */
public sealed interface Cell {
  /** Units: the width of h. */
  int units();

  /**
   * The width of the cell's output per timestep (an LSTM's {@code projSize}, a custom cell's {@code
   * outputSize}).
   */
  int outputSize();

  /**
   * The state widths in Keras' order (LSTM h, c; GRU and SimpleRNN h; a custom cell's {@code
   * stateSizes}).
   */
  List<Integer> stateSizes();

  /** The Keras cell class: {@code LSTMCell}, ..., or a custom cell's simple name. */
  String kerasClass();

  /** A Keras built-in cell: its weights are rnnc's, packed for the kernels. */
  sealed interface BuiltIn extends Cell permits Lstm, Gru, SimpleRnn {
    /** The candidate / output activation. */
    ActivationName activation();

    /** Whether the cell has bias variables. */
    boolean useBias();

    /** How its variables start in {@code create(seed)}. */
    Initializers initializers();

    /**
     * Keras' {@code dropout}: the fraction of the cell's input features dropped while training (0:
     * none); inference ignores it.
     */
    double dropout();

    /**
     * Keras' {@code recurrent_dropout}: the fraction of {@code h_{t-1}} dropped where it enters the
     * recurrent kernel while training (0: none); inference ignores it.
     */
    double recurrentDropout();

    /**
     * How many masks per sample each dropout draws, as Keras: one, or one per gate block when
     * {@code recurrent_dropout} is set (it forces Keras' {@code implementation=1}, whose LSTM and
     * GRU cells draw {@code dropout_mask_count} masks, keras/src/layers/rnn/lstm.py, gru.py).
     */
    default int dropoutMasks() {
      return recurrentDropout() > 0 ? gateBlocks() : 1;
    }

    /**
     * The Keras layer class wrapping this cell alone: {@code LSTM}, {@code GRU}, {@code SimpleRNN}.
     */
    default String layerClass() {
      String cell = kerasClass();
      return cell.substring(0, cell.length() - "Cell".length());
    }

    /**
     * Whether a layer's recurrent kernel is stored in panels ({@code RecurrentPanels}). Wider than
     * one panel, U outgrows L1, and a step then reads it from L2 as one sequential stream per panel
     * instead of one strided stream per gate block (measured 1.15-1.25x on a 128-unit LSTM's
     * steps); up to 64 units each row of U already is one contiguous stream. LSTM (unprojected) and
     * GRU ({@code reset_after}) have panel kernels.
     */
    default boolean panels() {
      return false;
    }

    /** Gate blocks side by side in the kernels: LSTM 4, GRU 3, SimpleRNN 1. */
    int gateBlocks();

    /**
     * Whether batch calls may step this cell several sequences at a time (the runtime has its
     * lockstep kernel).
     */
    boolean lockstep();

    @Override
    default int outputSize() {
      return units();
    }

    @Override
    default List<Integer> stateSizes() {
      return List.of(units());
    }
  }

  /**
   * An LSTM cell.
   *
   * @param projSize PyTorch's {@code proj_size}: the width h is projected to, or 0 for none
   */
  record Lstm(
      int units,
      ActivationName activation,
      ActivationName recurrentActivation,
      boolean useBias,
      boolean unitForgetBias,
      int projSize,
      Initializers initializers,
      double dropout,
      double recurrentDropout)
      implements BuiltIn {
    @Override
    public int gateBlocks() {
      return 4;
    }

    @Override
    public int outputSize() {
      return projSize > 0 ? projSize : units;
    }

    @Override
    public List<Integer> stateSizes() {
      return List.of(outputSize(), units);
    }

    @Override
    public boolean panels() {
      return projSize == 0 && Packing.padded(units) > Packing.PANEL_WIDTH;
    }

    @Override
    public boolean lockstep() {
      return projSize == 0;
    }

    @Override
    public String kerasClass() {
      return "LSTMCell";
    }
  }

  /** A GRU cell; {@code resetAfter} is Keras' {@code reset_after} (PyTorch's and cuDNN's form). */
  record Gru(
      int units,
      ActivationName activation,
      ActivationName recurrentActivation,
      boolean useBias,
      boolean resetAfter,
      Initializers initializers,
      double dropout,
      double recurrentDropout)
      implements BuiltIn {
    @Override
    public int gateBlocks() {
      return 3;
    }

    @Override
    public boolean panels() {
      return resetAfter && Packing.padded(units) > Packing.PANEL_WIDTH;
    }

    @Override
    public boolean lockstep() {
      return resetAfter;
    }

    @Override
    public String kerasClass() {
      return "GRUCell";
    }
  }

  /** A SimpleRNN cell. */
  record SimpleRnn(
      int units,
      ActivationName activation,
      boolean useBias,
      Initializers initializers,
      double dropout,
      double recurrentDropout)
      implements BuiltIn {
    @Override
    public int gateBlocks() {
      return 1;
    }

    @Override
    public boolean lockstep() {
      return true;
    }

    @Override
    public String kerasClass() {
      return "SimpleRNNCell";
    }
  }

  /** A user's cell class ({@code @RnnCell}), which owns its weights and its step. */
  record Custom(TypeElement type, int units, List<Integer> stateSizes, int outputSize)
      implements Cell {
    public Custom {
      stateSizes = List.copyOf(stateSizes);
    }

    @Override
    public String kerasClass() {
      return type.getSimpleName().toString();
    }
  }

  /**
   * The cell classes an {@code @Cell(type = ...)} may name, and the options each takes beside
   * {@code units}.
   */
  enum Type {
    LSTM(
        "LSTMCell",
        List.of(
            "activation",
            "recurrentActivation",
            "useBias",
            "unitForgetBias",
            "kernelInitializer",
            "recurrentInitializer",
            "biasInitializer",
            "dropout",
            "recurrentDropout")),
    GRU(
        "GRUCell",
        List.of(
            "activation",
            "recurrentActivation",
            "useBias",
            "resetAfter",
            "kernelInitializer",
            "recurrentInitializer",
            "biasInitializer",
            "dropout",
            "recurrentDropout")),
    SIMPLE_RNN(
        "SimpleRNNCell",
        List.of(
            "activation",
            "useBias",
            "kernelInitializer",
            "recurrentInitializer",
            "biasInitializer",
            "dropout",
            "recurrentDropout")),
    CUSTOM(null, List.of());

    private final String kerasClass;
    private final List<String> options;

    Type(String kerasClass, List<String> options) {
      this.kerasClass = kerasClass;
      this.options = options;
    }

    /** The Keras class name of a built-in cell; null for custom cells. */
    public String kerasClass() {
      return kerasClass;
    }

    /** The {@code @Cell} options this type takes beside {@code units}. */
    public List<String> options() {
      return options;
    }

    /**
     * The type a built-in marker class ({@code dev.rnnc.annotations.LSTMCell}) stands for, or
     * CUSTOM.
     */
    public static Type ofClass(String qualifiedName) {
      for (Type type : values()) {
        if (type.kerasClass != null
            && qualifiedName.equals("dev.rnnc.annotations." + type.kerasClass)) {
          return type;
        }
      }
      return CUSTOM;
    }
  }
}
