package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.rnnc.processor.spec.ActivationName;
import dev.rnnc.processor.spec.GruSpec;
import dev.rnnc.processor.spec.LstmSpec;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.SimpleRnnSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Emits LSTM, GRU and SimpleRNN layers. Each runs the input projection of the whole sequence as one
 * matrix product before the recurrence, so only the recurrent product {@code h·U} and the gate math
 * remain per timestep ({@code dev.rnnc.runtime.nn.Cells}).
 */
final class RecurrentEmitter {
  /** LSTM gate blocks: Keras i, f, c, o packed as i, f, o, c so one activation pass covers i, f, o. */
  static final String LSTM_ORDER = "0, 1, 3, 2";
  /** GRU gate blocks z, r, h keep Keras' order (z and r share the recurrent activation). */
  static final String GRU_ORDER = "0, 1, 2";

  private final ClassParts parts;

  RecurrentEmitter(ClassParts parts) {
    this.parts = parts;
  }

  Buffer lstm(LstmSpec lstm, Buffer in) {
    String name = lstm.name();
    declareSizes(lstm, 4);
    String c = Names.field(name, "C");
    parts.scratch(Names.field(name, "Gates"), gates(name));
    parts.scratch(c, stride(name));
    CodeBlock bias = lstm.unitForgetBias()
        ? LayerEmitter.initializer("unitForgetBias", units(name)) : LayerEmitter.initializer("zeros");
    declareWeights(lstm, in, 4, "i, f, o, c", false, "(4·units,)");
    LayerEmitter.handle(parts, name, "LSTM", variables(lstm, in, LSTM_ORDER, LayerEmitter.vector(units(name), LSTM_ORDER), bias));
    CodeBlock step = CodeBlock.of("$T.lstm($N, t * $L,$W$N, $L, $L,$W$N, $N, $N,$W$L, $L)", Runtime.CELLS,
        Names.field(name, "Projection"), gates(name), Names.field(name, "RecurrentKernel"), units(name), stride(name),
        Names.field(name, "Gates"), c, Names.field(name, "H"), activation(lstm.activation()), activation(lstm.recurrentActivation()));
    return loop(lstm, in, List.of(c), step);
  }

  Buffer gru(GruSpec gru, Buffer in) {
    String name = gru.name();
    declareSizes(gru, 3);
    CodeBlock biasLayout = gru.resetAfter()
        ? LayerEmitter.matrix("2", units(name), GRU_ORDER) // row 0 input bias, row 1 recurrent bias
        : LayerEmitter.vector(units(name), GRU_ORDER);
    String biasShape = gru.resetAfter() ? "(2, 3·units): input bias, then recurrent bias" : "(3·units,)";
    CodeBlock zeros = LayerEmitter.initializer("zeros");
    declareWeights(gru, in, 3, "z, r, h", gru.resetAfter(), biasShape);
    LayerEmitter.handle(parts, name, "GRU", variables(gru, in, GRU_ORDER, biasLayout, zeros));
    CodeBlock step;
    if (gru.resetAfter()) {
      parts.scratch(Names.field(name, "Gates"), gates(name));
      CodeBlock recurrentBias = gru.useBias()
          ? CodeBlock.of("$N, $L", Names.field(name, "Bias"), gates(name)) : CodeBlock.of("null, 0");
      step = CodeBlock.of("$T.gruResetAfter($N, t * $L,$W$N, $L,$W$L, $L,$W$N, $N,$W$L, $L)", Runtime.CELLS,
          Names.field(name, "Projection"), gates(name), Names.field(name, "RecurrentKernel"), recurrentBias,
          units(name), stride(name), Names.field(name, "Gates"), Names.field(name, "H"),
          activation(gru.activation()), activation(gru.recurrentActivation()));
    } else {
      parts.scratch(Names.field(name, "Gates"), "4 * " + stride(name)); // z, r, r*h, candidate
      step = CodeBlock.of("$T.gruResetBefore($N, t * $L,$W$N, $L, $L,$W$N, $N,$W$L, $L)", Runtime.CELLS,
          Names.field(name, "Projection"), gates(name), Names.field(name, "RecurrentKernel"), units(name), stride(name),
          Names.field(name, "Gates"), Names.field(name, "H"), activation(gru.activation()), activation(gru.recurrentActivation()));
    }
    return loop(gru, in, List.of(), step);
  }

  Buffer simpleRnn(SimpleRnnSpec rnn, Buffer in) {
    String name = rnn.name();
    declareSizes(rnn, 1);
    parts.scratch(Names.field(name, "Gates"), stride(name));
    CodeBlock zeros = LayerEmitter.initializer("zeros");
    declareWeights(rnn, in, 1, "(one)", false, "(units,)");
    LayerEmitter.handle(parts, name, "SimpleRNN", variables(rnn, in, "0", LayerEmitter.vector(units(name), "0"), zeros));
    CodeBlock step = CodeBlock.of("$T.simpleRnn($N, t * $L,$W$N, $L, $L,$W$N, $N, $L)", Runtime.CELLS,
        Names.field(name, "Projection"), gates(name), Names.field(name, "RecurrentKernel"), units(name), stride(name),
        Names.field(name, "Gates"), Names.field(name, "H"), activation(rnn.activation()));
    return loop(rnn, in, List.of(), step);
  }

  private void declareSizes(RecurrentSpec layer, int blocks) {
    String name = layer.name();
    parts.constant(units(name), layer.units());
    parts.constant(stride(name), padded(layer.units()));
    parts.constant(gates(name), blocks == 1 ? stride(name) : blocks + " * " + stride(name));
  }

  private void declareWeights(RecurrentSpec layer, Buffer in, int blocks, String blockNames, boolean twoBiasRows, String biasShape) {
    String name = layer.name();
    parts.weight(Names.field(name, "Kernel"), in.width() + " * " + gates(name),
        name + ": Keras {@code kernel} (" + in.width() + ", " + blocks + "·units), gate blocks " + blockNames + ".\n");
    parts.weight(Names.field(name, "RecurrentKernel"), units(name) + " * " + gates(name),
        name + ": Keras {@code recurrent_kernel} (units, " + blocks + "·units), gate blocks " + blockNames + ".\n");
    if (layer.useBias()) {
      parts.weight(Names.field(name, "Bias"), twoBiasRows ? "2 * " + gates(name) : gates(name),
          name + ": Keras {@code bias} " + biasShape + ".\n");
    }
    parts.perTimestep(Names.field(name, "Projection"), gates(name));
    parts.scratch(Names.field(name, "H"), stride(name));
    if (layer.returnSequences()) {
      parts.perTimestep(Names.field(name, "Output"), stride(name));
    }
  }

  private List<CodeBlock> variables(RecurrentSpec layer, Buffer in, String order, CodeBlock biasLayout, CodeBlock bias) {
    String name = layer.name();
    List<CodeBlock> variables = new ArrayList<>();
    variables.add(LayerEmitter.variable("kernel", LayerEmitter.matrix(in.width(), units(name), order),
        Names.field(name, "Kernel"), LayerEmitter.initializer("glorotUniform")));
    variables.add(LayerEmitter.variable("recurrent_kernel", LayerEmitter.matrix(units(name), units(name), order),
        Names.field(name, "RecurrentKernel"), LayerEmitter.initializer("orthogonal")));
    if (layer.useBias()) {
      variables.add(LayerEmitter.variable("bias", biasLayout, Names.field(name, "Bias"), bias));
    }
    return variables;
  }

  /** The forward method: projection, state reset, the timestep loop around {@code step}. */
  private Buffer loop(RecurrentSpec layer, Buffer in, List<String> extraState, CodeBlock step) {
    String name = layer.name();
    String t = parts.timesteps();
    MethodSpec.Builder method = LayerEmitter.forwardMethod(parts, name, Describe.layer(layer) + "\n");
    method.addComment("x·W + b for every timestep in one matrix product; only h·U stays in the loop.");
    method.addStatement("$T.matmul($N, 0, $L, $L, $L,$W$N, 0, $L, $L,$W$L, 0,$W$N, 0, $L)", Runtime.KERNELS,
        in.field(), in.stride(), t, in.width(),
        Names.field(name, "Kernel"), gates(name), gates(name),
        layer.useBias() ? Names.field(name, "Bias") : "null",
        Names.field(name, "Projection"), gates(name));
    method.addStatement("$T.fill($N, 0f)", Arrays.class, Names.field(name, "H"));
    for (String state : extraState) {
      method.addStatement("$T.fill($N, 0f)", Arrays.class, state);
    }
    method.beginControlFlow("for (int t = 0; t < $L; t++)", t);
    method.addStatement(step);
    if (layer.returnSequences()) {
      method.addStatement("$T.arraycopy($N, 0, $N, t * $L, $L)", System.class, Names.field(name, "H"),
          Names.field(name, "Output"), stride(name), stride(name));
    }
    method.endControlFlow();
    parts.forwardMethods.add(method.build());
    return layer.returnSequences()
        ? new Buffer(Names.field(name, "Output"), units(name), stride(name), true)
        : new Buffer(Names.field(name, "H"), units(name), stride(name), false);
  }

  static CodeBlock activation(ActivationName activation) {
    return CodeBlock.of("$T.$L", Runtime.ACTIVATION, activation.name());
  }

  static String units(String name) {
    return Names.constant(name, "UNITS");
  }

  static String stride(String name) {
    return Names.constant(name, "STRIDE");
  }

  static String gates(String name) {
    return Names.constant(name, "GATES");
  }

  /** Rounds up to 16 floats, matching {@code PackedLayout.padded}. */
  static int padded(int n) {
    return (n + 15) / 16 * 16;
  }
}
