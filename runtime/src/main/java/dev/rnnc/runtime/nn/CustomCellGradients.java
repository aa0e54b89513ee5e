package dev.rnnc.runtime.nn;

import dev.rnnc.runtime.TrainableCell;
import dev.rnnc.runtime.TrainableMultiInputCell;
import dev.rnnc.runtime.Variable;
import java.util.Arrays;
import java.util.List;

/**
 * What generated training code needs around a {@link TrainableCell} or {@link
 * TrainableMultiInputCell}: its weights and gradients joined to the model's own for the optimizer,
 * each sample's states, and the states saved before every timestep for the backward pass.
 */
public final class CustomCellGradients {
  private CustomCellGradients() {}

  /**
   * The model's own trained arrays, then every cell's variables' storage, in order.
   *
   * @param cells each a {@link TrainableCell} or a {@link TrainableMultiInputCell}
   * @throws IllegalArgumentException if a cell is neither
   */
  public static float[][] parameters(float[][] own, Object... cells) {
    float[][] all = Arrays.copyOf(own, own.length + count(cells));
    int i = own.length;
    for (Object cell : cells) {
      for (Variable variable : variables(cell)) {
        all[i++] = variable.storage();
      }
    }
    return all;
  }

  /**
   * The model's own gradient arrays, then every cell's {@link TrainableCell#gradients()}, aligned
   * with {@link #parameters}.
   *
   * @param cells each a {@link TrainableCell} or a {@link TrainableMultiInputCell}
   * @throws IllegalStateException if a cell's gradients do not match its variables (count or
   *     length)
   * @throws IllegalArgumentException if a cell is neither
   */
  public static float[][] gradients(float[][] own, Object... cells) {
    float[][] all = Arrays.copyOf(own, own.length + count(cells));
    int i = own.length;
    for (Object cell : cells) {
      for (float[] gradient : gradients(cell)) {
        all[i++] = gradient;
      }
    }
    return all;
  }

  private static int count(Object... cells) {
    int n = 0;
    for (Object cell : cells) {
      check(cell, variables(cell), gradients(cell));
      n += variables(cell).size();
    }
    return n;
  }

  /** A trainable cell's variables, whichever of the two interfaces it implements. */
  private static List<Variable> variables(Object cell) {
    return switch (cell) {
      case TrainableCell c -> c.variables();
      case TrainableMultiInputCell c -> c.variables();
      default -> throw notTrainable(cell);
    };
  }

  /** A trainable cell's gradient arrays, whichever of the two interfaces it implements. */
  private static List<float[]> gradients(Object cell) {
    return switch (cell) {
      case TrainableCell c -> c.gradients();
      case TrainableMultiInputCell c -> c.gradients();
      default -> throw notTrainable(cell);
    };
  }

  private static IllegalArgumentException notTrainable(Object cell) {
    return new IllegalArgumentException(
        "%s is neither a TrainableCell nor a TrainableMultiInputCell; training needs its backward step"
            .formatted(cell == null ? "null" : cell.getClass().getName()));
  }

  /**
   * Checks that {@code gradients()} has one array per variable, each as long as its storage.
   *
   * @throws IllegalStateException naming the cell and the variable that does not fit
   */
  public static void check(Object cell, List<Variable> variables, List<float[]> gradients) {
    String name = cell.getClass().getSimpleName();
    if (gradients == null || gradients.size() != variables.size()) {
      throw new IllegalStateException(
          "%s.gradients() has %s arrays for %d variables %s; it needs one per variable, in order"
              .formatted(
                  name,
                  gradients == null ? "no" : gradients.size(),
                  variables.size(),
                  variables.stream().map(Variable::name).toList()));
    }
    for (int k = 0; k < variables.size(); k++) {
      Variable variable = variables.get(k);
      float[] gradient = gradients.get(k);
      if (gradient == null || gradient.length != variable.storage().length) {
        throw new IllegalStateException(
            "%s.gradients().get(%d) has %s floats, but variable %s's storage has %d (the gradient takes its packed layout)"
                .formatted(
                    name,
                    k,
                    gradient == null ? "no" : gradient.length,
                    variable.name(),
                    variable.storage().length));
      }
      if (gradient == variable.storage()) {
        throw new IllegalStateException(
            "%s.gradients().get(%d) is variable %s's own storage; it needs an array of its own"
                .formatted(name, k, variable.name()));
      }
    }
  }

  /**
   * Each of {@code batch} samples' states: {@code states[b][k]} holds state {@code k} of {@code
   * sizes[k]} floats.
   */
  public static float[][][] states(int batch, int... sizes) {
    float[][][] states = new float[batch][sizes.length][];
    for (float[][] sample : states) {
      for (int k = 0; k < sizes.length; k++) {
        sample[k] = new float[sizes[k]];
      }
    }
    return states;
  }

  /** Zeroes the states of the first {@code count} samples. */
  public static void zero(float[][][] states, int count) {
    for (int b = 0; b < count; b++) {
      for (float[] state : states[b]) {
        Arrays.fill(state, 0f);
      }
    }
  }

  /** Copies every state, one after another, into {@code to} from {@code offset}. */
  public static void save(float[][] states, float[] to, int offset) {
    for (float[] state : states) {
      System.arraycopy(state, 0, to, offset, state.length);
      offset += state.length;
    }
  }

  /** The reverse of {@link #save}: {@code from} from {@code offset} into the states. */
  public static void load(float[] from, int offset, float[][] states) {
    for (float[] state : states) {
      System.arraycopy(from, offset, state, 0, state.length);
      offset += state.length;
    }
  }
}
