package dev.rnnc.processor.build;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.spec.BidirectionalCellSpec;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.CallSpec.Form;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Node;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.Shape;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Matches call methods to the model's shapes. With {@code IN} the Java type of one input sample and
 * {@code OUT} of one output: {@code OUT m(IN)}, {@code OUT[] m(IN[])}, {@code void m(IN, OUT)},
 * {@code void m(IN[], OUT[])}; for stateful models also one timestep per call, {@code float[]
 * m(float[])} and {@code void m(float[], float[])}, and {@code void resetStates()}. Any of the four
 * may pass the first recurrent layer's initial states after the inputs ({@code float[]} each, or
 * {@code float[][]} with a row per sample in a batch). {@code String summary()} is no call: the
 * generated class implements it (Keras' {@code model.summary()}).
 *
 * <p>A call may pass a mask after a float sequence input, as Keras' {@code model(x, mask=m)}:
 * {@code OUT m(IN, boolean[] mask)}, {@code OUT[] m(IN[], boolean[][] mask)}, {@code OUT[] m(IN[],
 * int[] lengths)} (PyTorch's lengths: padding after them), and their {@code into} forms with the
 * output array last. A stateful model with a declared batch size also takes {@code void
 * resetStates(int row)}, and a model whose last layer has {@code mergeMode = "none"} returns a
 * record {@code (OUT forward, OUT backward)}. A batch call may pass PyTorch's {@code @Packed int[]
 * lengths} instead, with several inputs one after each float sequence or token ids input ({@link
 * #matchPacked}).
 */
final class CallMatcher {
  /** How the states of a call that passes them extend to the batch and {@code into} forms. */
  private static final String STATES_IN_OTHER_FORMS =
      "; a batch passes float[][] with a row per sample, an into call puts the output array last";

  private static final String SEQUENCE_FIRST = "dev.rnnc.annotations.SequenceFirst";

  private static final String PACKED = "dev.rnnc.annotations.Packed";

  private static final String FORWARD = "dev.rnnc.annotations.Forward";

  private static final String BACKWARD = "dev.rnnc.annotations.Backward";

  private final ModelSpec model;
  private final String in;
  private final String out;

  CallMatcher(ModelSpec model) {
    this.model = model;
    this.in = javaType(model.input());
    this.out = javaType(model.output());
  }

  List<CallSpec> match(List<ExecutableElement> methods, Diagnostics diagnostics) {
    List<CallSpec> calls = new ArrayList<>();
    for (ExecutableElement method : methods) {
      if (isSummary(method)) {
        continue;
      }
      AnnotationMirror packed = packed(method);
      if (packed != null) {
        CallSpec call = matchPacked(method, packed, diagnostics);
        AnnotationMirror direction = directionMark(method);
        if (call != null && direction != null) { // one direction of the packed batch's output
          call = matchDirection(method, direction, call, diagnostics);
        }
        if (call != null
            && checkDirections(call, method, diagnostics)
            && check(call, method, diagnostics)) {
          AnnotationMirror sequenceFirst = sequenceFirst(method);
          if (sequenceFirst == null) {
            calls.add(call);
          } else if (checkSequenceFirst(call, method, sequenceFirst, diagnostics)) {
            calls.add(call.withSequenceFirst());
          }
        }
        continue;
      }
      AnnotationMirror direction = directionMark(method);
      if (direction != null) {
        CallSpec call = matchDirection(method, direction, null, diagnostics);
        if (call != null && check(call, method, diagnostics)) {
          AnnotationMirror sequenceFirst = sequenceFirst(method);
          if (sequenceFirst == null) {
            calls.add(call);
          } else if (checkSequenceFirst(call, method, sequenceFirst, diagnostics)) {
            calls.add(call.withSequenceFirst());
          }
        }
        continue;
      }
      CallSpec call = match(method);
      String statesProblem = call == null ? initialStatesProblem(method) : null;
      if (statesProblem != null) {
        diagnostics.error(
            method,
            RnncMessage.CALL_INITIAL_STATES,
            signature(method),
            method.getParameters().size() - model.inputs().size(),
            statesProblem);
      } else if (call == null && model.severalInputs()) {
        diagnostics.error(
            method,
            RnncMessage.CALL_SIGNATURE,
            signature(method),
            inputsDescription(),
            model.output(),
            acceptedSeveral(method.getSimpleName().toString()));
      } else if (call == null) {
        diagnostics.error(
            method,
            RnncMessage.CALL_SIGNATURE,
            signature(method),
            model.input(),
            model.output(),
            accepted(method.getSimpleName().toString()));
      } else if (checkDirections(call, method, diagnostics) && check(call, method, diagnostics)) {
        AnnotationMirror sequenceFirst = sequenceFirst(method);
        if (sequenceFirst == null) {
          calls.add(call);
        } else if (checkSequenceFirst(call, method, sequenceFirst, diagnostics)) {
          calls.add(call.withSequenceFirst());
        }
      }
    }
    checkOneKindOfLengths(calls, methods, diagnostics);
    return List.copyOf(calls);
  }

  /** The {@code @Forward} or {@code @Backward} on the method itself, or null. */
  private static AnnotationMirror directionMark(ExecutableElement method) {
    return method.getAnnotationMirrors().stream()
        .filter(
            m -> {
              var name = ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName();
              return name.contentEquals(FORWARD) || name.contentEquals(BACKWARD);
            })
        .findFirst()
        .orElse(null);
  }

  /**
   * A call marked {@code @Forward} or {@code @Backward} returning that one direction of the last
   * layer, a {@code @Bidirectional(mergeMode = "none")} (Keras' {@code keras.Model(x, forward)}):
   * any form of a call returning the output alone, of one input or several, or {@code packedCall},
   * the same call's {@code @Packed} form when it has one. Reports {@code RnncDirectionCall} at the
   * mark and returns null if the last layer is another or the call returns a record; null without a
   * report if no form fits (the caller's signature error).
   */
  private CallSpec matchDirection(
      ExecutableElement method,
      AnnotationMirror mark,
      CallSpec packedCall,
      Diagnostics diagnostics) {
    boolean backward =
        ((TypeElement) mark.getAnnotationType().asElement())
            .getQualifiedName()
            .contentEquals(BACKWARD);
    String annotation = backward ? "Backward" : "Forward";
    BidirectionalSpec last = directionsOutput();
    String problem =
        last == null
            ? model.layers().getLast().name() + " is no @Bidirectional(mergeMode = \"none\") layer"
            : null;
    CallSpec call = problem != null ? null : packedCall != null ? packedCall : match(method);
    if (problem == null
        && call != null
        && (call.record() != null || call.step() || !call.outputs().isEmpty())) {
      problem = "a call of one direction returns that output alone (no record), in no step form";
    }
    if (problem != null) {
      diagnostics.error(
          method,
          mark,
          RnncMessage.DIRECTION_CALL,
          annotation,
          method.getSimpleName() + "()",
          problem);
      return null;
    }
    if (call == null) {
      String name = method.getSimpleName().toString();
      diagnostics.error(
          method,
          RnncMessage.CALL_SIGNATURE,
          signature(method),
          model.severalInputs() ? inputsDescription() : model.input(),
          model.output(),
          model.severalInputs() ? acceptedSeveral(name) : accepted(name));
      return null;
    }
    return call.withOutputs(List.of(Node.direction(last.name(), backward)));
  }

  /** The {@code @Packed} on one of the method's parameters, or null. */
  private static AnnotationMirror packed(ExecutableElement method) {
    for (VariableElement parameter : method.getParameters()) {
      for (AnnotationMirror m : parameter.getAnnotationMirrors()) {
        if (((TypeElement) m.getAnnotationType().asElement())
            .getQualifiedName()
            .contentEquals(PACKED)) {
          return m;
        }
      }
    }
    return null;
  }

  /**
   * A batch call passing {@code @Packed int[] lengths} right after its input (PyTorch's packed
   * variable-length batch; with several inputs, one right after each float sequence or token ids
   * input it packs, {@link PackedLengths}): with the lengths left out, any batch form a call of
   * this model may have — the plain or {@code into} form, the first recurrent layer's initial
   * states after the lengths (also in PyTorch's layout), a record of the output and the last
   * layer's states, a several-outputs record, both directions of a last {@code mergeMode = "none"}
   * layer, or {@code fit}/{@code evaluate}. Reports {@code RnncPacked} at the annotation and
   * returns null if the method is not so shaped.
   */
  private CallSpec matchPacked(ExecutableElement method, AnnotationMirror at, Diagnostics d) {
    List<? extends VariableElement> parameters = method.getParameters();
    List<String> params = parameters.stream().map(p -> p.asType().toString()).toList();
    List<String> names = parameters.stream().map(p -> p.getSimpleName().toString()).toList();
    String name = method.getSimpleName().toString();
    String where = signature(method);
    List<String> ins = model.inputs().stream().map(i -> javaType(i.shape())).toList();
    CallSpec training = model.severalInputs() ? null : matchTraining(method);
    boolean trains =
        method.getReturnType().toString().equals(HISTORY)
            || method.getReturnType().toString().equals(LOGS);
    if (trains && model.severalInputs()) { // fit(a, @Packed aLengths, b, @Packed bLengths, y, ..)
      PackedLengths.Leading several =
          PackedLengths.leading(parameters, ins.stream().map(t -> t + "[]").toList());
      training = several == null ? null : matchSeveralPackedTraining(method, several);
      if (training == null) {
        d.error(
            method,
            at,
            RnncMessage.PACKED,
            where,
            several == null
                ? packedInputsProblem(method)
                : "after the inputs and their lengths, fit takes y[, float[] sampleWeight],"
                    + " FitOptions options and evaluate y[, float[] sampleWeight]");
        return null;
      }
    }
    if (training != null && training.mask() == CallSpec.Mask.PACKED) {
      // fit/evaluate(x, @Packed int[] lengths, y, ...)
      String problem = packedTrainingProblem();
      if (problem != null) {
        d.error(method, at, RnncMessage.PACKED, where, problem);
        return null;
      }
      return training;
    }
    List<Boolean> lengthsAfter = List.of();
    int leading = 2;
    if (model.severalInputs()) {
      PackedLengths.Leading several =
          PackedLengths.leading(parameters, ins.stream().map(t -> t + "[]").toList());
      if (several == null) {
        d.error(method, at, RnncMessage.PACKED, where, packedInputsProblem(method));
        return null;
      }
      lengthsAfter = several.lengthsAfter();
      leading = several.count();
    } else if (params.size() < 2
        || packed(parameters.get(1)) == null
        || !params.get(0).equals(in + "[]")
        || !params.get(1).equals("int[]")) {
      d.error(
          method,
          at,
          RnncMessage.PACKED,
          where,
          "here the batch input is " + in + "[] and the lengths int[]");
      return null;
    }
    List<String> rest = params.subList(leading, params.size());
    boolean into =
        method.getReturnType().toString().equals("void")
            && !rest.isEmpty()
            && rest.getLast().equals(out + "[]");
    List<String> states = into ? rest.subList(0, rest.size() - 1) : rest;
    int expectedStates = model.initialStates().size();
    boolean torch = !states.isEmpty() && torchStates() && states.equals(stateTypes(true, true));
    if (!states.isEmpty()
        && !torch
        && !states.equals(java.util.Collections.nCopies(expectedStates, "float[][]"))) {
      d.error(
          method,
          at,
          RnncMessage.PACKED,
          where,
          expectedStates == 0
              ? "the parameters after the lengths must be "
                  + (into ? "the output " + out + "[]" : "none")
                  + " (the model has no recurrent layer to start from states)"
              : "the initial states after the lengths are "
                  + expectedStates
                  + " float[][] (a row per sample), one per state of "
                  + startingLayerName()
                  + (torchStates()
                      ? ", or PyTorch's h_0"
                          + (model.torchStateKinds().size() > 1 ? ", c_0" : "")
                          + " as float[][][] (num_layers * num_directions, batch, hidden)"
                      : "")
                  + ", not "
                  + states);
      return null;
    }
    boolean plain = into || method.getReturnType().toString().equals(out + "[]");
    TypeElement record = plain ? null : record(method.getReturnType(), true);
    List<String> outputs = List.of();
    if (record != null
        && !record.getRecordComponents().isEmpty()
        && record.getRecordComponents().stream()
            .allMatch(c -> source(c.getSimpleName().toString()) != null)) {
      outputs =
          record.getRecordComponents().stream()
              .map(c -> source(c.getSimpleName().toString()))
              .toList();
    } else if (directions(record) != null) { // R(OUT forward, OUT backward) of a "none" layer
      outputs = directions(record);
    } else if (model.returnedStates().isEmpty()) {
      record = null; // no record of the last layer's states either
    }
    if (plain || record != null) {
      return new CallSpec(
          name,
          names,
          into ? Form.BATCH_INTO : Form.BATCH,
          record,
          !states.isEmpty(),
          outputs,
          CallSpec.Mask.PACKED,
          false,
          torch,
          lengthsAfter);
    }
    d.error(
        method,
        at,
        RnncMessage.PACKED,
        where,
        "it returns "
            + method.getReturnType()
            + ", but a batch call of this model returns "
            + out
            + "[] or a record per sample ("
            + (model.returnedStates().isEmpty()
                ? "several outputs, each component named after a layer or a layer's state"
                : "the output and the last layer's states, or several outputs")
            + "), or is void with the output array last");
    return null;
  }

  /**
   * Where a {@code @Packed} call of a model with several inputs puts what: one batch per input in
   * declaration order, each float sequence input followed by its own {@code @Packed int[]} lengths
   * or by none (read whole), as PyTorch's {@code forward(a, a_lengths, b, b_lengths)}.
   */
  private String packedInputsProblem(ExecutableElement method) {
    List<String> expected = new ArrayList<>();
    for (var input : model.inputs()) {
      String batch = javaType(input.shape()) + "[] " + input.name();
      expected.add(
          input.shape().kind() != Shape.Kind.VECTOR
              ? batch + ", @Packed int[] " + input.name() + "Lengths"
              : batch);
    }
    return "here the batch inputs come first, each float sequence or token ids input followed by"
        + " its own @Packed int[] lengths (PyTorch's pack_padded_sequence of each input, of ids"
        + " after their embedding; an input without them is read whole): "
        + String.join(", ", expected)
        + ", not "
        + String.join(
            ", ",
            method.getParameters().stream()
                .map(p -> (PackedLengths.packed(p) ? "@Packed " : "") + p.asType())
                .toList());
  }

  /**
   * Why a model cannot train on packed sequences, or null: a custom cell's training step knows
   * Keras' masked outputs only (PyTorch has no custom cells to compare with).
   */
  private String packedTrainingProblem() {
    for (LayerSpec layer : model.layers()) {
      LayerSpec cells = layer instanceof BidirectionalCellSpec b ? b.layer() : layer;
      if (cells instanceof CellSpec c && c.cells().stream().anyMatch(cell -> !cell.builtIn())) {
        return layer.name()
            + " holds a custom cell, which trains on Keras' mask= lengths only (int[] lengths"
            + " without @Packed)";
      }
    }
    return null;
  }

  /**
   * The fit/evaluate calls of a model must read lengths one way: Keras' {@code mask=} (plain {@code
   * int[] lengths}) or PyTorch's packed sequences ({@code @Packed}), since the layers' training
   * steps are generated for one; reports {@code RnncPacked} at the second kind's call otherwise.
   */
  private void checkOneKindOfLengths(
      List<CallSpec> calls, List<ExecutableElement> methods, Diagnostics diagnostics) {
    CallSpec packedCall =
        calls.stream()
            .filter(c -> c.training() && c.mask() == CallSpec.Mask.PACKED)
            .findFirst()
            .orElse(null);
    CallSpec maskCall =
        calls.stream()
            .filter(c -> c.training() && c.mask() == CallSpec.Mask.LENGTHS)
            .findFirst()
            .orElse(null);
    if (packedCall == null || maskCall == null) {
      return;
    }
    ExecutableElement method =
        methods.stream()
            .filter(m -> m.getSimpleName().contentEquals(packedCall.name()))
            .filter(m -> m.getParameters().size() == packedCall.parameters().size())
            .findFirst()
            .orElseThrow();
    diagnostics.error(
        method,
        packed(method),
        RnncMessage.PACKED,
        signature(method),
        maskCall.name()
            + "() trains on Keras' mask= lengths (int[] without @Packed), and a model's training"
            + " calls take lengths one way: mark both @Packed or neither");
  }

  /**
   * The declared name of the layer whose states a call passes (a {@code numLayers} layer's, not its
   * lowest layer's).
   */
  private String startingLayerName() {
    LayerSpec first = model.firstRecurrentLayer();
    return ModelSpec.lowerLayer(first) ? ((BidirectionalSpec) first).lowerLayerOf() : first.name();
  }

  /** The {@code @Packed} on this parameter, or null. */
  private static AnnotationMirror packed(VariableElement parameter) {
    return parameter.getAnnotationMirrors().stream()
        .filter(
            m ->
                ((TypeElement) m.getAnnotationType().asElement())
                    .getQualifiedName()
                    .contentEquals(PACKED))
        .findFirst()
        .orElse(null);
  }

  /** The method's {@code @SequenceFirst}, or null. */
  private static AnnotationMirror sequenceFirst(ExecutableElement method) {
    return method.getAnnotationMirrors().stream()
        .filter(
            m ->
                ((TypeElement) m.getAnnotationType().asElement())
                    .getQualifiedName()
                    .contentEquals(SEQUENCE_FIRST))
        .findFirst()
        .orElse(null);
  }

  /**
   * Whether {@code @SequenceFirst} marks a call it can: a batch call (plain or {@code into}, with
   * lengths or initial states) of a model with one float sequence input, or with several inputs
   * none of which is token ids (each float sequence input then sequence-first), returning no record
   * and passing no boolean mask (reported at the annotation if not).
   */
  private boolean checkSequenceFirst(
      CallSpec call, ExecutableElement method, AnnotationMirror at, Diagnostics diagnostics) {
    String problem = null;
    String tokens =
        model.inputs().stream()
            .filter(i -> i.shape().kind() == Shape.Kind.TOKENS)
            .map(i -> i.name())
            .findFirst()
            .orElse(null);
    if (!model.severalInputs() && model.input().kind() != Shape.Kind.SEQUENCE) {
      problem =
          model.input().kind() == Shape.Kind.TOKENS
              ? "this model takes token ids, one int[] per sample"
              : "this model takes vectors, one float[] per sample, which have no timesteps";
    } else if (model.severalInputs() && tokens != null) {
      problem =
          "input "
              + tokens
              + " takes token ids, one int[] per sample, which have no sequence-first form here";
    } else if (model.severalInputs()
        && model.inputs().stream().noneMatch(i -> i.shape().kind() == Shape.Kind.SEQUENCE)) {
      problem = "no input of this model is a float sequence";
    } else if (!call.batch()) {
      problem = call.name() + "() is no batch call";
    } else if (call.record() != null) {
      problem =
          call.name()
              + "() returns a record per sample, which has no sequence-first layout (return the"
              + " output alone)";
    } else if (call.masked() && !call.lengths()) {
      problem =
          call.name()
              + "() passes a boolean[][] mask, which has no sequence-first form (pass int[]"
              + " lengths)";
    }
    if (problem != null) {
      diagnostics.error(method, at, RnncMessage.SEQUENCE_FIRST, call.name() + "()", problem);
      return false;
    }
    return true;
  }

  /**
   * {@code String summary()}, which the generated class implements (when no layer is named {@code
   * summary}, which javac would refuse in the interface anyway).
   */
  private static boolean isSummary(ExecutableElement method) {
    return method.getSimpleName().contentEquals("summary")
        && method.getParameters().isEmpty()
        && method.getReturnType().toString().equals("java.lang.String");
  }

  private CallSpec match(ExecutableElement method) {
    CallSpec training = matchTraining(method);
    if (training != null) {
      return training;
    }
    CallSpec outputs = matchOutputs(method);
    if (outputs != null) {
      return outputs;
    }
    CallSpec directions = matchDirections(method);
    if (directions != null) {
      return directions;
    }
    if (model.severalInputs()) {
      return matchSeveral(method);
    }
    String returns = method.getReturnType().toString();
    List<String> params = method.getParameters().stream().map(p -> p.asType().toString()).toList();
    List<String> names =
        method.getParameters().stream()
            .map(VariableElement::getSimpleName)
            .map(Object::toString)
            .toList();
    String name = method.getSimpleName().toString();
    Form form = null;
    if (name.equals("resetStates") && params.isEmpty() && returns.equals("void")) {
      form = Form.RESET_STATES;
    } else if (name.equals("resetStates")
        && params.equals(List.of("int"))
        && returns.equals("void")) {
      form = Form.RESET_ROW;
    } else if (params.equals(List.of(in)) && returns.equals(out)) {
      form = Form.SINGLE;
    } else if (params.equals(List.of(in + "[]")) && returns.equals(out + "[]")) {
      form = Form.BATCH;
    } else if (returns.equals("void") && params.equals(List.of(in, out))) {
      form = Form.SINGLE_INTO;
    } else if (returns.equals("void") && params.equals(List.of(in + "[]", out + "[]"))) {
      form = Form.BATCH_INTO;
    } else if (params.equals(List.of("float[]")) && returns.equals("float[]")) {
      form = Form.STEP;
    } else if (returns.equals("void") && params.equals(List.of("float[]", "float[]"))) {
      form = Form.STEP_INTO;
    }
    if (form == null) {
      CallSpec withMask = matchMask(method);
      if (withMask != null) {
        return withMask;
      }
    }
    if (form == null) {
      CallSpec withStates = matchWithStates(method, List.of(in));
      if (withStates != null) {
        return withStates;
      }
    }
    if (form == null && !model.returnedStates().isEmpty()) {
      TypeElement record = record(method.getReturnType(), false);
      if (record != null && params.equals(List.of(in))) {
        return new CallSpec(name, names, Form.SINGLE, record);
      }
      record = record(method.getReturnType(), true);
      if (record != null && params.equals(List.of(in + "[]"))) {
        return new CallSpec(name, names, Form.BATCH, record);
      }
    }
    return form == null ? null : new CallSpec(name, names, form, null);
  }

  /**
   * Whether some call declares a mask parameter as {@link #matchMask} reads it (a {@code boolean[]}
   * or {@code boolean[][]}, or {@code int[]} lengths after a batch of sequences): the model input
   * then carries a mask from the start, before the calls are matched.
   */
  static boolean declaresMasks(List<ExecutableElement> calls) {
    for (ExecutableElement method : calls) {
      List<String> params =
          method.getParameters().stream().map(p -> p.asType().toString()).toList();
      String returns = method.getReturnType().toString();
      if (returns.equals(HISTORY) || returns.equals(LOGS)) {
        // fit(x, int[] lengths, y, [float[] sampleWeight,] options), evaluate(x, int[] lengths, y,
        // [sampleWeight]); not fit(x, int[] labels, [float[] sampleWeight,] options)
        int plain = returns.equals(HISTORY) ? 3 : 2;
        if (params.size() >= 2
            && params.get(0).equals("float[][][]")
            && params.get(1).equals("int[]")
            && (params.size() == plain + 1 && !params.get(2).equals("float[]")
                || params.size() == plain + 2)) {
          return true;
        }
        // fit(int[][] ids, @Packed int[] lengths, ...): the lengths are marked, never labels
        if (params.size() >= 2
            && params.get(0).equals("int[][]")
            && PackedLengths.packed(method.getParameters().get(1))) {
          return true;
        }
        continue;
      }
      if (params.contains("boolean[]")
          || params.contains("boolean[][]")
          || params.size() >= 2
              && params.get(0).equals("float[][][]")
              && params.get(1).equals("int[]")
          // token ids packed after their embedding: nn.Embedding, then pack_padded_sequence
          || params.size() >= 2
              && params.get(0).equals("int[][]")
              && params.get(1).equals("int[]")
              && PackedLengths.packed(method.getParameters().get(1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A call passing a mask after the input: {@code OUT m(IN, boolean[])}, {@code OUT[] m(IN[],
   * boolean[][])}, {@code OUT[] m(IN[], int[] lengths)}, or an {@code into} form of one of these
   * with the output array last; null if the method is not so shaped.
   */
  private CallSpec matchMask(ExecutableElement method) {
    List<String> params = method.getParameters().stream().map(p -> p.asType().toString()).toList();
    List<String> names =
        method.getParameters().stream()
            .map(VariableElement::getSimpleName)
            .map(Object::toString)
            .toList();
    String name = method.getSimpleName().toString();
    String returns = method.getReturnType().toString();
    record Shaped(List<String> params, Form form, CallSpec.Mask mask) {}
    List<Shaped> forms =
        List.of(
            new Shaped(List.of(in, "boolean[]"), Form.SINGLE, CallSpec.Mask.TIMESTEPS),
            new Shaped(List.of(in + "[]", "boolean[][]"), Form.BATCH, CallSpec.Mask.TIMESTEPS),
            new Shaped(List.of(in + "[]", "int[]"), Form.BATCH, CallSpec.Mask.LENGTHS));
    for (Shaped shaped : forms) {
      boolean batch = shaped.form() == Form.BATCH;
      String result = batch ? out + "[]" : out;
      if (params.equals(shaped.params()) && returns.equals(result)) {
        return CallSpec.withMask(name, names, shaped.form(), shaped.mask());
      }
      if (returns.equals("void") && params.equals(concat(shaped.params(), result))) {
        return CallSpec.withMask(
            name, names, batch ? Form.BATCH_INTO : Form.SINGLE_INTO, shaped.mask());
      }
    }
    return null;
  }

  /**
   * Why a model cannot take the mask a call passes, or null: Keras' mask then would not reach its
   * recurrent layers as given (a {@code @Masking} or {@code maskZero} layer makes its own, an
   * {@code Embedding} drops it), or rnnc does not carry it there yet.
   */
  private String maskProblem(CallSpec call) {
    CallSpec.Mask mask = call.mask();
    if (!model.severalInputs()
        && model.input().kind() == Shape.Kind.TOKENS
        && mask == CallSpec.Mask.PACKED) {
      // PyTorch packs the embedded ids: nn.Embedding, then pack_padded_sequence
      return model.layers().getFirst() instanceof EmbeddingSpec e && e.maskZero()
          ? maskZeroProblem(e)
          : null;
    }
    if (model.severalInputs() && mask == CallSpec.Mask.PACKED) {
      for (int i = 0; i < model.inputs().size(); i++) {
        if (call.lengthsParameter(i) == null
            || model.inputs().get(i).shape().kind() != Shape.Kind.TOKENS) {
          continue;
        }
        for (int k = 0; k < model.layers().size(); k++) { // the embeddings reading the ids
          if (model.nodes().get(k).inputs().contains(model.inputs().get(i).name())
              && model.layers().get(k) instanceof EmbeddingSpec e
              && e.maskZero()) {
            return maskZeroProblem(e);
          }
        }
      }
    }
    if (!model.severalInputs() && model.input().kind() != Shape.Kind.SEQUENCE) {
      return "the model input is "
          + model.input()
          + ", not a float sequence (Keras' Embedding without mask_zero drops a mask)";
    }
    for (LayerSpec layer : model.layers()) {
      if (layer instanceof dev.rnnc.processor.spec.MaskingSpec) {
        return layer.name()
            + " (@Masking) makes the mask itself, replacing the one passed (as in Keras):"
            + " pass one or the other";
      }
    }
    return null;
  }

  /** Why packed lengths cannot follow ids whose embedding {@code e} masks id 0 itself. */
  private static String maskZeroProblem(EmbeddingSpec e) {
    return e.name()
        + " (@Embedding(maskZero = true)) makes the mask itself from id 0, replacing the"
        + " lengths: pass one or the other";
  }

  /**
   * Why a call shaped {@code OUT m(inputs..., float[] s0, ...)} that matched no form cannot pass
   * initial states at all (the model has no recurrent layer), or null (not so shaped, or another
   * number of states, which {@code RnncCallSignature} reports with the form that fits).
   */
  private String initialStatesProblem(ExecutableElement method) {
    List<String> params = method.getParameters().stream().map(p -> p.asType().toString()).toList();
    List<String> ins = model.inputs().stream().map(i -> javaType(i.shape())).toList();
    boolean shaped =
        params.size() > ins.size()
            && params.subList(0, ins.size()).equals(ins)
            && params.subList(ins.size(), params.size()).stream().allMatch("float[]"::equals)
            && (method.getReturnType().toString().equals(out)
                || record(method.getReturnType(), false) != null);
    if (!shaped) {
      return null;
    }
    // (the first recurrent layer cannot take @InitialState: its source would be an earlier
    // recurrent layer)
    if (model.firstRecurrentLayer() == null) {
      return "the model has no recurrent layer to take them";
    }
    return null; // another number of states: RnncCallSignature lists the form that fits
  }

  /**
   * A call of a model with several inputs: one parameter per input, in declaration order, in the
   * single-sample, batch and into forms (no step calls); each may pass the first recurrent layer's
   * initial states after the inputs, as with one input.
   */
  private CallSpec matchSeveral(ExecutableElement method) {
    CallSpec call =
        matchSeveral(
            method, method.getParameters().stream().map(p -> p.asType().toString()).toList());
    return call != null ? call : matchSeveralMasks(method);
  }

  /** {@link #matchSeveral(ExecutableElement)} of the parameter types {@code params}. */
  private CallSpec matchSeveral(ExecutableElement method, List<String> params) {
    String returns = method.getReturnType().toString();
    List<String> names =
        method.getParameters().stream()
            .map(VariableElement::getSimpleName)
            .map(Object::toString)
            .toList();
    String name = method.getSimpleName().toString();
    List<String> ins = model.inputs().stream().map(i -> javaType(i.shape())).toList();
    List<String> batches = ins.stream().map(t -> t + "[]").toList();
    if (name.equals("resetStates") && params.isEmpty() && returns.equals("void")) {
      return new CallSpec(name, names, Form.RESET_STATES, null);
    }
    if (params.equals(ins) && returns.equals(out)) {
      return new CallSpec(name, names, Form.SINGLE, null);
    }
    if (params.equals(batches) && returns.equals(out + "[]")) {
      return new CallSpec(name, names, Form.BATCH, null);
    }
    if (returns.equals("void") && params.equals(concat(ins, out))) {
      return new CallSpec(name, names, Form.SINGLE_INTO, null);
    }
    if (returns.equals("void") && params.equals(concat(batches, out + "[]"))) {
      return new CallSpec(name, names, Form.BATCH_INTO, null);
    }
    CallSpec withStates = matchWithStates(method, ins, params);
    if (withStates != null) {
      return withStates;
    }
    if (!model.returnedStates().isEmpty()) {
      TypeElement record = record(method.getReturnType(), false);
      if (record != null && params.equals(ins)) {
        return new CallSpec(name, names, Form.SINGLE, record);
      }
      record = record(method.getReturnType(), true);
      if (record != null && params.equals(batches)) {
        return new CallSpec(name, names, Form.BATCH, record);
      }
    }
    return null;
  }

  /**
   * A call of a model with several inputs passing Keras' {@code mask=[maskA, maskB]}: after some
   * float sequence inputs, the mask of that input, as {@code int[]} lengths or {@code boolean[][]}
   * in a batch, {@code boolean[]} for one sample (one kind in a call); then any form {@link
   * #matchSeveral(ExecutableElement)} or {@link #matchOutputs(ExecutableElement)} reads, with the
   * masks left out. Null if the method is not so shaped. (Keras attaches each mask to its input
   * tensor, and every layer reads the mask of the tensor it is called on.)
   */
  private CallSpec matchSeveralMasks(ExecutableElement method) {
    KerasMasks.Leading leading = KerasMasks.leading(method.getParameters(), model.inputs());
    if (leading == null) {
      return null;
    }
    List<String> params = new ArrayList<>();
    for (var input : model.inputs()) {
      params.add(javaType(input.shape()) + (leading.batch() ? "[]" : ""));
    }
    method.getParameters().stream()
        .skip(leading.count())
        .forEach(p -> params.add(p.asType().toString()));
    CallSpec call = matchSeveral(method, params);
    if (call == null) {
      call = matchOutputs(method, params);
    }
    if (call == null || call.training() || call.batch() != leading.batch()) {
      return null;
    }
    List<String> names =
        method.getParameters().stream().map(p -> p.getSimpleName().toString()).toList();
    return new CallSpec(
        call.name(),
        names,
        call.form(),
        call.record(),
        call.initialStates(),
        call.outputs(),
        leading.mask(),
        false,
        call.torchStates(),
        leading.masksAfter());
  }

  /**
   * A call that passes the first recurrent layer's initial states after the inputs: one {@code
   * float[]} per state for one sample ({@code OUT m(inputs..., float[] h0, ...)}), one {@code
   * float[][]} per state, a row per sample, for a batch ({@code OUT[] m(batches..., float[][] h0,
   * ...)}); each returning the output (or, when the last layer returns states, the record of the
   * output and the states), or {@code void} with the output array last. Null if the method is not
   * so shaped.
   */
  private CallSpec matchWithStates(ExecutableElement method, List<String> ins) {
    return matchWithStates(
        method, ins, method.getParameters().stream().map(p -> p.asType().toString()).toList());
  }

  /** {@link #matchWithStates(ExecutableElement, List)} of the parameter types {@code params}. */
  private CallSpec matchWithStates(
      ExecutableElement method, List<String> ins, List<String> params) {
    if (model.initialStates().isEmpty()) {
      return null;
    }
    List<String> names =
        method.getParameters().stream()
            .map(VariableElement::getSimpleName)
            .map(Object::toString)
            .toList();
    String name = method.getSimpleName().toString();
    String returns = method.getReturnType().toString();
    for (boolean torch : new boolean[] {false, true}) {
      if (torch && !torchStates()) {
        continue;
      }
      for (boolean batch : new boolean[] {false, true}) {
        List<String> expected =
            new ArrayList<>(batch ? ins.stream().map(t -> t + "[]").toList() : ins);
        expected.addAll(stateTypes(batch, torch));
        String result = batch ? out + "[]" : out;
        CallSpec call = null;
        if (params.equals(expected)) {
          TypeElement record =
              model.returnedStates().isEmpty() ? null : record(method.getReturnType(), batch);
          if (returns.equals(result) || record != null) {
            call = new CallSpec(name, names, batch ? Form.BATCH : Form.SINGLE, record, true);
          }
        }
        if (returns.equals("void") && params.equals(concat(expected, result))) {
          call = new CallSpec(name, names, batch ? Form.BATCH_INTO : Form.SINGLE_INTO, null, true);
        }
        if (call != null) {
          return torch ? call.withTorchStates() : call;
        }
      }
    }
    return null;
  }

  /**
   * Whether a call (of one input or several) may pass the initial states in PyTorch's layout
   * ({@link CallSpec#torchStates}): states that are rows of h (and c) ({@link
   * ModelSpec#torchStateKinds}).
   */
  private boolean torchStates() {
    return !model.torchStateKinds().isEmpty();
  }

  /**
   * The parameter types of the initial states a call passes after its inputs: a {@code float[]} per
   * state ({@code float[][]}, a row per sample, in a batch), or with {@code torch} one {@code
   * float[][]} per kind of state, a row per layer and direction ({@code float[][][]} in a batch,
   * PyTorch's {@code (num_layers * num_directions, batch, hidden)}).
   */
  private List<String> stateTypes(boolean batch, boolean torch) {
    return torch
        ? java.util.Collections.nCopies(
            model.torchStateKinds().size(), batch ? "float[][][]" : "float[][]")
        : java.util.Collections.nCopies(
            model.initialStates().size(), batch ? "float[][]" : "float[]");
  }

  /**
   * Several outputs: {@code R m(inputs)} or {@code R[] m(input batches)}, optionally followed by
   * the first recurrent layer's initial states, where every component of the record {@code R} is
   * named after a layer, whose output it holds, or after a layer's final state (types checked
   * later).
   */
  private CallSpec matchOutputs(ExecutableElement method) {
    return matchOutputs(
        method, method.getParameters().stream().map(p -> p.asType().toString()).toList());
  }

  /** {@link #matchOutputs(ExecutableElement)} of the parameter types {@code params}. */
  private CallSpec matchOutputs(ExecutableElement method, List<String> params) {
    List<String> names =
        method.getParameters().stream()
            .map(VariableElement::getSimpleName)
            .map(Object::toString)
            .toList();
    List<String> ins = model.inputs().stream().map(i -> javaType(i.shape())).toList();
    List<String> batches = ins.stream().map(t -> t + "[]").toList();
    // after the inputs, the first recurrent layer's initial states (Keras' inference decoder
    // Model([y, h0, c0], [head, h, c])): a float[] each, a float[][] each for a batch
    int states = model.initialStates().size();
    boolean torch =
        torchStates()
            && (params.equals(concat(ins, stateTypes(false, true)))
                || params.equals(concat(batches, stateTypes(true, true))));
    boolean withStates =
        torch
            || states > 0
                && (params.equals(concat(ins, "float[]", states))
                    || params.equals(concat(batches, "float[][]", states)));
    List<String> inputs = withStates ? params.subList(0, ins.size()) : params;
    Form form = inputs.equals(ins) ? Form.SINGLE : inputs.equals(batches) ? Form.BATCH : null;
    TypeElement record = form == null ? null : record(method.getReturnType(), form == Form.BATCH);
    if (record == null
        || record.getRecordComponents().isEmpty()
        || !record.getRecordComponents().stream()
            .allMatch(c -> source(c.getSimpleName().toString()) != null)) {
      return null;
    }
    List<String> outputs =
        record.getRecordComponents().stream()
            .map(c -> source(c.getSimpleName().toString()))
            .toList();
    CallSpec call =
        new CallSpec(method.getSimpleName().toString(), names, form, record, withStates, outputs);
    return torch ? call.withTorchStates() : call;
  }

  /** {@code list} followed by {@code count} times {@code type}. */
  private static List<String> concat(List<String> list, String type, int count) {
    List<String> all = new ArrayList<>(list);
    all.addAll(java.util.Collections.nCopies(count, type));
    return all;
  }

  /**
   * What a several-outputs record component returns: the layer it is named after, else the final
   * state of a layer with {@code returnState} it is named after ({@code decoderH}); null if
   * neither.
   */
  private String source(String component) {
    if (model.layer(component) != null) {
      return component;
    }
    for (LayerSpec layer : model.layers()) { // encoderForward: one direction of a "none" layer
      if (layer instanceof BidirectionalSpec b
          && b.mergeMode() == BidirectionalSpec.MergeMode.NONE) {
        for (boolean backward : new boolean[] {false, true}) {
          if (component.equals(b.name() + (backward ? "Backward" : "Forward"))) {
            return Node.direction(b.name(), backward);
          }
        }
      }
    }
    return model.stateSource(component);
  }

  /**
   * The last layer when it is {@code @Bidirectional(mergeMode = "none")}: the model then outputs
   * its two directions apart, as a Keras model whose outputs are {@code [forward, backward]}.
   */
  private BidirectionalSpec directionsOutput() {
    return model.layers().getLast() instanceof BidirectionalSpec b
            && b.mergeMode() == BidirectionalSpec.MergeMode.NONE
        ? b
        : null;
  }

  /**
   * A call of a model whose last layer has {@code mergeMode = "none"}: {@code R m(inputs)} or
   * {@code R[] m(input batches)} with {@code R} a record of two components {@code forward} and
   * {@code backward} of the output type, each direction's output; null if not so shaped.
   */
  private CallSpec matchDirections(ExecutableElement method) {
    if (directionsOutput() == null) {
      return null;
    }
    List<String> params = method.getParameters().stream().map(p -> p.asType().toString()).toList();
    List<String> ins = model.inputs().stream().map(i -> javaType(i.shape())).toList();
    Form form =
        params.equals(ins)
            ? Form.SINGLE
            : params.equals(ins.stream().map(t -> t + "[]").toList()) ? Form.BATCH : null;
    TypeElement record = form == null ? null : record(method.getReturnType(), form == Form.BATCH);
    if (directions(record) == null) {
      return null;
    }
    List<String> names =
        method.getParameters().stream()
            .map(VariableElement::getSimpleName)
            .map(Object::toString)
            .toList();
    return new CallSpec(
        method.getSimpleName().toString(), names, form, record, false, directions(record));
  }

  /**
   * The two directions of the last layer, a {@code @Bidirectional(mergeMode = "none")}, when {@code
   * record} (a batch call's, or null) has exactly the components {@code OUT forward, OUT backward};
   * null otherwise.
   */
  private List<String> directions(TypeElement record) {
    BidirectionalSpec last = directionsOutput();
    if (record == null
        || last == null
        || !record.getRecordComponents().stream()
            .map(c -> c.asType() + " " + c.getSimpleName())
            .toList()
            .equals(List.of(out + " forward", out + " backward"))) {
      return null;
    }
    return List.of(Node.direction(last.name(), false), Node.direction(last.name(), true));
  }

  /**
   * Whether each component of a several-outputs record has its layer's output type (reported if
   * not).
   */
  private boolean checkOutputs(CallSpec call, ExecutableElement method, Diagnostics diagnostics) {
    List<? extends RecordComponentElement> components = call.record().getRecordComponents();
    for (RecordComponentElement component : components) {
      if (model.layer(component.getSimpleName().toString()) instanceof BidirectionalSpec b
          && b.mergeMode() == BidirectionalSpec.MergeMode.NONE) {
        diagnostics.error(
            method,
            RnncMessage.DIRECTION_NEEDED,
            b.name(),
            call.name() + "()",
            "return one direction, a component named "
                + b.name()
                + "Forward or "
                + b.name()
                + "Backward, or declare a layer reading it (@Forward / @Backward)");
        return false;
      }
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < components.size(); i++) {
      String source = call.outputs().get(i);
      expected.add(
          (Node.isState(source)
                  ? everyLayer(source) ? "float[][]" : "float[]"
                  // a direction of a mergeMode = "none" layer has its layer's shape
                  : javaType(model.layer(Node.layerOf(source)).output()))
              + " "
              + components.get(i).getSimpleName());
    }
    List<String> actual =
        components.stream().map(c -> c.asType() + " " + c.getSimpleName()).toList();
    if (!expected.equals(actual)) {
      diagnostics.error(
          method,
          RnncMessage.OUTPUT_RECORD,
          call.name(),
          call.outputs().stream().map(Node::describe).toList(),
          call.record().getSimpleName(),
          String.join(", ", expected),
          String.join(", ", actual));
      return false;
    }
    return true;
  }

  /** Whether a state source is PyTorch's {@code h_n} or {@code c_n}, a row per layer. */
  private static boolean everyLayer(String source) {
    return ModelSpec.everyLayers(source);
  }

  private static List<String> concat(List<String> list, List<String> more) {
    List<String> all = new ArrayList<>(list);
    all.addAll(more);
    return all;
  }

  private static List<String> concat(List<String> list, String last) {
    List<String> all = new ArrayList<>(list);
    all.add(last);
    return all;
  }

  /** The record type {@code type} is (or, with {@code array}, the array of), or null. */
  private static TypeElement record(TypeMirror type, boolean array) {
    if (array) {
      if (!(type instanceof ArrayType arrayType)) {
        return null;
      }
      type = arrayType.getComponentType();
    }
    return type instanceof DeclaredType declared
            && declared.asElement().getKind() == ElementKind.RECORD
        ? (TypeElement) declared.asElement()
        : null;
  }

  /** Whether a record's components are the output, then each returned state (reported if not). */
  private boolean checkRecord(CallSpec call, ExecutableElement method, Diagnostics diagnostics) {
    List<String> expected = new ArrayList<>();
    expected.add(out + " output");
    for (ModelSpec.StateSpec state : model.returnedStates()) {
      expected.add("float[] " + stateName(state));
    }
    List<? extends RecordComponentElement> components = call.record().getRecordComponents();
    boolean fits =
        components.size() == expected.size() && components.get(0).asType().toString().equals(out);
    for (int i = 1; fits && i < components.size(); i++) {
      fits = components.get(i).asType().toString().equals("float[]");
    }
    if (!fits) {
      diagnostics.error(
          method,
          RnncMessage.CALL_RECORD,
          call.name(),
          model.layers().getLast().name(),
          call.record().getSimpleName(),
          String.join(", ", expected),
          String.join(
              ", ", components.stream().map(c -> c.asType() + " " + c.getSimpleName()).toList()));
    }
    return fits;
  }

  /**
   * {@code History fit(IN[] x, Y y, FitOptions options)} or {@code Logs evaluate(IN[] x, Y y)},
   * either with Keras' {@code sample_weight} after y ({@code float[] sampleWeight}), with one
   * {@code IN[]} batch per model input in declaration order, and {@code Y} target rows ({@code
   * OUT[]}) or class labels ({@code int[]}, or {@code int[][]} per timestep; which one the loss
   * takes is checked with {@code @Compile}), or null. Either may pass {@code int[] lengths} right
   * after the inputs (Keras' {@code mask=} of each sample's first {@code lengths[b]} timesteps;
   * {@code @Packed} for PyTorch's packed sequences): {@code fit(x, int[] lengths, y, options)}. The
   * form without lengths is tried first ({@code fit(x, int[] labels, options)} stays labels).
   */
  private CallSpec matchTraining(ExecutableElement method) {
    CallSpec plain = matchTraining(method, false);
    if (plain != null) {
      return plain;
    }
    return model.severalInputs() ? matchSeveralMaskedTraining(method) : matchTraining(method, true);
  }

  /**
   * {@code fit}/{@code evaluate} of a model with several inputs passing Keras' {@code mask=[maskA,
   * maskB]} as {@code int[]} lengths right after some of its float sequence inputs ({@link
   * KerasMasks#training}), or null.
   */
  private CallSpec matchSeveralMaskedTraining(ExecutableElement method) {
    String returns = method.getReturnType().toString();
    if (!returns.equals(HISTORY) && !returns.equals(LOGS)) {
      return null;
    }
    KerasMasks.Leading leading =
        KerasMasks.training(method.getParameters(), model.inputs(), returns.equals(HISTORY));
    if (leading == null) {
      return null;
    }
    List<String> params = new ArrayList<>();
    for (var input : model.inputs()) {
      params.add(javaType(input.shape()) + "[]");
    }
    method.getParameters().stream()
        .skip(leading.count())
        .forEach(p -> params.add(p.asType().toString()));
    CallSpec call = matchTraining(method, params, leading.count(), CallSpec.Mask.LENGTHS);
    return call == null ? null : call.withLengthsAfter(leading.masksAfter());
  }

  private CallSpec matchTraining(ExecutableElement method, boolean lengths) {
    List<String> params =
        new ArrayList<>(method.getParameters().stream().map(p -> p.asType().toString()).toList());
    int n = model.inputs().size();
    if (lengths) { // matched as the form without them, y then at n + 1
      if (params.size() <= n || !params.get(n).equals("int[]")) {
        return null;
      }
      params.remove(n);
    }
    CallSpec.Mask mask =
        !lengths
            ? CallSpec.Mask.NONE
            : packed(method.getParameters().get(n)) != null
                ? CallSpec.Mask.PACKED
                : CallSpec.Mask.LENGTHS;
    return matchTraining(method, params, lengths ? n + 1 : n, mask);
  }

  /**
   * {@code fit}/{@code evaluate} of a model with several inputs passing {@code @Packed} lengths
   * after some of its sequence inputs ({@link PackedLengths}), or null.
   */
  private CallSpec matchSeveralPackedTraining(
      ExecutableElement method, PackedLengths.Leading leading) {
    List<String> params = new ArrayList<>();
    for (int i = 0; i < model.inputs().size(); i++) {
      params.add(javaType(model.inputs().get(i).shape()) + "[]");
    }
    method.getParameters().stream()
        .skip(leading.count())
        .forEach(p -> params.add(p.asType().toString()));
    CallSpec call = matchTraining(method, params, leading.count(), CallSpec.Mask.PACKED);
    return call == null ? null : call.withLengthsAfter(leading.lengthsAfter());
  }

  /**
   * The training form of {@code params}, the method's parameter types without its lengths, with y
   * at {@code yAt} among the declared parameters; null if it is none.
   */
  private CallSpec matchTraining(
      ExecutableElement method, List<String> params, int yAt, CallSpec.Mask mask) {
    String returns = method.getReturnType().toString();
    Form form = returns.equals(HISTORY) ? Form.FIT : returns.equals(LOGS) ? Form.EVALUATE : null;
    if (form == null) {
      return null;
    }
    int n = model.inputs().size();
    int plain = n + (form == Form.FIT ? 2 : 1);
    // Keras' sample_weight: one float per sample, after y
    boolean weighted = params.size() == plain + 1 && params.get(n + 1).equals("float[]");
    boolean fits = params.size() == plain || weighted;
    for (int i = 0; fits && i < n; i++) {
      fits = params.get(i).equals(javaType(model.inputs().get(i).shape()) + "[]");
    }
    // several outputs: y a record of one target batch per output, named as the outputs
    TypeElement targets =
        fits && params.size() > n ? record(method.getParameters().get(yAt).asType(), false) : null;
    fits =
        fits
            && (targets != null || List.of(out + "[]", "int[]", "int[][]").contains(params.get(n)))
            && (form == Form.EVALUATE || params.getLast().equals(FIT_OPTIONS));
    List<String> names =
        method.getParameters().stream()
            .map(VariableElement::getSimpleName)
            .map(Object::toString)
            .toList();
    if (!fits) {
      return null;
    }
    if (targets == null) {
      return new CallSpec(
          method.getSimpleName().toString(), names, form, null, false, List.of(), mask);
    }
    // a component naming no output keeps its name, which names no layer (TrainingCheck reports it)
    List<String> outputs =
        targets.getRecordComponents().stream()
            .map(c -> c.getSimpleName().toString())
            .map(c -> source(c) == null ? c : source(c))
            .toList();
    return new CallSpec(
        method.getSimpleName().toString(), names, form, targets, false, outputs, mask);
  }

  private static final String HISTORY = "dev.rnnc.runtime.train.History";
  private static final String LOGS = "dev.rnnc.runtime.train.Logs";
  private static final String FIT_OPTIONS = "dev.rnnc.runtime.train.FitOptions";

  /**
   * Whether a call fits a model whose last layer has {@code mergeMode = "none"}: it must return
   * both directions (reported if not); true for other models.
   */
  private boolean checkDirections(
      CallSpec call, ExecutableElement method, Diagnostics diagnostics) {
    BidirectionalSpec directions = directionsOutput();
    if (directions == null
        || returnsDirections(call)
        || call.direction() != null
        || !call.outputs().isEmpty()
        || call.form() == Form.RESET_STATES
        || call.form() == Form.RESET_ROW) {
      return true;
    }
    diagnostics.error(
        method,
        RnncMessage.DIRECTION_NEEDED,
        directions.name(),
        call.name() + "()",
        "return both, as a Keras model outputs [forward, backward]: a record R("
            + out
            + " forward, "
            + out
            + " backward) from R "
            + call.name()
            + "(...) or R[] for a batch; or one, marking the call @Forward or @Backward"
            + " (keras.Model(x, forward))");
    return false;
  }

  /** Whether a call returns the two directions of a last layer with {@code mergeMode = "none"}. */
  private static boolean returnsDirections(CallSpec call) {
    return call.outputs().size() == 2
        && call.outputs().stream().allMatch(dev.rnnc.processor.spec.Node::isDirection);
  }

  /**
   * Checks what a matched form needs of the model's state; false (reported) when it cannot be used.
   */
  private boolean check(CallSpec call, ExecutableElement method, Diagnostics diagnostics) {
    if (call.training() && call.record() != null) { // y's record: TrainingCheck checks it
      return check(
          new CallSpec(
              call.name(), call.parameters(), call.form(), null, false, List.of(), call.mask()),
          method,
          diagnostics);
    }
    if (call.direction() != null) { // what the form needs, as a call of the model output
      return check(call.withOutputs(List.of()), method, diagnostics);
    }
    if (returnsDirections(call)) { // the record's types were matched; then what the form needs
      return check(
          new CallSpec(
              call.name(),
              call.parameters(),
              call.form(),
              null,
              call.initialStates(),
              List.of(),
              call.mask()),
          method,
          diagnostics);
    }
    if (!call.outputs().isEmpty()) {
      // the record's types, then what the form needs (a batch of a stateful model is refused)
      return checkOutputs(call, method, diagnostics)
          && check(
              new CallSpec(
                  call.name(),
                  call.parameters(),
                  call.form(),
                  null,
                  call.initialStates(),
                  List.of(),
                  call.mask()),
              method,
              diagnostics);
    }
    if (call.record() != null && !checkRecord(call, method, diagnostics)) {
      return false;
    }
    if (call.masked()) {
      String problem = maskProblem(call);
      if (problem != null) {
        diagnostics.error(method, RnncMessage.CALL_MASK, call.name(), problem);
        return false;
      }
    }
    String stateful = firstRecurrent(true);
    boolean reset = call.form() == Form.RESET_STATES || call.form() == Form.RESET_ROW;
    if (reset && stateful == null) {
      diagnostics.error(method, RnncMessage.RESET_WITHOUT_STATE, model.modelName());
      return false;
    }
    String rowsProblem = stateRowsProblem(call, stateful);
    if (rowsProblem != null) {
      diagnostics.error(method, RnncMessage.STATE_ROWS, signature(method), rowsProblem);
      return false;
    }
    if (call.batch() && stateful != null && model.stateRows() == 0) {
      diagnostics.error(method, RnncMessage.STATEFUL_BATCH_CALL, call.name(), stateful);
      return false;
    }
    if (call.step()) {
      if (model.input().kind() != Shape.Kind.SEQUENCE) {
        diagnostics.error(method, RnncMessage.STEP_NEEDS_FLOAT_INPUT, call.name());
        return false;
      }
      String notStateful = firstRecurrent(false);
      if (stateful == null) { // no step form fits a model without state: list the forms that do
        diagnostics.error(
            method,
            RnncMessage.CALL_SIGNATURE,
            signature(method),
            model.input(),
            model.output(),
            accepted(call.name())
                + " (a one-timestep call such as float[] "
                + call.name()
                + "(float[]) needs stateful recurrent layers)");
        return false;
      }
      if (notStateful != null) {
        diagnostics.error(method, RnncMessage.STEP_NEEDS_STATEFUL, call.name(), notStateful);
        return false;
      }
    }
    return true;
  }

  /**
   * Why a call does not fit the rows of states of a stateful model with a declared batch size
   * ({@code @Input(batchSize = B)}: B rows, one per batch row), or null: a batch must have B rows
   * (checked at run time), one sample fits only B = 1, {@code resetStates(int row)} needs rows.
   */
  private String stateRowsProblem(CallSpec call, String stateful) {
    int rows = model.stateRows();
    if (call.form() == Form.RESET_ROW && rows == 0) {
      return "resetting one row of states needs a stateful model with a declared batch size"
          + " (@Input(batchSize = B)), which keeps one row per batch row";
    }
    if (rows == 0 || stateful == null || call.training() || call.form() == Form.RESET_STATES) {
      return null;
    }
    if (model.severalInputs() && call.batch()) {
      return "batch calls of a stateful model with several inputs are not supported yet";
    }
    if (!call.batch() && call.form() != Form.RESET_ROW && rows > 1) {
      return "the model keeps "
          + rows
          + " rows of states (@Input(batchSize = "
          + rows
          + ")), one per batch row, so it takes batches of "
          + rows
          + ", not one sample";
    }
    return null;
  }

  /**
   * The first recurrent layer (plain or bidirectional) whose statefulness is {@code stateful}, or
   * null.
   */
  private String firstRecurrent(boolean stateful) {
    for (LayerSpec layer : model.layers()) {
      boolean recurrent =
          layer instanceof RecurrentSpec
              || layer instanceof BidirectionalSpec
              || layer instanceof CellSpec
              || layer instanceof dev.rnnc.processor.spec.BidirectionalCellSpec;
      if (recurrent && ModelSpec.isStateful(layer) == stateful) {
        return layer.name();
      }
    }
    return null;
  }

  /** The Java type of a sample of a float sequence input, the one kind Keras' mask= masks. */
  private static final String FLOAT_SEQUENCE = "float[][]";

  private String accepted(String name) {
    List<String> forms =
        new ArrayList<>(
            List.of(
                out + " " + name + "(" + in + ")",
                out + "[] " + name + "(" + in + "[])",
                "void " + name + "(" + in + ", " + out + ")",
                "void " + name + "(" + in + "[], " + out + "[])"));
    if (firstRecurrent(true) != null) {
      forms.add("float[] " + name + "(float[]) (one timestep)");
    }
    addStateForms(forms, name, in, in + "[]");
    if (model.input().kind() == Shape.Kind.SEQUENCE) {
      forms.add(
          out
              + " "
              + name
              + "("
              + in
              + ", boolean[] mask) and "
              + out
              + "[] "
              + name
              + "("
              + in
              + "[], boolean[][] mask or int[] lengths) (Keras' mask=; into forms put the output"
              + " array last)");
    }
    if (in.equals(FLOAT_SEQUENCE) || model.input().kind() == Shape.Kind.TOKENS) {
      forms.add(
          out
              + "[] "
              + name
              + "("
              + in
              + "[] x, @Packed int[] lengths) (PyTorch's pack_padded_sequence"
              + (in.equals(FLOAT_SEQUENCE) ? "" : " of the embedded ids")
              + "; initial states may follow the lengths)");
    }
    forms.add(
        "History " + name + "(" + in + "[] x, " + out + "[] y, FitOptions options) (training)");
    forms.add("Logs " + name + "(" + in + "[] x, " + out + "[] y)");
    return String.join(", ", forms);
  }

  /** {@code (encoderTokens (None,) int32, decoderTokens (None,) int32)}. */
  private String inputsDescription() {
    return "("
        + String.join(", ", model.inputs().stream().map(i -> i.name() + " " + i.shape()).toList())
        + ")";
  }

  /** The forms a call of a model with several inputs may take, one parameter per input. */
  private String acceptedSeveral(String name) {
    String ins =
        String.join(
            ", ", model.inputs().stream().map(i -> javaType(i.shape()) + " " + i.name()).toList());
    String batches =
        String.join(
            ", ",
            model.inputs().stream().map(i -> javaType(i.shape()) + "[] " + i.name()).toList());
    List<String> forms =
        new ArrayList<>(
            List.of(
                out + " " + name + "(" + ins + ")",
                out + "[] " + name + "(" + batches + ")",
                "void " + name + "(" + ins + ", " + out + " out)",
                "void " + name + "(" + batches + ", " + out + "[] out)"));
    addStateForms(forms, name, ins, batches);
    if (model.inputs().stream().anyMatch(i -> i.shape().kind() != Shape.Kind.VECTOR)) {
      String packed =
          String.join(
              ", ",
              model.inputs().stream()
                  .map(
                      i ->
                          javaType(i.shape())
                              + "[] "
                              + i.name()
                              + (i.shape().kind() != Shape.Kind.VECTOR
                                  ? ", @Packed int[] " + i.name() + "Lengths"
                                  : ""))
                  .toList());
      forms.add(
          out
              + "[] "
              + name
              + "("
              + packed
              + ") (PyTorch's pack_padded_sequence per sequence input, token ids' after their"
              + " embedding; an input without lengths is read whole)");
    }
    if (model.inputs().stream().anyMatch(i -> javaType(i.shape()).equals(FLOAT_SEQUENCE))) {
      String masked =
          String.join(
              ", ",
              model.inputs().stream()
                  .map(
                      i ->
                          javaType(i.shape())
                              + "[] "
                              + i.name()
                              + (javaType(i.shape()).equals(FLOAT_SEQUENCE)
                                  ? ", boolean[][] " + i.name() + "Mask"
                                  : ""))
                  .toList());
      forms.add(
          out
              + "[] "
              + name
              + "("
              + masked
              + ") (Keras' mask=[...]: a boolean[][] or int[] lengths after any sequence input, one"
              + " kind per call, boolean[] for one sample; an input without one is unmasked)");
    }
    forms.add(
        "History " + name + "(" + batches + ", " + out + "[] y, FitOptions options) (training)");
    forms.add("Logs " + name + "(" + batches + ", " + out + "[] y)");
    if (model.inputs().stream().anyMatch(i -> javaType(i.shape()).equals(FLOAT_SEQUENCE))) {
      String lengths =
          String.join(
              ", ",
              model.inputs().stream()
                  .map(
                      i ->
                          javaType(i.shape())
                              + "[] "
                              + i.name()
                              + (javaType(i.shape()).equals(FLOAT_SEQUENCE)
                                  ? ", int[] " + i.name() + "Lengths"
                                  : ""))
                  .toList());
      forms.add(
          "History "
              + name
              + "("
              + lengths
              + ", "
              + out
              + "[] y, FitOptions options) (training; Keras' mask=[...] as int[] lengths after"
              + " any sequence input)");
    }
    return String.join(", ", forms);
  }

  /**
   * The forms that pass initial states or return final states, when the model has them, with {@code
   * ins} the input parameters of one sample and {@code batches} those of a batch.
   */
  private void addStateForms(List<String> forms, String name, String ins, String batches) {
    if (!model.initialStates().isEmpty()) {
      forms.add(
          out
              + " "
              + name
              + "("
              + ins
              + ", "
              + String.join(
                  ", ",
                  model.initialStates().stream().map(s -> "float[] " + stateName(s) + "0").toList())
              + ") (initial states of "
              + model.startingLayers().getLast().name()
              + STATES_IN_OTHER_FORMS
              + ")");
    }
    if (torchStates()) {
      forms.add(
          out
              + "[] "
              + name
              + "("
              + batches
              + ", float[][][] h0"
              + (model.torchStateKinds().size() > 1 ? ", float[][][] c0" : "")
              + ") (initial states in PyTorch's layout, (num_layers * num_directions, batch,"
              + " hidden))");
    }
    if (!model.returnedStates().isEmpty()) {
      forms.add(
          "R "
              + name
              + "("
              + ins
              + ") and R[] "
              + name
              + "("
              + batches
              + ") with R a record of the output and the states");
    }
  }

  /** {@code h}, {@code c}, or in a Bidirectional layer {@code forwardH}, {@code backwardC}, ... */
  static String stateName(ModelSpec.StateSpec state) {
    return ModelSpec.stateName(state);
  }

  private static String signature(ExecutableElement method) {
    return method.getReturnType()
        + " "
        + method.getSimpleName()
        + "("
        + String.join(
            ", ", method.getParameters().stream().map(p -> p.asType().toString()).toList())
        + ")";
  }

  /** The Java type of one sample of this shape. */
  static String javaType(Shape shape) {
    return switch (shape.kind()) {
      case SEQUENCE -> "float[][]";
      case VECTOR -> "float[]";
      case TOKENS -> "int[]";
    };
  }
}
