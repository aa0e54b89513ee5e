package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Layer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Pairs a model's layers with the PyTorch layers of a state_dict, in three steps:
 *
 * <ol>
 *   <li><b>The mapping</b>: layers it names take the PyTorch layer it gives.
 *   <li><b>By name</b>: a layer takes the PyTorch layer whose designator equals its name ({@code
 *       head} ↔ {@code head.weight}; {@code lstm} ↔ a single-layer {@code lstm}); the layers of a
 *       {@code @Bidirectional} with {@code numLayers} ({@code lstm_l0}, {@code lstm}) take {@code
 *       lstm[0]}, {@code lstm[1]}.
 *   <li><b>By kind</b>, for the rest: when the file has a single module of the layer's kind, the
 *       model's layers of that kind take its layers in order ({@code lstm[0]}, {@code lstm[1]},
 *       ...; an {@code nn.LSTM(num_layers=2)} feeds two consecutive {@code @LSTM} layers). With
 *       several such modules the order is unknown — safetensors sorts tensors by name — so each
 *       layer must fit exactly one of them by shape, or the load stops and asks for names or a
 *       mapping.
 * </ol>
 *
 * Kinds are those of {@link TorchConversion#matchKind}: a bidirectional {@code nn.LSTM} layer is a
 * {@code Bidirectional(LSTM)}. A recurrent layer and a PyTorch layer of the same cell but another
 * number of directions are still paired, so that the conversion can say what to declare. PyTorch
 * layers left over and tensors of unknown modules are problems.
 */
final class TorchMatcher {
  /** Layer kinds in the order they take PyTorch layers; Embedding before Dense (see below). */
  private static final List<String> ORDER =
      List.of(
          "LSTM",
          "GRU",
          "SimpleRNN",
          "Bidirectional(LSTM)",
          "Bidirectional(GRU)",
          "Bidirectional(SimpleRNN)",
          "Embedding",
          "Dense",
          "TimeDistributed");

  private TorchMatcher() {}

  /** The pairs, and every problem found. */
  record Result(Map<Layer, TorchUnit> pairs, List<String> problems) {}

  static Result match(List<Layer> modelLayers, TorchUnit.Grouping file, PyTorchMapping mapping) {
    List<TorchUnit> units = file.units();
    Map<Layer, TorchUnit> pairs = new LinkedHashMap<>();
    Set<TorchUnit> used = Collections.newSetFromMap(new IdentityHashMap<>());
    List<String> problems = new ArrayList<>();
    List<Layer> withWeights = modelLayers.stream().filter(l -> !l.variables().isEmpty()).toList();

    mapped(modelLayers, units, mapping, pairs, used, problems);
    for (Layer layer : withWeights) {
      if (!pairs.containsKey(layer) && !mapping.layers().containsKey(layer.name())) {
        String layerOfModule = layerOfModule(layer, modelLayers);
        List<TorchUnit> named =
            units.stream()
                .filter(
                    u ->
                        !used.contains(u)
                            && (u.answersTo(layer.name()) || u.designator().equals(layerOfModule))
                            && takes(layer, u))
                .toList();
        if (named.size() == 1) {
          pairs.put(layer, named.getFirst());
          used.add(named.getFirst());
        }
      }
    }
    Map<String, List<Layer>> rest = new LinkedHashMap<>();
    for (Layer layer : withWeights) {
      if (!pairs.containsKey(layer) && !mapping.layers().containsKey(layer.name())) {
        rest.computeIfAbsent(TorchConversion.matchKind(layer), k -> new ArrayList<>()).add(layer);
      }
    }
    // Embedding before Dense: both may take a module with only a weight, and an embedding table
    // rarely fits a Dense kernel by shape, while the reverse is common for square layers.
    for (String kind : ORDER) {
      if (rest.containsKey(kind)) {
        byKind(kind, rest.remove(kind), units, pairs, used, problems);
      }
    }
    rest.forEach(
        (kind, layers) ->
            layers.forEach(
                l ->
                    problems.add(
                        where(l)
                            + ": rnnc cannot load a "
                            + kind
                            + " layer from a PyTorch state_dict")));

    for (TorchUnit u : units) {
      if (!used.contains(u)) {
        problems.add(
            "PyTorch layer "
                + u.describe()
                + " matches no layer of the model (wrong file? to leave it out,"
                + " pass PyTorchMapping.byName().ignore(\""
                + u.module()
                + "\"))");
      }
    }
    for (TensorEntry t : file.unrecognized()) {
      problems.add(
          "tensor "
              + t.describe()
              + " belongs to no module kind rnnc loads (LSTM, GRU, RNN, their cells,"
              + " Linear, Embedding)");
    }
    return new Result(pairs, problems);
  }

  private static final Pattern LOWER_LAYER = Pattern.compile("(.+)_l(\\d{1,6})");

  /**
   * The PyTorch layer a part of a {@code @Bidirectional} layer with {@code numLayers = N} answers
   * to by name: its lower layers {@code encoder_l0} … {@code encoder_l<N-2>} to {@code encoder[0]}
   * …, the declared {@code encoder} above them to {@code encoder[N-1]}; null for any other layer.
   */
  static String layerOfModule(Layer layer, List<Layer> modelLayers) {
    Set<String> names = new HashSet<>();
    modelLayers.forEach(l -> names.add(l.name()));
    Matcher lower = LOWER_LAYER.matcher(layer.name());
    if (lower.matches() && names.contains(lower.group(1))) {
      return lower.group(1) + "[" + Integer.parseInt(lower.group(2)) + "]";
    }
    int below = 0;
    while (names.contains(layer.name() + "_l" + below)) {
      below++;
    }
    return below == 0 ? null : layer.name() + "[" + below + "]";
  }

  /**
   * Whether the layer takes the unit: same kind, or same cell with other directions (refused later,
   * with advice).
   */
  private static boolean takes(Layer layer, TorchUnit unit) {
    return unit.kinds().contains(TorchConversion.matchKind(layer))
        || TorchConversion.directionsDiffer(layer, unit);
  }

  private static void mapped(
      List<Layer> modelLayers,
      List<TorchUnit> units,
      PyTorchMapping mapping,
      Map<Layer, TorchUnit> pairs,
      Set<TorchUnit> used,
      List<String> problems) {
    mapping
        .layers()
        .forEach(
            (name, target) -> {
              Optional<Layer> found =
                  modelLayers.stream().filter(l -> l.name().equals(name)).findFirst();
              if (found.isEmpty()) {
                problems.add(
                    "the mapping names layer '"
                        + name
                        + "', which the model does not have; its layers: "
                        + modelLayers.stream().map(Layer::name).toList());
                return;
              }
              Layer layer = found.get();
              if (layer.variables().isEmpty()) {
                problems.add(
                    "the mapping gives "
                        + where(layer)
                        + " '"
                        + target
                        + "', but the layer has no weights");
                return;
              }
              Optional<TorchUnit> unit =
                  units.stream().filter(u -> u.answersTo(target)).findFirst();
              if (unit.isEmpty()) {
                problems.add(
                    "the mapping gives "
                        + where(layer)
                        + " the PyTorch layer '"
                        + target
                        + "', which the file"
                        + " does not have"
                        + multiLayerHint(target, units)
                        + "; it has "
                        + designators(units));
              } else if (!takes(layer, unit.get())) {
                problems.add(
                    "the mapping gives "
                        + where(layer)
                        + " the PyTorch layer "
                        + unit.get().describe()
                        + ", which is not a "
                        + TorchConversion.matchKind(layer));
              } else if (used.contains(unit.get())) {
                problems.add("the mapping gives '" + target + "' to two layers");
              } else {
                pairs.put(layer, unit.get());
                used.add(unit.get());
              }
            });
  }

  private static void byKind(
      String kind,
      List<Layer> layers,
      List<TorchUnit> units,
      Map<Layer, TorchUnit> pairs,
      Set<TorchUnit> used,
      List<String> problems) {
    List<TorchUnit> candidates =
        units.stream().filter(u -> !used.contains(u) && u.kinds().contains(kind)).toList();
    if (candidates.isEmpty()) {
      // The same cell with the other number of directions: pair it, the conversion says what to
      // declare.
      candidates =
          units.stream()
              .filter(
                  u -> !used.contains(u) && TorchConversion.directionsDiffer(layers.getFirst(), u))
              .toList();
    }
    Set<String> modules =
        candidates.stream()
            .map(TorchUnit::module)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    if (candidates.isEmpty()) {
      for (Layer layer : layers) {
        problems.add(
            where(layer)
                + ": the file has no PyTorch layer left that could be a "
                + kind
                + "; it has "
                + describeAll(units));
      }
      return;
    }
    if (modules.size() == 1) {
      for (int i = 0; i < layers.size(); i++) {
        if (i < candidates.size()) {
          pairs.put(layers.get(i), candidates.get(i));
          used.add(candidates.get(i));
        } else {
          problems.add(
              "%s: the model has %d %s layers %s, but the file's %s has %d (%s)"
                  .formatted(
                      where(layers.get(i)),
                      layers.size(),
                      kind,
                      layers.stream().map(Layer::name).toList(),
                      modules.iterator().next(),
                      candidates.size(),
                      String.join(", ", designators(candidates))));
        }
      }
      return;
    }
    // Several modules: each layer must fit exactly one PyTorch layer by shape, and no two the same.
    Map<Layer, TorchUnit> fits = new LinkedHashMap<>();
    for (Layer layer : layers) {
      List<TorchUnit> fitting =
          candidates.stream().filter(u -> TorchConversion.fits(layer, u)).toList();
      if (fitting.size() == 1 && !fits.containsValue(fitting.getFirst())) {
        fits.put(layer, fitting.getFirst());
      }
    }
    if (fits.size() == layers.size()) {
      fits.forEach(
          (layer, unit) -> {
            pairs.put(layer, unit);
            used.add(unit);
          });
      return;
    }
    Layer first = layers.getFirst();
    problems.add(
        ("the model's %s layers %s match none of the file's %s layers %s by name, and their order is unknown"
                + " (safetensors sorts tensors by name) and shapes do not decide it; name each layer like its module, or"
                + " map them: PyTorchMapping.byName().layer(\"%s\", \"%s\")...")
            .formatted(
                kind,
                layers.stream().map(Layer::name).toList(),
                kind,
                designators(candidates),
                first.name(),
                candidates.getFirst().designator()));
    // Every candidate is spoken for by this problem; do not report them again as unused.
    used.addAll(candidates);
  }

  private static String multiLayerHint(String target, List<TorchUnit> units) {
    List<TorchUnit> layersOfModule =
        units.stream().filter(u -> u.module().equals(target) && u.index() >= 0).toList();
    return layersOfModule.size() > 1
        ? " as one layer: "
            + target
            + " has "
            + layersOfModule.size()
            + " layers, name one of "
            + designators(layersOfModule)
        : "";
  }

  private static List<String> designators(List<TorchUnit> units) {
    return units.stream().map(TorchUnit::designator).toList();
  }

  private static String describeAll(List<TorchUnit> units) {
    return units.isEmpty()
        ? "none"
        : units.stream().map(TorchUnit::describe).collect(Collectors.joining("; "));
  }

  private static String where(Layer layer) {
    return layer.name() + " (" + layer.kind() + ")";
  }
}
