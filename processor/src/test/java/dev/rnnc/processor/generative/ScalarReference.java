package dev.rnnc.processor.generative;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent double-precision evaluation of a {@link Decl} on Keras-layout weights, one sample
 * at a time, written from the Keras 3.15 formulas of {@code reference/rnn-semantics.md} (§2 the
 * cells, §3 masking, §4 go_backwards, §1.5 Bidirectional) and nothing of the runtime: plain loops
 * over {@code double}s, activations written out again.
 *
 * <p>Masking follows Keras 3.15's TensorFlow loop: a masked step keeps the states and outputs the
 * previous output (zeros before the first real step), or zeros with {@code zero_output_for_mask}; a
 * recurrent layer passes its input mask on when it returns sequences (unflipped, even when it goes
 * backwards), Dense passes it on, a merge passes the logical or when every input has one.
 */
final class ScalarReference {

  /** A layer's output for one sample: a sequence (T × width) or a vector, and its mask or null. */
  record Value(double[][] sequence, double[] vector, boolean[] mask) {
    static Value sequence(double[][] sequence, boolean[] mask) {
      return new Value(sequence, null, mask);
    }

    static Value vector(double[] vector) {
      return new Value(null, vector, null);
    }
  }

  /** A variable's Keras name and shape. */
  record VariableShape(String name, int... shape) {}

  private final Decl decl;
  private final Map<String, Map<String, double[]>> weights;

  /**
   * @param weights per layer name, each variable's values in Keras layout (row-major)
   */
  ScalarReference(Decl decl, Map<String, Map<String, double[]>> weights) {
    this.decl = decl;
    this.weights = weights;
  }

  /** The variables Keras gives each layer (in Keras' order), by layer name. */
  static Map<String, List<VariableShape>> variables(Decl decl) {
    Map<String, List<VariableShape>> all = new HashMap<>();
    for (int i = 0; i < decl.layers().size(); i++) {
      Decl.Layer layer = decl.layers().get(i);
      int in = width(decl, decl.sources(i).getFirst());
      List<VariableShape> vars = new ArrayList<>();
      switch (layer.kind()) {
        case Decl.Embedding e ->
            vars.add(new VariableShape("embeddings", e.inputDim(), e.outputDim()));
        case Decl.Dense d -> {
          vars.add(new VariableShape("kernel", in, d.units()));
          if (d.useBias()) {
            vars.add(new VariableShape("bias", d.units()));
          }
        }
        case Decl.Recurrent r -> {
          for (String direction :
              r.bidirectional() ? List.of("forward_layer/", "backward_layer/") : List.of("")) {
            for (int cell = 0; cell < r.numLayers(); cell++) {
              String prefix = direction + cellPrefix(r, cell);
              int g = r.cell().blocks * r.units();
              vars.add(new VariableShape(prefix + "kernel", cell == 0 ? in : r.hUnits(), g));
              vars.add(new VariableShape(prefix + "recurrent_kernel", r.hUnits(), g));
              if (r.useBias()) {
                boolean twoRows = r.cell() == Decl.Cell.GRU && r.resetAfter();
                vars.add(
                    twoRows
                        ? new VariableShape(prefix + "bias", 2, g)
                        : new VariableShape(prefix + "bias", g));
              }
              if (r.projSize() > 0) {
                vars.add(new VariableShape(prefix + "projection_kernel", r.units(), r.projSize()));
              }
            }
          }
        }
        case Decl.Dropout d -> {}
        case Decl.Masking m -> {}
        case Decl.Merge m -> {}
      }
      all.put(layer.name(), vars);
    }
    return all;
  }

  /**
   * Where a cell's variables sit: nowhere special for a plain layer; for {@code numLayers} cells,
   * Keras' {@code RNN([cells])} groups {@code lstm_cell}, {@code lstm_cell_1}, ...
   */
  static String cellPrefix(Decl.Recurrent r, int cell) {
    if (r.numLayers() == 1) {
      return "";
    }
    String key =
        switch (r.cell()) {
          case SIMPLE_RNN -> "simple_rnn_cell";
          case LSTM -> "lstm_cell";
          case GRU -> "gru_cell";
        };
    return key + (cell == 0 ? "" : "_" + cell) + "/";
  }

  /** The width of what the named layer (or the float input) outputs at each step. */
  static int width(Decl decl, String name) {
    if (name.equals(Decl.INPUT_NAME)) {
      return decl.input().features();
    }
    int index = decl.layers().indexOf(decl.layer(name));
    List<String> sources = decl.sources(index);
    return switch (decl.layers().get(index).kind()) {
      case Decl.Embedding e -> e.outputDim();
      case Decl.Masking m -> width(decl, sources.getFirst());
      case Decl.Recurrent r -> r.width();
      case Decl.Dense d -> d.units();
      case Decl.Dropout d -> width(decl, sources.getFirst());
      case Decl.Merge m ->
          m.annotation().equals("Concatenate")
              ? sources.stream().mapToInt(s -> width(decl, s)).sum()
              : width(decl, sources.getFirst());
    };
  }

  /** The model's output for one float sample (T × features). */
  Value predict(double[][] x) {
    return run(Value.sequence(x, null), null);
  }

  /** The model's output for one sample of token ids. */
  Value predict(int[] ids) {
    return run(null, ids);
  }

  private Value run(Value input, int[] ids) {
    Map<String, Value> values = new HashMap<>();
    values.put(Decl.INPUT_NAME, input);
    for (int i = 0; i < decl.layers().size(); i++) {
      Decl.Layer layer = decl.layers().get(i);
      List<Value> in = decl.sources(i).stream().map(values::get).toList();
      Map<String, double[]> w = weights.getOrDefault(layer.name(), Map.of());
      Value out =
          switch (layer.kind()) {
            case Decl.Embedding e -> embedding(e, w, ids);
            case Decl.Masking m -> masking(m, in.getFirst());
            case Decl.Dense d -> dense(d, w, in.getFirst());
            case Decl.Recurrent r -> recurrent(r, w, in.getFirst());
            case Decl.Merge m -> merge(m, in);
            case Decl.Dropout d -> in.getFirst(); // inference: the identity, the mask passed on
          };
      values.put(layer.name(), out);
    }
    return values.get(decl.layers().getLast().name());
  }

  private static Value embedding(Decl.Embedding e, Map<String, double[]> w, int[] ids) {
    double[] table = w.get("embeddings");
    double[][] out = new double[ids.length][e.outputDim()];
    boolean[] mask = e.maskZero() ? new boolean[ids.length] : null;
    for (int t = 0; t < ids.length; t++) {
      System.arraycopy(table, ids[t] * e.outputDim(), out[t], 0, e.outputDim());
      if (mask != null) {
        mask[t] = ids[t] != 0;
      }
    }
    return Value.sequence(out, mask);
  }

  /** Keras' Masking: a step is real when any feature differs from the mask value; masked zeroed. */
  private static Value masking(Decl.Masking m, Value in) {
    double[][] x = in.sequence();
    double[][] out = new double[x.length][];
    boolean[] mask = new boolean[x.length];
    for (int t = 0; t < x.length; t++) {
      for (double v : x[t]) {
        mask[t] |= v != m.maskValue();
      }
      out[t] = mask[t] ? x[t].clone() : new double[x[t].length];
    }
    return Value.sequence(out, mask);
  }

  private static Value dense(Decl.Dense d, Map<String, double[]> w, Value in) {
    if (in.vector() != null) {
      return Value.vector(dense(d, w, in.vector()));
    }
    double[][] out = new double[in.sequence().length][];
    for (int t = 0; t < out.length; t++) {
      out[t] = dense(d, w, in.sequence()[t]);
    }
    return Value.sequence(out, in.mask());
  }

  private static double[] dense(Decl.Dense d, Map<String, double[]> w, double[] x) {
    double[] kernel = w.get("kernel");
    double[] y = new double[d.units()];
    for (int j = 0; j < d.units(); j++) {
      double s = d.useBias() ? w.get("bias")[j] : 0;
      for (int k = 0; k < x.length; k++) {
        s += x[k] * kernel[k * d.units() + j];
      }
      y[j] = s;
    }
    if (d.activation().equals("softmax")) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : y) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (int j = 0; j < y.length; j++) {
        y[j] = Math.exp(y[j] - max);
        sum += y[j];
      }
      for (int j = 0; j < y.length; j++) {
        y[j] /= sum;
      }
      return y;
    }
    for (int j = 0; j < y.length; j++) {
      y[j] = Activations.apply(d.activation(), y[j]);
    }
    return y;
  }

  private static Value merge(Decl.Merge m, List<Value> in) {
    boolean allMasked = in.stream().allMatch(v -> v.mask() != null);
    if (in.getFirst().vector() != null) {
      return Value.vector(merge(m.annotation(), in.stream().map(Value::vector).toList()));
    }
    int steps = in.getFirst().sequence().length;
    double[][] out = new double[steps][];
    boolean[] mask = allMasked ? new boolean[steps] : null;
    for (int t = 0; t < steps; t++) {
      int step = t;
      out[t] = merge(m.annotation(), in.stream().map(v -> v.sequence()[step]).toList());
      if (mask != null) {
        for (Value v : in) {
          mask[t] |= v.mask()[t];
        }
      }
    }
    return Value.sequence(out, mask);
  }

  private static double[] merge(String annotation, List<double[]> parts) {
    if (annotation.equals("Concatenate")) {
      double[] out = new double[parts.stream().mapToInt(p -> p.length).sum()];
      int at = 0;
      for (double[] p : parts) {
        System.arraycopy(p, 0, out, at, p.length);
        at += p.length;
      }
      return out;
    }
    double[] out = parts.getFirst().clone();
    for (double[] p : parts.subList(1, parts.size())) {
      for (int j = 0; j < out.length; j++) {
        out[j] = annotation.equals("Multiply") ? out[j] * p[j] : out[j] + p[j];
      }
    }
    if (annotation.equals("Average")) {
      for (int j = 0; j < out.length; j++) {
        out[j] /= parts.size();
      }
    }
    return out;
  }

  private static Value recurrent(Decl.Recurrent r, Map<String, double[]> w, Value in) {
    double[][] x = in.sequence();
    boolean[] mask = in.mask();
    int steps = x.length;
    if (!r.bidirectional()) {
      double[][] outs = direction(r, w, "", x, mask, r.goBackwards(), r.zeroOutputForMask());
      return r.returnSequences() ? Value.sequence(outs, mask) : Value.vector(outs[steps - 1]);
    }
    // Keras' Bidirectional: the backward copy goes the other way; both output zeros at masked
    // steps when returning sequences (zero_output_for_mask = return_sequences, forced).
    boolean zero = r.returnSequences();
    double[][] fw = direction(r, w, "forward_layer/", x, mask, r.goBackwards(), zero);
    double[][] bw = direction(r, w, "backward_layer/", x, mask, !r.goBackwards(), zero);
    if (!r.returnSequences()) {
      return Value.vector(bidiMerge(r.mergeMode(), fw[steps - 1], bw[steps - 1]));
    }
    double[][] out = new double[steps][];
    for (int t = 0; t < steps; t++) {
      out[t] = bidiMerge(r.mergeMode(), fw[t], bw[steps - 1 - t]); // backward flipped back
    }
    return Value.sequence(out, mask);
  }

  private static double[] bidiMerge(String mode, double[] f, double[] b) {
    return switch (mode) {
      case "concat" -> merge("Concatenate", List.of(f, b));
      case "sum" -> merge("Add", List.of(f, b));
      case "mul" -> merge("Multiply", List.of(f, b));
      case "ave" -> merge("Average", List.of(f, b));
      default -> throw new IllegalArgumentException(mode);
    };
  }

  /**
   * One direction over the whole sequence; outputs in processing order (§3, §4). With {@code
   * numLayers} cells, each step runs them in turn, each reading the one below; a masked step skips
   * them all.
   */
  private static double[][] direction(
      Decl.Recurrent r,
      Map<String, double[]> w,
      String prefix,
      double[][] x,
      boolean[] mask,
      boolean backwards,
      boolean zeroOutputForMask) {
    int steps = x.length;
    int n = r.numLayers();
    Cell[] cells = new Cell[n];
    double[][] h = new double[n][r.hUnits()];
    double[][] c = new double[n][r.units()];
    for (int i = 0; i < n; i++) {
      String p = prefix + cellPrefix(r, i);
      cells[i] =
          new Cell(
              r,
              w.get(p + "kernel"),
              w.get(p + "recurrent_kernel"),
              r.useBias() ? w.get(p + "bias") : null,
              w.get(p + "projection_kernel"));
    }
    double[] previous = new double[r.hUnits()];
    double[][] outs = new double[steps][];
    for (int k = 0; k < steps; k++) {
      int t = backwards ? steps - 1 - k : k;
      if (mask == null || mask[t]) {
        double[] input = x[t];
        for (int i = 0; i < n; i++) {
          h[i] = cells[i].step(input, h[i], c[i]);
          input = h[i];
        }
        previous = h[n - 1];
      } else if (zeroOutputForMask) {
        previous = new double[r.hUnits()];
      }
      outs[k] = previous.clone();
    }
    return outs;
  }

  /** One cell's weights and its step (§2), Keras layout and gate order. */
  private record Cell(
      Decl.Recurrent r, double[] kernel, double[] recurrent, double[] bias, double[] projection) {

    /** The new h; for an LSTM updates {@code c} in place. */
    double[] step(double[] x, double[] h, double[] c) {
      int u = r.units();
      int g = r.cell().blocks * u;
      double[] mx = new double[g];
      double[] mh = new double[g];
      for (int j = 0; j < g; j++) {
        mx[j] = bias == null ? 0 : bias[j];
        for (int k = 0; k < x.length; k++) {
          mx[j] += x[k] * kernel[k * g + j];
        }
        boolean twoBiases = r.cell() == Decl.Cell.GRU && r.resetAfter();
        mh[j] = bias != null && twoBiases ? bias[g + j] : 0;
        for (int k = 0; k < h.length; k++) {
          mh[j] += h[k] * recurrent[k * g + j];
        }
      }
      String a = r.activation();
      String ra = r.recurrentActivation();
      double[] out = new double[u];
      switch (r.cell()) {
        case SIMPLE_RNN -> {
          for (int j = 0; j < u; j++) {
            out[j] = Activations.apply(a, mx[j] + mh[j]);
          }
        }
        case LSTM -> {
          for (int j = 0; j < u; j++) {
            double i = Activations.apply(ra, mx[j] + mh[j]);
            double f = Activations.apply(ra, mx[u + j] + mh[u + j]);
            double candidate = Activations.apply(a, mx[2 * u + j] + mh[2 * u + j]);
            double o = Activations.apply(ra, mx[3 * u + j] + mh[3 * u + j]);
            c[j] = f * c[j] + i * candidate;
            out[j] = o * Activations.apply(a, c[j]);
          }
          if (projection != null) { // PyTorch's proj_size: h = (o * a(c))·P
            double[] projected = new double[r.projSize()];
            for (int j = 0; j < projected.length; j++) {
              for (int k = 0; k < u; k++) {
                projected[j] += out[k] * projection[k * projected.length + j];
              }
            }
            return projected;
          }
        }
        case GRU -> {
          double[] z = new double[u];
          double[] reset = new double[u];
          for (int j = 0; j < u; j++) {
            z[j] = Activations.apply(ra, mx[j] + mh[j]);
            reset[j] = Activations.apply(ra, mx[u + j] + mh[u + j]);
          }
          double[] candidate = new double[u];
          if (r.resetAfter()) {
            for (int j = 0; j < u; j++) {
              candidate[j] = mx[2 * u + j] + reset[j] * mh[2 * u + j];
            }
          } else { // reset before the matmul: (r*h)·U_h
            for (int j = 0; j < u; j++) {
              candidate[j] = mx[2 * u + j];
              for (int k = 0; k < u; k++) {
                candidate[j] += reset[k] * h[k] * recurrent[k * g + 2 * u + j];
              }
            }
          }
          for (int j = 0; j < u; j++) {
            out[j] = z[j] * h[j] + (1 - z[j]) * Activations.apply(a, candidate[j]);
          }
        }
      }
      return out;
    }
  }
}
