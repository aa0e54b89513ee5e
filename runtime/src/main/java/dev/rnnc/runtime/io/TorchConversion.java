package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.Shapes;
import dev.rnnc.runtime.Variable;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Converts one PyTorch layer's tensors to the Keras layout of one rnnc layer, checking every shape
 * first. Conversions (checked against PyTorch 2.13 and Keras 3.15, see rnn-semantics.md §9):
 *
 * <ul>
 *   <li>LSTM (gates i, f, g, o in both): {@code kernel = W_ih^T}, {@code recurrent_kernel =
 *       W_hh^T}, {@code bias = b_ih + b_hh}; with {@code proj_size}, {@code projection_kernel =
 *       W_hr^T}.
 *   <li>GRU: PyTorch's row blocks r, z, n become Keras' z, r, h; {@code kernel = perm(W_ih)^T},
 *       {@code recurrent_kernel = perm(W_hh)^T}, {@code bias = [perm(b_ih); perm(b_hh)]}, which is
 *       Keras' {@code reset_after=True} bias of shape (2, 3·units).
 *   <li>RNN: as LSTM with one block; tanh or relu is the model's {@code activation}.
 *   <li>A bidirectional layer: the forward tensors go to {@code forward_layer/*}, the {@code
 *       _reverse} ones to {@code backward_layer/*}, each converted as above.
 *   <li>Linear: {@code kernel = weight^T}, {@code bias = bias} (into {@code @Dense} or
 *       {@code @TimeDistributed @Dense}). Embedding: {@code embeddings = weight}.
 * </ul>
 *
 * A PyTorch layer saved without biases ({@code bias=False}) loads only into a layer declared {@code
 * useBias = false}: a layer with a bias (the default) requires the bias tensors, since a state_dict
 * missing one is more likely incomplete than meant, and biases into a layer without one are
 * refused. A layer whose declaration does not fit (one direction against two, a projection against
 * none) is refused with a message that says what to declare.
 */
final class TorchConversion {
  /** Keras block b of a GRU takes PyTorch block GRU_BLOCKS[b]: (z, r, h) from (r, z, n). */
  private static final int[] GRU_BLOCKS = {1, 0, 2};

  private TorchConversion() {}

  /** Converts and queues the unit's values for the layer; problems go to {@code pending}. */
  static void load(
      Layer layer, TorchUnit unit, SafeTensorsReader reader, PendingAssignments pending)
      throws IOException {
    switch (layer.kind()) {
      case "LSTM", "GRU", "SimpleRNN", "Bidirectional" -> recurrent(layer, unit, reader, pending);
      case "Dense", "TimeDistributed" -> dense(layer, unit, reader, pending);
      case "Embedding" -> embedding(layer, unit, reader, pending);
      default ->
          pending.problem(
              where(layer) + ": rnnc cannot load a " + layer.kind() + " layer from PyTorch");
    }
  }

  /**
   * The kind under which the matcher pairs a layer with {@link TorchUnit#kinds()}: the layer's
   * kind, with the cell of a Bidirectional layer spelled out ({@code Bidirectional(GRU)}).
   */
  static String matchKind(Layer layer) {
    if (layer.kind().equals("Bidirectional")) {
      String cell = RecurrentLayers.cellKind(layer);
      return cell == null ? layer.kind() : "Bidirectional(" + cell + ")";
    }
    return layer.kind();
  }

  /**
   * Whether the unit is the layer's kind of recurrent cell with the other number of directions:
   * paired anyway, so that {@link #load} can say what to declare instead.
   */
  static boolean directionsDiffer(Layer layer, TorchUnit unit) {
    String cell = RecurrentLayers.cellKind(layer);
    return cell != null
        && cell.equals(unit.cellKind())
        && unit.bidirectional() != layer.kind().equals("Bidirectional");
  }

  /** Whether the unit's weight shapes fit the layer, for matching when names do not decide. */
  static boolean fits(Layer layer, TorchUnit unit) {
    List<RecurrentLayers.Direction> directions = RecurrentLayers.directions(layer);
    if (!directions.isEmpty()) {
      if (!unit.recurrent() || unit.bidirectional() != (directions.size() == 2)) {
        return false;
      }
      RecurrentLayers.Direction d = directions.getFirst();
      int rows = d.gates() * d.units();
      TensorEntry ih = unit.params().get("weight_ih");
      TensorEntry hh = unit.params().get("weight_hh");
      TensorEntry hr = unit.params().get("weight_hr");
      return ih != null
          && hh != null
          && (hr == null) == (d.projection() == null)
          && Arrays.equals(ih.shape(), new int[] {rows, d.features()})
          && Arrays.equals(hh.shape(), new int[] {rows, d.hidden()})
          && (hr == null || Arrays.equals(hr.shape(), new int[] {d.hidden(), d.units()}));
    }
    TensorEntry weight = unit.params().get("weight");
    if (weight == null || layer.variables().isEmpty()) {
      return false;
    }
    int[] kernel = layer.variables().getFirst().shape();
    return switch (layer.kind()) {
      case "Dense", "TimeDistributed" ->
          Arrays.equals(weight.shape(), new int[] {kernel[1], kernel[0]});
      case "Embedding" -> Arrays.equals(weight.shape(), kernel);
      default -> false;
    };
  }

  private static void recurrent(
      Layer layer, TorchUnit unit, SafeTensorsReader reader, PendingAssignments pending)
      throws IOException {
    String where = where(layer);
    List<RecurrentLayers.Direction> directions = RecurrentLayers.directions(layer);
    String cell = RecurrentLayers.cellKind(layer);
    if (directions.isEmpty() || cell == null) {
      pending.problem(
          where
              + ": rnnc cannot tell this layer's recurrent cell from its variables "
              + layer.variables());
      return;
    }
    String declare = declaration(cell, unit);
    if (unit.bidirectional() && directions.size() == 1) {
      pending.problem(
          "%s: %s is bidirectional (%s); declare the layer @Bidirectional(mergeMode = \"concat\") %s to load"
                  .formatted(
                      where, unit.designator(), String.join(", ", names(unit.reverse())), declare)
              + " both directions (PyTorch concatenates them)");
      return;
    }
    if (!unit.bidirectional() && directions.size() == 2) {
      pending.problem(
          ("%s: %s has one direction (no _reverse tensors: PyTorch's bidirectional=False); declare a plain"
                  + " %s, without @Bidirectional")
              .formatted(where, unit.designator(), declare));
      return;
    }
    RecurrentLayers.Direction first = directions.getFirst();
    TensorEntry hr = unit.params().get("weight_hr");
    if (hr != null && first.projection() == null) {
      pending.problem(
          "%s: %s has proj_size = %d (%s); declare %s%s to load its projection"
              .formatted(
                  where,
                  unit.designator(),
                  unit.projSize(),
                  hr.describe(),
                  directions.size() == 2 ? "@Bidirectional " : "",
                  declare));
      return;
    }
    if (hr == null && first.projection() != null) {
      pending.problem(
          ("%s: declared with projSize = %d, but %s has no projection (no weight_hr tensor: PyTorch's"
                  + " proj_size = 0); declare projSize = 0")
              .formatted(where, first.hidden(), unit.designator()));
      return;
    }
    if (cell.equals("GRU") && first.bias() != null && first.bias().shape().length == 1) {
      pending.problem(
          where
              + ": declared with resetAfter = false, which PyTorch's GRU does not compute (it always"
              + " applies the reset gate after the recurrent product); declare @GRU(resetAfter = true) to load "
              + unit.designator());
      return;
    }
    int[] blocks = cell.equals("GRU") ? GRU_BLOCKS : PackedLayout.identity(first.gates());
    for (int d = 0; d < directions.size(); d++) {
      direction(layer, directions.get(d), unit, d, cell.equals("GRU"), blocks, reader, pending);
    }
  }

  /** How to declare a layer for the unit: {@code @LSTM(units = 5, projSize = 2)}. */
  private static String declaration(String cell, TorchUnit unit) {
    return "@"
        + cell
        + "(units = "
        + unit.hiddenSize()
        + (unit.projSize() > 0 ? ", projSize = " + unit.projSize() : "")
        + ")";
  }

  /** One direction's tensors into one direction's variables. */
  private static void direction(
      Layer layer,
      RecurrentLayers.Direction target,
      TorchUnit unit,
      int d,
      boolean gru,
      int[] blocks,
      SafeTensorsReader reader,
      PendingAssignments pending)
      throws IOException {
    String where = where(layer);
    Map<String, TensorEntry> params = unit.direction(d);
    String which = d == 1 ? " for its reverse direction" : "";
    Variable kernel = target.kernel();
    Variable recurrentKernel = target.recurrentKernel();
    Variable bias = target.bias();
    Variable projection = target.projection();
    int gates = blocks.length;
    int features = target.features();
    int units = target.units();
    int hidden = target.hidden();
    TensorEntry ih = required(unit, params, "weight_ih", which, where, pending);
    TensorEntry hh = required(unit, params, "weight_hh", which, where, pending);
    TensorEntry hr =
        projection == null ? null : required(unit, params, "weight_hr", which, where, pending);
    if (ih == null || hh == null || (projection != null && hr == null)) {
      return;
    }
    String concatenated =
        ih.shape().length == 2 && ih.shape()[1] == 2 * features && unit.index() > 0
            ? "; PyTorch feeds "
                + unit.designator()
                + " both directions of the layer below, concatenated: declare"
                + " mergeMode = \"concat\" on the @Bidirectional below"
            : "";
    boolean shapesFit =
        expectShape(
            where,
            kernel,
            ih,
            new int[] {gates * units, features},
            gates + "·units × input features",
            concatenated,
            pending);
    shapesFit &=
        expectShape(
            where,
            recurrentKernel,
            hh,
            new int[] {gates * units, hidden},
            gates + "·units × " + (projection == null ? "units" : "projSize"),
            "",
            pending);
    if (projection != null) {
      shapesFit &=
          expectShape(
              where, projection, hr, new int[] {hidden, units}, "projSize × units", "", pending);
    }
    TensorEntry bIh = params.get("bias_ih");
    TensorEntry bHh = params.get("bias_hh");
    if ((bIh == null) != (bHh == null)) {
      pending.problem(
          where
              + ": "
              + unit.designator()
              + " has "
              + (bIh != null ? bIh.name() : bHh.name())
              + " without its partner ("
              + (bIh != null ? "bias_hh" : "bias_ih")
              + "); the file is incomplete");
      return;
    }
    if (bIh != null && bias == null) {
      pending.problem(
          where
              + ": the layer has no bias (useBias = false), but the file has "
              + bIh.name()
              + " and "
              + bHh.name()
              + "; declare useBias = true");
      return;
    }
    if (bIh == null && bias != null) {
      pending.problem(
          missingBias(
              where, unit.tensorName("bias_ih", d) + " and " + unit.tensorName("bias_hh", d)));
      return;
    }
    if (bIh != null) {
      shapesFit &=
          expectShape(where, bias, bIh, new int[] {gates * units}, gates + "·units", "", pending);
      shapesFit &=
          expectShape(where, bias, bHh, new int[] {gates * units}, gates + "·units", "", pending);
    }
    if (!shapesFit) {
      return;
    }
    float[] wIh = read(reader, ih, where, pending);
    float[] wHh = read(reader, hh, where, pending);
    if (wIh != null) {
      pending.offer(
          layer,
          kernel,
          kernel.shape(),
          transposeBlocks(wIh, gates, units, features, blocks),
          ih.name() + " transposed");
    }
    if (wHh != null) {
      pending.offer(
          layer,
          recurrentKernel,
          recurrentKernel.shape(),
          transposeBlocks(wHh, gates, units, hidden, blocks),
          hh.name() + " transposed");
    }
    if (projection != null) {
      float[] wHr = read(reader, hr, where, pending);
      if (wHr != null) {
        pending.offer(
            layer,
            projection,
            projection.shape(),
            transposeBlocks(wHr, 1, hidden, units, PackedLayout.identity(1)),
            hr.name() + " transposed");
      }
    }
    if (bias == null) {
      return;
    }
    float[] inputBias = read(reader, bIh, where, pending);
    float[] recurrentBias = read(reader, bHh, where, pending);
    if (inputBias == null || recurrentBias == null) {
      return;
    }
    float[] ihBlocks = permuteBlocks(inputBias, units, blocks);
    float[] hhBlocks = permuteBlocks(recurrentBias, units, blocks);
    float[] values;
    String source;
    if (gru) {
      // reset_after keeps the two biases apart: row 0 input, row 1 recurrent.
      values = Arrays.copyOf(ihBlocks, 2 * ihBlocks.length);
      System.arraycopy(hhBlocks, 0, values, ihBlocks.length, hhBlocks.length);
      source = "[" + bIh.name() + "; " + bHh.name() + "]";
    } else {
      values = new float[ihBlocks.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = ihBlocks[i] + hhBlocks[i];
      }
      source = bIh.name() + " + " + bHh.name();
    }
    pending.offer(layer, bias, bias.shape(), values, source);
  }

  private static void dense(
      Layer layer, TorchUnit unit, SafeTensorsReader reader, PendingAssignments pending)
      throws IOException {
    String where = where(layer);
    Variable kernel = layer.kernel();
    Variable bias = optional(layer, "bias");
    int in = kernel.shape()[0];
    int out = kernel.shape()[1];
    TensorEntry weight = required(unit, "weight", where, pending);
    TensorEntry b = unit.params().get("bias");
    if (weight == null) {
      return;
    }
    if (b != null && bias == null) {
      pending.problem(
          where
              + ": the layer has no bias (useBias = false), but the file has "
              + b.name()
              + "; declare useBias = true");
      return;
    }
    if (b == null && bias != null) {
      pending.problem(missingBias(where, unit.tensorName("bias", 0)));
      return;
    }
    boolean shapesFit =
        expectShape(
            where, kernel, weight, new int[] {out, in}, "out_features × in_features", "", pending);
    if (b != null) {
      shapesFit &= expectShape(where, bias, b, new int[] {out}, "out_features", "", pending);
    }
    if (!shapesFit) {
      return;
    }
    float[] w = read(reader, weight, where, pending);
    if (w != null) {
      pending.offer(
          layer,
          kernel,
          kernel.shape(),
          transposeBlocks(w, 1, out, in, PackedLayout.identity(1)),
          weight.name() + " transposed");
    }
    if (bias != null) {
      float[] values = read(reader, b, where, pending);
      if (values != null) {
        pending.offer(layer, bias, bias.shape(), values, b.name());
      }
    }
  }

  private static void embedding(
      Layer layer, TorchUnit unit, SafeTensorsReader reader, PendingAssignments pending)
      throws IOException {
    String where = where(layer);
    Variable embeddings = layer.variable("embeddings");
    TensorEntry weight = required(unit, "weight", where, pending);
    if (weight == null
        || !expectShape(
            where,
            embeddings,
            weight,
            embeddings.shape(),
            "num_embeddings × embedding_dim",
            "",
            pending)) {
      return;
    }
    float[] values = read(reader, weight, where, pending);
    if (values != null) {
      pending.offer(layer, embeddings, embeddings.shape(), values, weight.name());
    }
  }

  /**
   * Keras {@code (cols, blocks·units)} from PyTorch {@code (blocks·units, cols)}: Keras block b is
   * PyTorch row block {@code order[b]}, transposed.
   */
  static float[] transposeBlocks(float[] torch, int blocks, int units, int cols, int[] order) {
    float[] keras = new float[torch.length];
    int width = blocks * units;
    for (int b = 0; b < blocks; b++) {
      for (int u = 0; u < units; u++) {
        int row = (order[b] * units + u) * cols;
        int column = b * units + u;
        for (int c = 0; c < cols; c++) {
          keras[c * width + column] = torch[row + c];
        }
      }
    }
    return keras;
  }

  private static float[] permuteBlocks(float[] vector, int units, int[] order) {
    float[] result = new float[vector.length];
    for (int b = 0; b < order.length; b++) {
      System.arraycopy(vector, order[b] * units, result, b * units, units);
    }
    return result;
  }

  private static boolean expectShape(
      String where,
      Variable variable,
      TensorEntry tensor,
      int[] expected,
      String meaning,
      String hint,
      PendingAssignments pending) {
    if (Arrays.equals(tensor.shape(), expected)) {
      return true;
    }
    pending.problem(
        "%s %s: expects %s with shape %s (%s, PyTorch's layout of the Keras %s), the file has %s%s"
            .formatted(
                where,
                variable.name(),
                tensor.name(),
                Shapes.format(expected),
                meaning,
                Shapes.format(variable.shape()),
                tensor.shape().length == 0 ? "()" : Shapes.format(tensor.shape()),
                hint));
    return false;
  }

  /**
   * A layer with a bias whose PyTorch layer lacks it: an incomplete file, or a layer meant without
   * bias.
   */
  private static String missingBias(String where, String tensors) {
    return where
        + ": the file has no "
        + tensors
        + ", but the layer has a bias (useBias = true, the default); if the"
        + " PyTorch layer has bias=False, declare useBias = false, otherwise the state_dict is incomplete";
  }

  private static TensorEntry required(
      TorchUnit unit, String role, String where, PendingAssignments pending) {
    return required(unit, unit.params(), role, "", where, pending);
  }

  private static TensorEntry required(
      TorchUnit unit,
      Map<String, TensorEntry> params,
      String role,
      String which,
      String where,
      PendingAssignments pending) {
    TensorEntry t = params.get(role);
    if (t == null) {
      pending.problem(
          where
              + ": "
              + unit.designator()
              + " has no "
              + role
              + " tensor"
              + which
              + "; it has "
              + names(params));
    }
    return t;
  }

  private static List<String> names(Map<String, TensorEntry> params) {
    return params.values().stream().map(TensorEntry::name).toList();
  }

  private static float[] read(
      SafeTensorsReader reader, TensorEntry tensor, String where, PendingAssignments pending)
      throws IOException {
    try {
      return reader.readFloats(tensor);
    } catch (BadWeightFile e) {
      pending.problem(where + ": " + e.getMessage());
      return null;
    }
  }

  private static Variable optional(Layer layer, String name) {
    try {
      return layer.variable(name);
    } catch (NoSuchElementException absent) {
      return null;
    }
  }

  private static String where(Layer layer) {
    return layer.name() + " (" + layer.kind() + ")";
  }
}
