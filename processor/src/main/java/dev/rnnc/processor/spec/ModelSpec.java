package dev.rnnc.processor.spec;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A checked model: everything the generator needs, nothing it must still decide.
 *
 * @param type the interface (the originating element of the generated file)
 * @param packageName the package of the interface and the generated class
 * @param generatedName the generated class's simple name
 * @param modelName the model name ({@code @RnnModel(name)} or the interface's simple name)
 * @param input the input shape of one sample
 * @param layers layers in order
 * @param calls call methods in declaration order
 * @param inputs every model input, in declaration order ({@code input} is the first's shape)
 * @param nodes where each layer's inputs come from, in layer order
 * @param folding the embedding folded into the next layer's input projection, or null
 * @param training how the model trains ({@code @Compile}), or null
 */
public record ModelSpec(
    TypeElement type,
    String packageName,
    String generatedName,
    String modelName,
    Shape input,
    List<LayerSpec> layers,
    List<CallSpec> calls,
    List<InputSpec> inputs,
    List<Node> nodes,
    EmbeddingFold folding,
    TrainingSpec training) {

  /** A chain model: one unnamed input, each layer taking the previous one's output. */
  public ModelSpec(
      TypeElement type,
      String packageName,
      String generatedName,
      String modelName,
      Shape input,
      List<LayerSpec> layers,
      List<CallSpec> calls) {
    this(
        type,
        packageName,
        generatedName,
        modelName,
        input,
        layers,
        calls,
        List.of(new InputSpec("", input)),
        chain(layers),
        null,
        null);
  }

  /**
   * The nodes of a chain: the first layer takes the unnamed input, every other the previous layer.
   */
  public static List<Node> chain(List<LayerSpec> layers) {
    List<Node> nodes = new java.util.ArrayList<>();
    String previous = "";
    for (LayerSpec layer : layers) {
      nodes.add(new Node(layer.name(), List.of(previous), null, List.of()));
      previous = layer.name();
    }
    return List.copyOf(nodes);
  }

  /** This model with other call methods. */
  public ModelSpec withCalls(List<CallSpec> calls) {
    return new ModelSpec(
        type,
        packageName,
        generatedName,
        modelName,
        input,
        layers,
        calls,
        inputs,
        nodes,
        folding,
        training);
  }

  /**
   * This model with its embedding folded when the table takes at most {@code maxBytes} ({@link
   * EmbeddingFold}).
   */
  public ModelSpec withFolding(long maxBytes) {
    return new ModelSpec(
        type,
        packageName,
        generatedName,
        modelName,
        input,
        layers,
        calls,
        inputs,
        nodes,
        // a trained model folds too: each optimizer step moves the weights' versions
        // (TrainingState.parametersChanged), so the next prediction rebuilds the table
        EmbeddingFold.of(layers, isGraph(), maxBytes),
        training);
  }

  /** This model with how it trains ({@code @Compile}). */
  public ModelSpec withTraining(TrainingSpec training) {
    return new ModelSpec(
        type,
        packageName,
        generatedName,
        modelName,
        input,
        layers,
        calls,
        inputs,
        nodes,
        folding,
        training);
  }

  /**
   * Why {@code fit} cannot be generated for this model yet, or null when it can. Training covers,
   * so far, chains and graphs (named inputs, merges, {@code @InitialState} between LSTM, GRU and
   * SimpleRNN layers, and from one into an {@code @RNN} of one custom cell; merges of differently
   * masked inputs) of Embedding and Masking layers (on an input or after another layer), LSTM, GRU
   * and SimpleRNN layers (alone, Bidirectional or in an {@code @RNN}, which may hold custom cells
   * and be Bidirectional too; forwards or backwards, masked or not, stateful or not, with PyTorch's
   * projection (recurrent dropout too)), Dropout and Dense layers, on fixed-length float sequences
   * or token ids (and, beside them, float vectors); step calls may stand beside {@code fit} (their
   * streams keep their own states); one output, or several with {@code fit}'s {@code y} a record of
   * one target batch per output: the layers no other layer reads and the unread directions of a
   * {@code mergeMode = "none"} layer, and beside them any layer or direction other layers read too,
   * and final states of {@code returnState} layers ({@link #stateTargetUnsupported}). Every model
   * that trains splits its batches across threads ({@code TrainingShards}).
   */
  public String trainingUnsupported() {
    return trainingUnsupported(List.of());
  }

  /**
   * {@link #trainingUnsupported()} for a {@code fit} whose {@code y} record names these outputs
   * ({@link Node} sources: layers, or directions of a {@code mergeMode = "none"} layer); empty when
   * {@code y} is the last layer's targets.
   */
  public String trainingUnsupported(List<String> outputs) {
    String inputs = inputsUnsupported();
    if (inputs != null) {
      return inputs;
    }
    for (LayerSpec layer : layers) {
      String problem = layerUnsupported(layer, outputs);
      if (problem != null) {
        return problem;
      }
    }
    return isGraph() || !outputs.isEmpty() ? graphUnsupported(outputs) : null;
  }

  /**
   * The model's outputs as Keras would have them: every layer whose output no other layer reads
   * (neither as input nor, through {@code @Forward}/{@code @Backward}, one direction of it), and
   * each unread direction of a {@code mergeMode = "none"} layer, in declaration order, as {@link
   * Node} sources. A layer whose final states alone are read ({@code @InitialState}) is none.
   */
  public List<String> unreadOutputs() {
    List<String> outputs = new ArrayList<>();
    for (LayerSpec layer : layers) {
      boolean none =
          layer instanceof BidirectionalSpec b && b.mergeMode() == BidirectionalSpec.MergeMode.NONE;
      List<String> sources =
          none
              ? List.of(Node.direction(layer.name(), false), Node.direction(layer.name(), true))
              : List.of(layer.name());
      for (String source : sources) {
        boolean read =
            nodes.stream()
                .anyMatch(
                    n -> n.inputs().contains(source) || layer.name().equals(n.initialState()));
        if (!read) {
          outputs.add(source);
        }
      }
    }
    return outputs;
  }

  /**
   * Why the final state {@code source} ({@link Node#state}) cannot be a training target, or null
   * when it can: a state of an {@code @LSTM}, {@code @GRU} or {@code @SimpleRNN} layer, alone or
   * {@code @Bidirectional} (with {@code numLayers}, one direction's of its top layer), or of an
   * {@code @RNN} of built-in cells, alone or {@code @Bidirectional} (its loss's gradient enters
   * BPTT at its cell's last step, as the gradient of states that start another layer does), or of
   * an {@code @RNN} of custom cells, of one input or several, alone, or of one input
   * {@code @Bidirectional} (the gradient of the states its direction's last step wrote, the
   * backward direction's last step reading timestep 0, which its backward step turns into the
   * gradient of the states before it); PyTorch's {@code h_n}/{@code c_n} of a {@code numLayers}
   * layer (or of an {@code @RNN} of cells of one kind) when its rows are as wide (each row's
   * gradient enters its layer's and direction's last step).
   */
  public String stateTargetUnsupported(String source) {
    LayerSpec layer = layer(Node.layerOf(source));
    String state = Node.stateOf(source);
    if (state.equals(EVERY_H) || state.equals(EVERY_C)) {
      return null; // rows of different widths (an @RNN's cells) each keep their own
    }
    return switch (layer) {
      case RecurrentSpec r -> null;
      // with numLayers, its top layer's direction (PyTorch's h_n[-2] or h_n[-1]): the loss's
      // gradient enters that direction's last step only
      case BidirectionalSpec b -> null;
      // a custom cell's (of one input or several): the loss's gradient is that of the states its
      // last step wrote
      case CellSpec c -> null;
      // each direction's, built-in or custom cells', as that direction's @RNN's
      case BidirectionalCellSpec b -> null;
      default ->
          "a final state trains as an output of an @LSTM, @GRU or @SimpleRNN layer (alone or"
              + " @Bidirectional) or of an @RNN only, not of "
              + layer.getClass().getSimpleName().replace("Spec", "");
    };
  }

  private String inputsUnsupported() {
    if (!isGraph() && !severalInputs()) {
      return input.kind() == Shape.Kind.VECTOR || input.variableTimesteps()
          ? "an input other than a fixed-length sequence (of floats or token ids)"
          : null;
    }
    for (InputSpec in : inputs) {
      if (in.shape().variableTimesteps()) {
        return (in.name().isEmpty() ? "the input" : in.name())
            + " has a variable number of timesteps (declare @Input(timesteps = ...))";
      }
      if (in.shape().kind() == Shape.Kind.VECTOR && !severalInputs()) {
        return "an input other than a fixed-length sequence (of floats or token ids)";
      }
    }
    return null;
  }

  private String layerUnsupported(LayerSpec layer, List<String> outputs) {
    return switch (layer) {
      case RecurrentSpec r -> null;
      case DenseSpec d -> null;
      case DropoutSpec d -> null;
      case EmbeddingSpec e -> null;
      case MergeSpec m -> null;
      case BidirectionalSpec b
          when b.mergeMode() == BidirectionalSpec.MergeMode.NONE
              && layer == layers.getLast()
              && outputs.isEmpty() ->
          layer.name()
              + " has mergeMode = \"none\" as the model's output (two outputs: declare y as a record"
              + " of one target batch per output)";
      case BidirectionalSpec b -> null;
      case CellSpec c -> null;
      case BidirectionalCellSpec b when b.mergeMode() == BidirectionalSpec.MergeMode.NONE ->
          layer.name() + " has mergeMode = \"none\" around an @RNN";
      case BidirectionalCellSpec b -> layerUnsupported(b.layer(), outputs); // each an @RNN
      case MaskingSpec m -> null; // on an input, or after another layer (its gradient masked)
      // its gradients add into the shared layer's
      case SharedSpec s -> layerUnsupported(s.layer(), outputs);
      default -> layer.name() + " is " + layer.getClass().getSimpleName().replace("Spec", "");
    };
  }

  /**
   * Whether {@code layer}'s states train as {@code @InitialState} source or reader: an LSTM, GRU or
   * SimpleRNN layer, alone, Bidirectional or an {@code @RNN} of built-in cells, alone or
   * Bidirectional (matched by position, as Keras; the build checked their number and widths).
   */
  private static boolean trainsStates(LayerSpec layer) {
    return switch (layer) {
      case RecurrentSpec r -> true;
      case BidirectionalSpec b -> true;
      case CellSpec c -> c.cells().stream().allMatch(StackCell::builtIn);
      case BidirectionalCellSpec b -> b.layer().cells().stream().allMatch(StackCell::builtIn);
      default -> false;
    };
  }

  /**
   * What a graph's wiring needs that training lacks: {@code @InitialState} from or into other than
   * a recurrent, Bidirectional or built-in cells' {@code @RNN} layer, or a layer whose output no
   * layer reads (a second output) while {@code fit}'s {@code y} is one output's targets.
   */
  private String graphUnsupported(List<String> outputs) {
    java.util.Map<String, String> masks = new java.util.HashMap<>();
    if (callMasks() && !severalInputs()) { // Keras' mask= of a call's lengths, on the one input
      masks.put(inputs.getFirst().name(), "mask=");
    }
    maskedInputs().forEach(i -> masks.put(i.name(), packedCalls() ? "@Packed" : "mask="));
    for (LayerSpec layer : layers) {
      Node node = node(layer.name());
      if (node.initialState() != null) {
        LayerSpec source = layer(node.initialState());
        if (layer instanceof CellSpec c && !c.stacked() && !c.cells().getFirst().builtIn()) {
          // a custom cell reads the source's batch buffers in their own layout
          if (!(source instanceof RecurrentSpec)) {
            return layer.name()
                + " starts from "
                + node.initialState()
                + "'s states (a custom cell's @InitialState trains from an @LSTM, @GRU or"
                + " @SimpleRNN layer only)";
          }
        } else if (!trainsStates(layer) || !trainsStates(source)) {
          return layer.name()
              + " starts from "
              + node.initialState()
              + "'s states (@InitialState trains between LSTM, GRU and SimpleRNN layers, alone,"
              + " @Bidirectional or in an @RNN of built-in cells, alone or @Bidirectional, only)";
        }
        if (layer instanceof BidirectionalSpec b
            && (b.forward().cell() instanceof Cell.Lstm)
                != (b.backward().cell() instanceof Cell.Lstm)) {
          // Keras gives the first half of the states to the forward layer, the rest to the backward
          return layer.name()
              + " starts from "
              + node.initialState()
              + "'s states, but its backward layer has other states than its forward layer";
        }
      }
      if (layer instanceof BidirectionalSpec b
          && b.mergeMode() == BidirectionalSpec.MergeMode.NONE) {
        // mergeMode "none": each direction is an output of its own, read by @Forward / @Backward
        for (boolean backward : new boolean[] {false, true}) {
          String direction = Node.direction(layer.name(), backward);
          if (!outputs.contains(direction)
              && nodes.stream().noneMatch(n -> n.inputs().contains(direction))) {
            return Node.describe(direction)
                + " is read by no layer (a second model output)"
                + RECORD;
          }
        }
      } else {
        boolean read =
            (outputs.isEmpty() ? layer == layers.getLast() : outputs.contains(layer.name()))
                || nodes.stream()
                    .anyMatch(
                        n ->
                            n.inputs().contains(layer.name())
                                || layer.name().equals(n.initialState()));
        if (!read) {
          return layer.name() + "'s output is read by no layer (a second model output)" + RECORD;
        }
      }
      List<String> in = node.inputs().stream().map(masks::get).distinct().toList();
      // a merge of differently masked inputs masks with their logical or, of unmasked and masked
      // ones with none (keras/src/layers/merging/base_merge.py compute_mask; Concatenate's counts
      // an unmasked input all real, which masks nothing either)
      String mask = in.contains(null) ? null : in.size() > 1 ? layer.name() : in.getFirst();
      String after =
          switch (layer) {
            case MaskingSpec m -> m.name();
            case EmbeddingSpec e -> e.maskZero() ? e.name() : null;
            default -> LayerSpec.maskAfter(layer, mask != null) ? mask : null;
          };
      masks.put(layer.name(), after);
      masks.put(Node.direction(layer.name(), false), after); // mergeMode "none"'s outputs
      masks.put(Node.direction(layer.name(), true), after);
    }
    return null;
  }

  /** How a second output trains, for the messages that find one. */
  private static final String RECORD =
      ": declare fit's y as a record of one target batch per output, named as the outputs";

  /** Whether some input's timesteps are known per call only (per-timestep arrays then grow). */
  public boolean variableTimesteps() {
    return inputs.stream().anyMatch(i -> i.shape().variableTimesteps());
  }

  /**
   * The layer that starts from states a call passes, when some call does ({@link
   * #firstRecurrentLayer}); else null.
   */
  public LayerSpec callStatesLayer() {
    return calls.stream().anyMatch(CallSpec::initialStates) ? firstRecurrentLayer() : null;
  }

  /**
   * Every layer that starts from states a call passes, in order: {@link #callStatesLayer}, or when
   * it is the lowest layer of a {@code @Bidirectional} with {@code numLayers} every layer of it
   * (PyTorch's {@code h_0} starts them all); empty when no call passes states.
   */
  public List<LayerSpec> callStatesLayers() {
    return callStatesLayer() == null ? List.of() : startingLayers();
  }

  /**
   * The layers whose states {@link #initialStates} are, in order: the first recurrent layer, or
   * every layer of the {@code @Bidirectional} with {@code numLayers} it is the lowest of.
   */
  public List<LayerSpec> startingLayers() {
    LayerSpec first = firstRecurrentLayer();
    if (first == null) {
      return List.of();
    }
    return lowerLayer(first)
        ? torchLayers(layer(((BidirectionalSpec) first).lowerLayerOf()))
        : List.of(first);
  }

  /**
   * Whether batch calls run the samples through the layers in lockstep, a chunk at a time: for
   * chains of Embedding, Masking, Dense, Dropout and recurrent layers without carried state whose
   * cells have lockstep kernels, on a fixed-length sequence or token input, when some batch call
   * takes that path ({@link CallSpec#runsInLockstep}). Graphs and step calls keep the per-sample
   * path.
   */
  public boolean lockstep() {
    if (isGraph()
        || input.kind() == Shape.Kind.VECTOR
        || input.variableTimesteps()
        || hasStepCalls()
        || callMasks() // the chunk path reads masks from a Masking or Embedding layer only
        || calls.stream().noneMatch(CallSpec::runsInLockstep)) {
      return false;
    }
    boolean anyRecurrent = false;
    for (LayerSpec layer : layers) {
      switch (layer) {
        case RecurrentSpec r -> {
          if (!r.cell().lockstep() || r.options().stateful()) {
            return false;
          }
          anyRecurrent = true;
        }
        case EmbeddingSpec e -> {}
        case MaskingSpec m -> {}
        case DenseSpec d -> {}
        case DropoutSpec d -> {}
        default -> {
          return false;
        }
      }
    }
    return anyRecurrent;
  }

  /** Whether the model has several inputs. */
  public boolean severalInputs() {
    return inputs.size() > 1;
  }

  /**
   * Whether some layer is wired other than to the previous one (named inputs, initial states,
   * merges).
   */
  public boolean isGraph() {
    return !nodes.equals(chain(layers));
  }

  /** The node of the layer with this name. */
  public Node node(String layer) {
    return nodes.stream().filter(n -> n.layer().equals(layer)).findFirst().orElseThrow();
  }

  /** The layer with this name, or null (an input's name). */
  public LayerSpec layer(String name) {
    return layers.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
  }

  /** The input with this name, or null. */
  public InputSpec inputNamed(String name) {
    return inputs.stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
  }

  /**
   * The model input whose timesteps a layer's sequences follow: the input its first inputs lead
   * back to.
   */
  public InputSpec timeline(String name) {
    for (String source = name; ; ) {
      InputSpec input = inputNamed(source);
      if (input != null && layer(source) == null) {
        return input;
      }
      source = node(Node.layerOf(source)).input();
    }
  }

  /** The shape of one sample's output: the last layer's. */
  public Shape output() {
    return layers.getLast().output();
  }

  /**
   * The declared batch size of a stateful model ({@code @Input(batchSize)}), whose stateful layers
   * keep that many rows of states; 0 if none is declared or no layer is stateful.
   */
  public int stateRows() {
    boolean stateful = layers.stream().anyMatch(ModelSpec::isStateful);
    return stateful ? inputs.stream().mapToInt(InputSpec::batchSize).max().orElse(0) : 0;
  }

  /**
   * Whether some call passes a mask (Keras' {@code mask=}): the input then carries one, all true
   * for the calls that pass none.
   */
  public boolean callMasks() {
    return calls.stream().anyMatch(CallSpec::masked);
  }

  /**
   * The inputs of a model with several inputs that some call passes {@code @Packed} lengths or a
   * Keras mask after, in declaration order: each carries a mask, from the call's or all true.
   */
  public List<InputSpec> maskedInputs() {
    return java.util.stream.IntStream.range(0, inputs.size())
        .filter(
            i ->
                calls.stream()
                    .anyMatch(c -> i < c.lengthsAfter().size() && c.lengthsAfter().get(i)))
        .mapToObj(inputs::get)
        .toList();
  }

  /** Whether some call passes {@code @Packed} lengths (PyTorch's packed sequences). */
  public boolean packedCalls() {
    return calls.stream().anyMatch(c -> c.mask() == CallSpec.Mask.PACKED);
  }

  /** Whether some call advances one timestep, so the layers run on 1 or all timesteps. */
  public boolean hasStepCalls() {
    return calls.stream().anyMatch(CallSpec::step);
  }

  /**
   * The final states the last layer returns with {@code returnState}, in Keras' order: LSTM h, c;
   * GRU/SimpleRNN h; Bidirectional the forward states, then the backward ones; an {@code @RNN}
   * layer every cell's states ({@link CellSpec#states()}). Empty otherwise.
   */
  public List<StateSpec> returnedStates() {
    return returnedStates(layers.getLast());
  }

  /**
   * The final states {@code layer} returns with {@code returnState}, in Keras' order (as {@link
   * #returnedStates()}); empty for a layer without {@code returnState}.
   */
  public static List<StateSpec> returnedStates(LayerSpec layer) {
    if (layer instanceof CellSpec cell) {
      return cell.returnState() ? cell.states() : List.of();
    }
    if (layer instanceof BidirectionalCellSpec bi) {
      return bi.layer().returnState() ? bi.states() : List.of();
    }
    RecurrentSpec recurrent = recurrent(layer);
    return recurrent == null || !recurrent.options().returnState() ? List.of() : states(layer);
  }

  /** {@code h}, {@code c}, or in a Bidirectional layer {@code forwardH}, {@code backwardC}, ... */
  public static String stateName(StateSpec state) {
    return state.direction().isEmpty()
        ? state.name()
        : state.direction()
            + Character.toUpperCase(state.name().charAt(0))
            + state.name().substring(1);
  }

  /**
   * The record component that returns a layer's final state beside other outputs: the layer's name,
   * then the state's ({@code decoderH}, {@code encoderForwardC}, {@code decoderH0}).
   */
  public static String stateComponent(String layer, StateSpec state) {
    String name = stateName(state);
    return layer + Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /**
   * The state source ({@link Node#state}) a several-outputs record component names: a final state
   * of a layer declared with {@code returnState = true} ({@link #stateComponent}), or null.
   */
  public String stateSource(String component) {
    for (LayerSpec layer : layers) {
      for (String all : everyLayersStates(layer)) { // encoderHN: PyTorch's h_n
        if (stateComponent(layer.name(), new StateSpec("", all, 0)).equals(component)) {
          return Node.state(layer.name(), all);
        }
      }
      for (StateSpec state : returnedStates(layer)) {
        if (stateComponent(layer.name(), state).equals(component)) {
          return Node.state(layer.name(), stateName(state));
        }
      }
    }
    return null;
  }

  /**
   * PyTorch's {@code h_n}: every layer's and direction's final h, as {@link #everyLayersStates}.
   */
  public static final String EVERY_H = "hN";

  /** PyTorch's {@code c_n}: every layer's and direction's final c. */
  public static final String EVERY_C = "cN";

  /** Whether a state source ({@link Node#state}) is PyTorch's {@code h_n} or {@code c_n}. */
  public static boolean everyLayers(String source) {
    String state = Node.stateOf(source);
    return state.equals(EVERY_H) || state.equals(EVERY_C);
  }

  /**
   * The states a layer with {@code numLayers} and {@code returnState = true} returns as PyTorch's
   * {@code h_n} (and an LSTM's {@code c_n}): {@code hN}, {@code cN}, a row per layer and direction
   * in PyTorch's order (layer 0, layer 0 reverse, layer 1, ...), a record component {@code
   * encoderHN} of type {@code float[][]}; empty for other layers.
   */
  public List<String> everyLayersStates(LayerSpec layer) {
    boolean numLayers =
        switch (layer) {
          case CellSpec c ->
              c.returnState()
                  && c.stacked()
                  && c.cells().stream()
                      .allMatch(k -> k.cell().getClass() == c.cells().getFirst().cell().getClass())
                  && c.cells().getFirst().cell() instanceof Cell.BuiltIn;
          case BidirectionalSpec b ->
              b.layer().options().returnState() && torchLayers(layer).size() > 1;
          default -> false;
        };
    if (!numLayers) {
      return List.of();
    }
    boolean lstm =
        layer instanceof CellSpec c
            ? c.cells().getFirst().cell() instanceof Cell.Lstm
            : ((BidirectionalSpec) layer).layer().cell() instanceof Cell.Lstm;
    return lstm ? List.of(EVERY_H, EVERY_C) : List.of(EVERY_H);
  }

  /**
   * The layers PyTorch's module of a {@code @Bidirectional} with {@code numLayers} is: its lower
   * layers ({@link BidirectionalSpec#lowerLayerOf}), then itself; just {@code layer} otherwise.
   */
  public List<LayerSpec> torchLayers(LayerSpec layer) {
    List<LayerSpec> all = new java.util.ArrayList<>();
    for (LayerSpec l : layers) {
      if (l instanceof BidirectionalSpec b && layer.name().equals(b.lowerLayerOf())) {
        all.add(l);
      }
    }
    all.add(layer);
    return List.copyOf(all);
  }

  /**
   * The first recurrent layer in declaration order ({@code @LSTM}, {@code @GRU},
   * {@code @SimpleRNN}, {@code @Bidirectional} or {@code @RNN}): the one that takes initial states
   * passed to a call method, or null. The same rule holds for one input and for several.
   */
  public LayerSpec firstRecurrentLayer() {
    // A Bidirectional @RNN counts (it takes no call-passed states yet, so a later layer must not
    // take them instead).
    return layers.stream()
        .filter(
            l ->
                recurrent(l) != null || l instanceof CellSpec || l instanceof BidirectionalCellSpec)
        .findFirst()
        .orElse(null);
  }

  /**
   * The states of {@link #firstRecurrentLayer()}, which a call may pass as its initial states, in
   * Keras' order; empty when there is none or it takes {@code @InitialState}.
   */
  public List<StateSpec> initialStates() {
    LayerSpec first = firstRecurrentLayer();
    if (first == null
        || node(first.name()).initialState() != null
        || first instanceof BidirectionalCellSpec) { // a call passes no states to one yet
      return List.of();
    }
    List<StateSpec> states = new java.util.ArrayList<>(); // every layer's, when numLayers
    startingLayers().forEach(layer -> states.addAll(statesOf(layer)));
    return List.copyOf(states);
  }

  /**
   * The kinds of state of {@link #initialStates} when they can come in PyTorch's layout: {@code h}
   * (and {@code c} for an LSTM), each with its width, when the states are rows of these kinds in
   * PyTorch's order (layer 0, layer 0 reverse, layer 1, ...), every row of a kind as wide; empty
   * otherwise (custom cells, stacks of cells of different kinds or widths).
   */
  public List<StateSpec> torchStateKinds() {
    List<StateSpec> states = initialStates();
    if (states.isEmpty()) {
      return List.of();
    }
    int kinds = states.size() > 1 && kind(states.get(1)).equals("c") ? 2 : 1;
    if (states.size() % kinds != 0) {
      return List.of();
    }
    for (int i = 0; i < states.size(); i++) {
      StateSpec state = states.get(i);
      StateSpec first = states.get(i % kinds);
      if (!kind(state).equals(i % kinds == 0 ? "h" : "c") || state.width() != first.width()) {
        return List.of();
      }
    }
    return states.subList(0, kinds).stream()
        .map(s -> new StateSpec("", kind(s), s.width()))
        .toList();
  }

  /** A state's kind: its name without a stack index ({@code h1} is an {@code h}). */
  private static String kind(StateSpec state) {
    return state.name().replaceAll("[0-9]+$", "");
  }

  /**
   * Whether the layer is a lower layer of a {@code @Bidirectional} with {@code numLayers} ({@link
   * BidirectionalSpec#lowerLayerOf}).
   */
  public static boolean lowerLayer(LayerSpec layer) {
    return layer instanceof BidirectionalSpec b && b.lowerLayerOf() != null;
  }

  /**
   * The states of a recurrent, Bidirectional or {@code @RNN} layer in Keras' order (an {@code @RNN}
   * layer's every cell's, {@link CellSpec#states()}; a Bidirectional {@code @RNN} its forward
   * direction's, then its backward one's); empty for any other layer.
   */
  public static List<StateSpec> statesOf(LayerSpec layer) {
    if (layer instanceof CellSpec cell) {
      return cell.states();
    }
    if (layer instanceof BidirectionalCellSpec bi) {
      return bi.states();
    }
    return recurrent(layer) == null ? List.of() : states(layer);
  }

  /** The recurrent layer in {@code layer} (itself, or the one a Bidirectional wraps), or null. */
  public static RecurrentSpec recurrent(LayerSpec layer) {
    return switch (layer) {
      case RecurrentSpec r -> r;
      case BidirectionalSpec b -> b.layer();
      default -> null;
    };
  }

  /** A recurrent or Bidirectional layer's states, in Keras' order. */
  public static List<StateSpec> states(LayerSpec recurrentLayer) {
    RecurrentSpec layer = recurrent(recurrentLayer);
    List<String> directions =
        recurrentLayer instanceof BidirectionalSpec ? List.of("forward", "backward") : List.of("");
    List<StateSpec> states = new java.util.ArrayList<>();
    for (String direction : directions) {
      states.add(new StateSpec(direction, "h", layer.outputUnits()));
      if (layer.cell() instanceof Cell.Lstm) {
        states.add(new StateSpec(direction, "c", layer.units()));
      }
    }
    return List.copyOf(states);
  }

  /**
   * One returned state.
   *
   * @param direction {@code ""}, or {@code "forward"} / {@code "backward"} in a Bidirectional layer
   * @param name {@code h} or {@code c}
   * @param width its width
   */
  public record StateSpec(String direction, String name, int width) {}

  /** Whether some layer keeps state between calls. */
  public boolean isStateful() {
    return layers.stream().anyMatch(ModelSpec::isStateful);
  }

  /** Whether {@code layer} keeps state between calls. */
  public static boolean isStateful(LayerSpec layer) {
    return switch (layer) {
      case RecurrentSpec r -> r.options().stateful();
      case BidirectionalSpec b -> b.layer().options().stateful();
      case CellSpec c -> c.stateful();
      case SharedSpec s -> isStateful(s.layer());
      default -> false;
    };
  }
}
