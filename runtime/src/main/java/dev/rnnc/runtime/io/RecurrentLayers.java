package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.Variable;
import java.util.List;

/**
 * What a recurrent layer's variables say about it, for loaders and savers that only see a {@link
 * Layer} (name, kind, variables): its directions, its cell kind and whether it projects.
 *
 * <p>Generated models name the variables of an {@code @LSTM} / {@code @GRU} / {@code @SimpleRNN}
 * {@code kernel}, {@code recurrent_kernel}, {@code bias} (absent with {@code useBias = false}) and,
 * for an LSTM with {@code projSize}, {@code projection_kernel}; a {@code @Bidirectional} layer has
 * the same variables twice, prefixed {@code forward_layer/} and {@code backward_layer/}. The cell
 * of a Bidirectional layer is not in its kind, but its shapes tell: {@code recurrent_kernel} is
 * {@code (h, G·units)} with G = 4 (LSTM), 3 (GRU) or 1 (SimpleRNN).
 */
final class RecurrentLayers {
  static final String FORWARD = "forward_layer/";
  static final String BACKWARD = "backward_layer/";

  private RecurrentLayers() {}

  /**
   * One direction's variables.
   *
   * @param prefix {@code ""}, {@link #FORWARD} or {@link #BACKWARD}
   * @param bias null without a bias
   * @param projection {@code projection_kernel (units, projSize)}, null without a projection
   */
  record Direction(
      String prefix,
      Variable kernel,
      Variable recurrentKernel,
      Variable bias,
      Variable projection) {

    /** The cell's units (the width of c and of each gate block). */
    int units() {
      return projection != null ? projection.shape()[0] : recurrentKernel.shape()[0];
    }

    /** The width of h: units, or projSize. */
    int hidden() {
      return recurrentKernel.shape()[0];
    }

    /** Gate blocks: 4 LSTM, 3 GRU, 1 SimpleRNN; -1 when the shapes say none of these. */
    int gates() {
      int[] shape = recurrentKernel.shape();
      int units = units();
      return shape.length == 2 && units > 0 && shape[1] % units == 0 ? shape[1] / units : -1;
    }

    /** The input features the kernel takes. */
    int features() {
      return kernel.shape()[0];
    }
  }

  /**
   * The layer's directions: one for a plain recurrent layer, two for Bidirectional around one, none
   * otherwise (Bidirectional around {@code @RNN} included).
   */
  static List<Direction> directions(Layer layer) {
    return switch (layer.kind()) {
      case "LSTM", "GRU", "SimpleRNN" -> orEmpty(direction(layer, ""));
      case "Bidirectional" -> {
        if (StackedCellWeights.aroundCells(layer)) {
          yield List.of(); // around @RNN: cells, whose variables may look like a SimpleRNN's
        }
        Direction forward = direction(layer, FORWARD);
        Direction backward = direction(layer, BACKWARD);
        yield forward == null || backward == null ? List.of() : List.of(forward, backward);
      }
      default -> List.of();
    };
  }

  /**
   * The cell kind: {@code LSTM}, {@code GRU} or {@code SimpleRNN} for those layers and for a
   * Bidirectional layer wrapping one; null for other layers.
   */
  static String cellKind(Layer layer) {
    return switch (layer.kind()) {
      case "LSTM", "GRU", "SimpleRNN" -> layer.kind();
      case "Bidirectional" -> {
        List<Direction> directions = directions(layer);
        yield directions.isEmpty() ? null : cellKind(directions.getFirst());
      }
      default -> null;
    };
  }

  /**
   * The cell kind of one direction, from its gate count: {@code LSTM}, {@code GRU}, {@code
   * SimpleRNN}, or null.
   */
  static String cellKind(Direction direction) {
    return switch (direction.gates()) {
      case 4 -> "LSTM";
      case 3 -> "GRU";
      case 1 -> "SimpleRNN";
      default -> null;
    };
  }

  /** Whether a recurrent layer (or either direction of a Bidirectional one) has a projection. */
  static boolean projected(Layer layer) {
    return directions(layer).stream().anyMatch(d -> d.projection() != null);
  }

  private static Direction direction(Layer layer, String prefix) {
    Variable kernel = find(layer, prefix + "kernel");
    Variable recurrentKernel = find(layer, prefix + "recurrent_kernel");
    if (kernel == null
        || recurrentKernel == null
        || kernel.shape().length != 2
        || recurrentKernel.shape().length != 2) {
      return null;
    }
    return new Direction(
        prefix,
        kernel,
        recurrentKernel,
        find(layer, prefix + "bias"),
        find(layer, prefix + "projection_kernel"));
  }

  private static List<Direction> orEmpty(Direction d) {
    return d == null ? List.of() : List.of(d);
  }

  private static Variable find(Layer layer, String name) {
    for (Variable v : layer.variables()) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    return null;
  }
}
