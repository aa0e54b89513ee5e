package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.DropoutSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.GruSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.LstmSpec;
import dev.rnnc.processor.spec.SimpleRnnSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emits one layer: its constants, packed weights, scratch, {@code Layer} handle and forward method.
 * Each kind's emitter returns the buffer its output lands in, which the next layer reads.
 */
final class LayerEmitter {
  private final ClassParts parts;

  LayerEmitter(ClassParts parts) {
    this.parts = parts;
  }

  /** Emits {@code layer} reading {@code in} (null for the token input) and returns its output buffer. */
  Buffer emit(LayerSpec layer, Buffer in) {
    parts.layerNames.add(layer.name());
    parts.handles.add(FieldSpec.builder(Runtime.LAYER, Names.field(layer.name(), "Layer"), Modifier.PRIVATE, Modifier.FINAL).build());
    return switch (layer) {
      case LstmSpec lstm -> new RecurrentEmitter(parts).lstm(lstm, in);
      case GruSpec gru -> new RecurrentEmitter(parts).gru(gru, in);
      case SimpleRnnSpec rnn -> new RecurrentEmitter(parts).simpleRnn(rnn, in);
      case DenseSpec dense -> new DenseEmitter(parts).dense(dense, in);
      case EmbeddingSpec embedding -> new EmbeddingEmitter(parts).embedding(embedding);
      case DropoutSpec dropout -> {
        // The identity at inference: the next layer reads this layer's input directly.
        handle(parts, dropout.name(), "Dropout", List.of());
        yield in;
      }
    };
  }

  /** Adds the constructor statement that builds a layer's {@code Layer} handle. */
  static void handle(ClassParts parts, String name, String kind, List<CodeBlock> variables) {
    CodeBlock list = variables.isEmpty()
        ? CodeBlock.of("$T.of()", List.class)
        : CodeBlock.of("$T.of(\n$L)", List.class, CodeBlock.join(variables, ",\n"));
    parts.layerHandles.addStatement("$N = new $T($S, $S, $L)", Names.field(name, "Layer"), Runtime.LAYER, name, kind, list);
  }

  /** {@code new Variable("kernel", layout, field, initializer)}. */
  static CodeBlock variable(String kerasName, CodeBlock layout, String field, CodeBlock initializer) {
    return CodeBlock.of("new $T($S, $L, $N, $L)", Runtime.VARIABLE, kerasName, layout, field, initializer);
  }

  /** {@code PackedLayout.matrix(rows, units, order...)}. */
  static CodeBlock matrix(String rows, String units, String order) {
    return CodeBlock.of("$T.matrix($L, $L, $L)", Runtime.PACKED_LAYOUT, rows, units, order);
  }

  /** {@code PackedLayout.vector(units, order...)}. */
  static CodeBlock vector(String units, String order) {
    return CodeBlock.of("$T.vector($L, $L)", Runtime.PACKED_LAYOUT, units, order);
  }

  /** {@code Initializer.name(args)}. */
  static CodeBlock initializer(String name, Object... args) {
    return CodeBlock.of("$T.$L($L)", Runtime.INITIALIZER, name,
        String.join(", ", java.util.Arrays.stream(args).map(String::valueOf).toList()));
  }

  /** Starts a layer's forward method: {@code private void runName([int timesteps])}. */
  static MethodSpec.Builder forwardMethod(ClassParts parts, String name, String javadoc) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(Names.forward(name)).addModifiers(Modifier.PRIVATE).addJavadoc(javadoc);
    if (parts.variableTimesteps) {
      method.addParameter(TypeName.INT, "timesteps");
    }
    parts.forwardCalls.addStatement(parts.variableTimesteps ? "$N(timesteps)" : "$N()", Names.forward(name));
    return method;
  }
}
