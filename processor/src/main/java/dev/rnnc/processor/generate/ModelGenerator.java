package dev.rnnc.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.CodeBlock;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;
import javax.lang.model.element.Modifier;

/**
 * Stage 4: writes the implementation of a checked {@link ModelSpec} as one Java file. Pure: no
 * Messager, no Filer, the same spec always gives the same bytes.
 */
public final class ModelGenerator {
  static final String PROCESSOR = "dev.rnnc.processor.RnncProcessor";

  private final long foldEmbeddingMaxBytes;

  /** A generator that never folds an embedding into a projection. */
  public ModelGenerator() {
    this(0);
  }

  /** @param foldEmbeddingMaxBytes the largest folded embedding table to generate (0: none), see {@link Folding} */
  public ModelGenerator(long foldEmbeddingMaxBytes) {
    this.foldEmbeddingMaxBytes = foldEmbeddingMaxBytes;
  }

  /** The generated file for {@code model}. */
  public JavaFile generate(ModelSpec model) {
    Shape input = model.input();
    ClassParts parts = new ClassParts(input.variableTimesteps(), model.hasStepCalls());
    parts.folding = Folding.of(model, foldEmbeddingMaxBytes);
    if (model.calls().stream().anyMatch(CallSpec::initialStates)) {
      parts.initialStateLayer = model.firstRecurrentLayer().name();
    }
    ClassName self = ClassName.get(model.packageName(), model.generatedName());

    parts.constant("TIMESTEPS", input.timesteps());
    Buffer flowing = null;
    if (input.kind() == Shape.Kind.SEQUENCE) {
      parts.constant("FEATURES", input.features());
      parts.perTimestep("input", "FEATURES");
      flowing = new Buffer("input", "FEATURES", "FEATURES", true);
    }
    LayerEmitter layers = new LayerEmitter(parts, parts.timestepsParameter ? -1 : input.timesteps());
    for (LayerSpec layer : model.layers()) {
      flowing = layers.emit(layer, flowing);
    }
    String vocabulary = model.layers().getFirst() instanceof EmbeddingSpec e ? Names.constant(e.name(), "INPUT_DIM") : null;
    CallEmitter calls = new CallEmitter(input, model.output(), flowing, vocabulary, parts, returnedStates(model),
        initialStateFields(model), LockstepEmitter.of(model, parts));

    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addOriginatingElement(model.type())
        .addAnnotation(AnnotationSpec.builder(Generated.class).addMember("value", "$S", PROCESSOR).build())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(ClassName.get(model.type()))
        .addSuperinterface(Runtime.RNNC_MODEL)
        .addJavadoc(classJavadoc(model))
        .addFields(parts.constants)
        .addFields(parts.configs)
        .addFields(parts.weights)
        .addFields(parts.handles)
        .addFields(parts.scratch)
        .addField(FieldSpec.builder(layerList(), "layers", Modifier.PRIVATE, Modifier.FINAL).build());
    if (parts.initialStateLayer != null) {
      type.addField(FieldSpec.builder(TypeName.BOOLEAN, "initialStates", Modifier.PRIVATE)
          .addJavadoc("Set by a call that passed $L's initial states, which are then already in place.\n", parts.initialStateLayer)
          .build());
    }
    if (parts.variableTimesteps) {
      type.addField(FieldSpec.builder(TypeName.INT, "capacity", Modifier.PRIVATE)
          .addJavadoc("Timesteps the per-timestep arrays hold; they grow, never shrink.\n").build());
    }
    type.addMethod(constructor(parts))
        .addMethod(create(self))
        .addMethod(load(self))
        .addMethod(MethodSpec.methodBuilder("modelName").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(String.class).addStatement("return $S", model.modelName()).build())
        .addMethod(MethodSpec.methodBuilder("inputConfig").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class), ClassName.get(Object.class)))
            .addStatement("return $T.of($S, $T.of($L), $S, $S)", Map.class, "shape", List.class,
                input.kind() == Shape.Kind.SEQUENCE ? "TIMESTEPS, FEATURES" : "TIMESTEPS", "dtype",
                input.kind() == Shape.Kind.TOKENS ? "int32" : "float32")
            .build())
        .addMethod(MethodSpec.methodBuilder("layers").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(layerList()).addStatement("return layers").build());
    for (String layer : parts.layerNames) {
      type.addMethod(MethodSpec.methodBuilder(layer).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
          .returns(Runtime.LAYER).addStatement("return $N", Names.field(layer, "Layer")).build());
    }
    model.calls().forEach(call -> type.addMethod(calls.emit(call)));
    type.addMethod(run(input, parts));
    if (parts.timestepsParameter && input.kind() == Shape.Kind.SEQUENCE) {
      type.addMethod(MethodSpec.methodBuilder("forward")
          .addModifiers(Modifier.PRIVATE)
          .addJavadoc("Runs every layer over the first {@code timesteps} rows of {@code input}.\n")
          .addParameter(TypeName.INT, "timesteps")
          .addCode(parts.forwardCalls.build())
          .build());
    }
    if (parts.variableTimesteps) {
      type.addMethod(ensureCapacity(parts));
    }
    type.addMethods(parts.forwardMethods);
    type.addMethods(parts.resetMethods);

    return JavaFile.builder(model.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** The fields and width constants of the first recurrent layer's states, in Keras' order. */
  private static List<String[]> initialStateFields(ModelSpec model) {
    List<String[]> fields = new ArrayList<>();
    LayerSpec first = model.firstRecurrentLayer();
    if (first == null) {
      return fields;
    }
    RecurrentSpec layer = first instanceof BidirectionalSpec b ? b.layer() : (RecurrentSpec) first;
    for (ModelSpec.StateSpec state : model.initialStates()) {
      String prefix = state.direction().isEmpty() ? first.name()
          : Names.field(first.name(), state.direction().equals("forward") ? "Forward" : "Backward");
      String width = state.name().equals("h") ? RecurrentEmitter.hUnits(layer) : RecurrentEmitter.units(first.name());
      fields.add(new String[] {Names.field(prefix, state.name().toUpperCase()), width});
    }
    return fields;
  }

  /** Copies of the final states the last layer returns, as expressions in Keras' order. */
  private static List<CodeBlock> returnedStates(ModelSpec model) {
    List<CodeBlock> states = new ArrayList<>();
    LayerSpec last = model.layers().getLast();
    RecurrentSpec layer = last instanceof BidirectionalSpec b ? b.layer() : last instanceof RecurrentSpec r ? r : null;
    for (ModelSpec.StateSpec state : model.returnedStates()) {
      String prefix = state.direction().isEmpty() ? last.name()
          : Names.field(last.name(), state.direction().equals("forward") ? "Forward" : "Backward");
      String width = state.name().equals("h") ? RecurrentEmitter.hUnits(layer) : RecurrentEmitter.units(last.name());
      states.add(CodeBlock.of("$T.copyOf($N, $L)", Arrays.class, Names.field(prefix, state.name().toUpperCase()), width));
    }
    return states;
  }

  private static String classJavadoc(ModelSpec model) {
    StringBuilder doc = new StringBuilder();
    doc.append("The rnnc implementation of {@link ").append(model.type().getSimpleName()).append("}.\n\n");
    doc.append("<pre>\n");
    doc.append("input: ").append(model.input()).append('\n');
    for (LayerSpec layer : model.layers()) {
      doc.append(Describe.layer(layer)).append('\n');
    }
    doc.append("</pre>\n\n");
    doc.append("<p>Sizes are constants: {@code TIMESTEPS} ({@code -1} when variable, then known per call),\n")
        .append("{@code FEATURES}, and per layer {@code *_UNITS}; {@code *_STRIDE} is the width rounded up to 16\n")
        .append("floats (one 512-bit vector) so every row and gate block starts on a vector boundary, and\n")
        .append("{@code *_GATES} the width of a recurrent layer's input projection, all its gate blocks.\n\n");
    doc.append("<p>Weights are stored packed for the SIMD kernels (gate blocks padded to 16 floats);\n")
        .append("{@link #layers()} shows them in Keras layout. An instance keeps its scratch arrays, so it\n")
        .append("allocates nothing per call beyond a returned array, and is not thread-safe: use one\n")
        .append("instance per thread.\n");
    return doc.toString();
  }

  private static MethodSpec constructor(ClassParts parts) {
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addCode(parts.layerHandles.build())
        .addStatement("layers = $T.of($L)", List.class,
            String.join(", ", parts.layerNames.stream().map(n -> Names.field(n, "Layer")).toList()))
        .build();
  }

  private static MethodSpec create(ClassName self) {
    return MethodSpec.methodBuilder("create")
        .addJavadoc("A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent\n"
            + "kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(self)
        .addParameter(TypeName.LONG, "seed")
        .addStatement("$T model = new $T()", self, self)
        .addStatement("model.initialize(seed)")
        .addStatement("return model")
        .build();
  }

  private static MethodSpec load(ClassName self) {
    return MethodSpec.methodBuilder("load")
        .addJavadoc("A model with the weights of {@code path}: a Keras 3 {@code .keras} or {@code .weights.h5}\n"
            + "file (layers matched by name, else by order), a PyTorch {@code state_dict} in safetensors, or an\n"
            + "rnnc weight file; the format is recognised by content.\n\n"
            + "@throws IOException if the file cannot be read, or ({@code WeightsException}) does not fit\n"
            + "    this model; its message lists every mismatch\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(self)
        .addParameter(Path.class, "path")
        .addException(IOException.class)
        .addStatement("$T model = new $T()", self, self)
        .addStatement("$T.load(path, model)", Runtime.WEIGHTS)
        .addStatement("return model")
        .build();
  }

  /** {@code run(sample[, timesteps])}: packs a checked sample and runs every layer. */
  private static MethodSpec run(Shape input, ClassParts parts) {
    boolean tokens = input.kind() == Shape.Kind.TOKENS;
    MethodSpec.Builder run = MethodSpec.methodBuilder("run")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Runs every layer on one sample that the caller has checked.\n")
        .addParameter(tokens ? int[].class : float[][].class, tokens ? "ids" : "sample");
    String timesteps = parts.timesteps();
    if (parts.timestepsParameter) {
      run.addParameter(TypeName.INT, "timesteps");
    }
    if (parts.variableTimesteps) {
      run.addStatement("ensureCapacity(timesteps)");
    }
    if (tokens) {
      return run.addCode(parts.forwardCalls.build()).build();
    }
    run.addStatement("$T.packSequence(sample, $L, FEATURES, input)", Runtime.INPUTS, timesteps);
    return parts.timestepsParameter ? run.addStatement("forward(timesteps)").build() : run.addCode(parts.forwardCalls.build()).build();
  }

  private static MethodSpec ensureCapacity(ClassParts parts) {
    MethodSpec.Builder method = MethodSpec.methodBuilder("ensureCapacity")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Grows the per-timestep arrays for a longer sequence (amortized: no allocation once warm).\n")
        .addParameter(TypeName.INT, "timesteps")
        .beginControlFlow("if (timesteps <= capacity)")
        .addStatement("return")
        .endControlFlow()
        .addStatement("capacity = $T.max(timesteps, 2 * capacity)", Math.class);
    for (ClassParts.SequenceArray array : parts.sequenceArrays) {
      if (array.rowWidth() == null) {
        method.addStatement("$N = new boolean[capacity]", array.field());
      } else {
        method.addStatement("$N = new float[capacity * $L]", array.field(), array.rowWidth());
      }
    }
    return method.build();
  }

  private static TypeName layerList() {
    return ParameterizedTypeName.get(ClassName.get(List.class), Runtime.LAYER);
  }
}
