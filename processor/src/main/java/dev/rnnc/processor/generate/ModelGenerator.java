package dev.rnnc.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.rnnc.processor.spec.BidirectionalCellSpec;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.InputSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.MergeSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Node;
import dev.rnnc.processor.spec.Packing;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

  /** The generated file for {@code model}. */
  public JavaFile generate(ModelSpec model) {
    Shape input = model.input();
    boolean severalInputs = model.severalInputs() || input.kind() == Shape.Kind.VECTOR;
    ClassParts parts = new ClassParts(model.variableTimesteps(), model.hasStepCalls());
    parts.folding = Folding.of(model);
    parts.packedCalls = model.packedCalls();
    if (model.callStatesLayer() != null) {
      List<LayerSpec> starting = model.callStatesLayers();
      parts.initialStateLayer = starting.getLast().name();
      parts.initialStateLayers =
          starting.stream().map(LayerSpec::name).collect(java.util.stream.Collectors.toSet());
    }
    ClassName self = ClassName.get(model.packageName(), model.generatedName());

    Map<String, Buffer> buffers = new HashMap<>();
    Map<String, ClassParts.Timeline> timelines = new HashMap<>();
    Map<String, String> masks = new HashMap<>();
    SeveralInputs inputs = severalInputs ? new SeveralInputs(model, parts) : null;
    if (inputs != null) {
      inputs.declare(buffers, timelines);
      // PyTorch's packed sequences or Keras' mask=[...], per input
      for (InputSpec masked : model.maskedInputs()) {
        parts.timeline = timelines.get(masked.name());
        String mask = SeveralInputsCallEmitter.maskField(masked);
        parts.mask(
            mask,
            "Which timesteps of "
                + masked.name()
                + " are real (true): "
                + (model.calls().stream()
                        .allMatch(c -> c.mask() == CallSpec.Mask.PACKED || !c.masked())
                    ? "a call's @Packed lengths of it"
                    : "a call's mask or lengths of it")
                + ", else all.\n");
        masks.put(masked.name(), mask);
      }
    } else {
      parts.constant("TIMESTEPS", input.timesteps());
      Buffer flowing = null;
      if (input.kind() == Shape.Kind.SEQUENCE) {
        parts.constant("FEATURES", input.features());
        parts.perTimestep("input", "FEATURES");
        flowing = new Buffer("input", "FEATURES", "FEATURES", true);
      }
      buffers.put(model.inputs().getFirst().name(), flowing);
      timelines.put(model.inputs().getFirst().name(), parts.timeline);
      if (model.callMasks()) { // Keras' mask=: the input carries the mask a call passes
        parts.mask();
        masks.put(model.inputs().getFirst().name(), "mask");
      }
    }
    LayerEmitter layers = new LayerEmitter(parts, -1);
    boolean graph = model.isGraph();
    Buffer flowing = null;
    for (int i = 0; i < model.layers().size(); i++) {
      LayerSpec layer = model.layers().get(i);
      Node node = model.nodes().get(i);
      parts.timeline = timelines.get(node.input());
      parts.maskField = masks.get(node.input());
      Shape timeline = model.timeline(layer.name()).shape();
      layers.fixedTimesteps =
          parts.timestepsParameter || timeline.variableTimesteps() ? -1 : timeline.timesteps();
      if (node.initialState() != null) {
        initialStateCopies(layer, model.layer(node.initialState()), parts);
      }
      if (graph) {
        parts.inbound = node.inputs();
        parts.inboundInitialState = node.initialState();
      }
      if (layer instanceof MergeSpec || layer instanceof CellSpec cell && cell.multiInput()) {
        flowing =
            layers.emit(
                layer,
                node.inputs().stream().map(buffers::get).toList(),
                node.inputs().stream().map(masks::get).toList());
      } else {
        flowing = layers.emit(layer, buffers.get(node.input()));
      }
      buffers.put(layer.name(), flowing);
      timelines.put(layer.name(), parts.timeline);
      boolean masked = LayerSpec.maskAfter(layer, parts.maskField != null);
      masks.put(
          layer.name(),
          !masked ? null : layers.maskMade != null ? layers.maskMade : parts.maskField);
      for (boolean backward :
          new boolean[] {false, true}) { // mergeMode "none": each direction is a source
        String direction = Node.direction(layer.name(), backward);
        if (parts.directionOutputs.containsKey(direction)) {
          buffers.put(direction, parts.directionOutputs.get(direction));
          timelines.put(direction, parts.timeline);
          masks.put(direction, masks.get(layer.name()));
        }
      }
    }
    StateRows.emit(model.stateRows(), parts);
    String vocabulary =
        model.layers().getFirst() instanceof EmbeddingSpec e
            ? Names.constant(e.name(), "INPUT_DIM")
            : null;
    CallEmitter calls =
        new CallEmitter(
            input,
            model.output(),
            flowing,
            vocabulary,
            parts,
            returnedStates(model),
            initialStateFields(model),
            LockstepEmitter.of(model, parts));
    SeveralInputsCallEmitter severalCalls =
        inputs == null
            ? null
            : new SeveralInputsCallEmitter(
                model, inputs, flowing, parts, returnedStates(model), initialStateFields(model));
    calls.model = model;
    calls.buffers = buffers;
    if (severalCalls != null) {
      severalCalls.buffers = buffers;
    }

    TypeSpec.Builder type =
        TypeSpec.classBuilder(self)
            .addOriginatingElement(model.type())
            .addAnnotation(
                AnnotationSpec.builder(Generated.class).addMember("value", "$S", PROCESSOR).build())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(ClassName.get(model.type()))
            .addSuperinterface(RuntimeTypes.RNNC_MODEL)
            // a record the interface nests (an importer's Outputs) would hide runtime.Outputs
            .avoidClashesWithNestedClasses(model.type())
            .addJavadoc(classJavadoc(model))
            .addFields(parts.constants)
            .addFields(parts.configs)
            .addFields(sharedOnCopy(parts.weights))
            .addFields(sharedOnCopy(parts.handles))
            .addFields(sharedOnCopy(parts.caches))
            .addField(
                FieldSpec.builder(layerList(), "layers", Modifier.PRIVATE, Modifier.FINAL).build());
    Workspaces workspaces = new Workspaces(model.modelName(), model.isStateful());
    type.addField(workspaces.field());
    if (workspaces.stateful()) {
      type.addField(workspaces.guard());
    }
    TypeSpec.Builder workspace = workspaces.type().addFields(parts.scratch);
    if (parts.initialStateLayer != null) {
      workspace.addField(
          FieldSpec.builder(TypeName.BOOLEAN, "initialStates", Modifier.PRIVATE)
              .addJavadoc(
                  "Set by a call that passed $L's initial states, which are then already in place.\n",
                  parts.initialStateLayer)
              .build());
    }
    if (parts.packedCalls) {
      workspace.addField(
          FieldSpec.builder(TypeName.BOOLEAN, "packed", Modifier.PRIVATE)
              .addJavadoc(
                  "Set by a call that passed @Packed lengths: recurrent layers then zero their\n"
                      + "sequence output past a sample's length and keep the last real output as\n"
                      + "their last output, as PyTorch's packed sequences (else Keras' mask).\n")
              .build());
    }
    if (parts.variableTimesteps && inputs == null) {
      workspace.addField(
          FieldSpec.builder(TypeName.INT, "capacity", Modifier.PRIVATE)
              .addJavadoc("Timesteps the per-timestep arrays hold; they grow, never shrink.\n")
              .build());
    }
    boolean ownCells = model.training() != null && !parts.cellHandles.isEmpty();
    if (ownCells) {
      type.addMethod(
          MethodSpec.constructorBuilder()
              .addModifiers(Modifier.PRIVATE)
              .addJavadoc("A model with new weights, or with those of {@code from}.\n")
              .addParameter(self, "from")
              .addStatement("this(from, false)")
              .build());
    }
    type.addMethod(constructor(self, parts, ownCells))
        .addMethod(create(self))
        .addMethod(load(self))
        .addMethod(copy(self))
        .addMethod(
            MethodSpec.methodBuilder("modelName")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S", model.modelName())
                .build())
        .addMethod(
            MethodSpec.methodBuilder("inputConfig")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(
                    ParameterizedTypeName.get(
                        ClassName.get(Map.class),
                        ClassName.get(String.class),
                        ClassName.get(Object.class)))
                .addCode(inputConfig(model, inputs))
                .build())
        .addMethod(
            MethodSpec.methodBuilder("layers")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(layerList())
                .addStatement("return layers")
                .build());
    SummaryEmitter summary = new SummaryEmitter(model);
    type.addMethod(summary.modelSummary());
    MethodSpec modelGraph = summary.modelGraph();
    if (modelGraph != null) {
      type.addMethod(modelGraph);
    }
    if (SummaryEmitter.summaryFree(model)) {
      type.addMethod(summary.summary());
    }
    for (int i = 0; i < model.layers().size(); i++) {
      if (model.layers().get(i) instanceof BidirectionalSpec lower
          && lower.lowerLayerOf() != null) {
        continue; // a numLayers layer's lower PyTorch layer: in layers(), declared by no method
      }
      String layer = model.layers().get(i).name();
      String shared = parts.sharedNames.get(layer);
      MethodSpec.Builder accessor =
          MethodSpec.methodBuilder(layer)
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC)
              .returns(RuntimeTypes.LAYER)
              .addStatement("return $N", Names.field(shared != null ? shared : layer, "Layer"));
      List<String> parameters = model.nodes().get(i).parameters();
      if (shared != null) {
        accessor.addJavadoc(
            "$L applies $L's layer, with its weights: returns that layer.\n", layer, shared);
      }
      if (!parameters.isEmpty()) {
        accessor.addJavadoc("The parameters only declare the wiring; the arguments are ignored.\n");
        parameters.forEach(p -> accessor.addParameter(RuntimeTypes.LAYER, p));
      }
      type.addMethod(accessor.build());
      if (model.layers().get(i) instanceof BidirectionalSpec bi && bi.backwardLayer() != null) {
        type.addMethod(
            MethodSpec.methodBuilder(bi.backwardLayer().name())
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeTypes.LAYER)
                .addJavadoc(
                    "The backward layer of $L: returns $L, whose variables hold both directions.\n",
                    layer,
                    layer)
                .addStatement("return $N", Names.field(layer, "Layer"))
                .build());
      }
    }
    TrainingEmitter training = model.training() == null ? null : new TrainingEmitter(model);
    for (CallSpec call : model.calls()) {
      if (call.training()) {
        type.addMethod(training.emit(call));
        continue;
      }
      MethodSpec body = inputs != null ? severalCalls.emit(call) : calls.emit(call);
      type.addMethod(workspaces.call(body));
      workspace.addMethod(Workspaces.body(body));
    }
    if (inputs != null) {
      workspace.addMethod(inputs.run());
      workspace.addMethods(inputs.ensureCapacity());
      workspace.addFields(inputs.capacityFields());
    } else {
      workspace.addMethod(run(input, parts));
    }
    if (training != null) {
      type.addSuperinterface(RuntimeTypes.TRAINABLE_MODEL);
      type.addFields(training.fields());
      type.addFields(training.parameterFields());
      type.addField(training.trainingStateField());
      type.addMethods(training.methods());
    }
    if (parts.timestepsParameter && input.kind() == Shape.Kind.SEQUENCE && inputs == null) {
      workspace.addMethod(
          MethodSpec.methodBuilder("forward")
              .addModifiers(Modifier.PRIVATE)
              .addJavadoc(
                  "Runs every layer over the first {@code timesteps} rows of {@code input}.\n")
              .addParameter(TypeName.INT, "timesteps")
              .addCode(parts.forwardCalls.build())
              .build());
    }
    if (parts.variableTimesteps && inputs == null) {
      workspace.addMethod(ensureCapacity(parts));
    }
    workspace.addMethods(parts.forwardMethods);
    // the resets run in the one workspace of a stateful model; training's carried states too
    workspace.addMethods(
        training == null
            ? parts.resetMethods
            : parts.resetMethods.stream().map(training::withCarriedReset).toList());
    type.addMethods(parts.cacheMethods);
    type.addType(workspace.build());

    return JavaFile.builder(model.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** The fields and widths of the first recurrent layer's states, in Keras' order. */
  private static List<String[]> initialStateFields(ModelSpec model) {
    List<String[]> fields = new ArrayList<>();
    if (model.firstRecurrentLayer() != null && !model.initialStates().isEmpty()) {
      model.startingLayers().forEach(layer -> fields.addAll(stateFields(layer)));
    }
    return fields;
  }

  /**
   * {@code @InitialState}: {@code consumer} starts from a copy of the final states of {@code
   * source} in place of zeros, matched by position in Keras' flattened order; a Bidirectional
   * consumer (around a recurrent layer or an {@code @RNN}) gives the first half to its forward
   * direction, the second half to its backward one, as Keras' {@code Bidirectional} splits {@code
   * initial_state}.
   */
  private static void initialStateCopies(LayerSpec consumer, LayerSpec source, ClassParts parts) {
    List<String[]> from = stateFields(source);
    List<String[]> to = stateFields(consumer);
    List<String> directions =
        switch (consumer) {
          case BidirectionalSpec b ->
              List.of(Names.field(b.name(), "Forward"), Names.field(b.name(), "Backward"));
          case BidirectionalCellSpec b -> List.of(b.forward().name(), b.backward().name());
          default -> List.of(consumer.name());
        };
    int perDirection = to.size() / directions.size();
    for (int d = 0; d < directions.size(); d++) {
      CodeBlock.Builder copy = CodeBlock.builder();
      copy.add("// initial states: $L's final states (@InitialState)\n", source.name());
      for (int k = d * perDirection; k < (d + 1) * perDirection; k++) {
        copy.addStatement(
            "$T.arraycopy($L, 0, $L, 0, $L)",
            System.class,
            from.get(k)[0],
            to.get(k)[0],
            to.get(k)[1]);
      }
      parts.initialStateCopies.put(directions.get(d), copy.build());
    }
  }

  /**
   * The array expressions and widths of a recurrent, Bidirectional or {@code @RNN} layer's states,
   * in Keras' order ({@link ModelSpec#statesOf}).
   */
  private static List<String[]> stateFields(LayerSpec first) {
    if (first instanceof CellSpec cell) {
      return CellEmitter.stateFields(cell);
    }
    List<String[]> fields = new ArrayList<>();
    if (first instanceof BidirectionalCellSpec bi) { // Keras: the forward half, then the backward
      fields.addAll(CellEmitter.stateFields(bi.forward()));
      fields.addAll(CellEmitter.stateFields(bi.backward()));
      return fields;
    }
    RecurrentSpec layer = first instanceof BidirectionalSpec b ? b.layer() : (RecurrentSpec) first;
    for (ModelSpec.StateSpec state : ModelSpec.states(first)) {
      String prefix =
          state.direction().isEmpty()
              ? first.name()
              : Names.field(
                  first.name(), state.direction().equals("forward") ? "Forward" : "Backward");
      String width =
          state.name().equals("h")
              ? RecurrentEmitter.hUnits(layer)
              : RecurrentEmitter.units(first.name());
      fields.add(new String[] {Names.field(prefix, state.name().toUpperCase()), width});
    }
    return fields;
  }

  /** Copies of the final states the last layer returns, as expressions in Keras' order. */
  private static List<CodeBlock> returnedStates(ModelSpec model) {
    return returnedStates(model.layers().getLast());
  }

  /**
   * Copies of the final states {@code layer} returns with {@code returnState} (any layer: the last,
   * or one whose states a several-outputs record returns), as expressions in Keras' order ({@link
   * ModelSpec#returnedStates(LayerSpec)}); empty without {@code returnState}.
   */
  static List<CodeBlock> returnedStates(LayerSpec layer) {
    List<CodeBlock> states = new ArrayList<>();
    if (layer instanceof CellSpec cell) {
      return cell.returnState() ? CellEmitter.returnedStates(cell) : states;
    }
    if (layer
        instanceof
        BidirectionalCellSpec bi) { // the forward direction's states, then the backward's
      if (bi.layer().returnState()) {
        states.addAll(CellEmitter.returnedStates(bi.forward()));
        states.addAll(CellEmitter.returnedStates(bi.backward()));
      }
      return states;
    }
    return ModelSpec.returnedStates(layer).isEmpty() ? states : stateCopies(layer);
  }

  /**
   * Copies of every final state of a recurrent, Bidirectional or {@code @RNN} layer, in Keras'
   * order, whether or not it returns them ({@code returnState}): PyTorch's {@code h_n} reads the
   * lower layers of a {@code numLayers} one too.
   */
  static List<CodeBlock> stateCopies(LayerSpec layer) {
    if (layer instanceof CellSpec cell) {
      return CellEmitter.returnedStates(cell);
    }
    List<CodeBlock> states = new ArrayList<>();
    RecurrentSpec recurrent =
        layer instanceof BidirectionalSpec b
            ? b.layer()
            : layer instanceof RecurrentSpec r ? r : null;
    for (ModelSpec.StateSpec state : ModelSpec.states(layer)) {
      String prefix =
          state.direction().isEmpty()
              ? layer.name()
              : Names.field(
                  layer.name(), state.direction().equals("forward") ? "Forward" : "Backward");
      String width =
          state.name().equals("h")
              ? RecurrentEmitter.hUnits(recurrent)
              : RecurrentEmitter.units(layer.name());
      states.add(
          CodeBlock.of(
              "$T.copyOf($N, $L)",
              Arrays.class,
              Names.field(prefix, state.name().toUpperCase()),
              width));
    }
    return states;
  }

  private static String classJavadoc(ModelSpec model) {
    StringBuilder doc = new StringBuilder();
    doc.append("The rnnc implementation of {@link ")
        .append(model.type().getSimpleName())
        .append("}.\n\n");
    doc.append("<pre>\n");
    if (model.severalInputs()) {
      model
          .inputs()
          .forEach(
              i ->
                  doc.append("input ")
                      .append(i.name())
                      .append(": ")
                      .append(i.shape())
                      .append('\n'));
    } else {
      doc.append("input: ").append(model.input()).append('\n');
    }
    boolean graph = model.isGraph();
    for (int i = 0; i < model.layers().size(); i++) {
      doc.append(Describe.layer(model.layers().get(i)));
      if (graph) {
        Node node = model.nodes().get(i);
        doc.append(" Takes ")
            .append(
                String.join(
                    ", ",
                    node.inputs().stream()
                        .map(n -> n.isEmpty() ? "the input" : Node.describe(n))
                        .toList()));
        if (node.initialState() != null) {
          doc.append(", starting from ").append(node.initialState()).append("'s final states");
        }
        doc.append('.');
      }
      doc.append('\n');
    }
    doc.append("</pre>\n\n");
    if (model.severalInputs()) {
      doc.append(
              "<p>Sizes are constants: per input {@code <INPUT>_TIMESTEPS} ({@code -1} when variable, then known\n")
          .append(
              "per call, each input on its own) and {@code <INPUT>_FEATURES}, and per layer {@code *_UNITS}; {@code *_STRIDE}\n")
          .append("is the width rounded up to 16\n");
    } else {
      doc.append(
              "<p>Sizes are constants: {@code TIMESTEPS} ({@code -1} when variable, then known per call),\n")
          .append(
              "{@code FEATURES}, and per layer {@code *_UNITS}; {@code *_STRIDE} is the width rounded up to "
                  + Packing.ALIGN
                  + "\n");
    }
    doc.append(
            "floats (one 512-bit vector) so every row and gate block starts on a vector boundary, and\n")
        .append(
            "{@code *_GATES} the width of a recurrent layer's input projection, all its gate blocks.\n\n");
    doc.append(
            "<p>Weights are stored packed for the SIMD kernels (gate blocks padded to "
                + Packing.ALIGN
                + " floats);\n")
        .append("{@link #layers()} shows them in Keras layout.\n\n");
    if (model.isStateful()) {
      doc.append(
              "<p>Threads: the carried states are this instance's, one stream, so its calls must not overlap:\n")
          .append(
              "a call made while another runs throws {@code IllegalStateException} instead of mixing the two\n")
          .append(
              "streams. Give each thread or stream its own instance with {@link #copy()}, which shares the\n")
          .append(
              "weights. Calls compute in one {@code Workspace} the instance owns, so after warm-up a call\n")
          .append(
              "allocates nothing beyond a returned array. Weights must not change ({@code setWeights},\n")
          .append("{@code Weights.load} into the model, {@code fit}) while a call runs.\n");
    } else {
      doc.append(
              "<p>Threads: any number may call one instance at once (as ONNX Runtime's {@code Run} on one\n")
          .append(
              "session). Each call computes in a {@code Workspace} of its own, taken from a pool that keeps\n")
          .append(
              "as many as have ever run at once, so after warm-up a call allocates nothing beyond a returned\n")
          .append(
              "array. Weights must not change ({@code setWeights}, {@code Weights.load} into the model,\n")
          .append("{@code fit}) while calls run.\n");
    }
    return doc.toString();
  }

  /**
   * The weight arrays, custom cells and caches, declared without their initializer, which the
   * constructor assigns: the original's for a {@link #copy}, else new ones. Aliases
   * ({@code @Shared}) keep theirs.
   */
  private static List<FieldSpec> sharedOnCopy(List<FieldSpec> fields) {
    return fields.stream()
        .map(
            field ->
                created(field)
                    ? FieldSpec.builder(field.type(), field.name())
                        .addModifiers(field.modifiers().toArray(Modifier[]::new))
                        .addAnnotations(field.annotations())
                        .addJavadoc(field.javadoc())
                        .build()
                    : field)
        .toList();
  }

  /** Whether {@code field} is initialized with a new array or object (not an alias). */
  private static boolean created(FieldSpec field) {
    return field.initializer().toString().startsWith("new ");
  }

  /**
   * The constructor; with {@code ownCells} (a trained model with custom cells) it takes a flag that
   * gives a training shard's copy custom cells of its own.
   */
  private static MethodSpec constructor(ClassName self, ClassParts parts, boolean ownCells) {
    CodeBlock.Builder shared = CodeBlock.builder();
    for (List<FieldSpec> fields : List.of(parts.weights, parts.handles, parts.caches)) {
      for (FieldSpec field : fields) {
        if (created(field)) {
          shared.addStatement(
              ownCells && parts.cellHandles.contains(field.name())
                  ? "$N = from != null && !ownCells ? from.$N : $L"
                  : "$N = from != null ? from.$N : $L",
              field.name(),
              field.name(),
              field.initializer());
        }
      }
    }
    MethodSpec.Builder constructor =
        MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "A model with new weights, or with those of {@code from} (the same arrays) for {@link\n"
                    + "#copy()}. The weights are assigned before {@code super()}, so that the field\n"
                    + "initializers that follow may read them.\n")
            .addParameter(self, "from");
    if (ownCells) {
      constructor
          .addJavadoc(
              "With {@code ownCells}, a training shard's copy: the same weight arrays, but custom"
                  + " cells of its\nown, whose weights the shard copies from {@code from}'s before"
                  + " each step.\n")
          .addParameter(TypeName.BOOLEAN, "ownCells");
    }
    return constructor
        .addCode(shared.build())
        .addStatement("super()")
        .addCode(parts.layerHandles.build())
        .addStatement(
            "layers = $T.of($L)",
            List.class,
            String.join(", ", parts.layerNames.stream().map(n -> Names.field(n, "Layer")).toList()))
        .addCode(parts.modelSteps.build())
        .build();
  }

  private static MethodSpec create(ClassName self) {
    return MethodSpec.methodBuilder("create")
        .addJavadoc(
            "A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent\n"
                + "kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(self)
        .addParameter(TypeName.LONG, "seed")
        .addStatement("$T model = new $T(null)", self, self)
        .addStatement("model.initialize(seed)")
        .addStatement("return model")
        .build();
  }

  private static MethodSpec load(ClassName self) {
    return MethodSpec.methodBuilder("load")
        .addJavadoc(
            "A model with the weights of {@code path}: a Keras 3 {@code .keras} or {@code .weights.h5}\n"
                + "file (layers matched by name, else by order), a PyTorch {@code state_dict} in safetensors, or an\n"
                + "rnnc weight file; the format is recognised by content.\n\n"
                + "@throws IOException if the file cannot be read, or ({@code WeightsException}) does not fit\n"
                + "    this model; its message lists every mismatch\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(self)
        .addParameter(Path.class, "path")
        .addException(IOException.class)
        .addStatement("$T model = new $T(null)", self, self)
        .addStatement("$T.load(path, model)", RuntimeTypes.WEIGHTS)
        .addStatement("return model")
        .build();
  }

  private static MethodSpec copy(ClassName self) {
    return MethodSpec.methodBuilder("copy")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(self)
        .addJavadoc(
            "A model that shares this one's weights (the same arrays: weights set, loaded or trained\n"
                + "through either are the other's too) and has its own workspaces and carried states (zeros):\n"
                + "one per stream of a stateful model. Cheap: allocates no weights.\n")
        .addStatement("return new $T(this)", self)
        .build();
  }

  /** {@code run(sample[, timesteps])}: packs a checked sample and runs every layer. */
  private static MethodSpec run(Shape input, ClassParts parts) {
    boolean tokens = input.kind() == Shape.Kind.TOKENS;
    MethodSpec.Builder run =
        MethodSpec.methodBuilder("run")
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
    run.addStatement(
        "$T.packSequence(sample, $L, FEATURES, input)", RuntimeTypes.INPUTS, timesteps);
    return parts.timestepsParameter
        ? run.addStatement("forward(timesteps)").build()
        : run.addCode(parts.forwardCalls.build()).build();
  }

  private static MethodSpec ensureCapacity(ClassParts parts) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("ensureCapacity")
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "Grows the per-timestep arrays for a longer sequence (amortized: no allocation once warm).\n")
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
    return ParameterizedTypeName.get(ClassName.get(List.class), RuntimeTypes.LAYER);
  }

  /**
   * {@code inputConfig()}'s body: the first input's Keras shape and dtype, and for a stateful model
   * with a declared batch ({@code @Input(batchSize)}) that batch size, which a Keras config of it
   * must fix (its stateful layers keep that many rows of states).
   */
  private static CodeBlock inputConfig(ModelSpec model, SeveralInputs inputs) {
    Shape input = model.input();
    String shape =
        inputs != null
            ? inputs.shapeConstants(model.inputs().getFirst())
            : input.kind() == Shape.Kind.SEQUENCE ? "TIMESTEPS, FEATURES" : "TIMESTEPS";
    String dtype = input.kind() == Shape.Kind.TOKENS ? "int32" : "float32";
    if (model.stateRows() > 0) {
      return CodeBlock.of(
          "return $T.of($S, $T.of($L), $S, $S, $S, $L);\n",
          Map.class,
          "shape",
          List.class,
          shape,
          "dtype",
          dtype,
          "batch_size",
          model.stateRows());
    }
    return CodeBlock.of(
        "return $T.of($S, $T.of($L), $S, $S);\n",
        Map.class,
        "shape",
        List.class,
        shape,
        "dtype",
        dtype);
  }
}
