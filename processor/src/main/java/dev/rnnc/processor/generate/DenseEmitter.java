package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.rnnc.processor.spec.ActivationName;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.Packing;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/** Emits a Dense layer: one matrix product over one row, or over every timestep of a sequence. */
final class DenseEmitter {
  private final ClassParts parts;

  DenseEmitter(ClassParts parts) {
    this.parts = parts;
  }

  Buffer dense(DenseSpec dense, Buffer in) {
    String name = dense.name();
    String units = Names.constant(name, "UNITS");
    String stride = Names.constant(name, "STRIDE");
    String kernel = Names.field(name, "Kernel");
    String bias = Names.field(name, "Bias");
    String output = Names.field(name, "Output");
    parts.constant(units, dense.units());
    parts.constant(stride, Packing.padded(dense.units()));
    parts.weight(
        kernel,
        in.width() + " * " + stride,
        name + ": Keras {@code kernel} (" + in.width() + ", units).\n");
    if (dense.useBias()) {
      parts.weight(bias, stride, name + ": Keras {@code bias} (units,).\n");
    }
    if (in.sequence()) {
      parts.perTimestep(output, stride);
    } else {
      parts.scratch(output, stride);
    }

    List<CodeBlock> variables = new ArrayList<>();
    variables.add(
        LayerEmitter.variable(
            "kernel",
            LayerEmitter.matrix(in.width(), units, "0"),
            kernel,
            LayerEmitter.kerasInitializer(dense.initializers().kernel())));
    if (dense.useBias()) {
      variables.add(
          LayerEmitter.variable(
              "bias",
              LayerEmitter.vector(units, "0"),
              bias,
              LayerEmitter.kerasInitializer(dense.initializers().bias())));
    }
    LayerEmitter.handle(
        parts, dense, dense.timeDistributed() ? "TimeDistributed" : "Dense", variables, null);

    String rows = in.sequence() ? parts.timesteps() : "1";
    MethodSpec.Builder method =
        LayerEmitter.forwardMethod(parts, name, Describe.layer(dense) + "\n");
    if (in.sequence()) {
      method.addComment(
          "Applied to every timestep, as Keras does: one matrix product over all rows.");
    }
    if (dense.units() == 1) {
      declareColumn(name, kernel);
    }
    method.addStatement(
        LayerEmitter.denseProduct(
            dense,
            in.field(),
            in.stride(),
            rows,
            in.width(),
            stride,
            dense.useBias() ? bias : "null",
            output));
    if (dense.activation() == ActivationName.SOFTMAX) {
      if (in.sequence()) {
        method.beginControlFlow("for (int t = 0; t < $L; t++)", rows);
        method.addStatement(
            "$T.softmax($N, t * $L, $L)", RuntimeTypes.KERNELS, output, stride, units);
        method.endControlFlow();
      } else {
        method.addStatement("$T.softmax($N, 0, $L)", RuntimeTypes.KERNELS, output, units);
      }
    } else if (dense.activation() != ActivationName.LINEAR) {
      method.addStatement(
          "$T.activate($L, $N, 0, $L)",
          RuntimeTypes.KERNELS,
          CellKind.activation(dense.activation()),
          output,
          in.sequence() ? rows + " * " + stride : stride);
    }
    parts.forwardMethods.add(method.build());
    return new Buffer(output, units, stride, in.sequence());
  }

  /**
   * Declares the layer's {@code DenseColumn}, its kernel as one contiguous column that follows the
   * kernel's variable: made once per model after its layers (a {@code @Shared} application finds
   * the shared layer's variable by the array), shared with copies as the variable is.
   */
  private void declareColumn(String name, String kernel) {
    String column = LayerEmitter.denseColumn(name);
    parts.handles.add(
        FieldSpec.builder(RuntimeTypes.DENSE_COLUMN, column, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(
                "$L: its kernel's one column, contiguous, for {@code Kernels.matmulColumn}; copied"
                    + " again when\nthe kernel's variable changes; shared with copies.\n",
                name)
            .build());
    parts.modelSteps.addStatement(
        "$N = from != null ? from.$N : $T.of(layers, $N)",
        column,
        column,
        RuntimeTypes.DENSE_COLUMN,
        kernel);
  }
}
