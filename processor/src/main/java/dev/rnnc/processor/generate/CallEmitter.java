package dev.rnnc.processor.generate;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emits the call methods. Every argument is checked at this public boundary (shape, finiteness,
 * token range) before any computation, so a bad call throws and changes nothing; the output array
 * of an {@code into} call is checked before it is written.
 */
final class CallEmitter {
  private final Shape input;
  private final Shape output;
  private final Buffer lastOutput;

  /**
   * The buffer the call being emitted returns: the last layer's output, or the one direction a
   * {@code @Forward}/{@code @Backward} call returns.
   */
  private Buffer result;

  private final boolean variable;
  private final String vocabulary;
  private final ClassParts parts;
  private final List<CodeBlock> states;
  private final List<String[]> initialStateFields;
  private final LockstepEmitter lockstep;

  /** The model and every layer's output buffer, for calls with several outputs. */
  ModelSpec model;

  java.util.Map<String, Buffer> buffers;

  /**
   * @param result the buffer holding the last layer's output
   * @param vocabulary the constant bounding token ids (token input only)
   * @param states copies of the final states a record result carries after the output
   * @param initialStateFields the field and width constant of each state a call may pass
   * @param lockstep the lockstep path of batch calls, or null when the model has none
   */
  CallEmitter(
      Shape input,
      Shape output,
      Buffer result,
      String vocabulary,
      ClassParts parts,
      List<CodeBlock> states,
      List<String[]> initialStateFields,
      LockstepEmitter lockstep) {
    this.lockstep = lockstep;
    this.states = states;
    this.initialStateFields = initialStateFields;
    this.input = input;
    this.output = output;
    this.lastOutput = result;
    this.result = result;
    this.variable = parts.timestepsParameter;
    this.vocabulary = vocabulary;
    this.parts = parts;
  }

  MethodSpec emit(CallSpec call) {
    result = call.direction() != null ? buffers.get(call.direction()) : lastOutput;
    if (call.form() == CallSpec.Form.RESET_STATES) {
      return resetStates();
    }
    if (call.form() == CallSpec.Form.RESET_ROW) {
      return resetRow(call);
    }
    if (call.step()) {
      return step(call);
    }
    String in = call.parameters().get(0);
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(call.name())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(
                call.batch() ? ArrayTypeName.of(sampleType(input)) : sampleType(input), in);
    if (call.masked()) {
      method.addParameter(
          call.lengths() ? int[].class : call.batch() ? boolean[][].class : boolean[].class,
          call.parameters().get(1));
    }
    Class<?> stateType =
        call.torchStates()
            ? call.batch() ? float[][][].class : float[][].class
            : call.batch() ? float[][].class : float[].class;
    states(call, inputs(call)).forEach(state -> method.addParameter(stateType, state));
    if (call.into()) {
      method.addParameter(
          call.batch() ? ArrayTypeName.of(sampleType(output)) : sampleType(output),
          outParameter(call, inputs(call)));
    } else {
      TypeName sample = call.record() != null ? ClassName.get(call.record()) : sampleType(output);
      method.returns(call.batch() ? ArrayTypeName.of(sample) : sample);
    }
    if (call.batch()) {
      batch(method, call, in);
    } else {
      single(method, call, in);
    }
    return method.build();
  }

  /** {@code void resetStates()}: zeroes every stateful layer's states. */
  private MethodSpec resetStates() {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("resetStates")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc(
                "Zeroes the carried states of $L.\n", String.join(", ", parts.statefulLayers));
    for (String layer : parts.statefulLayers) {
      method.addStatement("$N()", Names.reset(layer));
    }
    return method.build();
  }

  /**
   * {@code void resetStates(int row)}: zeroes one batch row's carried states, in every stateful
   * layer; the other rows keep theirs.
   */
  private MethodSpec resetRow(CallSpec call) {
    String row = call.parameters().get(0);
    return MethodSpec.methodBuilder(call.name())
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(int.class, row)
        .addJavadoc(
            "Zeroes batch row {@code $L}'s carried states; the other rows keep theirs.\n", row)
        .addStatement("$T.checkStateRow($N, BATCH_SIZE)", RuntimeTypes.INPUTS, row)
        .addStatement("$T.fill($N[$N], 0f)", Arrays.class, StateRows.FIELD, row)
        .build();
  }

  /** Whether the model keeps rows of states, one per batch row ({@code @Input(batchSize)}). */
  private boolean stateRows() {
    return model.stateRows() > 0;
  }

  /** One timestep of a stateful model: the step's features in, that step's output out. */
  private MethodSpec step(CallSpec call) {
    String in = call.parameters().get(0);
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(call.name())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(float[].class, in);
    if (call.into()) {
      method.addParameter(float[].class, call.parameters().get(1));
    } else {
      method.returns(float[].class);
    }
    method.addStatement("$T.checkStep($N, $S, FEATURES)", RuntimeTypes.INPUTS, in, in);
    if (call.into()) {
      String out = call.parameters().get(1);
      method.addStatement(
          "$T.checkVector($N, $S, -1, $L)", RuntimeTypes.OUTPUTS, out, out, result.width());
    }
    if (parts.variableTimesteps) {
      method.addStatement("ensureCapacity(1)");
    }
    if (model.callMasks()) {
      method.addStatement("this.mask[0] = true"); // a step call passes no mask
    }
    if (parts.packedCalls) {
      method.addStatement("packed = false");
    }
    method.addStatement("$T.arraycopy($N, 0, input, 0, FEATURES)", System.class, in);
    if (stateRows()) {
      method.addCode(StateRows.load("0")); // batch size 1: the one row
    }
    method.addStatement("forward(1)");
    if (stateRows()) {
      method.addCode(StateRows.store("0"));
    }
    // One timestep: a sequence output has one row, at offset 0 like a vector output.
    if (call.into()) {
      method.addStatement(
          "$T.arraycopy($N, 0, $N, 0, $L)",
          System.class,
          result.field(),
          call.parameters().get(1),
          result.width());
    } else {
      method.addStatement("return $T.copyOf($N, $L)", Arrays.class, result.field(), result.width());
    }
    return method.build();
  }

  private void single(MethodSpec.Builder method, CallSpec call, String in) {
    method.addStatement(variable ? "int timesteps = $L" : "$L", checkInput(in, false));
    String timesteps = variable ? "timesteps" : "TIMESTEPS";
    if (call.masked()) {
      String mask = call.parameters().get(1);
      method.addStatement(
          "$T.checkMask($N, $S, -1, $L)", RuntimeTypes.MASKS, mask, mask, timesteps);
    }
    String out = call.into() ? outParameter(call, inputs(call)) : null;
    if (call.into()) {
      method.addStatement(checkOutput(out, out, "-1", timesteps));
    }
    List<String> states = states(call, inputs(call));
    if (call.torchStates()) {
      checkTorchStates(method, states, initialStateFields, null, null);
    } else {
      checkStates(method, states, initialStateFields, null);
    }
    if (stateRows()) {
      method.addCode(StateRows.load("0")); // batch size 1: the one row
    }
    startFromStates(
        method,
        stateSources(call, states, initialStateFields),
        initialStateFields,
        "",
        "The first recurrent layer");
    setMask(method, call, "", timesteps);
    method.addStatement(run(in, timesteps));
    if (stateRows()) {
      method.addCode(StateRows.store("0"));
    }
    if (call.into()) {
      method.addStatement(copyOut(out, timesteps));
    } else {
      method.addStatement("return $L", result(call, timesteps));
    }
  }

  /**
   * A new result: the output, the record of the output and the final states, or the record of
   * several outputs.
   */
  private CodeBlock result(CallSpec call, String timesteps) {
    if (call.record() != null && !call.outputs().isEmpty()) {
      return OutputRecords.of(call, model, buffers, layer -> timesteps);
    }
    if (call.record() == null) {
      return newOut(timesteps);
    }
    List<CodeBlock> components = new ArrayList<>();
    components.add(newOut(timesteps));
    components.addAll(states);
    return CodeBlock.of(
        "new $T($L)", ClassName.get(call.record()), CodeBlock.join(components, ",$W"));
  }

  private void batch(MethodSpec.Builder method, CallSpec call, String in) {
    String inName = in; // the caller's name, in error messages
    String outName = call.into() ? outParameter(call, inputs(call)) : null;
    if (call.sequenceFirst()) {
      String batchFirst = in + "BatchFirst";
      method.addComment(
          "$N is sequence-first (timesteps, batch, features), PyTorch's batch_first = False:", in);
      method.addComment("the same rows, re-indexed batch-first (no values copied)");
      method.addStatement(
          "float[][][] $N = $T.toBatchFirst($N, $S, TIMESTEPS, FEATURES)",
          batchFirst,
          RuntimeTypes.SEQUENCE_FIRST,
          in,
          in);
      in = batchFirst;
      if (call.into() && output.kind() == Shape.Kind.SEQUENCE) {
        method.addComment("$N is sequence-first too: written through a batch-first view", outName);
        String outBatchFirst = outName + "BatchFirst";
        method.addStatement(
            "float[][][] $N = $T.outputToBatchFirst($N, $S, $N[0].length, $N.length, $L)",
            outBatchFirst,
            RuntimeTypes.SEQUENCE_FIRST,
            outName,
            outName,
            in,
            in,
            result.width());
        outName = outBatchFirst;
      }
    }
    if (lockstep != null && call.runsInLockstep()) {
      lockstepBatch(method, call, in, outName);
      return;
    }
    method.addStatement(checkInput(in, true));
    if (call.masked()) {
      String mask = call.parameters().get(1);
      method.addStatement(
          "$T.$L($N, $S, $N)",
          RuntimeTypes.MASKS,
          call.lengths() ? "checkLengths" : "checkMasks",
          mask,
          mask,
          in);
    }
    if (stateRows()) {
      method.addStatement("$T.checkStateRows($N, $S, BATCH_SIZE)", RuntimeTypes.INPUTS, in, in);
    }
    List<String> states = states(call, inputs(call));
    if (call.torchStates()) {
      checkTorchStates(method, states, initialStateFields, in, inName);
    } else {
      checkStates(method, states, initialStateFields, in, inName);
    }
    List<String> sources = stateSources(call, states, initialStateFields);
    String sampleTimesteps = variable ? in + "[i].length" : "TIMESTEPS";
    String sample = in + "[i]";
    if (call.into()) {
      String out = outName;
      method.addStatement("$T.checkBatch($N, $S, $N.length)", RuntimeTypes.OUTPUTS, out, out, in);
      method.beginControlFlow("for (int i = 0; i < $N.length; i++)", in);
      method.addStatement(checkOutput(out + "[i]", out, "i", sampleTimesteps));
      method.endControlFlow();
      method.beginControlFlow("for (int i = 0; i < $N.length; i++)", in);
      if (stateRows()) {
        method.addCode(StateRows.load("i")); // each batch row continues its own states
      }
      startFromStates(method, sources, initialStateFields, "[i]", "The first recurrent layer");
      setMask(method, call, "[i]", sampleTimesteps);
      method.addStatement(run(sample, sampleTimesteps));
      if (stateRows()) {
        method.addCode(StateRows.store("i"));
      }
      method.addStatement(copyOut(out + "[i]", sampleTimesteps));
      method.endControlFlow();
    } else {
      TypeName out = call.record() != null ? ClassName.get(call.record()) : sampleType(output);
      method.addStatement(
          "$T[] results = new $T[$N.length]$L", out, arrayBase(out), in, arraySuffix(out));
      method.beginControlFlow("for (int i = 0; i < $N.length; i++)", in);
      if (stateRows()) {
        method.addCode(StateRows.load("i")); // each batch row continues its own states
      }
      startFromStates(method, sources, initialStateFields, "[i]", "The first recurrent layer");
      setMask(method, call, "[i]", sampleTimesteps);
      method.addStatement(run(sample, sampleTimesteps));
      if (stateRows()) {
        method.addCode(StateRows.store("i"));
      }
      method.addStatement("results[i] = $L", result(call, sampleTimesteps));
      method.endControlFlow();
      returnResults(method, call);
    }
  }

  /**
   * A batch call on the lockstep path: the same checks, then chunk after chunk through runChunk.
   */
  private void lockstepBatch(MethodSpec.Builder method, CallSpec call, String in, String out) {
    method.addStatement(checkInput(in, true));
    Buffer chunk = lockstep.result();
    // Sample b's output in the chunk buffer: one row, or one row per timestep.
    String at =
        output.kind() == Shape.Kind.VECTOR
            ? "b * " + chunk.stride()
            : "b * TIMESTEPS * " + chunk.stride();
    if (call.into()) {
      method.addStatement("$T.checkBatch($N, $S, $N.length)", RuntimeTypes.OUTPUTS, out, out, in);
      method.beginControlFlow("for (int i = 0; i < $N.length; i++)", in);
      method.addStatement(checkOutput(out + "[i]", out, "i", "TIMESTEPS"));
      method.endControlFlow();
      CodeBlock copy =
          output.kind() == Shape.Kind.VECTOR
              ? CodeBlock.of(
                  "$T.arraycopy($N, $L, $N[start + b], 0, $L);\n",
                  System.class,
                  chunk.field(),
                  at,
                  out,
                  chunk.width())
              : CodeBlock.of(
                  "$T.copySequence($N, $L, TIMESTEPS, $L, $L, $N[start + b]);\n",
                  RuntimeTypes.OUTPUTS,
                  chunk.field(),
                  at,
                  chunk.width(),
                  chunk.stride(),
                  out);
      method.addCode(LockstepEmitter.chunks(in, copy));
    } else {
      TypeName sample = sampleType(output);
      method.addStatement(
          "$T[] results = new $T[$N.length]$L", sample, arrayBase(sample), in, arraySuffix(sample));
      CodeBlock result =
          output.kind() == Shape.Kind.VECTOR
              ? CodeBlock.of(
                  "results[start + b] = $T.copyOfRange($N, $L, $L + $L);\n",
                  Arrays.class,
                  chunk.field(),
                  at,
                  at,
                  chunk.width())
              : CodeBlock.of(
                  "results[start + b] = $T.sequence($N, $L, TIMESTEPS, $L, $L);\n",
                  RuntimeTypes.OUTPUTS,
                  chunk.field(),
                  at,
                  chunk.width(),
                  chunk.stride());
      method.addCode(LockstepEmitter.chunks(in, result));
      returnResults(method, call);
    }
  }

  /**
   * {@code return results}, or for a {@code @SequenceFirst} call with a sequence output the results
   * re-indexed sequence-first, (timesteps, batch, units).
   */
  private void returnResults(MethodSpec.Builder method, CallSpec call) {
    if (call.sequenceFirst() && output.kind() == Shape.Kind.SEQUENCE) {
      String in = call.parameters().getFirst();
      method.addStatement(
          "return $T.toSequenceFirst(results, $N.length)", RuntimeTypes.SEQUENCE_FIRST, in);
    } else {
      method.addStatement("return results");
    }
  }

  /** The parameters before any states: the input, and the mask passed with it. */
  private static int inputs(CallSpec call) {
    return call.masked() ? 2 : 1;
  }

  /**
   * Sets the input's mask of a model whose calls pass masks (Keras' {@code mask=}) before a run:
   * the call's mask for sample {@code row} ({@code ""} or {@code "[i]"}), or all true for a call
   * that passes none. Nothing for other models.
   */
  private void setMask(MethodSpec.Builder method, CallSpec call, String row, String timesteps) {
    if (!model.callMasks()) {
      return;
    }
    if (parts.variableTimesteps) {
      method.addStatement("ensureCapacity($L)", timesteps); // the mask grows with the input
    }
    String mask = call.masked() ? call.parameters().get(1) : null;
    if (parts.packedCalls) {
      method.addStatement("packed = $L", call.mask() == CallSpec.Mask.PACKED);
    }
    switch (call.mask()) {
      case NONE -> {
        method.addComment("No mask passed: every timestep is real.");
        method.addStatement("$T.fill(this.mask, 0, $L, true)", Arrays.class, timesteps);
      }
      case TIMESTEPS ->
          method.addStatement(
              "$T.arraycopy($N$L, 0, this.mask, 0, $L)", System.class, mask, row, timesteps);
      case LENGTHS, PACKED ->
          method.addStatement(
              "$T.fromLength($N$L, $L, this.mask)", RuntimeTypes.MASKS, mask, row, timesteps);
    }
  }

  /**
   * The initial-state parameters of a call, after its {@code inputs} input parameters (none if it
   * passes none).
   */
  static List<String> states(CallSpec call, int inputs) {
    return call.initialStates()
        ? call.parameters().subList(inputs, call.parameters().size() - (call.into() ? 1 : 0))
        : List.of();
  }

  /**
   * The output array of an {@code into} call: its last parameter, after the inputs and any states.
   */
  static String outParameter(CallSpec call, int inputs) {
    return call.parameters().get(inputs + states(call, inputs).size());
  }

  /**
   * Checks the initial states a call passes, each as wide as its field: one vector each, or with
   * {@code batch} (the first input's parameter) one row per sample of that batch.
   */
  static void checkStates(
      MethodSpec.Builder method, List<String> states, List<String[]> fields, String batch) {
    checkStates(method, states, fields, batch, batch);
  }

  /** {@link #checkStates}, naming the batch {@code batchName} in its errors. */
  static void checkStates(
      MethodSpec.Builder method,
      List<String> states,
      List<String[]> fields,
      String batch,
      String batchName) {
    for (int i = 0; i < states.size(); i++) {
      String state = states.get(i);
      if (batch == null) {
        method.addStatement(
            "$T.checkVector($N, $S, $L)", RuntimeTypes.INPUTS, state, state, fields.get(i)[1]);
      } else {
        method.addStatement(
            "$T.checkVectors($N, $S, $L)", RuntimeTypes.INPUTS, state, state, fields.get(i)[1]);
        method.addStatement(
            "$T.checkSameBatch($N, $S, $N, $S)",
            RuntimeTypes.INPUTS,
            batch,
            batchName,
            state,
            state);
      }
    }
  }

  /**
   * Checks initial states passed in PyTorch's layout, one array per kind of state: {@code (rows,
   * width)} for one sample, or with {@code batch} {@code (rows, batch, width)}, rows = layers ·
   * directions.
   */
  static void checkTorchStates(
      MethodSpec.Builder method,
      List<String> states,
      List<String[]> initialStateFields,
      String batch,
      String batchName) {
    int rows = initialStateFields.size() / states.size();
    for (int k = 0; k < states.size(); k++) {
      String state = states.get(k);
      String width = initialStateFields.get(k)[1]; // the kind's width, as in every row
      if (batch == null) {
        method.addStatement(
            "$T.checkLayerStates($N, $S, $L, $L)", RuntimeTypes.INPUTS, state, state, rows, width);
      } else {
        method.addStatement(
            "$T.checkLayerStates($N, $S, $L, $N.length, $S, $L)",
            RuntimeTypes.INPUTS,
            state,
            state,
            rows,
            batch,
            batchName,
            width);
      }
    }
  }

  /**
   * What each initial state is read from, in {@code initialStateFields} order: its parameter, or in
   * PyTorch's layout the row of its kind's parameter for its layer and direction ({@code c0[2]}:
   * layer 1's forward c of a bidirectional LSTM).
   */
  static List<String> stateSources(
      CallSpec call, List<String> states, List<String[]> initialStateFields) {
    if (!call.torchStates()) {
      return states;
    }
    List<String> sources = new ArrayList<>();
    for (int s = 0; s < initialStateFields.size(); s++) {
      sources.add(states.get(s % states.size()) + "[" + s / states.size() + "]");
    }
    return sources;
  }

  /**
   * Copies the states (of sample {@code row}: {@code ""} or {@code "[i]"}) into the layer that
   * takes them, which starts its next run from them instead of zeros.
   */
  static void startFromStates(
      MethodSpec.Builder method,
      List<String> states,
      List<String[]> fields,
      String row,
      String layer) {
    if (states.isEmpty()) {
      return;
    }
    method.addComment("$L starts from the given states instead of zeros.", layer);
    for (int i = 0; i < states.size(); i++) {
      String[] field = fields.get(i);
      method.addStatement(
          "$T.arraycopy($L$L, 0, $L, 0, $L)", System.class, states.get(i), row, field[0], field[1]);
    }
    method.addStatement("initialStates = true");
  }

  private CodeBlock checkInput(String in, boolean batch) {
    if (input.kind() == Shape.Kind.TOKENS) {
      return CodeBlock.of(
          "$T.$L($N, $S, TIMESTEPS, $L)",
          RuntimeTypes.INPUTS,
          batch ? "checkTokenBatch" : "checkTokens",
          in,
          in,
          vocabulary);
    }
    return CodeBlock.of(
        "$T.$L($N, $S, TIMESTEPS, FEATURES)",
        RuntimeTypes.INPUTS,
        batch ? "checkSequences" : "checkSequence",
        in,
        in);
  }

  /**
   * Checks the output array {@code array} (e.g. {@code out[i]}), named {@code name} at {@code
   * index} (-1: none).
   */
  private CodeBlock checkOutput(String array, String name, String index, String timesteps) {
    return output.kind() == Shape.Kind.VECTOR
        ? CodeBlock.of(
            "$T.checkVector($L, $S, $L, $L)",
            RuntimeTypes.OUTPUTS,
            array,
            name,
            index,
            result.width())
        : CodeBlock.of(
            "$T.checkSequence($L, $S, $L, $L, $L)",
            RuntimeTypes.OUTPUTS,
            array,
            name,
            index,
            timesteps,
            result.width());
  }

  private CodeBlock run(String sample, String timesteps) {
    return variable
        ? CodeBlock.of("run($L, $L)", sample, timesteps)
        : CodeBlock.of("run($L)", sample);
  }

  private CodeBlock newOut(String timesteps) {
    return output.kind() == Shape.Kind.VECTOR
        ? CodeBlock.of("$T.copyOf($N, $L)", Arrays.class, result.field(), result.width())
        : CodeBlock.of(
            "$T.sequence($N, $L, $L, $L)",
            RuntimeTypes.OUTPUTS,
            result.field(),
            timesteps,
            result.width(),
            result.stride());
  }

  private CodeBlock copyOut(String out, String timesteps) {
    return output.kind() == Shape.Kind.VECTOR
        ? CodeBlock.of(
            "$T.arraycopy($N, 0, $L, 0, $L)", System.class, result.field(), out, result.width())
        : CodeBlock.of(
            "$T.copySequence($N, $L, $L, $L, $L)",
            RuntimeTypes.OUTPUTS,
            result.field(),
            timesteps,
            result.width(),
            result.stride(),
            out);
  }

  /** The Java type of one sample of a shape. */
  static TypeName sampleType(Shape shape) {
    return switch (shape.kind()) {
      case SEQUENCE -> ArrayTypeName.of(float[].class);
      case VECTOR -> ArrayTypeName.of(float.class);
      case TOKENS -> ArrayTypeName.of(int.class);
    };
  }

  private static TypeName arrayBase(TypeName type) {
    TypeName base = type;
    while (base instanceof ArrayTypeName array) {
      base = array.componentType();
    }
    return base;
  }

  private static String arraySuffix(TypeName type) {
    StringBuilder suffix = new StringBuilder();
    for (TypeName t = type; t instanceof ArrayTypeName array; t = array.componentType()) {
      suffix.append("[]");
    }
    return suffix.toString();
  }
}
