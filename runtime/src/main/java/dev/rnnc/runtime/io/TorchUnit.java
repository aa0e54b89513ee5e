package dev.rnnc.runtime.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One PyTorch layer of a state_dict that maps onto one rnnc layer: layer {@code k} of an {@code
 * nn.LSTM} / {@code nn.GRU} / {@code nn.RNN} ({@code lstm.weight_ih_l1}, ... → {@code lstm[1]}),
 * with both directions when the module is {@code bidirectional=True}; an {@code nn.LSTMCell} /
 * {@code GRUCell} / {@code RNNCell} ({@code cell.weight_ih}); or a module with {@code weight} and
 * optional {@code bias} ({@code nn.Linear}, {@code nn.Embedding}).
 *
 * @param module the module path in the state_dict ({@code encoder.rnn}); empty for a bare module
 *     saved on its own
 * @param index the layer number of a multi-layer recurrent module, -1 for cells and plain modules
 * @param moduleLayers how many layers the module has (1 for cells and plain modules)
 * @param params the tensors by role: {@code weight_ih, weight_hh, bias_ih, bias_hh, weight_hr} for
 *     recurrent layers, {@code weight, bias} otherwise
 * @param reverse the reverse direction's tensors by the same roles ({@code weight_ih_l0_reverse} is
 *     {@code weight_ih}); empty unless the module is bidirectional
 */
record TorchUnit(
    String module,
    int index,
    int moduleLayers,
    Map<String, TensorEntry> params,
    Map<String, TensorEntry> reverse) {

  private static final Pattern LAYER_PARAM =
      Pattern.compile("(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\\d{1,6})(_reverse)?");
  private static final Pattern CELL_PARAM = Pattern.compile("weight_ih|weight_hh|bias_ih|bias_hh");
  private static final Pattern PLAIN_PARAM = Pattern.compile("weight|bias");

  /**
   * A state_dict split into units.
   *
   * @param units the units, by module then layer
   * @param unrecognized tensors of no module kind this loader knows
   */
  record Grouping(List<TorchUnit> units, List<TensorEntry> unrecognized) {}

  /** Splits tensors into units by their names. */
  static Grouping group(List<TensorEntry> tensors) {
    // module -> layer index (-1: cell or plain) -> direction (0 forward, 1 reverse) -> role ->
    // tensor
    Map<String, Map<Integer, List<Map<String, TensorEntry>>>> modules = new TreeMap<>();
    List<TensorEntry> unrecognized = new ArrayList<>();
    for (TensorEntry t : tensors) {
      int dot = t.name().lastIndexOf('.');
      String module = dot < 0 ? "" : t.name().substring(0, dot);
      String param = t.name().substring(dot + 1);
      Matcher layer = LAYER_PARAM.matcher(param);
      if (layer.matches()) {
        int direction = layer.group(3) == null ? 0 : 1;
        directions(modules, module, Integer.parseInt(layer.group(2)))
            .get(direction)
            .put(layer.group(1), t);
      } else if (CELL_PARAM.matcher(param).matches() || PLAIN_PARAM.matcher(param).matches()) {
        directions(modules, module, -1).getFirst().put(param, t);
      } else {
        unrecognized.add(t);
      }
    }
    List<TorchUnit> units = new ArrayList<>();
    modules.forEach(
        (module, layers) -> {
          int count = (int) layers.keySet().stream().filter(k -> k >= 0).count();
          layers.forEach(
              (index, directions) ->
                  units.add(
                      new TorchUnit(
                          module,
                          index,
                          index < 0 ? 1 : count,
                          directions.get(0),
                          directions.get(1))));
        });
    return new Grouping(units, unrecognized);
  }

  private static List<Map<String, TensorEntry>> directions(
      Map<String, Map<Integer, List<Map<String, TensorEntry>>>> modules, String module, int index) {
    return modules
        .computeIfAbsent(module, m -> new TreeMap<>())
        .computeIfAbsent(index, k -> List.of(new LinkedHashMap<>(), new LinkedHashMap<>()));
  }

  /**
   * How a mapping names this unit: {@code lstm[1]}, or the module path for cells and plain modules.
   */
  String designator() {
    return index < 0 ? module : module + "[" + index + "]";
  }

  /**
   * Whether a layer name or mapping target names this unit: its designator, or the bare module path
   * when the module has this one layer.
   */
  boolean answersTo(String name) {
    return designator().equals(name) || (index == 0 && moduleLayers == 1 && module.equals(name));
  }

  /** A recurrent layer or cell, as opposed to a weight/bias module. */
  boolean recurrent() {
    return Stream.of(params, reverse)
        .anyMatch(p -> p.containsKey("weight_ih") || p.containsKey("weight_hh"));
  }

  /** Whether the unit has a reverse direction ({@code bidirectional=True}). */
  boolean bidirectional() {
    return !reverse.isEmpty();
  }

  boolean hasBias() {
    return params.containsKey("bias")
        || params.containsKey("bias_ih")
        || params.containsKey("bias_hh");
  }

  /**
   * The state_dict name of this unit's tensor of {@code role} in direction {@code d}, whether or
   * not the file has it: {@code lstm.bias_ih_l1_reverse}, {@code cell.bias_ih}, {@code head.bias}.
   */
  String tensorName(String role, int d) {
    String suffix = index < 0 ? "" : "_l" + index + (d == 1 ? "_reverse" : "");
    return (module.isEmpty() ? "" : module + ".") + role + suffix;
  }

  /** The tensors of one direction: {@link #params()} (0) or {@link #reverse()} (1). */
  Map<String, TensorEntry> direction(int d) {
    return d == 0 ? params : reverse;
  }

  /**
   * Gate blocks of a recurrent unit from its shapes (4 LSTM, 3 GRU, 1 RNN), or -1 when they do not
   * tell: {@code weight_hh} is {@code (G·H, H_out)} and {@code H} is {@code H_out}, or with a
   * projection the column count of {@code weight_hr (proj_size, H)}.
   */
  int gates() {
    int hidden = hiddenSize();
    TensorEntry hh =
        params.containsKey("weight_hh") ? params.get("weight_hh") : reverse.get("weight_hh");
    if (hidden <= 0 || hh == null || hh.shape().length != 2 || hh.shape()[0] % hidden != 0) {
      return -1;
    }
    return hh.shape()[0] / hidden;
  }

  /** PyTorch's {@code hidden_size} of a recurrent unit, or -1 when the shapes do not tell. */
  int hiddenSize() {
    Map<String, TensorEntry> p = params.containsKey("weight_hh") ? params : reverse;
    TensorEntry hh = p.get("weight_hh");
    TensorEntry hr = p.get("weight_hr");
    if (hr != null && hr.shape().length == 2) {
      return hr.shape()[1];
    }
    return hh != null && hh.shape().length == 2 ? hh.shape()[1] : -1;
  }

  /** PyTorch's {@code proj_size}: the rows of {@code weight_hr}, or 0 without a projection. */
  int projSize() {
    TensorEntry hr = params.get("weight_hr");
    return hr != null && hr.shape().length == 2 ? hr.shape()[0] : 0;
  }

  /**
   * The rnnc cell kind of a recurrent unit: {@code LSTM}, {@code GRU}, {@code SimpleRNN}, or null.
   */
  String cellKind() {
    if (!recurrent()) {
      return null;
    }
    return switch (gates()) {
      case 4 -> "LSTM";
      case 3 -> "GRU";
      case 1 -> "SimpleRNN";
      default -> null;
    };
  }

  /**
   * The rnnc layer kinds this unit can be loaded into, as {@link TorchConversion#matchKind} names
   * them: {@code LSTM}, {@code Bidirectional(LSTM)}, ..., {@code Dense}, {@code TimeDistributed},
   * {@code Embedding}.
   */
  List<String> kinds() {
    if (recurrent()) {
      String cell = cellKind();
      return cell == null
          ? List.of()
          : List.of(bidirectional() ? "Bidirectional(" + cell + ")" : cell);
    }
    TensorEntry weight = params.get("weight");
    if (weight == null || weight.shape().length != 2) {
      return List.of();
    }
    return params.containsKey("bias")
        ? List.of("Dense", "TimeDistributed")
        : List.of("Dense", "TimeDistributed", "Embedding");
  }

  /**
   * What PyTorch module this looks like, for messages: {@code bidirectional LSTM with proj_size =
   * 2}.
   */
  String describeKind() {
    if (recurrent()) {
      String kind =
          switch (gates()) {
            case 4 -> "LSTM";
            case 3 -> "GRU";
            case 1 -> "RNN";
            default -> "recurrent layer of unknown kind";
          };
      return (bidirectional() ? "bidirectional " : "")
          + kind
          + (projSize() > 0 ? " with proj_size = " + projSize() : "");
    }
    List<String> kinds = kinds();
    return kinds.size() == 3
        ? "Linear without bias or Embedding"
        : kinds.isEmpty() ? "unknown module" : "Linear";
  }

  /** How messages show it: {@code lstm[1] (LSTM: lstm.weight_ih_l1 (20, 5) F32, ...)}. */
  String describe() {
    return (module.isEmpty() && index < 0 ? "<root>" : designator())
        + " ("
        + describeKind()
        + ": "
        + Stream.concat(params.values().stream(), reverse.values().stream())
            .map(TensorEntry::describe)
            .collect(Collectors.joining(", "))
        + ")";
  }
}
