package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.Shapes;
import dev.rnnc.runtime.Variable;
import java.io.IOException;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * Converts one PyTorch layer's tensors to the Keras layout of one rnnc layer, checking every shape
 * first. Conversions (checked against PyTorch 2.13 and Keras 3.15, see rnn-semantics.md §9):
 *
 * <ul>
 *   <li>LSTM (gates i, f, g, o in both): {@code kernel = W_ih^T}, {@code recurrent_kernel = W_hh^T},
 *       {@code bias = b_ih + b_hh}.
 *   <li>GRU: PyTorch's row blocks r, z, n become Keras' z, r, h; {@code kernel = perm(W_ih)^T},
 *       {@code recurrent_kernel = perm(W_hh)^T}, {@code bias = [perm(b_ih); perm(b_hh)]}, which is
 *       Keras' {@code reset_after=True} bias of shape (2, 3·units).
 *   <li>RNN: as LSTM with one block; tanh or relu is the model's {@code activation}.
 *   <li>Linear: {@code kernel = weight^T}, {@code bias = bias}. Embedding: {@code embeddings = weight}.
 * </ul>
 *
 * A PyTorch layer saved without biases ({@code bias=False}) loads into a layer with a bias as
 * zeros, which computes the same; biases into a layer without one are refused.
 */
final class TorchConversion {
  /** Keras block b of a GRU takes PyTorch block GRU_BLOCKS[b]: (z, r, h) from (r, z, n). */
  private static final int[] GRU_BLOCKS = {1, 0, 2};

  private TorchConversion() {}

  /** Converts and queues the unit's values for the layer; problems go to {@code pending}. */
  static void load(Layer layer, TorchUnit unit, SafeTensorsReader reader, PendingAssignments pending) throws IOException {
    switch (layer.kind()) {
      case "LSTM" -> recurrent(layer, unit, 4, PackedLayout.identity(4), reader, pending);
      case "GRU" -> recurrent(layer, unit, 3, GRU_BLOCKS, reader, pending);
      case "SimpleRNN" -> recurrent(layer, unit, 1, PackedLayout.identity(1), reader, pending);
      case "Dense" -> dense(layer, unit, reader, pending);
      case "Embedding" -> embedding(layer, unit, reader, pending);
      default -> pending.problem(where(layer) + ": rnnc cannot load a " + layer.kind() + " layer from PyTorch");
    }
  }

  /** Whether the unit's weight shapes fit the layer, for matching when names do not decide. */
  static boolean fits(Layer layer, TorchUnit unit) {
    TensorEntry weight = unit.params().get(unit.recurrent() ? "weight_ih" : "weight");
    if (weight == null) {
      return false;
    }
    int[] kernel = layer.variables().getFirst().shape();
    return switch (layer.kind()) {
      case "LSTM", "GRU", "SimpleRNN" -> {
        TensorEntry hh = unit.params().get("weight_hh");
        int[] recurrentKernel = layer.recurrentKernel().shape();
        yield hh != null && Arrays.equals(weight.shape(), new int[] {kernel[1], kernel[0]})
            && Arrays.equals(hh.shape(), new int[] {recurrentKernel[1], recurrentKernel[0]});
      }
      case "Dense" -> Arrays.equals(weight.shape(), new int[] {kernel[1], kernel[0]});
      case "Embedding" -> Arrays.equals(weight.shape(), kernel);
      default -> false;
    };
  }

  private static void recurrent(Layer layer, TorchUnit unit, int gates, int[] blocks, SafeTensorsReader reader,
      PendingAssignments pending) throws IOException {
    String where = where(layer);
    if (unit.params().containsKey("weight_hr")) {
      TensorEntry hr = unit.params().get("weight_hr");
      pending.problem(("%s: %s has proj_size = %d (%s), which this model does not support (no projSize layer;"
          + " rnnc cannot declare LSTM projections yet)").formatted(where, unit.designator(), hr.shape()[0], hr.describe()));
      return;
    }
    Variable kernel = layer.kernel();
    Variable recurrentKernel = layer.recurrentKernel();
    Variable bias = optional(layer, "bias");
    int features = kernel.shape()[0];
    int units = recurrentKernel.shape()[0];
    if (layer.kind().equals("GRU") && bias != null && bias.shape().length == 1) {
      pending.problem(where + ": declared with resetAfter = false, which PyTorch's GRU does not compute (it always"
          + " applies the reset gate after the recurrent product); declare @GRU(resetAfter = true) to load "
          + unit.designator());
      return;
    }
    TensorEntry ih = required(unit, "weight_ih", where, pending);
    TensorEntry hh = required(unit, "weight_hh", where, pending);
    if (ih == null || hh == null) {
      return;
    }
    boolean shapesFit = expectShape(where, kernel, ih, new int[] {gates * units, features},
        gates + "·units × input features", pending);
    shapesFit &= expectShape(where, recurrentKernel, hh, new int[] {gates * units, units}, gates + "·units × units", pending);
    TensorEntry bIh = unit.params().get("bias_ih");
    TensorEntry bHh = unit.params().get("bias_hh");
    if ((bIh == null) != (bHh == null)) {
      pending.problem(where + ": " + unit.designator() + " has " + (bIh != null ? bIh.name() : bHh.name())
          + " without its partner (" + (bIh != null ? "bias_hh" : "bias_ih") + "); the file is incomplete");
      return;
    }
    if (bIh != null && bias == null) {
      pending.problem(where + ": the layer has no bias (useBias = false), but the file has " + bIh.name() + " and "
          + bHh.name() + "; declare useBias = true");
      return;
    }
    if (bIh != null) {
      shapesFit &= expectShape(where, bias, bIh, new int[] {gates * units}, gates + "·units", pending);
      shapesFit &= expectShape(where, bias, bHh, new int[] {gates * units}, gates + "·units", pending);
    }
    if (!shapesFit) {
      return;
    }
    float[] wIh = read(reader, ih, where, pending);
    float[] wHh = read(reader, hh, where, pending);
    if (wIh != null) {
      pending.offer(layer, kernel, kernel.shape(), transposeBlocks(wIh, gates, units, features, blocks),
          ih.name() + " transposed");
    }
    if (wHh != null) {
      pending.offer(layer, recurrentKernel, recurrentKernel.shape(), transposeBlocks(wHh, gates, units, units, blocks),
          hh.name() + " transposed");
    }
    if (bias == null) {
      return;
    }
    if (bIh == null) {
      pending.offer(layer, bias, bias.shape(), new float[bias.size()], unit.designator() + " has no biases: zeros");
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
    if (layer.kind().equals("GRU")) {
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

  private static void dense(Layer layer, TorchUnit unit, SafeTensorsReader reader, PendingAssignments pending)
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
      pending.problem(where + ": the layer has no bias (useBias = false), but the file has " + b.name()
          + "; declare useBias = true");
      return;
    }
    boolean shapesFit = expectShape(where, kernel, weight, new int[] {out, in}, "out_features × in_features", pending);
    if (b != null) {
      shapesFit &= expectShape(where, bias, b, new int[] {out}, "out_features", pending);
    }
    if (!shapesFit) {
      return;
    }
    float[] w = read(reader, weight, where, pending);
    if (w != null) {
      pending.offer(layer, kernel, kernel.shape(), transposeBlocks(w, 1, out, in, PackedLayout.identity(1)),
          weight.name() + " transposed");
    }
    if (bias != null) {
      float[] values = b == null ? new float[bias.size()] : read(reader, b, where, pending);
      if (values != null) {
        pending.offer(layer, bias, bias.shape(), values, b == null ? unit.designator() + " has no bias: zeros" : b.name());
      }
    }
  }

  private static void embedding(Layer layer, TorchUnit unit, SafeTensorsReader reader, PendingAssignments pending)
      throws IOException {
    String where = where(layer);
    Variable embeddings = layer.variable("embeddings");
    TensorEntry weight = required(unit, "weight", where, pending);
    if (weight == null
        || !expectShape(where, embeddings, weight, embeddings.shape(), "num_embeddings × embedding_dim", pending)) {
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

  private static boolean expectShape(String where, Variable variable, TensorEntry tensor, int[] expected,
      String meaning, PendingAssignments pending) {
    if (Arrays.equals(tensor.shape(), expected)) {
      return true;
    }
    pending.problem("%s %s: expects %s with shape %s (%s, PyTorch's layout of the Keras %s), the file has %s"
        .formatted(where, variable.name(), tensor.name(), Shapes.format(expected), meaning,
            Shapes.format(variable.shape()), tensor.shape().length == 0 ? "()" : Shapes.format(tensor.shape())));
    return false;
  }

  private static TensorEntry required(TorchUnit unit, String role, String where, PendingAssignments pending) {
    TensorEntry t = unit.params().get(role);
    if (t == null) {
      pending.problem(where + ": " + unit.designator() + " has no " + role + " tensor; it has "
          + unit.params().keySet());
    }
    return t;
  }

  private static float[] read(SafeTensorsReader reader, TensorEntry tensor, String where, PendingAssignments pending)
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
