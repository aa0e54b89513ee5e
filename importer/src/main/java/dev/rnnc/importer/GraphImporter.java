package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.annotations.Bidirectional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Maps a model graph to layer methods: names them, maps each layer call on the shapes and masks
 * that reach it, and wires it: the layers and inputs it reads as parameters (none when it reads the
 * previous declaration's output, as in a chain), {@code @InitialState} for states passed from
 * another recurrent layer, {@code @Forward}/{@code @Backward} for the directions of a {@code
 * merge_mode=None} Bidirectional, {@code @Shared} for a shared layer's later calls.
 */
final class GraphImporter {
  /** Layers rnnc can share between calls ({@code @Shared}). */
  private static final Set<String> SHAREABLE =
      Set.of("LSTM", "GRU", "SimpleRNN", "Dense", "Embedding");

  /** The Keras layer classes the importer maps. */
  private static final Set<String> KNOWN =
      Set.of(
          "LSTM",
          "GRU",
          "SimpleRNN",
          "RNN",
          "Bidirectional",
          "TimeDistributed",
          "Dense",
          "Embedding",
          "Masking",
          "Dropout",
          "Concatenate",
          "Add",
          "Multiply",
          "Average");

  /**
   * What the graph maps to.
   *
   * @param inputs the model inputs
   * @param outputs the layers the model outputs
   * @param components when the calls return a record of more than layers' outputs (a layer's final
   *     states, the two directions of a {@code merge_mode=None} layer), its components; else empty
   * @param layers the layer methods, in declaration order
   * @param stateNames when the model outputs the last layer's output and its final states, the
   *     names of the states (the call returns a record); else empty
   * @param callStates the model inputs that are the first recurrent layer's initial states (the
   *     calls take them after the inputs), in Keras' order; else empty
   * @param streaming whether the interface declares a step call
   * @param namedInputs whether the inputs carry names
   */
  record Imported(
      List<ImportedModel.ModelInput> inputs,
      List<ImportedLayer> outputs,
      List<ImportedModel.OutputComponent> components,
      List<ImportedLayer> layers,
      List<String> stateNames,
      List<ImportedModel.ModelInput> callStates,
      boolean streaming,
      boolean namedInputs) {}

  private final ModelGraph graph;
  private final List<String> problems;
  private final List<String> notes;
  private final boolean chain;
  private final Set<String> kerasNames = new HashSet<>();
  private final Set<String> taken = new HashSet<>();
  private final Map<String, String> inputNames = new HashMap<>();
  private final Map<String, Shape> shapes = new HashMap<>();
  private final Map<String, MaskFlow.State> masks = new HashMap<>();
  private final Map<String, ImportedLayer> byCall = new LinkedHashMap<>();
  private final Set<String> statesRead = new HashSet<>();

  /** The components of the calls' result record when it holds states or directions; else empty. */
  private final List<ImportedModel.OutputComponent> components = new ArrayList<>();

  private final Map<String, ModelGraph.GraphInput> stateInputs = new LinkedHashMap<>();
  private List<ImportedModel.ModelInput> callStates = List.of();

  GraphImporter(ModelGraph graph, List<String> problems, List<String> notes) {
    this.graph = graph;
    this.problems = problems;
    this.notes = notes;
    this.chain = graph.isChain();
  }

  /** Maps the graph; null when nothing could be mapped (problems added). */
  Imported run() {
    graph.layers().forEach(l -> kerasNames.add(l.name()));
    graph.inputs().forEach(i -> kerasNames.add(i.name()));
    Map<String, JavaNames.MethodName> methodNames = new HashMap<>();
    List<String> layerNames = graph.layers().stream().map(KerasLayer::name).toList();
    for (KerasLayer layer : graph.layers()) {
      methodNames.put(layer.name(), JavaNames.methodName(layer.name(), layerNames, taken));
    }
    List<ImportedModel.ModelInput> inputs = inputs();
    if (inputs == null) {
      return null;
    }
    boolean streaming = streaming(inputs);
    if (stateful()) {
      statefulBatchNote();
    }

    LayerMapper mapper = new LayerMapper(problems, streaming, this::freshName);
    MaskFlow flow = new MaskFlow(graph.ops(), problems, !graph.modelClass().equals("Sequential"));
    List<ImportedLayer> layers = new ArrayList<>();
    String previous = inputs.size() == 1 ? graph.inputs().getFirst().name() + "#0" : null;
    boolean afterBackward = false;
    for (KerasCall call : graph.calls()) {
      KerasLayer layer = call.layer();
      boolean merge = KerasLayer.MERGES.contains(layer.className());
      ImportedLayer imported;
      MaskFlow.State mask;
      if (merge && call.args().size() >= 2) {
        JavaNames.MethodName name = methodNames.get(layer.name());
        if (call.node() > 0) {
          name = new JavaNames.MethodName(sharedName(layer, call.node()), null);
        }
        imported = mapper.mapMerge(layer, name, call.args().stream().map(this::shape).toList());
        mask = flow.merge(call, call.args().stream().map(t -> masks.get(t.call())).toList());
      } else {
        if (call.args().size() != 1 && !KNOWN.contains(layer.className())) {
          problems.add(layer.describe() + ": " + LayerMapper.unsupportedType(layer.className()));
          continue;
        }
        if (call.args().size() != 1) {
          problems.add(
              call.describe()
                  + " takes "
                  + call.args().size()
                  + " inputs ("
                  + call.args().stream().map(TensorRef::layer).toList()
                  + "); rnnc layers other than Concatenate, Add, Multiply and Average take one");
          continue;
        }
        TensorRef arg = call.args().getFirst();
        MaskFlow.State incoming = masks.get(arg.call());
        boolean masked = incoming != null && incoming != MaskFlow.State.PARTIAL;
        boolean first = inputNames.containsKey(arg.layer());
        Shape input = shape(arg);
        if (input == null && first) { // a damaged config: an input has one output, #0
          problems.add(
              layer.describe()
                  + " reads output "
                  + arg.index()
                  + " of the input '"
                  + arg.layer()
                  + "', which has only output 0");
          continue;
        }
        imported =
            call.node() == 0
                ? mapper.map(layer, methodNames.get(layer.name()), input, first, masked)
                : shared(call, input, first, masked);
        mask = flow.next(call, incoming, arg.layer());
      }
      masks.put(call.key(), mask);
      if (imported == null) {
        continue;
      }
      List<ImportedLayer.Parameter> parameters = parameters(call, previous, afterBackward);
      imported = imported.wired(parameters, imported.shared());
      byCall.put(call.key(), imported);
      layers.add(imported);
      recordShapes(call, imported);
      previous = call.key();
      afterBackward = imported.backward() != null;
    }
    List<String> stateNames = returnedStates(layers);
    List<ImportedLayer> outputs = stateNames.isEmpty() ? outputs() : List.of(layers.getLast());
    layers = withReturnStates(layers);
    List<ImportedLayer> finalLayers = layers;
    outputs =
        outputs.stream()
            .map(
                o ->
                    finalLayers.stream()
                        .filter(l -> l.methodName().equals(o.methodName()))
                        .findFirst()
                        .orElse(o))
            .toList();
    return new Imported(
        inputs, outputs, components, layers, stateNames, callStates, streaming, !chain);
  }

  /** A later call of a shared layer: {@code @Shared} naming its first call's method. */
  private ImportedLayer shared(KerasCall call, Shape input, boolean first, boolean masked) {
    KerasLayer layer = call.layer();
    ImportedLayer original = byCall.get(layer.name() + "#0");
    if (original == null) {
      return null;
    }
    if (!SHAREABLE.contains(layer.className())
        || Boolean.TRUE.equals(original.layer().attributes().get("stateful"))) {
      problems.add(
          layer.describe()
              + " is called "
              + layer.entry().path("inbound_nodes").size()
              + " times (a shared layer); rnnc shares LSTM, GRU, SimpleRNN, Dense and Embedding"
              + " layers that are not stateful");
      return null;
    }
    // the output shape of this call: the layer mapped again on this call's input
    List<String> scratch = new ArrayList<>();
    ImportedLayer again =
        new LayerMapper(scratch, false, this::freshName)
            .map(
                layer, new JavaNames.MethodName(original.methodName(), null), input, first, masked);
    if (again == null) { // this call's input does not suit the layer the first call declared
      problems.add(
          layer.describe()
              + ", called again on "
              + input
              + ": "
              + (scratch.isEmpty()
                  ? "the layer does not take that input"
                  : String.join("; ", scratch)));
      return null;
    }
    String name = sharedName(layer, call.node());
    return new ImportedLayer(
        layer.name(),
        layer.className(),
        name,
        null,
        null,
        original.layer(),
        input,
        again.output(),
        List.of(),
        List.of(),
        original.methodName(),
        null);
  }

  /** The method of a shared layer's later call: {@code encoder_call2}. */
  private String sharedName(KerasLayer layer, int node) {
    return freshName(layer.name() + "_call" + (node + 1));
  }

  /**
   * A method name for a declaration that is no Keras layer of its own: the name when usable and
   * free, else one with a number; never another layer's Keras name (weights load by name).
   */
  private String freshName(String base) {
    String candidate = base;
    for (int k = 2; kerasNames.contains(candidate) || taken.contains(candidate); k++) {
      candidate = base + "_" + k;
    }
    return JavaNames.methodName(candidate, kerasNames, taken).name();
  }

  /** The parameters of a layer method: none when it reads the previous declaration's output. */
  private List<ImportedLayer.Parameter> parameters(
      KerasCall call, String previous, boolean afterBackward) {
    List<ImportedLayer.Parameter> parameters = new ArrayList<>();
    boolean chained =
        !afterBackward
            && call.args().size() == 1
            && call.initialStates().isEmpty()
            && call.args().getFirst().call().equals(previous)
            && call.args().getFirst().index() == 0
            && !mergesNone(call.args().getFirst());
    if (chained) {
      return parameters;
    }
    Set<String> names = new HashSet<>();
    for (TensorRef arg : call.args()) {
      ImportedLayer.Parameter parameter = parameter(call, arg, names);
      if (parameter != null) {
        parameters.add(parameter);
        names.add(parameter.name());
      }
    }
    if (!call.initialStates().isEmpty()) {
      ImportedLayer.Parameter states = initialStates(call, names);
      if (states != null) {
        parameters.add(states);
      }
    }
    return parameters;
  }

  private ImportedLayer.Parameter parameter(KerasCall call, TensorRef arg, Set<String> names) {
    String input = inputNames.get(arg.layer());
    if (input != null) {
      return unique(call, ImportedLayer.Parameter.Kind.INPUT, input, input, names);
    }
    ImportedLayer source = byCall.get(arg.call());
    if (source == null) {
      return null; // refused already
    }
    if (mergesNone(arg)) {
      if (arg.index() > 1) {
        problems.add(statesAsInput(call, arg));
        return null;
      }
      ImportedLayer.Parameter.Kind kind =
          arg.index() == 0
              ? ImportedLayer.Parameter.Kind.FORWARD
              : ImportedLayer.Parameter.Kind.BACKWARD;
      String name =
          names.contains(source.methodName())
              ? source.methodName() + (arg.index() == 0 ? "Forward" : "Backward")
              : source.methodName();
      return new ImportedLayer.Parameter(kind, name, source.methodName());
    }
    if (arg.index() != 0) {
      problems.add(statesAsInput(call, arg));
      return null;
    }
    return unique(
        call, ImportedLayer.Parameter.Kind.INPUT, source.methodName(), source.methodName(), names);
  }

  private ImportedLayer.Parameter unique(
      KerasCall call,
      ImportedLayer.Parameter.Kind kind,
      String name,
      String target,
      Set<String> names) {
    if (names.contains(name)) {
      problems.add(
          call.describe()
              + " takes '"
              + target
              + "' twice; a layer method names each layer it reads once: pass the"
              + " second through a layer of its own");
      return null;
    }
    return new ImportedLayer.Parameter(kind, name, target);
  }

  private static String statesAsInput(KerasCall call, TensorRef arg) {
    return call.describe()
        + " takes output #"
        + arg.index()
        + " of '"
        + arg.layer()
        + "' (a returned state) as its input; rnnc passes a layer's states on only as the"
        + " initial_state of a recurrent layer (@InitialState)";
  }

  /** Whether the tensor is one direction of a {@code merge_mode=None} Bidirectional. */
  private boolean mergesNone(TensorRef arg) {
    ImportedLayer source = byCall.get(arg.call());
    return source != null
        && source.wrapper() != null
        && source.wrapper().type() == Bidirectional.class
        && "none".equals(source.wrapper().attributes().get("mergeMode"));
  }

  /** The {@code @InitialState} parameter: every state of one earlier recurrent layer, in order. */
  private ImportedLayer.Parameter initialStates(KerasCall call, Set<String> names) {
    List<TensorRef> states = call.initialStates();
    if (call.layer().recurrentConfig() == null) {
      problems.add(call.describe() + " takes an initial_state but is no recurrent layer");
      return null;
    }
    List<String> fromInputs =
        states.stream()
            .map(TensorRef::layer)
            .filter(t -> inputNames.containsKey(t) || stateInputs.containsKey(t))
            .toList();
    if (!fromInputs.isEmpty()) {
      callStates(call, fromInputs);
      return null;
    }
    String source = states.getFirst().call();
    ImportedLayer from = byCall.get(source);
    if (from == null) {
      return null;
    }
    int count = from.recurrent() ? stateCount(from) : 0;
    boolean inOrder = states.size() == count;
    for (int i = 0; inOrder && i < states.size(); i++) {
      inOrder = states.get(i).call().equals(source) && states.get(i).index() == i + 1;
    }
    if (!inOrder || from.shared() != null) {
      problems.add(
          call.describe()
              + " starts from the initial states "
              + states.stream().map(t -> t.layer() + "#" + t.index()).toList()
              + ", which are not all the states of one earlier recurrent layer in Keras' order;"
              + " rnnc's @InitialState passes every state of one layer");
      return null;
    }
    statesRead.add(source);
    String name =
        names.contains(from.methodName()) ? from.methodName() + "States" : from.methodName();
    return new ImportedLayer.Parameter(
        ImportedLayer.Parameter.Kind.INITIAL_STATE, name, from.methodName());
  }

  /**
   * Initial states that are model inputs: rnnc's calls pass them after the inputs, to the first
   * recurrent layer.
   */
  private void callStates(KerasCall call, List<String> fromInputs) {
    boolean firstRecurrent = byCall.values().stream().noneMatch(ImportedLayer::recurrent);
    boolean onlyStates =
        fromInputs.size() == call.initialStates().size()
            && fromInputs.stream().allMatch(stateInputs::containsKey)
            && fromInputs.stream().distinct().count() == fromInputs.size()
            && callStates.isEmpty();
    if (!firstRecurrent || !onlyStates) {
      problems.add(
          call.describe()
              + " starts from initial states that are model inputs ("
              + String.join(", ", fromInputs)
              + "); rnnc's calls pass initial states only to the first recurrent layer, each a"
              + " model input used for nothing else"
              + (firstRecurrent ? "" : ", and this is not the first recurrent layer"));
      return;
    }
    List<ImportedModel.ModelInput> states = new ArrayList<>();
    for (String input : fromInputs) {
      ModelGraph.GraphInput state = stateInputs.get(input);
      JsonNode shape = state.batchShape();
      if (shape == null || shape.size() != 2 || !shape.get(1).canConvertToExactIntegral()) {
        problems.add("the initial-state input '" + input + "' is not a (batch, units) vector");
        return;
      }
      String name = JavaNames.methodName(input, kerasNames, taken).name();
      states.add(new ImportedModel.ModelInput(name, input, Shape.vector(shape.get(1).asInt())));
    }
    callStates = states;
  }

  /** How many states a recurrent layer returns (both directions of a Bidirectional). */
  private static int stateCount(ImportedLayer layer) {
    int forward = RecurrentMapper.stateWidths(layer.layer()).size();
    if (layer.wrapper() == null) {
      return forward;
    }
    return forward
        + (layer.backward() == null
            ? forward
            : RecurrentMapper.stateWidths(layer.backward().layer()).size());
  }

  /** The shapes of a call's output tensors: its output, its directions, its states. */
  private void recordShapes(KerasCall call, ImportedLayer imported) {
    String key = call.key() + "#";
    if (mergesNone(new TensorRef(call.layer().name(), call.node(), 0))) {
      boolean sequences = Boolean.TRUE.equals(imported.layer().attributes().get("returnSequences"));
      int forward = RecurrentMapper.width(imported.layer());
      int backward =
          imported.backward() == null
              ? forward
              : RecurrentMapper.width(imported.backward().layer());
      shapes.put(key + 0, RecurrentMapper.output(imported.input(), sequences, forward));
      shapes.put(key + 1, RecurrentMapper.output(imported.input(), sequences, backward));
    } else {
      shapes.put(key + 0, imported.output());
    }
  }

  private Shape shape(TensorRef t) {
    return shapes.get(t.call() + "#" + t.index());
  }

  /**
   * Sets {@code returnState} on the layers whose states another layer reads or the model outputs;
   * refuses Keras' return_state where nothing reads them (rnnc would warn).
   */
  private List<ImportedLayer> withReturnStates(List<ImportedLayer> layers) {
    List<ImportedLayer> result = new ArrayList<>();
    for (Map.Entry<String, ImportedLayer> entry : byCall.entrySet()) {
      ImportedLayer layer = entry.getValue();
      if (!layers.contains(layer)) {
        continue;
      }
      if (statesRead.contains(entry.getKey())) {
        layer = withReturnState(layer);
      } else if (layer.shared() == null
          && returnsStateInKeras(entry.getKey())
          && !statesReferenced(entry.getKey())) {
        problems.add(
            "layer '"
                + layer.kerasName()
                + "' ("
                + layer.kerasType()
                + "): return_state = true, but no layer starts from its states (initial_state)"
                + " and the model does not output them; the file's return_state = true loads"
                + " only into a layer declaring returnState, whose unused states the processor"
                + " warns about (RnncReturnStateUnused): save the model with return_state ="
                + " false (the same weights), or output the states");
      }
      result.add(layer);
    }
    return result;
  }

  /**
   * Whether some tensor the graph reads or outputs is a state of this call (then the problem is
   * reported where it is read).
   */
  private boolean statesReferenced(String callKey) {
    List<TensorRef> all = new ArrayList<>(graph.outputs());
    graph.calls().forEach(c -> all.addAll(c.args()));
    graph.calls().forEach(c -> all.addAll(c.initialStates()));
    return all.stream().anyMatch(t -> t.call().equals(callKey) && t.index() > 0);
  }

  private boolean returnsStateInKeras(String callKey) {
    KerasLayer layer =
        graph.calls().stream()
            .filter(c -> c.key().equals(callKey))
            .findFirst()
            .orElseThrow()
            .layer();
    JsonNode config = layer.recurrentConfig();
    return config != null && config.path("return_state").asBoolean(false);
  }

  private static ImportedLayer withReturnState(ImportedLayer layer) {
    ImportedLayer.Annotated annotated = withFlag(layer.layer());
    ImportedLayer.Backward backward = layer.backward();
    if (backward != null) {
      backward =
          new ImportedLayer.Backward(
              backward.methodName(),
              backward.kerasName(),
              withFlag(backward.layer()),
              backward.ignored());
    }
    return new ImportedLayer(
        layer.kerasName(),
        layer.kerasClass(),
        layer.methodName(),
        layer.clashesWith(),
        layer.wrapper(),
        annotated,
        layer.input(),
        layer.output(),
        layer.ignored(),
        layer.parameters(),
        layer.shared(),
        backward);
  }

  private static ImportedLayer.Annotated withFlag(ImportedLayer.Annotated annotated) {
    Map<String, Object> attributes = new LinkedHashMap<>(annotated.attributes());
    attributes.put("returnState", true);
    return new ImportedLayer.Annotated(annotated.type(), attributes);
  }

  /**
   * When the model outputs the last layer's output and then each of its final states (Keras' {@code
   * Model(x, layer(...))} with {@code return_state}), the states' names, and that layer declares
   * returnState; else empty.
   */
  private List<String> returnedStates(List<ImportedLayer> layers) {
    List<TensorRef> outputs = graph.outputs();
    String last = null;
    for (Map.Entry<String, ImportedLayer> entry : byCall.entrySet()) {
      last = !layers.isEmpty() && entry.getValue() == layers.getLast() ? entry.getKey() : last;
    }
    if (last == null || outputs.isEmpty()) { // no outputs: ModelGraph's problem
      return List.of();
    }
    ImportedLayer layer = layers.getLast();
    if (!layer.recurrent() || layer.shared() != null || mergesNone(outputs.getFirst())) {
      return List.of();
    }
    // a Sequential model returns what its last layer returns: with return_state, the list
    boolean fits = graph.modelClass().equals("Sequential") && returnsStateInKeras(last);
    if (!fits) {
      int count = stateCount(layer);
      fits = outputs.size() == count + 1;
      for (int i = 0; fits && i < outputs.size(); i++) {
        fits = outputs.get(i).call().equals(last) && outputs.get(i).index() == i;
      }
    }
    if (!fits) {
      return List.of();
    }
    statesRead.add(last);
    List<String> names = new ArrayList<>();
    List<String> forward = stateNames(layer.layer());
    if (layer.wrapper() == null) {
      return forward;
    }
    forward.forEach(n -> names.add("forward" + capitalized(n)));
    stateNames(layer.backward() == null ? layer.layer() : layer.backward().layer())
        .forEach(n -> names.add("backward" + capitalized(n)));
    return names;
  }

  /** {@code h, c} of an LSTM, {@code h} of a GRU or SimpleRNN, {@code h0, c0, h1} of a stack. */
  @SuppressWarnings("unchecked")
  private static List<String> stateNames(ImportedLayer.Annotated recurrent) {
    List<String> names = new ArrayList<>();
    if (recurrent.type() == dev.rnnc.annotations.RNN.class) {
      List<ImportedLayer.Annotated> cells =
          (List<ImportedLayer.Annotated>) recurrent.attributes().get("cells");
      for (int i = 0; i < cells.size(); i++) {
        names.add("h" + i);
        if (cells.get(i).attributes().get("type") == dev.rnnc.annotations.LSTMCell.class) {
          names.add("c" + i);
        }
      }
      return names;
    }
    names.add("h");
    if (recurrent.type() == dev.rnnc.annotations.LSTM.class) {
      names.add("c");
    }
    return names;
  }

  private static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /**
   * The layers the model outputs; problems for outputs that are no layer's output. When some output
   * is a layer's final state or the outputs are both directions of a last {@code merge_mode=None}
   * layer, also the components of the record the calls return ({@link #components}).
   */
  private List<ImportedLayer> outputs() {
    List<ImportedLayer> directions = directionsOutput();
    if (directions != null) {
      return directions;
    }
    List<ImportedLayer> outputs = new ArrayList<>();
    List<ImportedModel.OutputComponent> named = new ArrayList<>();
    boolean states = false;
    for (TensorRef output : graph.outputs()) {
      ImportedLayer layer = byCall.get(output.call());
      if (inputNames.containsKey(output.layer())) {
        problems.add(
            "the model outputs its input '" + output.layer() + "'; rnnc models output layers");
      } else if (layer == null) {
        continue; // refused already
      } else if (mergesNone(output) && output.index() > 1) {
        problems.add(
            "the model outputs a state of layer '"
                + output.layer()
                + "' (Bidirectional, merge_mode = None), which rnnc cannot return");
      } else if (mergesNone(output)) {
        // one direction: a record component named after the layer and the direction
        ImportedModel.OutputComponent direction =
            new ImportedModel.OutputComponent(
                layer.methodName() + (output.index() == 0 ? "Forward" : "Backward"), shape(output));
        if (named.contains(direction)) {
          problems.add("the model outputs a direction of '" + output.layer() + "' twice");
        } else {
          named.add(direction);
          if (!outputs.contains(layer)) {
            outputs.add(layer);
          }
          states = true; // the calls return a record of the components
        }
      } else if (output.index() != 0) {
        ImportedModel.OutputComponent state = stateComponent(layer, output);
        if (state == null) {
          problems.add(
              "the model outputs state #"
                  + output.index()
                  + " of layer '"
                  + output.layer()
                  + "', which rnnc cannot return (a shared layer's, or not a recurrent layer's)");
        } else if (named.contains(state)) {
          problems.add(
              "the model outputs state #" + output.index() + " of '" + output.layer() + "' twice");
        } else {
          statesRead.add(output.call()); // the layer declares returnState
          named.add(state);
          states = true;
        }
      } else if (outputs.contains(layer)) {
        problems.add("the model outputs layer '" + output.layer() + "' twice");
      } else {
        outputs.add(layer);
        named.add(new ImportedModel.OutputComponent(layer.methodName(), layer.output()));
      }
    }
    if (states) {
      components.addAll(named);
    }
    return outputs;
  }

  /**
   * A state a model outputs as a record component named after the layer and the state ({@code
   * encoderH}, {@code encoderForwardC}, {@code stackC0}: the processor's names), or null when the
   * layer cannot return it (shared, not recurrent, no such state).
   */
  private ImportedModel.OutputComponent stateComponent(ImportedLayer layer, TensorRef output) {
    if (!layer.recurrent() || layer.shared() != null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    if (layer.wrapper() == null) {
      names.addAll(stateNames(layer.layer()));
      widths.addAll(RecurrentMapper.stateWidths(layer.layer()));
    } else {
      ImportedLayer.Annotated backward =
          layer.backward() == null ? layer.layer() : layer.backward().layer();
      stateNames(layer.layer()).forEach(n -> names.add("forward" + capitalized(n)));
      widths.addAll(RecurrentMapper.stateWidths(layer.layer()));
      stateNames(backward).forEach(n -> names.add("backward" + capitalized(n)));
      widths.addAll(RecurrentMapper.stateWidths(backward));
    }
    int k = output.index() - 1;
    return k >= names.size()
        ? null
        : new ImportedModel.OutputComponent(
            layer.methodName() + capitalized(names.get(k)), Shape.vector(widths.get(k)));
  }

  /**
   * When the model outputs the forward and then the backward direction of its last layer, a {@code
   * merge_mode=None} Bidirectional (a Sequential ending in one returns that list), that layer, the
   * components {@code forward} and {@code backward} set; else null.
   */
  private List<ImportedLayer> directionsOutput() {
    List<TensorRef> outputs = graph.outputs();
    if (outputs.isEmpty() || !mergesNone(outputs.getFirst())) {
      return null;
    }
    String call = outputs.getFirst().call();
    boolean sequential =
        graph.modelClass().equals("Sequential")
            && outputs.size() == 1
            && outputs.getFirst().index() == 0;
    boolean both =
        outputs.size() == 2
            && outputs.get(0).index() == 0
            && outputs.get(1).call().equals(call)
            && outputs.get(1).index() == 1;
    ImportedLayer layer = byCall.get(call);
    boolean last = !graph.calls().isEmpty() && graph.calls().getLast().key().equals(call);
    if (!(sequential || both) || !last || layer.shared() != null) {
      return null;
    }
    TensorRef first = outputs.getFirst();
    components.add(
        new ImportedModel.OutputComponent(
            "forward", shape(new TensorRef(first.layer(), first.node(), 0))));
    components.add(
        new ImportedModel.OutputComponent(
            "backward", shape(new TensorRef(first.layer(), first.node(), 1))));
    return List.of(layer);
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs

  private List<ImportedModel.ModelInput> inputs() {
    List<ImportedModel.ModelInput> inputs = new ArrayList<>();
    taken.add("out");
    taken.add("batch");
    for (ModelGraph.GraphInput input : graph.inputs()) {
      List<KerasCall> consumers =
          graph.calls().stream()
              .filter(c -> c.args().stream().anyMatch(t -> t.layer().equals(input.name())))
              .toList();
      boolean initialState =
          graph.calls().stream()
              .anyMatch(
                  c -> c.initialStates().stream().anyMatch(t -> t.layer().equals(input.name())));
      if (consumers.isEmpty() && initialState) {
        stateInputs.put(input.name(), input); // passed to the calls after the inputs
        continue;
      }
      Shape shape = inputShape(input, consumers, graph.inputs().size() - countStateInputs() > 1);
      String name = chain ? "input" : JavaNames.methodName(input.name(), kerasNames, taken).name();
      inputNames.put(input.name(), name);
      if (shape != null) {
        shapes.put(input.name() + "#0#0", shape);
        masks.put(input.name() + "#0", null);
        inputs.add(new ImportedModel.ModelInput(name, input.name(), shape));
      }
    }
    return inputs.size() + stateInputs.size() == graph.inputs().size() && !inputs.isEmpty()
        ? inputs
        : null;
  }

  private long countStateInputs() {
    return graph.inputs().stream()
        .filter(
            i ->
                graph.calls().stream()
                    .noneMatch(c -> c.args().stream().anyMatch(t -> t.layer().equals(i.name()))))
        .count();
  }

  /**
   * An input sample: {@code (timesteps, features)} floats, {@code (timesteps,)} token ids when it
   * feeds Embeddings only (which cast whatever they get to ids, as Keras does), or {@code
   * (features,)} floats beside other inputs.
   */
  private Shape inputShape(
      ModelGraph.GraphInput input, List<KerasCall> consumers, boolean severalInputs) {
    JsonNode shape = input.batchShape();
    if (shape == null || !shape.isArray()) {
      problems.add(
          "the model has no input shape (it was saved before it was built): start it with"
              + " keras.Input(shape=...) and save it again");
      return null;
    }
    String rendered =
        "("
            + String.join(
                ", ",
                StreamSupport.stream(shape.spliterator(), false)
                    .map(d -> d.isNull() ? "None" : d.asText())
                    .toList())
            + (shape.size() == 1 ? ",)" : ")");
    String which = severalInputs ? " '" + input.name() + "'" : "";
    Integer timesteps =
        shape.size() >= 2 && shape.get(1).canConvertToExactIntegral() ? shape.get(1).asInt() : null;
    boolean tokens =
        !consumers.isEmpty()
            && consumers.stream().allMatch(c -> c.layer().className().equals("Embedding"));
    if (tokens) {
      if (shape.size() != 2) {
        problems.add(
            "the input"
                + which
                + " "
                + rendered
                + " feeds an Embedding but is not (batch, timesteps) token ids");
        return null;
      }
      return Shape.tokens(timesteps);
    }
    if (shape.size() == 2 && input.dtype().startsWith("int") && !consumers.isEmpty()) {
      problems.add(
          "the input"
              + which
              + " "
              + rendered
              + " "
              + input.dtype()
              + " holds token ids, which rnnc takes only into an Embedding, but it feeds "
              + consumers.stream()
                  .filter(c -> !c.layer().className().equals("Embedding"))
                  .findFirst()
                  .orElseThrow()
                  .describe());
      return null;
    }
    if (severalInputs && shape.size() == 2 && timesteps != null) {
      return Shape.vector(timesteps);
    }
    if (shape.size() != 3 || !shape.get(2).canConvertToExactIntegral()) {
      problems.add(
          "the input"
              + which
              + " "
              + rendered
              + " is not a sequence of feature vectors (batch, timesteps, features);"
              + " rnnc models take sequences, or token ids into an Embedding"
              + (severalInputs ? ", or vectors beside other inputs" : ""));
      return null;
    }
    if (!input.dtype().startsWith("float")) {
      notes.add(
          "the Keras input"
              + which
              + " is "
              + input.dtype()
              + "; rnnc takes float features, as Keras casts them");
    }
    return Shape.sequence(timesteps, shape.get(2).asInt());
  }

  // ---------------------------------------------------------------------------------------------
  // Stateful models

  private boolean stateful() {
    return graph.layers().stream()
        .map(KerasLayer::recurrentConfig)
        .anyMatch(c -> c != null && c.path("stateful").asBoolean(false));
  }

  /**
   * Whether the interface gets the streaming call {@code float[] step(float[])}: a chain whose
   * recurrent layers are all stateful, each call taking one timestep of float features.
   */
  private boolean streaming(List<ImportedModel.ModelInput> inputs) {
    List<JsonNode> recurrent =
        graph.layers().stream().map(KerasLayer::recurrentConfig).filter(Objects::nonNull).toList();
    Shape input = inputs.getFirst().shape();
    return chain
        && input.kind() == Shape.Kind.SEQUENCE
        && Integer.valueOf(1).equals(input.timesteps())
        && !recurrent.isEmpty()
        && recurrent.stream().allMatch(c -> c.path("stateful").asBoolean(false));
  }

  /** Keras keeps one stream per batch row of a stateful model; an rnnc instance keeps one. */
  private void statefulBatchNote() {
    JsonNode shape = graph.inputs().getFirst().batchShape();
    int batch =
        shape != null && shape.path(0).canConvertToExactIntegral() ? shape.path(0).asInt() : 1;
    if (batch > 1) {
      notes.add(
          "the Keras model is stateful with batch size "
              + batch
              + ", so its states hold "
              + batch
              + " independent streams; an rnnc instance keeps the states of one stream and takes one sample per call:"
              + " use one instance per stream");
    }
  }
}
