package dev.rnnc.processor.generate;

import dev.rnnc.processor.generate.TrainingRecurrent.EveryRow;
import dev.rnnc.processor.generate.TrainingRecurrent.Links;
import dev.rnnc.processor.generate.TrainingRecurrent.States;
import dev.rnnc.processor.spec.BidirectionalCellSpec;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.Cell;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Node;
import dev.rnnc.processor.spec.RecurrentSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The links of a graph's recurrent runs in training besides their input rows: whether a layer reads
 * a run's output, and {@code @InitialState}. Keras matches initial states by position, so a layer's
 * states are laid out in Keras' order (a Bidirectional layer's forward direction, then its backward
 * one; an {@code @RNN}'s cells one after another) and each run (a layer, a direction, a cell) reads
 * the same positions of its source's final states, and adds the gradients of the same positions of
 * its readers' initial states into its last step.
 */
final class TrainingLinks {
  private final ModelSpec model;

  TrainingLinks(ModelSpec model) {
    this.model = model;
  }

  /**
   * A recurrent layer's (or a {@code @Shared} application's) {@code @InitialState} links and
   * whether a layer reads its output.
   */
  Links of(LayerSpec layer, Node node) {
    List<String> targets =
        layer instanceof RecurrentSpec r ? targets(layer.name(), "", r.cell()) : List.of();
    if (!model.isGraph()) {
      return Links.CHAIN.withTargets(targets);
    }
    return stateLinks(layer.name(), node, 0, read(layer)).withTargets(targets);
  }

  /** Whether the loss or a layer reads {@code layer}'s output. */
  private boolean read(LayerSpec layer) {
    return layer == model.layers().getLast()
        || model.nodes().stream().anyMatch(n -> n.inputs().contains(layer.name()))
        || targetSources().contains(layer.name());
  }

  /** The sources of the model's outputs when it trains several ({@code y} a record), else none. */
  private List<String> targetSources() {
    return model.training() == null
        ? List.of()
        : model.training().targets().stream().map(t -> t.source()).toList();
  }

  /**
   * Per state of one run of {@code layer} (the layer, or its {@code forward} / {@code backward}
   * direction), the source of the model output that final state is, or null; empty when none is.
   */
  private List<String> targets(String layer, String direction, Cell.BuiltIn cell) {
    return targets(layer, direction, cell, "");
  }

  /**
   * As {@link #targets(String, String, Cell.BuiltIn)}, for the cell of a stack whose states are
   * numbered {@code index} ({@code h0}, {@code forwardC1}; empty: not numbered).
   */
  private List<String> targets(String layer, String direction, Cell.BuiltIn cell, String index) {
    List<String> sources = targetSources();
    List<String> targets = new ArrayList<>();
    boolean any = false;
    for (String state : CellKind.of(cell).states()) {
      String name =
          (direction.isEmpty() ? state.toLowerCase() : direction + state) + index; // forwardH0
      String source = Node.state(layer, name);
      any |= sources.contains(source);
      targets.add(sources.contains(source) ? source : null);
    }
    return any ? targets : List.of();
  }

  /**
   * A Bidirectional layer's {@code @InitialState} links, per direction (Keras' first half of the
   * states into the forward direction, the second into the backward one); chain links when it has
   * none.
   */
  Links[] bidirectional(BidirectionalSpec layer, Node node) {
    List<String> forwardTargets = targets(layer.name(), "forward", layer.forward().cell());
    List<String> backwardTargets = targets(layer.name(), "backward", layer.backward().cell());
    // PyTorch's h_n / c_n of a numLayers layer: layer k's directions are rows 2k and 2k + 1
    String top = layer.lowerLayerOf() == null ? layer.name() : layer.lowerLayerOf();
    List<String> parts = model.torchLayers(model.layer(top)).stream().map(LayerSpec::name).toList();
    int k = parts.indexOf(layer.name());
    List<EveryRow> forwardRows =
        everyRows(top, 2 * k, 2 * parts.size(), layer.forward().cell(), state -> 0);
    List<EveryRow> backwardRows =
        everyRows(top, 2 * k + 1, 2 * parts.size(), layer.backward().cell(), state -> 0);
    if (!model.isGraph()) {
      return new Links[] {
        Links.CHAIN.withTargets(forwardTargets).withRows(forwardRows),
        Links.CHAIN.withTargets(backwardTargets).withRows(backwardRows)
      };
    }
    int forwardStates = CellKind.of(layer.forward().cell()).states().size();
    return new Links[] {
      stateLinks(layer.name(), node, 0, true).withTargets(forwardTargets).withRows(forwardRows),
      stateLinks(layer.name(), node, forwardStates, true)
          .withTargets(backwardTargets)
          .withRows(backwardRows)
    };
  }

  /**
   * Per state of the run whose final states are row {@code row} of PyTorch's {@code h_n} (and
   * {@code c_n}) of {@code layer}, that row when {@code h_n} (or {@code c_n}) is a model output,
   * else null; empty when neither is. {@code widest} gives per state ({@code H}, {@code C}) its
   * widest row when rows differ in width, else 0 ({@link EveryRow#widest}).
   */
  private List<EveryRow> everyRows(
      String layer,
      int row,
      int rows,
      Cell.BuiltIn cell,
      java.util.function.ToIntFunction<String> widest) {
    List<String> sources = targetSources();
    List<EveryRow> every = new ArrayList<>();
    boolean any = false;
    for (String state : CellKind.of(cell).states()) {
      String source = Node.state(layer, state.equals("H") ? ModelSpec.EVERY_H : ModelSpec.EVERY_C);
      any |= sources.contains(source);
      every.add(
          sources.contains(source)
              ? new EveryRow(source, row, rows, widest.applyAsInt(state))
              : null);
    }
    return any ? every : List.of();
  }

  /**
   * The widest of an {@code @RNN}'s {@code state} ({@code H}, {@code C}) rows, a row per cell, when
   * they differ in width ({@code RNN([GRUCell(4), GRUCell(3)])}), else 0.
   */
  private static int widest(CellSpec layer, String state) {
    List<Integer> widths =
        layer.states().stream()
            .filter(s -> s.name().startsWith(state.toLowerCase()))
            .map(ModelSpec.StateSpec::width)
            .toList();
    return widths.stream().distinct().count() > 1 ? java.util.Collections.max(widths) : 0;
  }

  /**
   * An {@code @RNN}'s links, per cell (for a custom cell's, which trains in chains only, its
   * {@code @InitialState} and its states that are model outputs, or null when it has neither): its
   * cells' states in Keras' order, cell after cell; the later cells read the earlier ones' output.
   */
  List<Links> stack(CellSpec layer, Node node) {
    List<Links> links = new ArrayList<>();
    int first = 0; // in trainedStates: the built-in cells' states
    int declared = 0; // in CellSpec.states: every cell's
    for (int k = 0; k < layer.cells().size(); k++) {
      boolean last = k == layer.cells().size() - 1;
      if (layer.cells().get(k).cell() instanceof Cell.Custom custom) {
        // a custom cell: only an @RNN of one reads @InitialState (ModelSpec.trainingUnsupported)
        boolean starts = model.isGraph() && !layer.stacked() && node.initialState() != null;
        List<String> targets = customTargets(layer, declared, custom.stateSizes().size());
        links.add(
            starts || !targets.isEmpty()
                ? new Links(
                        true,
                        starts ? slice(node.initialState(), 0, customStates(layer)) : null,
                        List.of())
                    .withTargets(targets)
                : null);
        declared += custom.stateSizes().size();
        continue;
      }
      Cell.BuiltIn cell = (Cell.BuiltIn) layer.cells().get(k).cell();
      declared += CellKind.of(cell).states().size();
      List<String> targets = targets(layer.name(), "", cell, stateIndex(layer, k));
      // PyTorch's h_n / c_n of a numLayers layer (or a stack of cells of one kind): row k
      List<EveryRow> rows =
          everyRows(layer.name(), k, layer.cells().size(), cell, state -> widest(layer, state));
      links.add(
          (model.isGraph()
                  ? stateLinks(layer.name(), node, first, !last || read(layer))
                  : Links.CHAIN)
              .withTargets(targets)
              .withRows(rows));
      first += CellKind.of(cell).states().size();
    }
    return links;
  }

  /**
   * A Bidirectional {@code @RNN}'s links, per direction, per cell: Keras' first half of the states
   * into the forward direction's cells, the second half into the backward one's (each direction's
   * cells' states in Keras' order, cell after cell); chain links when it has none. Only built-in
   * cells take {@code @InitialState} here ({@code ModelSpec.trainingUnsupported}); a custom cell's
   * links hold its direction's states that are model outputs ({@code forwardState}, {@code
   * backwardState1}); the merge reads both outputs.
   */
  List<List<Links>> bidirectionalCells(BidirectionalCellSpec layer, Node node) {
    List<List<Links>> directions = new ArrayList<>();
    int first = 0;
    for (String direction : List.of("forward", "backward")) {
      List<Links> cells = new ArrayList<>();
      int declared = 0; // in CellSpec.states: every cell's, as one direction names them
      for (int k = 0; k < layer.layer().cells().size(); k++) {
        if (!(layer.layer().cells().get(k).cell() instanceof Cell.BuiltIn cell)) {
          int count = ((Cell.Custom) layer.layer().cells().get(k).cell()).stateSizes().size();
          cells.add(
              Links.CHAIN.withTargets(
                  customTargets(layer.name(), direction, layer.layer(), declared, count)));
          declared += count;
          continue;
        }
        declared += CellKind.of(cell).states().size();
        List<String> targets = targets(layer.name(), direction, cell, stateIndex(layer.layer(), k));
        cells.add(
            (model.isGraph() ? stateLinks(layer.name(), node, first, true) : Links.CHAIN)
                .withTargets(targets));
        first += CellKind.of(cell).states().size();
      }
      directions.add(cells);
    }
    return directions;
  }

  /**
   * The links of one run of {@code layer} (a layer, a direction, a cell) whose states start at
   * position {@code first} of the layer's states: the same positions of its {@code @InitialState}
   * source's final states, and of the initial states of the layers it starts.
   */
  private Links stateLinks(String layer, Node node, int first, boolean read) {
    if (node.initialState() == null
        && model.nodes().stream().noneMatch(n -> layer.equals(n.initialState()))) {
      return new Links(read, null, List.of());
    }
    int count = trainedStates(model.layer(layer)).get(first).states();
    States from = node.initialState() == null ? null : slice(node.initialState(), first, count);
    List<States> starts =
        model.nodes().stream()
            .filter(n -> layer.equals(n.initialState()))
            .map(n -> slice(n.layer(), first, count))
            .toList();
    return new Links(read, from, starts);
  }

  /**
   * Per state of the custom cell whose states are {@code layer}'s states {@code first .. first +
   * count - 1} ({@code CellSpec.states}: {@code state}, {@code state1}, {@code state1_0}), the
   * source of the model output that final state is, or null; empty when none is.
   */
  private List<String> customTargets(CellSpec layer, int first, int count) {
    return customTargets(layer.name(), "", layer, first, count);
  }

  /**
   * As {@link #customTargets(CellSpec, int, int)}, for the custom cell of {@code cells} in the
   * {@code direction} ({@code forward}, {@code backward}; empty: none) of the layer {@code layer}.
   */
  private List<String> customTargets(
      String layer, String direction, CellSpec cells, int first, int count) {
    List<String> sources = targetSources();
    List<String> targets = new ArrayList<>();
    boolean any = false;
    for (ModelSpec.StateSpec state : cells.states().subList(first, first + count)) {
      String name =
          ModelSpec.stateName(new ModelSpec.StateSpec(direction, state.name(), state.width()));
      String source = Node.state(layer, name);
      any |= sources.contains(source);
      targets.add(sources.contains(source) ? source : null);
    }
    return any ? targets : List.of();
  }

  /** How cell {@code k}'s states are numbered in a record component: {@code 0} in {@code h0}. */
  private static String stateIndex(CellSpec layer, int k) {
    return layer.stacked() ? Integer.toString(k) : ""; // as CellSpec.states names them
  }

  /** States {@code first .. first + count - 1} of {@code layer}, by their training buffers. */
  private States slice(String layer, int first, int count) {
    List<TrainedState> states = trainedStates(model.layer(layer)).subList(first, first + count);
    return new States(
        String.join(" and ", states.stream().map(TrainedState::fields).distinct().toList()),
        states.stream().map(t -> t.fields() + "Train" + t.state()).toList(),
        states.stream().map(t -> t.fields() + "TrainD" + t.state().toLowerCase()).toList(),
        states.stream().map(TrainedState::stride).toList());
  }

  /** How many states the custom cell of an {@code @RNN} of one cell has. */
  private static int customStates(CellSpec layer) {
    return ((Cell.Custom) layer.cells().getFirst().cell()).stateSizes().size();
  }

  /**
   * One state of a recurrent run as training names it.
   *
   * @param fields the run's field prefix ({@code encoder}, {@code encoderForward}, {@code
   *     encoderCell1})
   * @param state {@code H} or {@code C}
   * @param states how many states the run has (where this one is the run's first)
   * @param stride the constant of the floats per sample of the state's batch buffer: an
   *     {@code @LSTM}/{@code @GRU}/{@code @SimpleRNN} layer's, for a custom cell reading its states
   *     (null for other runs, which no custom cell reads)
   */
  private record TrainedState(String fields, String state, int states, String stride) {}

  /**
   * A recurrent, Bidirectional, {@code @RNN} or Bidirectional {@code @RNN} layer's states in Keras'
   * order (forward direction, then backward; cell after cell), as its training runs name them
   * ({@code ModelSpec.trainingUnsupported} allows {@code @InitialState} between these only).
   */
  private static List<TrainedState> trainedStates(LayerSpec layer) {
    List<TrainedState> all = new ArrayList<>();
    switch (layer) {
      case RecurrentSpec r -> {
        for (String state : CellKind.of(r.cell()).states()) {
          all.add(
              new TrainedState(
                  r.name(),
                  state,
                  CellKind.of(r.cell()).states().size(),
                  Names.constant(r.name(), "STRIDE")));
        }
      }
      case BidirectionalSpec b -> {
        addStates(all, Names.field(b.name(), "Forward"), b.forward().cell());
        addStates(all, Names.field(b.name(), "Backward"), b.backward().cell());
      }
      case BidirectionalCellSpec b -> {
        for (CellSpec direction : List.of(b.forward(), b.backward())) {
          for (int k = 0; k < direction.cells().size(); k++) {
            // built-in cells only (ModelSpec.trainingUnsupported)
            Cell.BuiltIn cell = (Cell.BuiltIn) direction.cells().get(k).cell();
            String fields =
                direction.stacked() ? Names.field(direction.name(), "Cell" + k) : direction.name();
            addStates(all, fields, cell);
          }
        }
      }
      case CellSpec c -> {
        for (int k = 0; k < c.cells().size(); k++) {
          if (c.cells().get(k).cell() instanceof Cell.BuiltIn cell) {
            addStates(all, c.stacked() ? Names.field(c.name(), "Cell" + k) : c.name(), cell);
          } else if (!c.stacked()) { // a custom cell's states S0, S1, ... (it reads them only)
            int count = customStates(c);
            for (int i = 0; i < count; i++) {
              all.add(new TrainedState(c.name(), "S" + i, count, null));
            }
          }
        }
      }
      default -> throw new IllegalStateException(layer.name() + " has no trained states");
    }
    return all;
  }

  private static void addStates(List<TrainedState> all, String fields, Cell.BuiltIn cell) {
    List<String> states = CellKind.of(cell).states();
    for (String state : states) {
      all.add(new TrainedState(fields, state, states.size(), null));
    }
  }
}
