package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.annotations.SimpleRNNCell;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the options of a Keras LSTM, GRU or SimpleRNN, on its own or wrapped by Bidirectional, to
 * its rnnc annotation, and of a Keras {@code RNN} over built-in cells.
 *
 * <p>{@code unroll} is mapped where the processor can unroll (a fixed number of timesteps up to its
 * default limit, no step call) and dropped with a note elsewhere: Keras' unrolled loop computes
 * what its loop computes, except in one Keras 3.15 corner that is refused (see {@link
 * #refuseUnrollCorner}).
 */
final class RecurrentMapper {
  /** The processor's default {@code -Arnnc.unrollLimit}. */
  static final int UNROLL_LIMIT = 32;

  private final boolean stepCalls;

  /**
   * @param stepCalls whether the interface will declare a step call (which the processor cannot
   *     unroll)
   */
  RecurrentMapper(boolean stepCalls) {
    this.stepCalls = stepCalls;
  }

  /**
   * The annotation of a recurrent layer.
   *
   * @param layer the layer, or the layer a Bidirectional wraps ({@link KerasLayer#wrapper()} set)
   * @param input the shape entering it, or null when unknown
   * @param masked whether a mask reaches it
   */
  ImportedLayer.Annotated map(KerasLayer layer, LayerOptions options, Shape input, boolean masked) {
    String kind = layer.className();
    boolean bidirectional = layer.wrapper() != null;
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("units", options.positiveInt("units"));
    attributes.put("activation", options.activation("activation", "tanh", false));
    if (!kind.equals("SimpleRNN")) {
      attributes.put(
          "recurrentActivation", options.activation("recurrent_activation", "sigmoid", false));
    }
    attributes.put("useBias", options.flag("use_bias", true));
    if (kind.equals("LSTM")) {
      attributes.put("unitForgetBias", options.flag("unit_forget_bias", true));
    }
    if (kind.equals("GRU")) {
      attributes.put("resetAfter", options.flag("reset_after", true));
    }
    boolean sequences = options.flag("return_sequences", false);
    attributes.put("returnSequences", sequences);
    attributes.put("goBackwards", options.flag("go_backwards", false));
    attributes.put("stateful", options.flag("stateful", false));
    attributes.put("unroll", unroll(options, input));
    if (!bidirectional) {
      // In a Bidirectional, Keras sets zero_output_for_mask = return_sequences on both
      // directions itself, and so does @Bidirectional: the wrapped config's value says nothing.
      boolean zeroOutput = options.flag("zero_output_for_mask", false);
      if (zeroOutput && !masked) {
        options.ignored(
            "zero_output_for_mask = true",
            "it only acts on masked steps, and no mask reaches this layer");
      }
      attributes.put("zeroOutputForMask", zeroOutput && masked);
    }

    // returnState is declared where a layer reads the states (set by the importer)
    attributes.put("returnState", false);
    refuseUnrollCorner(options, masked, sequences, bidirectional);
    dropoutRate(options, "dropout", "dropout", attributes);
    dropoutRate(options, "recurrent_dropout", "recurrentDropout", attributes);
    return new ImportedLayer.Annotated(annotation(kind), attributes);
  }

  /**
   * The annotation of a Keras {@code RNN} layer over built-in cells: {@code @RNN(cells = ...)}, one
   * {@code @Cell} per cell of its {@code StackedRNNCells}, or a single one for a single cell.
   *
   * @return the annotation, or null when a cell is not built-in (problem added)
   */
  ImportedLayer.Annotated mapRnn(
      KerasLayer layer, LayerOptions options, Shape input, boolean masked) {
    JsonNode cell = options.value("cell");
    List<JsonNode> cells = new ArrayList<>();
    if (cell.path("class_name").asText().equals("StackedRNNCells")) {
      cell.path("config").path("cells").forEach(cells::add);
    } else { // one cell: a built-in one is a one-cell stack (its weights load from cell/vars)
      cells.add(cell);
    }
    List<ImportedLayer.Annotated> declared = new ArrayList<>();
    for (JsonNode c : cells) {
      String cellClass = c.path("class_name").asText("?");
      Class<?> type =
          switch (cellClass) {
            case "LSTMCell" -> LSTMCell.class;
            case "GRUCell" -> GRUCell.class;
            case "SimpleRNNCell" -> SimpleRNNCell.class;
            default -> null;
          };
      if (type == null) {
        options.problem(
            "the cell "
                + cellClass
                + " is not a built-in Keras cell (LSTMCell, GRUCell, SimpleRNNCell); write it as"
                + " an rnnc cell class (@RnnCell, dev.rnnc.runtime.Cell) and declare"
                + " @RNN(cell = ...) by hand");
        return null;
      }
      KerasLayer cellLayer =
          new KerasLayer(layer.name(), cellClass, c.path("config"), layer.entry(), "RNN");
      LayerOptions cellOptions = new LayerOptions(cellLayer, options.problems());
      cellOptions.requireFloat32();
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("type", type);
      attributes.put("units", cellOptions.positiveInt("units"));
      attributes.put("activation", cellOptions.activation("activation", "tanh", false));
      if (type != SimpleRNNCell.class) {
        attributes.put(
            "recurrentActivation",
            cellOptions.activation("recurrent_activation", "sigmoid", false));
      }
      attributes.put("useBias", cellOptions.flag("use_bias", true));
      if (type == LSTMCell.class) {
        attributes.put("unitForgetBias", cellOptions.flag("unit_forget_bias", true));
      }
      if (type == GRUCell.class) {
        attributes.put("resetAfter", cellOptions.flag("reset_after", true));
      }
      dropoutRate(cellOptions, "dropout", "dropout", attributes);
      dropoutRate(cellOptions, "recurrent_dropout", "recurrentDropout", attributes);
      cellOptions.ignored().forEach(i -> options.ignored(i.option(), i.reason()));
      declared.add(new ImportedLayer.Annotated(Cell.class, attributes));
    }
    boolean bidirectional = layer.wrapper() != null;
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("cells", declared);
    boolean sequences = options.flag("return_sequences", false);
    attributes.put("returnSequences", sequences);
    attributes.put("returnState", false);
    attributes.put("goBackwards", options.flag("go_backwards", false));
    attributes.put("stateful", options.flag("stateful", false));
    if (!bidirectional) {
      boolean zeroOutput = options.flag("zero_output_for_mask", false);
      if (zeroOutput && !masked) {
        options.ignored(
            "zero_output_for_mask = true",
            "it only acts on masked steps, and no mask reaches this layer");
      }
      attributes.put("zeroOutputForMask", zeroOutput && masked);
    }
    refuseUnrollCorner(options, masked, sequences, bidirectional);
    if (options.flag("unroll", false)) {
      options.ignored(
          "unroll = true",
          "rnnc's @RNN runs its loop, and Keras' unrolled loop computes what its loop computes");
    }
    return new ImportedLayer.Annotated(RNN.class, attributes);
  }

  /** The output width of a recurrent annotation: its units, or the last cell's for {@code @RNN}. */
  @SuppressWarnings("unchecked")
  static int width(ImportedLayer.Annotated recurrent) {
    if (recurrent.type() == RNN.class) {
      List<ImportedLayer.Annotated> cells =
          (List<ImportedLayer.Annotated>) recurrent.attributes().get("cells");
      return (Integer) cells.getLast().attributes().get("units");
    }
    return (Integer) recurrent.attributes().get("units");
  }

  /**
   * The widths of a recurrent annotation's states, in Keras' order: LSTM h, c; GRU and SimpleRNN h;
   * {@code @RNN} every cell's, first to last.
   */
  @SuppressWarnings("unchecked")
  static List<Integer> stateWidths(ImportedLayer.Annotated recurrent) {
    List<Integer> widths = new ArrayList<>();
    if (recurrent.type() == RNN.class) {
      for (ImportedLayer.Annotated cell :
          (List<ImportedLayer.Annotated>) recurrent.attributes().get("cells")) {
        int units = (Integer) cell.attributes().get("units");
        widths.add(units);
        if (cell.attributes().get("type") == LSTMCell.class) {
          widths.add(units);
        }
      }
    } else {
      int units = (Integer) recurrent.attributes().get("units");
      widths.add(units);
      if (recurrent.type() == LSTM.class) {
        widths.add(units);
      }
    }
    return widths;
  }

  /**
   * A cell dropout rate, declared for training (inference ignores it, as Keras does). Keras applies
   * one only for {@code 0 < rate < 1} (keras/src/layers/rnn/lstm.py, {@code if 0 < self.dropout <
   * 1}); a rate of 1 or more acts nowhere in Keras and is dropped with a note.
   */
  private static void dropoutRate(
      LayerOptions options, String key, String attribute, Map<String, Object> attributes) {
    double rate = options.number(key, 0);
    if (rate >= 1) {
      options.ignored(key + " = " + rate, "Keras applies cell dropout only below 1");
    } else if (rate > 0) {
      attributes.put(attribute, rate);
    }
  }

  /**
   * The output of a recurrent layer of {@code width} units per step (2·units for a concatenating
   * Bidirectional).
   */
  static Shape output(Shape input, boolean sequences, int width) {
    if (input == null) {
      return null;
    }
    return sequences ? Shape.sequence(input.timesteps(), width) : Shape.vector(width);
  }

  static Class<? extends Annotation> annotation(String kind) {
    return switch (kind) {
      case "LSTM" -> LSTM.class;
      case "GRU" -> GRU.class;
      default -> SimpleRNN.class;
    };
  }

  /**
   * Whether to declare {@code unroll}: only where the processor can unroll; dropped with a note
   * elsewhere.
   */
  private boolean unroll(LayerOptions options, Shape input) {
    if (!options.flag("unroll", false) || input == null) {
      return false;
    }
    String why = null;
    if (stepCalls) {
      why =
          "the interface declares step(), which runs one timestep per call, so there is no loop to unroll";
    } else if (input.timesteps() == null) {
      why =
          "the input's timesteps vary, and rnnc unrolls only a fixed number of timesteps; Keras' unrolled loop"
              + " computes what its loop computes";
    } else if (input.timesteps() > UNROLL_LIMIT) {
      why =
          "the input has "
              + input.timesteps()
              + " timesteps, more than rnnc unrolls by default"
              + " (-Arnnc.unrollLimit = "
              + UNROLL_LIMIT
              + "); Keras' unrolled loop computes what its loop computes";
    }
    if (why != null) {
      options.ignored("unroll = true", why);
      return false;
    }
    return true;
  }

  /**
   * Keras 3.15's unrolled loop zeroes the outputs of masked steps by the mask in input order, while
   * a go_backwards layer's outputs are in processing order; its loop (which rnnc computes) uses the
   * reversed mask. The two differ for a masked go_backwards layer that returns sequences with
   * zero_output_for_mask, which is what the backward direction of every Bidirectional with
   * return_sequences is. rnnc cannot reproduce that result, so such a model is refused.
   */
  private static void refuseUnrollCorner(
      LayerOptions options, boolean masked, boolean sequences, boolean bidirectional) {
    boolean backwardsZeroing =
        bidirectional
            || (options.flag("go_backwards", false) && options.flag("zero_output_for_mask", false));
    if (options.flag("unroll", false) && masked && sequences && backwardsZeroing) {
      String which =
          bidirectional
              ? "in a Bidirectional with return_sequences, whose backward direction has go_backwards and"
                  + " zero_output_for_mask,"
              : "with go_backwards, zero_output_for_mask and return_sequences";
      options.problem(
          "unroll = true on a masked input "
              + which
              + " is not supported: Keras 3.15's unrolled"
              + " loop zeroes the masked steps' outputs by the mask in input order while the outputs are in processing"
              + " order, so it differs from Keras' own loop, which rnnc computes; save the model with unroll = false"
              + " (the same weights) to get the loop's result");
    }
  }
}
