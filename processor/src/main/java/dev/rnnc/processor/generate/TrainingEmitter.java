package dev.rnnc.processor.generate;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import dev.rnnc.processor.spec.BidirectionalCellSpec;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.DropoutSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.InputSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.MaskingSpec;
import dev.rnnc.processor.spec.MergeSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Node;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.Shape;
import dev.rnnc.processor.spec.SharedSpec;
import dev.rnnc.processor.spec.TrainingSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Emits a model's training ({@code @Compile}, {@code fit}, {@code evaluate}): {@code trainStep},
 * which packs a batch of every input, runs it forwards through every layer in lockstep ({@link
 * TrainingLayers}, {@link TrainingMerges}), computes the loss and its gradient ({@code
 * TrainingOutput}), runs the layers backwards, last to first (BPTT for recurrent layers), and
 * applies the optimizer; and the call methods, which hand {@code trainStep} to the runtime's {@code
 * FitLoop} (epochs, shuffling, validation, callbacks, progress, history). The fit loop only passes
 * sample indices, so shuffling permutes every input and the targets together.
 *
 * <p>Graphs train as chains do, layer by layer in declaration order along the nodes' wiring: a
 * layer's output read by several layers gets the sum of their gradients (the last reader sets it,
 * the others add), an {@code @InitialState} source's final states start its reader, whose initial
 * states' gradients flow back into the source's last step ({@link TrainingLinks}), and a
 * {@code @Shared} application runs the shared layer's step on its weights, adding into its
 * gradients.
 *
 * <p>Batch buffers grow with the largest batch seen ({@code ensureTraining}) and are then reused,
 * so a step allocates nothing once warm. The spec decides which models train ({@code
 * ModelSpec.trainingUnsupported}).
 */
final class TrainingEmitter {
  /** Local names of {@code trainStep} an input's parameter must not take. */
  private static final Set<String> STEP_NAMES =
      Set.of(
          "y",
          "order",
          "from",
          "count",
          "sampleWeights",
          "training",
          "loss",
          "shards",
          "gradient",
          "b",
          "t",
          "step",
          "j",
          "r");

  private final ModelSpec model;
  private final TrainingSpec training;
  private final TrainingParts p = new TrainingParts();
  private final TrainingLayers layers;
  private final TrainingRecurrent recurrent;
  private final TrainingLinks links;

  /** Whether inputs have constants and fields of their own ({@code ENCODER_TOKENS_TIMESTEPS}). */
  private final boolean several;

  /**
   * The inputs that carry a mask a call passes (Keras' {@code mask=} of the one input, or
   * {@code @Packed} lengths of some of several): the steps then take one {@code int[]} of lengths
   * per such input after the inputs, null when a call passes none (every timestep real).
   */
  private final List<InputSpec> lengths;

  /** The outputs the loss reads: the last layer's, or one per component of {@code y}'s record. */
  private final List<Output> outputs;

  /**
   * One output the loss reads.
   *
   * @param field the {@code TrainingOutput} field of its loss and metrics
   * @param flow its rows
   * @param logits its rows before a sigmoid or softmax when the loss reads those, or null
   * @param targets the expression of its targets in {@code trainStep}: {@code y}, or {@code
   *     y.score()}
   * @param target its loss, weight and metrics (several outputs), or null (the one output)
   */
  private record Output(
      String field, TrainingFlow flow, String logits, String targets, TrainingSpec.Target target) {}

  TrainingEmitter(ModelSpec model) {
    this.model = model;
    this.training = model.training();
    this.several = model.severalInputs();
    this.lengths =
        model.severalInputs()
            ? model.maskedInputs()
            : model.callMasks() ? model.inputs() : List.of(); // CallMatcher.maskProblem
    this.layers = new TrainingLayers(p);
    this.recurrent =
        new TrainingRecurrent(
            p,
            model.calls().stream().anyMatch(c -> c.training() && c.mask() == CallSpec.Mask.PACKED));
    this.links = new TrainingLinks(model);
    TrainingMerges merges = new TrainingMerges(p);
    Map<String, TrainingFlow> flows = new HashMap<>();
    for (InputSpec input : model.inputs()) {
      flows.put(input.name(), input(input));
    }
    Map<String, int[]> firstWriters = firstWriters(model);
    List<LayerSpec> all = model.layers();
    for (int i = 0; i < all.size(); i++) {
      LayerSpec layer = all.get(i);
      Node node = model.nodes().get(i);
      TrainingFlow in = flows.get(node.input());
      String gradient = inputGradient(firstWriters, i, 0, node.input(), in);
      if (layer instanceof BidirectionalSpec b
          && b.mergeMode() == BidirectionalSpec.MergeMode.NONE) {
        // two outputs, read apart by @Forward / @Backward: no flow of the layer's own name
        TrainingRecurrent.Directions directions =
            recurrent.bidirectionalNone(b, in, gradient, links.bidirectional(b, node));
        flows.put(Node.direction(layer.name(), false), directions.forward());
        flows.put(Node.direction(layer.name(), true), directions.backward());
        continue;
      }
      TrainingFlow out =
          switch (layer) {
            case RecurrentSpec r -> recurrent.layer(r, in, gradient, links.of(r, node));
            case BidirectionalSpec b ->
                recurrent.bidirectional(b, in, gradient, links.bidirectional(b, node));
            case CellSpec c when c.multiInput() -> {
              List<TrainingFlow> ins = new ArrayList<>();
              List<String> gradients = new ArrayList<>();
              for (int k = 0; k < node.inputs().size(); k++) {
                String source = node.inputs().get(k);
                ins.add(flows.get(source));
                gradients.add(inputGradient(firstWriters, i, k, source, flows.get(source)));
              }
              yield recurrent.multiInputCell(c, ins, gradients, links.stack(c, node).getFirst());
            }
            case CellSpec c -> recurrent.stack(c, in, gradient, links.stack(c, node));
            case BidirectionalCellSpec b ->
                recurrent.bidirectionalCells(b, in, gradient, links.bidirectionalCells(b, node));
            case DenseSpec d ->
                layers.dense(d, in, gradient, outputLoss(layer.name()), read(layer.name()));
            case EmbeddingSpec e -> layers.embedding(e, in, mask(e), projectsDistinctTokens(e));
            case DropoutSpec d when d.rate() > 0 -> layers.dropout(d, in, gradient);
            case MaskingSpec m when model.layer(node.input()) != null ->
                // after another layer: its own mask and rows (the layer's rows stay for its
                // backward pass, an earlier mask for the layers that read it)
                layers.masking(
                    m,
                    in,
                    Names.field(m.name(), "TrainMask"),
                    Names.field(m.name(), "TrainOutput"),
                    gradient);
            case MaskingSpec m ->
                layers.masking(
                    m,
                    in,
                    mask(m),
                    model.isGraph() ? Names.field(m.name(), "TrainOutput") : null,
                    gradient);
            case MergeSpec m -> {
              List<TrainingFlow> ins = new ArrayList<>();
              List<String> gradients = new ArrayList<>();
              for (int k = 0; k < node.inputs().size(); k++) {
                String source = node.inputs().get(k);
                ins.add(flows.get(source));
                gradients.add(inputGradient(firstWriters, i, k, source, flows.get(source)));
              }
              yield merges.merge(m, ins, gradients);
            }
            case SharedSpec s -> shared(s, in, gradient, node, outputLoss(s.name()));
            case DropoutSpec d -> in; // rate 0: the identity
            default ->
                throw new IllegalStateException(
                    layer.name() + ": no training step (ModelSpec.trainingUnsupported)");
          };
      flows.put(layer.name(), out);
    }
    outputs = outputs(flows);
  }

  /**
   * Whether an Embedding's rows can be one per distinct token of the batch: its only reader is a
   * recurrent layer (not shared, one input) that projects them without input dropout, and no loss
   * reads them. That layer then projects each distinct token once, and takes the projection's
   * gradients per token ({@code DistinctTokens}).
   */
  private boolean projectsDistinctTokens(EmbeddingSpec embedding) {
    String name = embedding.name();
    List<Integer> readers = new ArrayList<>();
    for (int j = 0; j < model.nodes().size(); j++) {
      if (model.nodes().get(j).inputs().contains(name)) {
        readers.add(j);
      }
    }
    if (readers.size() != 1 || outputLoss(name) != null) {
      return false;
    }
    int j = readers.getFirst();
    return model.nodes().get(j).inputs().size() == 1
        && model.layers().get(j) instanceof RecurrentSpec r
        && r.cell().dropout() == 0;
  }

  /** Whether another layer reads {@code layer}'s output. */
  private boolean read(String layer) {
    return model.nodes().stream().anyMatch(n -> n.inputs().contains(layer));
  }

  /** Whether the model trains several outputs ({@code y} a record). */
  private boolean severalOutputs() {
    return !training.targets().isEmpty();
  }

  /** The loss of the output {@code source} is, or null when it is none. */
  private String outputLoss(String source) {
    if (!severalOutputs()) {
      return source.equals(model.layers().getLast().name()) ? training.loss() : null;
    }
    return training.targets().stream()
        .filter(t -> t.source().equals(source))
        .map(TrainingSpec.Target::loss)
        .findFirst()
        .orElse(null);
  }

  private List<Output> outputs(Map<String, TrainingFlow> flows) {
    if (!severalOutputs()) {
      String last = model.layers().getLast().name();
      return List.of(
          new Output("trainingOutput", flows.get(last), layers.logits.get(last), "y", null));
    }
    return training.targets().stream()
        .map(
            t ->
                new Output(
                    Names.field(t.component(), "TrainingOutput"),
                    flow(flows, t.source()),
                    layers.logits.get(t.source()),
                    "y." + t.component() + "()",
                    t))
        .toList();
  }

  /**
   * The rows an output's loss reads and the buffer its gradient goes into: a layer's or direction's
   * flow, a Dense layer's own logits' gradient when other layers read its (activated) rows, or a
   * final state's.
   */
  private TrainingFlow flow(Map<String, TrainingFlow> flows, String source) {
    if (Node.isState(source)) {
      return recurrent.stateOutput(source);
    }
    TrainingFlow flow = flows.get(source);
    String logitsGradient = layers.logitsGradients.get(source);
    return logitsGradient == null
        ? flow
        : new TrainingFlow(
            flow.field(),
            flow.width(),
            flow.stride(),
            flow.sequence(),
            logitsGradient,
            flow.timesteps(),
            flow.mask());
  }

  /**
   * A {@code @Shared} application: the shared layer's step under the application's name (its own
   * buffers, as {@code SharedEmitter} gives it its own constants), on the shared layer's weights,
   * its gradients added into the shared layer's.
   */
  private TrainingFlow shared(
      SharedSpec shared, TrainingFlow in, String gradient, Node node, String outputLoss) {
    LayerSpec applied = SharedEmitter.renamed(shared.layer(), shared.name());
    return p.sharing(
        shared.name(),
        shared.layer().name(),
        () ->
            switch (applied) {
              case RecurrentSpec r -> recurrent.layer(r, in, gradient, links.of(shared, node));
              case DenseSpec d -> layers.dense(d, in, gradient, outputLoss, read(shared.name()));
              case EmbeddingSpec e -> layers.embedding(e, in, mask(e), false);
              default -> throw new IllegalStateException("cannot share " + applied); // GraphRule
            });
  }

  /**
   * The batch buffer of a model input: its token ids, or its float rows (unpadded: the input's
   * features per row).
   */
  private TrainingFlow input(InputSpec input) {
    String name = SeveralInputs.javaName(input);
    String what = several ? name + ": the batch's " : "The batch's ";
    String timesteps = timesteps(input);
    if (input.shape().kind() == Shape.Kind.TOKENS) {
      String ids = several ? Names.field(name, "TrainIds") : "trainIds";
      p.fields.add(
          FieldSpec.builder(int[].class, ids, Modifier.PRIVATE)
              .addJavadoc(what + "token ids, one sample after another.\n")
              .initializer("new int[0]")
              .build());
      p.allocate.addStatement("$N = new int[batch * $L]", ids, timesteps);
      String mask = null;
      if (lengths.contains(input)) { // @Packed lengths of the ids, packed after the Embedding
        mask = callMask(input);
        p.maskArray(
            mask,
            "batch * " + timesteps,
            "The batch's mask from the @Packed lengths a training call passes ({@code mask[b *"
                + " TIMESTEPS + t]}),\nall true when it passes none.");
      }
      return new TrainingFlow(ids, null, null, true, null, timesteps, mask);
    }
    String field = several ? Names.field(name, "TrainInput") : "trainInput";
    String features = features(input);
    boolean sequence = input.shape().kind() == Shape.Kind.SEQUENCE;
    p.batchArray(
        field,
        sequence ? "batch * " + timesteps + " * " + features : "batch * " + features,
        what + "samples, one after another.");
    String mask = null;
    if (lengths.contains(input)) {
      mask = callMask(input);
      p.maskArray(
          mask,
          "batch * " + timesteps,
          "The batch's mask from the lengths a training call passes ({@code mask[b * TIMESTEPS +"
              + " t]}),\nall true when it passes none.");
    }
    return new TrainingFlow(field, features, features, sequence, null, timesteps, mask);
  }

  /** The mask buffer of the lengths a training call passes (Keras' {@code mask=}). */
  private static final String CALL_MASK = "trainCallMask";

  /** The mask buffer of an input's lengths: {@code trainCallMask}, {@code aTrainCallMask}. */
  private String callMask(InputSpec input) {
    return several ? Names.field(SeveralInputs.javaName(input), "TrainCallMask") : CALL_MASK;
  }

  /** The step parameter of an input's lengths: {@code lengths}, {@code aLengths}. */
  private String lengthsParameter(InputSpec input) {
    return several ? Names.field(SeveralInputs.javaName(input), "Lengths") : "lengths";
  }

  /** The constant of an input's timesteps. */
  private String timesteps(InputSpec input) {
    return several ? SeveralInputs.constant(input, "TIMESTEPS") : "TIMESTEPS";
  }

  private String features(InputSpec input) {
    return several ? SeveralInputs.constant(input, "FEATURES") : "FEATURES";
  }

  /** The mask buffer a Masking or Embedding(maskZero) layer writes. */
  private String mask(LayerSpec layer) {
    return model.isGraph() ? Names.field(layer.name(), "TrainMask") : "trainMask";
  }

  /**
   * For each source (an input or layer), the reader that writes its gradient first in backward
   * order, as {layer index, input position}: the last layer reading it, at its first position
   * there. A Dropout of rate 0 passes its input's rows (and gradient buffer) on unchanged, so its
   * readers count as readers of that input and it counts as none.
   */
  private static Map<String, int[]> firstWriters(ModelSpec model) {
    Map<String, int[]> first = new HashMap<>();
    for (int i = 0; i < model.nodes().size(); i++) {
      if (identity(model.layers().get(i))) {
        continue;
      }
      List<String> inputs = model.nodes().get(i).inputs();
      for (int k = 0; k < inputs.size(); k++) {
        String source = rowsOf(model, inputs.get(k));
        int[] known = first.get(source);
        if (known == null || known[0] != i) {
          first.put(source, new int[] {i, k});
        }
      }
    }
    return first;
  }

  /** Whether a layer's training step passes its input on as it is (Dropout of rate 0). */
  private static boolean identity(LayerSpec layer) {
    return layer instanceof DropoutSpec d && d.rate() == 0;
  }

  /** The source whose rows {@code source} is: itself, or what a chain of identities passes on. */
  private static String rowsOf(ModelSpec model, String source) {
    while (model.layer(source) != null && identity(model.layer(source))) {
      source = model.node(source).input();
    }
    return source;
  }

  /**
   * How layer {@code i} writes the gradient of its input at position {@code k}: {@code input} when
   * it is the first writer, {@code addInput} after another, null when nothing learns below.
   */
  private String inputGradient(
      Map<String, int[]> firstWriters, int i, int k, String source, TrainingFlow in) {
    int[] first = firstWriters.get(rowsOf(model, source));
    if (in.gradient() == null || first == null) { // nothing learns below, or an identity's input
      return null;
    }
    // a model output's gradient holds its loss's before the readers add theirs (Keras sums them),
    // unless the loss's gradient is its logits', kept apart (TrainingLayers.logitsGradients)
    boolean output =
        severalOutputs()
            && training.targets().stream()
                .anyMatch(
                    t ->
                        !Node.isState(t.source())
                            && !layers.logitsGradients.containsKey(t.source())
                            && rowsOf(model, t.source()).equals(rowsOf(model, source)));
    return first[0] == i && first[1] == k && !output ? "input" : "addInput";
  }

  /** The fields training adds to the class. */
  List<FieldSpec> fields() {
    List<FieldSpec> all = new ArrayList<>();
    all.add(optimizer());
    if (!severalOutputs()) {
      Output output = outputs.getFirst();
      all.add(
          trainingOutput(
              output,
              training.loss(),
              training.metrics(),
              training.metrics(),
              training.sparse(),
              "The loss (" + training.loss() + ") and metrics of the output.\n"));
    } else {
      List<List<String>> names = metricNames();
      for (int i = 0; i < outputs.size(); i++) {
        TrainingSpec.Target t = outputs.get(i).target();
        all.add(
            trainingOutput(
                outputs.get(i),
                t.loss(),
                t.metrics(),
                names.get(i),
                t.sparse(),
                "The loss (" + t.loss() + ") and metrics of the output " + t.component() + ".\n"));
      }
      all.add(
          FieldSpec.builder(
                  RuntimeTypes.TRAINING_OUTPUTS,
                  "trainingOutputs",
                  Modifier.PRIVATE,
                  Modifier.FINAL)
              .addJavadoc("The outputs' losses, summed with their weights (Keras' loss_weights).\n")
              .initializer(
                  "new $T($T.of($L),$W$T.of($L),$Wnew double[] {$L})",
                  RuntimeTypes.TRAINING_OUTPUTS,
                  List.class,
                  CodeBlock.join(
                      outputs.stream().map(o -> CodeBlock.of("$S", o.target().name())).toList(),
                      ", "),
                  List.class,
                  String.join(", ", outputs.stream().map(Output::field).toList()),
                  String.join(
                      ", ",
                      outputs.stream().map(o -> Double.toString(o.target().weight())).toList()))
              .build());
    }
    if (p.usesRandom) {
      all.add(
          FieldSpec.builder(
                  RuntimeTypes.DROPOUT_RANDOM, "trainRandom", Modifier.PRIVATE, Modifier.FINAL)
              .addJavadoc(
                  "Dropout's draws: seeded, so the same data and options train the same weights.\n")
              .initializer("new $T($L)", RuntimeTypes.DROPOUT_RANDOM, "0x5eedL")
              .build());
    }
    if (p.placesShards()) {
      all.add(
          FieldSpec.builder(TypeName.INT, "trainShardStart", Modifier.PRIVATE)
              .addJavadoc(
                  "Where this forward pass's first sample sits in the whole batch: 0, or a shard's"
                      + " start\n(Dropout's draws and carried states are the whole batch's).\n")
              .build());
      all.add(
          FieldSpec.builder(TypeName.INT, "trainBatchSamples", Modifier.PRIVATE)
              .addJavadoc("The samples of the whole batch this forward pass is part of.\n")
              .build());
    }
    all.add(
        FieldSpec.builder(TypeName.INT, "trainBatch", Modifier.PRIVATE)
            .addJavadoc("The batch size the training buffers hold; they grow, never shrink.\n")
            .build());
    all.addAll(p.fields);
    all.addAll(shards().fields());
    return all;
  }

  /**
   * An output's {@code TrainingOutput} field: its loss, its metrics (logged under {@code names}),
   * its rows' layout.
   */
  private FieldSpec trainingOutput(
      Output output,
      String loss,
      List<String> metricIds,
      List<String> names,
      boolean sparse,
      String javadoc) {
    TrainingFlow flow = output.flow();
    List<CodeBlock> metrics = new ArrayList<>();
    for (int i = 0; i < metricIds.size(); i++) {
      metrics.add(
          metricIds.get(i).equals(names.get(i))
              ? CodeBlock.of(
                  "$T.get($S, $L, $L)",
                  RuntimeTypes.METRICS,
                  metricIds.get(i),
                  flow.width(),
                  sparse)
              : CodeBlock.of(
                  "$T.get($S, $S, $L, $L)",
                  RuntimeTypes.METRICS,
                  metricIds.get(i),
                  names.get(i),
                  flow.width(),
                  sparse));
    }
    List<String> rowWidths =
        output.target() != null && Node.isState(output.target().source())
            ? recurrent.rowWidths(output.target().source())
            : null;
    CodeBlock layout =
        rowWidths != null // h_n of an @RNN whose cells differ in width: a row per cell
            ? CodeBlock.of(
                "$T.ragged($L)", RuntimeTypes.OUTPUT_LAYOUT, String.join(", ", rowWidths))
            : CodeBlock.of(
                "new $T($L, $L, $L)",
                RuntimeTypes.OUTPUT_LAYOUT,
                flow.sequence() ? flow.timesteps() : "1",
                flow.width(),
                flow.stride());
    FieldSpec.Builder field =
        FieldSpec.builder(
                RuntimeTypes.TRAINING_OUTPUT, output.field(), Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(javadoc);
    if (output.target() == null) {
      return field
          .initializer(
              "new $T($T.loss($S),$W$T.of($L),$W$L,$W$L)",
              RuntimeTypes.TRAINING_OUTPUT,
              RuntimeTypes.KERAS_NAMES,
              loss,
              List.class,
              CodeBlock.join(metrics, ", "),
              layout,
              output.logits() != null)
          .build();
    }
    return field
        .initializer(
            "new $T($T.loss($S),$W$T.of($L),$W$L,$W$L,$W$S)",
            RuntimeTypes.TRAINING_OUTPUT,
            RuntimeTypes.KERAS_NAMES,
            loss,
            List.class,
            CodeBlock.join(metrics, ", "),
            layout,
            output.logits() != null,
            output.targets())
        .build();
  }

  /**
   * The names the outputs' metrics are logged under, as Keras 3.15 names them
   * (keras/src/trainers/compile_utils.py {@code CompileMetrics.result}): {@code <output>_<metric>},
   * a repeated name getting {@code _1}, {@code _2}, ... in output order (the two directions of a
   * {@code mergeMode = "none"} layer share their layer's name).
   */
  private List<List<String>> metricNames() {
    Map<String, Integer> seen = new HashMap<>();
    List<List<String>> all = new ArrayList<>();
    for (Output output : outputs) {
      List<String> names = new ArrayList<>();
      for (String metric : output.target().metrics()) {
        String name = outputs.size() == 1 ? metric : output.target().name() + "_" + metric;
        Integer count = seen.get(name);
        seen.put(name, count == null ? 1 : count + 1);
        names.add(count == null ? name : name + "_" + count);
      }
      all.add(names);
    }
    return all;
  }

  private FieldSpec optimizer() {
    String rate =
        training.learningRate() > 0 ? " with learning rate " + training.learningRate() : "";
    FieldSpec.Builder field =
        FieldSpec.builder(RuntimeTypes.OPTIMIZER, "optimizer", Modifier.PRIVATE);
    if (training.momentum() == 0) {
      return field
          .addJavadoc("The optimizer of @Compile, Keras' $S$L.\n", training.optimizer(), rate)
          .initializer(
              "$T.optimizer($S, $L)",
              RuntimeTypes.KERAS_NAMES,
              training.optimizer(),
              training.learningRate())
          .build();
    }
    return field
        .addJavadoc(
            "The optimizer of @Compile, Keras' $S$L and momentum $L.\n",
            training.optimizer(),
            rate,
            training.momentum())
        .initializer(
            "$T.sgd($L, $L)",
            RuntimeTypes.KERAS_NAMES,
            training.learningRate(),
            training.momentum())
        .build();
  }

  /**
   * A stateful layer's reset method ({@code Names.reset}), also emptying the states its training
   * carries between batches (so the next batch starts from zeros, as after Keras' {@code
   * reset_state}); other methods as they are.
   */
  MethodSpec withCarriedReset(MethodSpec reset) {
    CodeBlock.Builder carried = p.carriedResets.get(reset.name());
    return carried == null ? reset : reset.toBuilder().addCode(carried.build()).build();
  }

  /** The methods training adds: the batch step, the buffer allocation, the training state. */
  List<MethodSpec> methods() {
    List<MethodSpec> all = new ArrayList<>();
    all.addAll(List.of(trainStep(), trainForward(), trainBackward()));
    all.addAll(shards().methods());
    all.addAll(List.of(ensureTraining(), trainingState()));
    return all;
  }

  /** The name of an input's parameter in {@code trainStep}: {@code x} for a model's one input. */
  private String stepParameter(InputSpec input) {
    if (!several) {
      return "x";
    }
    String name = SeveralInputs.javaName(input);
    return STEP_NAMES.contains(name) ? name + "Batch" : name;
  }

  private TrainingShards shards() {
    List<TypeName> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (InputSpec input : model.inputs()) {
      types.add(batchType(input.shape()));
      names.add(stepParameter(input));
    }
    for (InputSpec input : lengths) {
      types.add(TypeName.get(int[].class));
      names.add(lengthsParameter(input));
    }
    return new TrainingShards(
        ClassName.get(model.packageName(), model.generatedName()),
        types,
        names,
        outputs.stream().map(Output::flow).toList(),
        outputs.stream().map(Output::logits).toList(),
        p,
        recurrent.customCells().any(),
        packTokens());
  }

  /** Copies sample {@code order[from + b]} of every token input into its batch buffer. */
  private CodeBlock packTokens() {
    CodeBlock.Builder code = CodeBlock.builder();
    for (InputSpec input : model.inputs()) {
      if (input.shape().kind() == Shape.Kind.TOKENS) {
        code.addStatement(pack(input));
      }
    }
    return code.build();
  }

  private MethodSpec trainStep() {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("trainStep")
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "One batch, samples {@code order[from] .. order[from + count - 1]}: forwards, the loss,\n"
                    + "and with {@code training} backwards and one optimizer step (skipped when the\n"
                    + "loss is not finite, so the weights stay those of the last finite batch).\n")
            .returns(TypeName.DOUBLE);
    addInputs(method);
    method
        .addParameter(targetType(), "y")
        .addParameter(int[].class, "order")
        .addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "count")
        .addParameter(float[].class, "sampleWeights")
        .addParameter(TypeName.BOOLEAN, "training");
    String xs = String.join(", ", inputNames());
    method.addStatement("ensureTraining(count)");
    for (Output output : outputs) {
      method.addStatement(
          "$N.gather($L, order, from, count, sampleWeights)", output.field(), output.targets());
    }
    if (p.recurrentMasks) {
      method.addComment("replayed masks come in call order for the whole batch: one thread");
      method.addStatement(
          "int shards =$WtrainPool == null || $T.replaying()$W? 1$W: $T.min(trainPool.threads(), count)",
          RuntimeTypes.RECURRENT_DROPOUTS,
          Math.class);
    } else {
      method.addStatement(
          "int shards = trainPool == null ? 1 : $T.min(trainPool.threads(), count)", Math.class);
    }
    if (p.placesShards()) {
      method.addStatement("trainShardStart = 0");
      method.addStatement("trainBatchSamples = count");
    }
    method.beginControlFlow("if (shards > 1)");
    method.addStatement("shardedForward($L, order, from, count, shards, training)", xs);
    method.nextControlFlow("else");
    if (p.splitsTokens()) {
      method.addStatement("trainTokensWhole = null");
    }
    method.addStatement("trainForward($L, order, from, count, training)", xs);
    method.endControlFlow();
    if (!severalOutputs()) {
      method.addStatement("double loss = $L", compute(outputs.getFirst()));
    } else {
      method.addComment(
          "Keras' loss_weights: the model's loss is the weighted sum of the outputs'");
      method.addStatement("double loss = 0");
      for (int i = 0; i < outputs.size(); i++) {
        method.addStatement(
            "loss += trainingOutputs.add($L,$W$L,$Wcount, training)", i, compute(outputs.get(i)));
      }
    }
    method.beginControlFlow("if (!training || !$T.isFinite(loss))", Double.class);
    method.addStatement("return loss");
    method.endControlFlow();
    Set<String> copied = new HashSet<>(); // gradient buffers that already hold a loss's gradient
    for (Output output : outputs) {
      TrainingFlow flow = output.flow();
      if (flow.gradient() == null) {
        continue; // nothing below learns
      }
      if (copied.add(flow.gradient())) {
        method.addStatement(
            "$T.arraycopy($N.gradient(), 0,$W$N, 0, $L * $L)",
            System.class,
            output.field(),
            flow.gradient(),
            flow.rows(),
            flow.stride());
      } else { // two outputs of the same rows: their losses' gradients add
        method.addStatement(
            "$T.add($N, 0, $N.gradient(), 0,$W$N, 0, $L * $L)",
            RuntimeTypes.KERNELS,
            flow.gradient(),
            output.field(),
            flow.gradient(),
            flow.rows(),
            flow.stride());
      }
    }
    method.beginControlFlow("if (shards > 1)");
    method.addStatement("shardedBackward(count, shards)");
    method.nextControlFlow("else");
    method.addStatement("trainBackward(count)");
    method.endControlFlow();
    method.addComment("its elementwise work split across the fit's threads, if any: the same bits");
    method.addStatement("optimizer.apply(trainParameters, trainGradients, trainPool)");
    method.addComment(
        "in place: a folded table or an aligned kernel copy must see the new weights");
    method.addStatement("trainingState().parametersChanged()");
    method.addStatement("return loss");
    return method.build();
  }

  /** An output's loss over the batch ({@code TrainingOutput.compute}). */
  private static CodeBlock compute(Output output) {
    TrainingFlow flow = output.flow();
    return CodeBlock.of(
        "$N.compute(count, $N,$W$L, $L, training)",
        output.field(),
        flow.field(),
        output.logits() == null ? "null" : output.logits(),
        flow.mask() != null && flow.sequence() ? flow.mask() : "null");
  }

  private void addInputs(MethodSpec.Builder method) {
    for (InputSpec input : model.inputs()) {
      method.addParameter(batchType(input.shape()), stepParameter(input));
    }
    for (InputSpec input : lengths) {
      method.addParameter(int[].class, lengthsParameter(input));
    }
  }

  /** The step's batch parameters: every input's, then the lengths when a call may pass them. */
  private List<String> inputNames() {
    List<String> names = new ArrayList<>(model.inputs().stream().map(this::stepParameter).toList());
    lengths.forEach(input -> names.add(lengthsParameter(input)));
    return names;
  }

  /** Packs a batch of every input and runs it forwards, saving what the backward pass reads. */
  private MethodSpec trainForward() {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("trainForward")
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "Packs samples {@code order[from] .. order[from + count - 1]} of every input and runs\n"
                    + "them forwards through every layer, saving what {@code trainBackward} reads\n"
                    + "({@code training}: as in training, Dropout dropping).\n");
    addInputs(method);
    method
        .addParameter(int[].class, "order")
        .addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "count")
        .addParameter(TypeName.BOOLEAN, "training");
    method.addStatement("ensureTraining(count)");
    method.addCode(p.unpack.build());
    method.beginControlFlow("for (int b = 0; b < count; b++)");
    for (InputSpec input : model.inputs()) {
      method.addStatement(pack(input));
    }
    for (InputSpec input : lengths) {
      String of = lengthsParameter(input);
      String timesteps = timesteps(input);
      method.addStatement(
          "$T.fromLength($N == null ? $L : $N[order[from + b]], $L,$W$N, b * $L)",
          RuntimeTypes.MASKS,
          of,
          timesteps,
          of,
          timesteps,
          callMask(input),
          timesteps);
    }
    method.endControlFlow();
    method.addCode(p.forward.build());
    return method.build();
  }

  /** Runs the last forward pass backwards into the weights' gradients. */
  private MethodSpec trainBackward() {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("trainBackward")
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "Runs the {@code count} samples of the last {@code trainForward} backwards from the\n"
                    + "$L, into {@code trainGradients}.\n",
                outputs.stream()
                    .map(o -> "{@code " + o.flow().gradient() + "}")
                    .collect(
                        java.util.stream.Collectors.joining(
                            ", ",
                            outputs.size() == 1
                                ? "output's gradient in "
                                : "outputs' gradients in ",
                            "")))
            .addParameter(TypeName.INT, "count");
    method.beginControlFlow("for (float[] gradient : trainGradients)");
    method.addStatement("$T.fill(gradient, 0f)", Arrays.class);
    method.endControlFlow();
    method.addCode(p.zero.build());
    for (int i = p.backward.size() - 1; i >= 0; i--) {
      method.addCode(p.backward.get(i));
    }
    method.addCode(p.pack.build());
    return method.build();
  }

  /** Copies sample {@code order[from + b]} of an input into its batch buffer. */
  private CodeBlock pack(InputSpec input) {
    String x = stepParameter(input) + "[order[from + b]]";
    String timesteps = timesteps(input);
    String features = features(input);
    String name = SeveralInputs.javaName(input);
    return switch (input.shape().kind()) {
      case TOKENS ->
          CodeBlock.of(
              "$T.arraycopy($L, 0, $N, b * $L, $L)",
              System.class,
              x,
              several ? Names.field(name, "TrainIds") : "trainIds",
              timesteps,
              timesteps);
      case SEQUENCE ->
          CodeBlock.of(
              "$T.packSequence($L, $L, $L, $N, b * $L * $L)",
              RuntimeTypes.INPUTS,
              x,
              timesteps,
              features,
              several ? Names.field(name, "TrainInput") : "trainInput",
              timesteps,
              features);
      case VECTOR ->
          CodeBlock.of(
              "$T.arraycopy($L, 0, $N, b * $L, $L)",
              System.class,
              x,
              Names.field(name, "TrainInput"),
              features,
              features);
    };
  }

  /** A batch of an input: float sequences, vectors, or token ids. */
  private static TypeName batchType(Shape shape) {
    return ArrayTypeName.of(CallEmitter.sampleType(shape));
  }

  /**
   * y's type: class labels (one per sample, or per timestep of a sequence output), or one target
   * row (a sequence of rows) per sample.
   */
  private TypeName targetType() {
    if (severalOutputs()) {
      return ClassName.get(
          model.calls().stream()
              .filter(CallSpec::training)
              .filter(c -> c.record() != null)
              .findFirst()
              .orElseThrow()
              .record());
    }
    TrainingFlow output = outputs.getFirst().flow();
    if (training.sparse()) {
      return output.sequence() ? ArrayTypeName.of(int[].class) : TypeName.get(int[].class);
    }
    return output.sequence()
        ? ArrayTypeName.of(ArrayTypeName.of(float[].class))
        : ArrayTypeName.of(float[].class);
  }

  private MethodSpec ensureTraining() {
    return MethodSpec.methodBuilder("ensureTraining")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Grows the training buffers to hold {@code batch} samples.\n")
        .addParameter(TypeName.INT, "batch")
        .beginControlFlow("if (batch <= trainBatch)")
        .addStatement("return")
        .endControlFlow()
        .addCode(p.allocate.build())
        .addStatement("trainBatch = batch")
        .build();
  }

  /**
   * {@code TrainableModel.trainingState()}: the optimizer, the trained arrays, Dropout's draws and
   * the fit's progress, made once (after the constructor, which sets the layers it maps slots to),
   * for the fit loop and for {@code TrainingCheckpoint}. {@code ModelCheckpoint} saves through it,
   * the extension choosing the format ({@code Weights.save}).
   */
  private MethodSpec trainingState() {
    return MethodSpec.methodBuilder("trainingState")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc(
            "The optimizer's state, Dropout's draws and the fit's progress, for {@code"
                + " TrainingCheckpoint}.\n")
        .returns(RuntimeTypes.TRAINING_STATE)
        .beginControlFlow("if (trainingState == null)")
        .addStatement(
            "trainingState =$Wnew $T(this, optimizer, trainParameters, $L,$Wpath -> $T.save(path, this))",
            RuntimeTypes.TRAINING_STATE,
            p.usesRandom ? "trainRandom" : "null",
            RuntimeTypes.WEIGHTS)
        .endControlFlow()
        .addStatement("return trainingState")
        .build();
  }

  /** The field {@link #trainingState()} fills. */
  FieldSpec trainingStateField() {
    return FieldSpec.builder(RuntimeTypes.TRAINING_STATE, "trainingState", Modifier.PRIVATE)
        .addJavadoc("Made by the first {@code trainingState()}.\n")
        .build();
  }

  /** The parameter and gradient arrays, in the same order, for the optimizer. */
  List<FieldSpec> parameterFields() {
    return List.of(
        FieldSpec.builder(float[][].class, "trainParameters", Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("The trained weights, in the order of {@code trainGradients}.\n")
            .initializer(recurrent.customCells().optimizerArrays("parameters", p.parameters))
            .build(),
        FieldSpec.builder(float[][].class, "trainGradients", Modifier.PRIVATE, Modifier.FINAL)
            .initializer(recurrent.customCells().optimizerArrays("gradients", p.gradients))
            .build());
  }

  /**
   * A {@code fit} or {@code evaluate} call method: one batch parameter per input, in declaration
   * order, then y (and the options).
   */
  MethodSpec emit(CallSpec call) {
    List<String> params = call.parameters();
    int n = model.inputs().size();
    int yAt = call.targetsAt(n);
    String y = params.get(yAt);
    // Keras' mask= as lengths, right after the input; several inputs' @Packed, after each
    List<String> inputs =
        java.util.stream.IntStream.range(0, n).mapToObj(call::inputParameter).toList();
    java.util.Map<InputSpec, String> passed = new java.util.LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String of = several ? call.lengthsParameter(i) : call.lengths() ? params.get(n) : null;
      if (of != null) {
        passed.put(model.inputs().get(i), of);
      }
    }
    boolean fit = call.form() == CallSpec.Form.FIT;
    // Keras' sample_weight, when the call declares it after y
    String sampleWeights = params.size() == yAt + (fit ? 3 : 2) ? params.get(yAt + 1) : null;
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(call.name())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC);
    for (int i = 0; i < n; i++) {
      method.addParameter(batchType(model.inputs().get(i).shape()), inputs.get(i));
      if (passed.containsKey(model.inputs().get(i))) {
        method.addParameter(int[].class, passed.get(model.inputs().get(i)));
      }
    }
    method.addParameter(targetType(), y);
    if (sampleWeights != null) {
      method.addParameter(float[].class, sampleWeights);
    }
    for (int i = 0; i < n; i++) {
      method.addStatement(check(model.inputs().get(i), inputs.get(i)));
      String of = passed.get(model.inputs().get(i));
      if (of != null) {
        method.addStatement(
            "$T.checkLengths($N, $S, $N)", RuntimeTypes.MASKS, of, of, inputs.get(i));
      }
    }
    for (int i = 1; i < n; i++) {
      method.addStatement(
          "$T.checkSameBatch($N, $S, $N, $S)",
          RuntimeTypes.INPUTS,
          inputs.get(0),
          inputs.get(0),
          inputs.get(i),
          inputs.get(i));
    }
    if (severalOutputs()) {
      method.addStatement(
          "$T.requireNonNull($N, $S)", java.util.Objects.class, y, y + " (the targets)");
    }
    for (Output output : outputs) {
      method.addStatement(
          "$N.check($N.length, $L)",
          output.field(),
          params.get(0),
          output.targets().replaceFirst("^y", y));
    }
    // the locals and lambda parameters below must not shadow the user's parameter names
    NameAllocator names = new NameAllocator();
    params.forEach(names::newName);
    String data = names.newName("data");
    String loop = names.newName("loop");
    List<String> step =
        List.of("order", "from", "count", "weights", "training").stream()
            .map(names::newName)
            .toList();
    String xs = String.join(", ", inputs);
    for (InputSpec input : lengths) { // a call without lengths passes null: every timestep real
      xs += ", " + passed.getOrDefault(input, "null");
    }
    method.addStatement(
        "$T $N = $T.of($N.length, ($L) ->$W trainStep($L, $N, $L))",
        RuntimeTypes.TRAINING_DATA,
        data,
        RuntimeTypes.TRAINING_DATA,
        params.get(0),
        String.join(", ", step),
        xs,
        y,
        String.join(", ", step));
    if (sampleWeights != null) {
      method.addStatement("$N = $N.withSampleWeights($N)", data, data, sampleWeights);
    }
    if (fit) { // read only when the options carry Keras' class_weight
      method.addStatement(
          "$N = $N.withClasses($L)",
          data,
          data,
          severalOutputs()
              ? CodeBlock.of("$T.severalOutputs()", RuntimeTypes.SAMPLE_CLASSES)
              : outputs.getFirst().flow().sequence()
                  ? CodeBlock.of("$T.perTimestep()", RuntimeTypes.SAMPLE_CLASSES)
                  : CodeBlock.of("$T.of($N)", RuntimeTypes.SAMPLE_CLASSES, y));
    }
    method.addStatement(
        "$T $N = new $T(optimizer, $L.metrics(), trainingState())",
        RuntimeTypes.FIT_LOOP,
        loop,
        RuntimeTypes.FIT_LOOP,
        severalOutputs() ? "trainingOutputs" : "trainingOutput");
    String on = "{@code " + String.join("}, {@code ", inputs) + "}";
    if (!passed.isEmpty()) {
      String by = "{@code " + String.join("}, {@code ", passed.values()) + "}";
      on +=
          call.mask() == CallSpec.Mask.PACKED
              ? " packed by " + by + " (PyTorch's pack_padded_sequence)"
              : " masked after " + by + " timesteps (Keras' mask=)";
    }
    String options = fit ? params.getLast() : names.newName("options");
    if (fit && !p.carriedResets.isEmpty()) {
      method.addStatement(
          "$T.checkFit($N, $N.length, $S)",
          RuntimeTypes.CARRIED_STATES,
          params.getLast(),
          params.get(0),
          statefulLayers());
    }
    String weighted =
        sampleWeights == null ? "" : ", each sample weighted by {@code " + sampleWeights + "}";
    if (fit) {
      method
          .addJavadoc("Keras' {@code fit}: trains on $L against {@code $L}$L.\n", on, y, weighted)
          .returns(RuntimeTypes.HISTORY)
          .addParameter(RuntimeTypes.FIT_OPTIONS, options);
    } else {
      method
          .addJavadoc("Keras' {@code evaluate}: the loss and metrics on $L$L.\n", on, weighted)
          .returns(RuntimeTypes.LOGS)
          .addStatement(
              "$T $N = new $T().verbose(0)",
              RuntimeTypes.FIT_OPTIONS,
              options,
              RuntimeTypes.FIT_OPTIONS);
    }
    String run =
        fit ? "return $N.fit($N, $N)" : "return $N.evaluate($N, $N)"; // loop, data, options
    // the batches split across the option's threads, started for this call only
    String pool = names.newName("pool");
    return method
        .beginControlFlow(
            "try ($T $N = $T.forFit($N))",
            ClassName.get("dev.rnnc.runtime.train", "ShardPool"),
            pool,
            ClassName.get("dev.rnnc.runtime.train", "ShardPool"),
            options)
        .addStatement("trainPool = $N", pool)
        .addStatement(run, loop, data, options)
        .nextControlFlow("finally")
        .addStatement("trainPool = null")
        .endControlFlow()
        .build();
  }

  /** The stateful layers, for messages: {@code "a is"}, {@code "a and b are"}. */
  private String statefulLayers() {
    List<String> names =
        model.layers().stream().filter(ModelSpec::isStateful).map(LayerSpec::name).toList();
    return names.size() == 1
        ? names.getFirst() + " is"
        : String.join(", ", names.subList(0, names.size() - 1))
            + " and "
            + names.getLast()
            + " are";
  }

  /** The boundary check of a batch of one input. */
  private CodeBlock check(InputSpec input, String parameter) {
    return switch (input.shape().kind()) {
      case SEQUENCE ->
          CodeBlock.of(
              "$T.checkSequences($N, $S, $L, $L)",
              RuntimeTypes.INPUTS,
              parameter,
              parameter,
              timesteps(input),
              features(input));
      case VECTOR ->
          CodeBlock.of(
              "$T.checkVectors($N, $S, $L)",
              RuntimeTypes.INPUTS,
              parameter,
              parameter,
              features(input));
      case TOKENS ->
          CodeBlock.of(
              "$T.checkTokenBatch($N, $S, $L, $L)",
              RuntimeTypes.INPUTS,
              parameter,
              parameter,
              timesteps(input),
              SeveralInputsCallEmitter.vocabulary(model, input));
    };
  }
}
