package dev.rnnc.processor.generate;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.rnnc.processor.spec.Identifiers;
import dev.rnnc.processor.spec.InputSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The inputs of a model with several (or a vector input): per input, its constants ({@code
 * ENCODER_TOKENS_TIMESTEPS}, {@code META_FEATURES}), its float buffer ({@code metaInput}) and its
 * timeline, whose variable length has a capacity of its own; and {@code run}, which takes one
 * sample of each input.
 */
final class SeveralInputs {
  private final ModelSpec model;
  private final ClassParts parts;
  private final List<ClassParts.Timeline> timelines = new ArrayList<>();

  SeveralInputs(ModelSpec model, ClassParts parts) {
    this.model = model;
    this.parts = parts;
  }

  /**
   * Declares every input's constants and buffer; records each input's buffer and timeline by name.
   */
  void declare(Map<String, Buffer> buffers, Map<String, ClassParts.Timeline> byName) {
    for (InputSpec input : model.inputs()) {
      Shape shape = input.shape();
      String name = javaName(input);
      String timesteps = constant(input, "TIMESTEPS");
      String features = constant(input, "FEATURES");
      boolean vector = shape.kind() == Shape.Kind.VECTOR;
      if (!vector) {
        parts.constant(timesteps, shape.timesteps());
      }
      if (shape.kind() != Shape.Kind.TOKENS) {
        parts.constant(features, shape.features());
      }
      String argument =
          shape.variableTimesteps() ? timestepsVariable(input) : vector ? "1" : timesteps;
      ClassParts.Timeline timeline =
          new ClassParts.Timeline(
              timesteps,
              argument,
              shape.variableTimesteps(),
              Names.field(name, "Capacity"),
              "ensure" + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Capacity",
              name);
      timelines.add(timeline);
      byName.put(input.name(), timeline);
      parts.timeline = timeline;
      String field = Names.field(name, "Input");
      switch (shape.kind()) {
        case SEQUENCE -> {
          parts.perTimestep(field, features);
          buffers.put(input.name(), new Buffer(field, features, features, true));
        }
        case VECTOR -> {
          parts.scratch(field, features);
          buffers.put(input.name(), new Buffer(field, features, features, false));
        }
        case TOKENS -> buffers.put(input.name(), null);
      }
    }
  }

  /**
   * The name generated code uses for an input: its name, {@code input} for a single unnamed one.
   */
  static String javaName(InputSpec input) {
    return input.name().isEmpty() ? "input" : input.name();
  }

  /** {@code ENCODER_TOKENS_TIMESTEPS}. */
  static String constant(InputSpec input, String suffix) {
    return Identifiers.constantPrefix(javaName(input)) + "_" + suffix;
  }

  /** The parameter of {@code run} carrying a variable input's timesteps. */
  static String timestepsVariable(InputSpec input) {
    return javaName(input) + "Timesteps";
  }

  /** The constants of an input's Keras shape, for {@code inputConfig()}. */
  String shapeConstants(InputSpec input) {
    return switch (input.shape().kind()) {
      case SEQUENCE -> constant(input, "TIMESTEPS") + ", " + constant(input, "FEATURES");
      case VECTOR -> constant(input, "FEATURES");
      case TOKENS -> constant(input, "TIMESTEPS");
    };
  }

  /**
   * {@code run(a, b[, aTimesteps, ...])}: packs one checked sample of each input and runs every
   * layer.
   */
  MethodSpec run() {
    MethodSpec.Builder run =
        MethodSpec.methodBuilder("run")
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "Runs every layer on one sample of each input, which the caller has checked.\n");
    for (InputSpec input : model.inputs()) {
      run.addParameter(CallEmitter.sampleType(input.shape()), javaName(input));
    }
    for (int i = 0; i < model.inputs().size(); i++) {
      InputSpec input = model.inputs().get(i);
      if (input.shape().variableTimesteps()) {
        run.addParameter(TypeName.INT, timestepsVariable(input));
        run.addStatement("$N($N)", timelines.get(i).ensure(), timestepsVariable(input));
      }
    }
    for (int i = 0; i < model.inputs().size(); i++) {
      InputSpec input = model.inputs().get(i);
      String field = Names.field(javaName(input), "Input");
      switch (input.shape().kind()) {
        case SEQUENCE ->
            run.addStatement(
                "$T.packSequence($N, $L, $L, $N)",
                RuntimeTypes.INPUTS,
                javaName(input),
                timelines.get(i).argument(),
                constant(input, "FEATURES"),
                field);
        case VECTOR ->
            run.addStatement(
                "$T.arraycopy($N, 0, $N, 0, $L)",
                System.class,
                javaName(input),
                field,
                constant(input, "FEATURES"));
        case TOKENS -> {} // the embedding reads the ids
      }
    }
    return run.addCode(parts.forwardCalls.build()).build();
  }

  /** One {@code ensure<Input>Capacity} per variable-length input: its arrays grow, never shrink. */
  List<MethodSpec> ensureCapacity() {
    List<MethodSpec> methods = new ArrayList<>();
    for (ClassParts.Timeline timeline : timelines) {
      if (!timeline.variable()) {
        continue;
      }
      MethodSpec.Builder method =
          MethodSpec.methodBuilder(timeline.ensure())
              .addModifiers(Modifier.PRIVATE)
              .addJavadoc(
                  "Grows the arrays of $L's timesteps for a longer sequence (amortized: no allocation once warm).\n",
                  timeline.sample())
              .addParameter(TypeName.INT, "timesteps")
              .beginControlFlow("if (timesteps <= $N)", timeline.capacity())
              .addStatement("return")
              .endControlFlow()
              .addStatement(
                  "$N = $T.max(timesteps, 2 * $N)",
                  timeline.capacity(),
                  Math.class,
                  timeline.capacity());
      for (ClassParts.SequenceArray array : parts.sequenceArrays) {
        if (!array.timeline().equals(timeline)) {
          continue;
        }
        if (array.rowWidth() == null) {
          method.addStatement("$N = new boolean[$N]", array.field(), timeline.capacity());
        } else {
          method.addStatement(
              "$N = new float[$N * $L]", array.field(), timeline.capacity(), array.rowWidth());
        }
      }
      methods.add(method.build());
    }
    return methods;
  }

  /** The capacity field of each variable-length input. */
  List<FieldSpec> capacityFields() {
    return timelines.stream()
        .filter(ClassParts.Timeline::variable)
        .map(
            t ->
                FieldSpec.builder(TypeName.INT, t.capacity(), Modifier.PRIVATE)
                    .addJavadoc(
                        "Timesteps of $L the per-timestep arrays hold; they grow, never shrink.\n",
                        t.sample())
                    .build())
        .toList();
  }

  /** The timeline of each input, in declaration order. */
  List<ClassParts.Timeline> timelines() {
    return timelines;
  }
}
