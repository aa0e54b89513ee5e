package dev.rnnc.processor.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.rnnc.processor.spec.CellSpec;
import java.util.Arrays;
import javax.lang.model.element.Modifier;

/** Emits an {@code @RNN(cell = ...)} layer: the timestep loop around the user's cell. */
final class CellEmitter {
  private final ClassParts parts;

  CellEmitter(ClassParts parts) {
    this.parts = parts;
  }

  Buffer cell(CellSpec layer, Buffer in) {
    String name = layer.name();
    String units = Names.constant(name, "UNITS");
    String outputSize = Names.constant(name, "OUTPUT_SIZE");
    String cell = Names.field(name, "Cell");
    String states = Names.field(name, "States");
    String step = Names.field(name, "Step");
    parts.constant(units, layer.units());
    parts.constant(outputSize, layer.outputSize());
    ClassName cellType = ClassName.get(layer.cell());
    parts.handles.add(FieldSpec.builder(cellType, cell, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L: the custom cell, which owns its weights.\n", name).build());
    parts.layerHandles.addStatement("$N = new $T($L, $L)", cell, cellType, in.width(), units);
    CodeBlock sizes = CodeBlock.join(layer.stateSizes().stream().map(size -> CodeBlock.of("new float[$L]", size)).toList(), ", ");
    parts.scratch.add(FieldSpec.builder(float[][].class, states, Modifier.PRIVATE, Modifier.FINAL)
        .initializer("{$L}", sizes).build());
    parts.scratch(step, outputSize);
    String output = step;
    if (layer.returnSequences()) {
      output = Names.field(name, "Output");
      parts.perTimestep(output, outputSize);
    }

    CodeBlock.Builder reset = CodeBlock.builder();
    reset.beginControlFlow("for (float[] state : $N)", states).addStatement("$T.fill(state, 0f)", Arrays.class).endControlFlow();
    String resetMethod = null;
    if (layer.stateful()) {
      resetMethod = Names.reset(name);
      parts.resetMethods.add(MethodSpec.methodBuilder(resetMethod).addModifiers(Modifier.PRIVATE)
          .addJavadoc("Zeroes $L's carried states.\n", name).addCode(reset.build()).build());
      parts.statefulLayers.add(name);
    }
    LayerEmitter.handle(parts, layer, "RNN", CodeBlock.of("$N.variables()", cell), resetMethod);

    String t = parts.timesteps();
    MethodSpec.Builder method = LayerEmitter.forwardMethod(parts, name, Describe.layer(layer) + "\n");
    if (layer.stateful()) {
      method.addComment("stateful: the cell's states carry over from the previous call.");
    } else {
      method.addCode(reset.build());
    }
    if (layer.goBackwards()) {
      method.beginControlFlow("for (int step = 0; step < $L; step++)", t);
      method.addStatement("int t = $L - 1 - step", t);
    } else {
      method.beginControlFlow("for (int t = 0; t < $L; t++)", t);
    }
    method.addStatement("$N.step($N, t * $L, $N, $N)", cell, in.field(), in.stride(), states, step);
    if (layer.returnSequences()) {
      method.addStatement("$T.arraycopy($N, 0, $N, $L * $L, $L)", System.class, step, output,
          layer.goBackwards() ? "step" : "t", outputSize, outputSize);
    }
    method.endControlFlow();
    parts.forwardMethods.add(method.build());
    return new Buffer(output, outputSize, outputSize, layer.returnSequences());
  }
}
