package dev.rnnc.processor.generate;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.InputSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Shape;
import dev.rnnc.processor.spec.SharedSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emits the call methods of a model with several inputs: one parameter per input, in declaration
 * order, each checked at this public boundary before anything is computed; in a batch call every
 * input (and every batch of initial states) must hold the same number of samples.
 */
final class SeveralInputsCallEmitter {
  private final ModelSpec model;
  private final SeveralInputs inputs;
  private final Buffer lastOutput;

  /**
   * The buffer the call being emitted returns: the last layer's output, or the one direction a
   * {@code @Forward}/{@code @Backward} call returns.
   */
  private Buffer result;

  private final ClassParts parts;
  private final List<CodeBlock> states;
  private final List<String[]> initialStateFields;

  /** Every layer's output buffer, for calls with several outputs. */
  java.util.Map<String, Buffer> buffers;

  /** The input whose timesteps the output follows (a sequence output). */
  private final int outputTimeline;

  /**
   * @param states copies of the final states a record result carries after the output
   * @param initialStateFields the array and width of each state a call may pass (the first
   *     recurrent layer's)
   */
  SeveralInputsCallEmitter(
      ModelSpec model,
      SeveralInputs inputs,
      Buffer result,
      ClassParts parts,
      List<CodeBlock> states,
      List<String[]> initialStateFields) {
    this.model = model;
    this.initialStateFields = initialStateFields;
    this.inputs = inputs;
    this.lastOutput = result;
    this.result = result;
    this.parts = parts;
    this.states = states;
    this.outputTimeline = model.inputs().indexOf(model.timeline(model.layers().getLast().name()));
  }

  MethodSpec emit(CallSpec call) {
    result = call.direction() != null ? buffers.get(call.direction()) : lastOutput;
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(call.name())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC);
    if (call.form() == CallSpec.Form.RESET_STATES) {
      method.addJavadoc(
          "Zeroes the carried states of $L.\n", String.join(", ", parts.statefulLayers));
      parts.statefulLayers.forEach(layer -> method.addStatement("$N()", Names.reset(layer)));
      return method.build();
    }
    int n = model.inputs().size();
    for (int i = 0; i < n; i++) {
      TypeName sample = CallEmitter.sampleType(model.inputs().get(i).shape());
      method.addParameter(call.batch() ? ArrayTypeName.of(sample) : sample, call.inputParameter(i));
      if (call.lengthsParameter(i) != null) { // @Packed or Keras' lengths, or a boolean mask
        method.addParameter(
            call.mask() != CallSpec.Mask.TIMESTEPS
                ? int[].class
                : call.batch() ? boolean[][].class : boolean[].class,
            call.lengthsParameter(i));
      }
    }
    int leading = call.leadingParameters(n);
    Class<?> stateType =
        call.torchStates()
            ? call.batch() ? float[][][].class : float[][].class
            : call.batch() ? float[][].class : float[].class;
    CallEmitter.states(call, leading).forEach(state -> method.addParameter(stateType, state));
    Shape output = model.output();
    if (call.into()) {
      TypeName sample = CallEmitter.sampleType(output);
      method.addParameter(
          call.batch() ? ArrayTypeName.of(sample) : sample,
          CallEmitter.outParameter(call, leading));
    } else {
      TypeName sample =
          call.record() != null ? ClassName.get(call.record()) : CallEmitter.sampleType(output);
      method.returns(call.batch() ? ArrayTypeName.of(sample) : sample);
    }
    if (call.batch()) {
      batch(method, call);
    } else {
      single(method, call);
    }
    return method.build();
  }

  private void single(MethodSpec.Builder method, CallSpec call) {
    List<String> timesteps = new ArrayList<>();
    for (int i = 0; i < model.inputs().size(); i++) {
      InputSpec input = model.inputs().get(i);
      String p = call.inputParameter(i);
      CodeBlock check = check(input, p, false);
      if (input.shape().variableTimesteps()) {
        method.addStatement("int $N = $L", p + "Timesteps", check);
        timesteps.add(p + "Timesteps");
      } else {
        method.addStatement("$L", check);
        timesteps.add(SeveralInputs.constant(input, "TIMESTEPS"));
      }
    }
    String outTimesteps = timesteps.get(outputTimeline);
    int n = model.inputs().size();
    int leading = call.leadingParameters(n);
    for (int i = 0; i < n; i++) {
      String mask = call.lengthsParameter(i);
      if (mask != null) { // one entry per timestep of its input
        method.addStatement(
            "$T.checkMask($N, $S, -1, $L)", RuntimeTypes.MASKS, mask, mask, timesteps.get(i));
      }
    }
    if (call.into()) {
      String out = CallEmitter.outParameter(call, leading);
      method.addStatement(checkOutput(out, out, "-1", outTimesteps));
    }
    List<String> states = CallEmitter.states(call, leading);
    checkStates(method, call, states, null);
    CallEmitter.startFromStates(
        method,
        CallEmitter.stateSources(call, states, initialStateFields),
        initialStateFields,
        "",
        statesTaker());
    setMasks(method, call, "", timesteps);
    List<String> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      samples.add(call.inputParameter(i));
    }
    method.addStatement(run(samples, timesteps));
    if (call.into()) {
      method.addStatement(copyOut(CallEmitter.outParameter(call, leading), outTimesteps));
    } else {
      method.addStatement("return $L", result(call, outTimesteps, timesteps));
    }
  }

  private void batch(MethodSpec.Builder method, CallSpec call) {
    int n = model.inputs().size();
    int leading = call.leadingParameters(n);
    List<String> ins = batchFirst(method, call);
    String first = ins.get(0);
    for (int i = 0; i < n; i++) {
      method.addStatement(check(model.inputs().get(i), ins.get(i), call.inputParameter(i), true));
    }
    for (int i = 1; i < n; i++) {
      method.addStatement(
          "$T.checkSameBatch($N, $S, $N, $S)",
          RuntimeTypes.INPUTS,
          first,
          call.inputParameter(0),
          ins.get(i),
          call.inputParameter(i));
    }
    for (int i = 0; i < n; i++) {
      String lengths = call.lengthsParameter(i);
      if (lengths != null) { // one per sample of its input, each fitting that sample's timesteps
        method.addStatement(
            "$T.$L($N, $S, $N)",
            RuntimeTypes.MASKS,
            call.mask() == CallSpec.Mask.TIMESTEPS ? "checkMasks" : "checkLengths",
            lengths,
            lengths,
            ins.get(i));
      }
    }
    List<String> states = CallEmitter.states(call, leading);
    checkStates(method, call, states, first);
    List<String> sources = CallEmitter.stateSources(call, states, initialStateFields);
    List<String> samples = new ArrayList<>();
    List<String> timesteps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      InputSpec input = model.inputs().get(i);
      String p = ins.get(i);
      samples.add(p + "[i]");
      timesteps.add(
          input.shape().variableTimesteps()
              ? p + "[i].length"
              : SeveralInputs.constant(input, "TIMESTEPS"));
    }
    String outTimesteps = timesteps.get(outputTimeline);
    if (call.into()) {
      String out = CallEmitter.outParameter(call, leading);
      if (call.sequenceFirst() && model.output().kind() == Shape.Kind.SEQUENCE) {
        method.addComment("$N is sequence-first too: written through a batch-first view", out);
        String outBatchFirst = out + "BatchFirst";
        String along = ins.get(outputTimeline);
        method.addStatement(
            "float[][][] $N = $T.outputToBatchFirst($N, $S, $N[0].length, $N.length, $L)",
            outBatchFirst,
            RuntimeTypes.SEQUENCE_FIRST,
            out,
            out,
            along,
            along,
            result.width());
        out = outBatchFirst;
      }
      method.addStatement(
          "$T.checkBatch($N, $S, $N.length)", RuntimeTypes.OUTPUTS, out, out, first);
      method.beginControlFlow("for (int i = 0; i < $N.length; i++)", first);
      method.addStatement(checkOutput(out + "[i]", out, "i", outTimesteps));
      method.endControlFlow();
      method.beginControlFlow("for (int i = 0; i < $N.length; i++)", first);
      CallEmitter.startFromStates(method, sources, initialStateFields, "[i]", statesTaker());
      setMasks(method, call, "[i]", timesteps);
      method.addStatement(run(samples, timesteps));
      method.addStatement(copyOut(out + "[i]", outTimesteps));
      method.endControlFlow();
    } else {
      TypeName out =
          call.record() != null
              ? ClassName.get(call.record())
              : CallEmitter.sampleType(model.output());
      TypeName base = out;
      StringBuilder dimensions = new StringBuilder();
      while (base instanceof ArrayTypeName array) {
        base = array.componentType();
        dimensions.append("[]");
      }
      method.addStatement("$T[] results = new $T[$N.length]$L", out, base, first, dimensions);
      method.beginControlFlow("for (int i = 0; i < $N.length; i++)", first);
      CallEmitter.startFromStates(method, sources, initialStateFields, "[i]", statesTaker());
      setMasks(method, call, "[i]", timesteps);
      method.addStatement(run(samples, timesteps));
      method.addStatement("results[i] = $L", result(call, outTimesteps, timesteps));
      method.endControlFlow();
      if (call.sequenceFirst() && model.output().kind() == Shape.Kind.SEQUENCE) {
        method.addStatement(
            "return $T.toSequenceFirst(results, $N.length)",
            RuntimeTypes.SEQUENCE_FIRST,
            call.inputParameter(outputTimeline));
      } else {
        method.addStatement("return results");
      }
    }
  }

  /**
   * The batch-first name of each input of a batch call: its parameter, or for a float sequence
   * input of a {@code @SequenceFirst} call a batch-first view of it ({@code aBatchFirst}), declared
   * here (the rows re-indexed, no value copied).
   */
  private List<String> batchFirst(MethodSpec.Builder method, CallSpec call) {
    List<String> ins = new ArrayList<>();
    for (int i = 0; i < model.inputs().size(); i++) {
      InputSpec input = model.inputs().get(i);
      String p = call.inputParameter(i);
      if (!call.sequenceFirst() || input.shape().kind() != Shape.Kind.SEQUENCE) {
        ins.add(p);
        continue;
      }
      if (ins.stream().noneMatch(name -> name.endsWith("BatchFirst"))) { // the first view
        method.addComment(
            "Sequence inputs are sequence-first (timesteps, batch, features), PyTorch's"
                + " batch_first = False:");
        method.addComment("the same rows, re-indexed batch-first (no values copied)");
      }
      String view = p + "BatchFirst";
      method.addStatement(
          "float[][][] $N = $T.toBatchFirst($N, $S, $L, $L)",
          view,
          RuntimeTypes.SEQUENCE_FIRST,
          p,
          p,
          SeveralInputs.constant(input, "TIMESTEPS"),
          SeveralInputs.constant(input, "FEATURES"));
      ins.add(view);
    }
    return ins;
  }

  /**
   * Checks the initial states a call passes: one array per state ({@code float[]}, or a row per
   * sample of {@code batch}), or PyTorch's one per kind of state, a row per layer and direction.
   */
  private void checkStates(
      MethodSpec.Builder method, CallSpec call, List<String> states, String batch) {
    // a batch-first view of the first input is named after its parameter in errors
    String name = batch == null ? null : call.inputParameter(0);
    if (call.torchStates()) {
      CallEmitter.checkTorchStates(method, states, initialStateFields, batch, name);
    } else {
      CallEmitter.checkStates(method, states, initialStateFields, batch, name);
    }
  }

  /**
   * Sets the mask of each input some call passes {@code @Packed} lengths or a Keras mask after,
   * before a run of sample {@code row} ({@code ""} or {@code "[i]"}): from this call's lengths or
   * mask of that input, or all true when it passes none (the input is read whole). Nothing for
   * other models.
   */
  private void setMasks(
      MethodSpec.Builder method, CallSpec call, String row, List<String> timesteps) {
    if (model.maskedInputs().isEmpty()) {
      return;
    }
    if (parts.packedCalls) {
      method.addStatement("packed = $L", call.mask() == CallSpec.Mask.PACKED);
    }
    for (InputSpec input : model.maskedInputs()) {
      int i = model.inputs().indexOf(input);
      ClassParts.Timeline timeline = inputs.timelines().get(i);
      if (timeline.variable()) { // the mask grows with the input
        method.addStatement("$N($L)", timeline.ensure(), timesteps.get(i));
      }
      String mask = maskField(input);
      String lengths = call.lengthsParameter(i);
      if (lengths == null) {
        method.addComment(
            "No $L of $L passed: every timestep is real.",
            call.mask() == CallSpec.Mask.TIMESTEPS ? "mask" : "lengths",
            input.name());
        method.addStatement("$T.fill(this.$N, 0, $L, true)", Arrays.class, mask, timesteps.get(i));
      } else if (call.mask() == CallSpec.Mask.TIMESTEPS) { // this.: a parameter may be aMask too
        method.addStatement(
            "$T.arraycopy($N$L, 0, this.$N, 0, $L)",
            System.class,
            lengths,
            row,
            mask,
            timesteps.get(i));
      } else {
        method.addStatement(
            "$T.fromLength($N$L, $L, this.$N)",
            RuntimeTypes.MASKS,
            lengths,
            row,
            timesteps.get(i),
            mask);
      }
    }
  }

  /** The mask of an input some call passes lengths or a mask after: {@code aMask}. */
  static String maskField(InputSpec input) {
    return Names.field(SeveralInputs.javaName(input), "Mask");
  }

  /** The layer that takes the states a call passes, for the comment before they are copied in. */
  private String statesTaker() {
    return model.firstRecurrentLayer() == null ? "" : model.firstRecurrentLayer().name();
  }

  /** The boundary check of one input's argument (a batch with {@code batch}). */
  private CodeBlock check(InputSpec input, String p, boolean batch) {
    return check(input, p, p, batch);
  }

  /**
   * The boundary check of one input's argument {@code p}, named {@code name} in errors (the
   * parameter a batch-first view re-indexes).
   */
  private CodeBlock check(InputSpec input, String p, String name, boolean batch) {
    String timesteps = SeveralInputs.constant(input, "TIMESTEPS");
    String features = SeveralInputs.constant(input, "FEATURES");
    return switch (input.shape().kind()) {
      case SEQUENCE ->
          CodeBlock.of(
              "$T.$L($N, $S, $L, $L)",
              RuntimeTypes.INPUTS,
              batch ? "checkSequences" : "checkSequence",
              p,
              name,
              timesteps,
              features);
      case VECTOR ->
          CodeBlock.of(
              "$T.$L($N, $S, $L)",
              RuntimeTypes.INPUTS,
              batch ? "checkVectors" : "checkVector",
              p,
              name,
              features);
      case TOKENS ->
          CodeBlock.of(
              "$T.$L($N, $S, $L, $L)",
              RuntimeTypes.INPUTS,
              batch ? "checkTokenBatch" : "checkTokens",
              p,
              name,
              timesteps,
              vocabulary(model, input));
    };
  }

  /** The smallest vocabulary among the embeddings that read a token input: ids must fit each. */
  static String vocabulary(ModelSpec model, InputSpec input) {
    List<String> bounds = new ArrayList<>();
    for (int i = 0; i < model.layers().size(); i++) {
      LayerSpec layer = model.layers().get(i);
      boolean embedding =
          layer instanceof EmbeddingSpec
              || layer instanceof SharedSpec s && s.layer() instanceof EmbeddingSpec;
      if (embedding && model.nodes().get(i).input().equals(input.name())) {
        bounds.add(Names.constant(layer.name(), "INPUT_DIM"));
      }
    }
    String bound = bounds.getFirst();
    for (String other : bounds.subList(1, bounds.size())) {
      bound = "Math.min(" + bound + ", " + other + ")";
    }
    return bound;
  }

  /**
   * {@code run(a, b, aTimesteps)}: the samples, then the timesteps of each variable-length input.
   */
  private CodeBlock run(List<String> samples, List<String> timesteps) {
    List<String> args = new ArrayList<>(samples);
    for (int i = 0; i < model.inputs().size(); i++) {
      if (model.inputs().get(i).shape().variableTimesteps()) {
        args.add(timesteps.get(i));
      }
    }
    return CodeBlock.of("run($L)", String.join(", ", args));
  }

  private CodeBlock checkOutput(String array, String name, String index, String timesteps) {
    return model.output().kind() == Shape.Kind.VECTOR
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

  /**
   * @param perInput each input's timesteps expression, for the outputs of a several-outputs record
   */
  private CodeBlock result(CallSpec call, String timesteps, List<String> perInput) {
    if (call.record() != null && !call.outputs().isEmpty()) {
      return OutputRecords.of(
          call,
          model,
          buffers,
          layer -> perInput.get(model.inputs().indexOf(model.timeline(layer))));
    }
    CodeBlock out =
        model.output().kind() == Shape.Kind.VECTOR
            ? CodeBlock.of("$T.copyOf($N, $L)", Arrays.class, result.field(), result.width())
            : CodeBlock.of(
                "$T.sequence($N, $L, $L, $L)",
                RuntimeTypes.OUTPUTS,
                result.field(),
                timesteps,
                result.width(),
                result.stride());
    if (call.record() == null) {
      return out;
    }
    List<CodeBlock> components = new ArrayList<>();
    components.add(out);
    components.addAll(states);
    return CodeBlock.of(
        "new $T($L)", ClassName.get(call.record()), CodeBlock.join(components, ",$W"));
  }

  private CodeBlock copyOut(String out, String timesteps) {
    return model.output().kind() == Shape.Kind.VECTOR
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
}
