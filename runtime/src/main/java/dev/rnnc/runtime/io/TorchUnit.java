package dev.rnnc.runtime.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One PyTorch layer of a state_dict that maps onto one rnnc layer: layer {@code k} of an
 * {@code nn.LSTM} / {@code nn.GRU} / {@code nn.RNN} ({@code lstm.weight_ih_l1}, ... → {@code lstm[1]}),
 * an {@code nn.LSTMCell} / {@code GRUCell} / {@code RNNCell} ({@code cell.weight_ih}), or a module
 * with {@code weight} and optional {@code bias} ({@code nn.Linear}, {@code nn.Embedding}).
 *
 * @param module the module path in the state_dict ({@code encoder.rnn}); empty for a bare module
 *     saved on its own
 * @param index the layer number of a multi-layer recurrent module, -1 for cells and plain modules
 * @param moduleLayers how many layers the module has (1 for cells and plain modules)
 * @param params the tensors by role: {@code weight_ih, weight_hh, bias_ih, bias_hh, weight_hr}
 *     for recurrent layers, {@code weight, bias} otherwise
 */
record TorchUnit(String module, int index, int moduleLayers, Map<String, TensorEntry> params) {

  private static final Pattern LAYER_PARAM =
      Pattern.compile("(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\\d{1,6})(_reverse)?");
  private static final Pattern CELL_PARAM = Pattern.compile("weight_ih|weight_hh|bias_ih|bias_hh");
  private static final Pattern PLAIN_PARAM = Pattern.compile("weight|bias");

  /**
   * A state_dict split into units.
   *
   * @param units the units, by module then layer
   * @param reverse per module, the tensors of its reverse direction ({@code bidirectional=True})
   * @param unrecognized tensors of no module kind this loader knows
   */
  record Grouping(List<TorchUnit> units, Map<String, List<TensorEntry>> reverse, List<TensorEntry> unrecognized) {}

  /** Splits tensors into units by their names. */
  static Grouping group(List<TensorEntry> tensors) {
    // module -> layer index (-1: cell or plain) -> role -> tensor
    Map<String, Map<Integer, Map<String, TensorEntry>>> modules = new TreeMap<>();
    Map<String, List<TensorEntry>> reverse = new TreeMap<>();
    List<TensorEntry> unrecognized = new ArrayList<>();
    for (TensorEntry t : tensors) {
      int dot = t.name().lastIndexOf('.');
      String module = dot < 0 ? "" : t.name().substring(0, dot);
      String param = t.name().substring(dot + 1);
      Matcher layer = LAYER_PARAM.matcher(param);
      if (layer.matches()) {
        if (layer.group(3) != null) {
          reverse.computeIfAbsent(module, m -> new ArrayList<>()).add(t);
        } else {
          modules.computeIfAbsent(module, m -> new TreeMap<>())
              .computeIfAbsent(Integer.parseInt(layer.group(2)), k -> new LinkedHashMap<>())
              .put(layer.group(1), t);
        }
      } else if (CELL_PARAM.matcher(param).matches() || PLAIN_PARAM.matcher(param).matches()) {
        modules.computeIfAbsent(module, m -> new TreeMap<>()).computeIfAbsent(-1, k -> new LinkedHashMap<>())
            .put(param, t);
      } else {
        unrecognized.add(t);
      }
    }
    List<TorchUnit> units = new ArrayList<>();
    modules.forEach((module, layers) -> {
      int count = (int) layers.keySet().stream().filter(k -> k >= 0).count();
      layers.forEach((index, params) -> units.add(new TorchUnit(module, index, index < 0 ? 1 : count, params)));
    });
    return new Grouping(units, reverse, unrecognized);
  }

  /** How a mapping names this unit: {@code lstm[1]}, or the module path for cells and plain modules. */
  String designator() {
    return index < 0 ? module : module + "[" + index + "]";
  }

  /**
   * Whether a layer name or mapping target names this unit: its designator, or the bare module
   * path when the module has this one layer.
   */
  boolean answersTo(String name) {
    return designator().equals(name) || (index == 0 && moduleLayers == 1 && module.equals(name));
  }

  /** A recurrent layer or cell, as opposed to a weight/bias module. */
  boolean recurrent() {
    return params.containsKey("weight_ih") || params.containsKey("weight_hh");
  }

  boolean hasBias() {
    return params.containsKey("bias") || params.containsKey("bias_ih") || params.containsKey("bias_hh");
  }

  /**
   * Gate blocks of a recurrent unit from its shapes (4 LSTM, 3 GRU, 1 RNN), or -1 when they do not
   * tell: {@code weight_hh} is {@code (G·H, H_out)} and {@code H} is {@code H_out}, or with a
   * projection the column count of {@code weight_hr (proj_size, H)}.
   */
  int gates() {
    TensorEntry hh = params.get("weight_hh");
    if (hh == null || hh.shape().length != 2) {
      return -1;
    }
    TensorEntry hr = params.get("weight_hr");
    int hidden = hr != null && hr.shape().length == 2 ? hr.shape()[1] : hh.shape()[1];
    if (hidden <= 0 || hh.shape()[0] % hidden != 0) {
      return -1;
    }
    return hh.shape()[0] / hidden;
  }

  /** The rnnc layer kinds this unit can be loaded into. */
  List<String> kinds() {
    if (recurrent()) {
      return switch (gates()) {
        case 4 -> List.of("LSTM");
        case 3 -> List.of("GRU");
        case 1 -> List.of("SimpleRNN");
        default -> List.of();
      };
    }
    TensorEntry weight = params.get("weight");
    if (weight == null || weight.shape().length != 2) {
      return List.of();
    }
    return params.containsKey("bias") ? List.of("Dense") : List.of("Dense", "Embedding");
  }

  /** What PyTorch module this looks like, for messages. */
  String describeKind() {
    if (recurrent()) {
      return switch (gates()) {
        case 4 -> "LSTM";
        case 3 -> "GRU";
        case 1 -> "RNN";
        default -> "recurrent layer of unknown kind";
      };
    }
    List<String> kinds = kinds();
    return kinds.size() == 2 ? "Linear without bias or Embedding" : kinds.isEmpty() ? "unknown module" : "Linear";
  }

  /** How messages show it: {@code lstm[1] (LSTM: lstm.weight_ih_l1 (20, 5) F32, ...)}. */
  String describe() {
    return (module.isEmpty() && index < 0 ? "<root>" : designator()) + " (" + describeKind() + ": "
        + params.values().stream().map(TensorEntry::describe).collect(Collectors.joining(", ")) + ")";
  }
}
