package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Layer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Pairs a model's layers with a weight file's layers, one kind at a time.
 *
 * <ul>
 *   <li><b>By name</b> when every model layer of the kind finds a file layer of that kind carrying
 *       its name (the Java method name equals the Keras layer name).
 *   <li><b>Otherwise by order</b>: the k-th model layer of the kind gets the k-th file layer of the
 *       kind ({@code lstm}, {@code lstm_1}, ... for LSTM). This is refused when it would give a
 *       layer some other file layer than the one carrying its name, since then neither names nor
 *       order can be trusted.
 * </ul>
 *
 * Layers without weights (Dropout, Keras' InputLayer) take no part: they need no file group and an
 * extra one in the file does no harm. File layers with weights that no model layer gets are
 * problems: a file with more than the model usually means the wrong file.
 */
final class LayerMatcher {
  private LayerMatcher() {}

  /**
   * The outcome.
   *
   * @param pairs the file layer of each matched model layer
   * @param missing why a model layer found no file layer
   * @param problems problems not about a single model layer: kinds whose names and order contradict
   *     each other, file layers no model layer gets
   */
  record Result(Map<Layer, StoredLayer> pairs, Map<Layer, String> missing, List<String> problems) {}

  static Result match(List<Layer> modelLayers, List<StoredLayer> fileLayers) {
    List<StoredLayer> stored = fileLayers.stream().sorted(StoredLayer.MODEL_ORDER).toList();
    Map<String, List<Layer>> modelByKind = new LinkedHashMap<>();
    for (Layer layer : modelLayers) {
      if (!layer.variables().isEmpty()) {
        modelByKind.computeIfAbsent(layer.kind(), k -> new ArrayList<>()).add(layer);
      }
    }
    Map<Layer, StoredLayer> pairs = new LinkedHashMap<>();
    Map<Layer, String> missing = new IdentityHashMap<>();
    List<String> problems = new ArrayList<>();
    // File layers already spoken for: paired, or named in a problem about their kind.
    Set<StoredLayer> accounted = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<String, List<Layer>> entry : modelByKind.entrySet()) {
      String kind = entry.getKey();
      List<StoredLayer> ofKind =
          stored.stream()
              .filter(s -> kind.equals(s.className()) && s.hasWeights())
              .sorted(Comparator.comparingInt(StoredLayer::repeat))
              .toList();
      if (!matchKind(kind, entry.getValue(), ofKind, stored, pairs, missing, problems)) {
        accounted.addAll(ofKind);
      }
    }
    accounted.addAll(pairs.values());
    for (StoredLayer s : stored) {
      if (s.hasWeights() && !accounted.contains(s)) {
        problems.add(
            "file layer "
                + s.describe()
                + " matches no layer of the model (wrong file?)"
                + (s.className() == null || !StoredLayer.KNOWN_CLASSES.contains(s.className())
                    ? "; rnnc models have no such layer kind"
                    : ""));
      }
    }
    return new Result(pairs, missing, problems);
  }

  /** Matches one kind; false when names and order contradict each other (reported). */
  private static boolean matchKind(
      String kind,
      List<Layer> layers,
      List<StoredLayer> ofKind,
      List<StoredLayer> allStored,
      Map<Layer, StoredLayer> pairs,
      Map<Layer, String> missing,
      List<String> problems) {
    Map<String, StoredLayer> byName =
        ofKind.stream()
            .filter(s -> s.name() != null)
            .collect(Collectors.toMap(StoredLayer::name, s -> s, (a, b) -> a));
    if (layers.stream().allMatch(l -> byName.containsKey(l.name()))) {
      layers.forEach(l -> pairs.put(l, byName.get(l.name())));
      return true;
    }
    // By order; refuse when that contradicts a name match.
    List<String> contradictions = new ArrayList<>();
    for (int k = 0; k < layers.size(); k++) {
      StoredLayer named = byName.get(layers.get(k).name());
      StoredLayer byOrder = k < ofKind.size() ? ofKind.get(k) : null;
      if (named != null && named != byOrder) {
        contradictions.add(
            "%s would get %s by order, though %s carries its name"
                .formatted(
                    layers.get(k).name(),
                    byOrder == null ? "nothing" : byOrder.describe(),
                    named.key()));
      }
    }
    if (!contradictions.isEmpty()) {
      List<Layer> unnamed = layers.stream().filter(l -> !byName.containsKey(l.name())).toList();
      StringBuilder sb =
          new StringBuilder(
              "%s layers match neither by name nor by order: the file has no %s named %s"
                  .formatted(kind, kind, unnamed.stream().map(Layer::name).toList()));
      unnamed.forEach(l -> sb.append(otherKindHint(l, allStored)));
      sb.append(", and ")
          .append(String.join("; ", contradictions))
          .append(". Name the model's ")
          .append(kind)
          .append(" layers as in the file (")
          .append(describeAll(ofKind))
          .append(") or so that none matches");
      problems.add(sb.toString());
      return false;
    }
    for (int k = 0; k < layers.size(); k++) {
      Layer layer = layers.get(k);
      if (k < ofKind.size()) {
        pairs.put(layer, ofKind.get(k));
      } else {
        missing.put(layer, notFound(layer, k, allStored));
      }
    }
    return true;
  }

  private static String notFound(Layer layer, int k, List<StoredLayer> stored) {
    String kind = layer.kind();
    String expectedKey = StoredLayer.snakeCase(kind) + (k == 0 ? "" : "_" + k);
    return "%s (%s): not in the file, neither by name nor as %s #%d by order (key %s)%s; file layers: %s"
        .formatted(
            layer.name(),
            kind,
            kind,
            k + 1,
            expectedKey,
            otherKindHint(layer, stored),
            describeAll(stored));
  }

  /** Points out a file layer that carries the layer's name but is of another kind, if any. */
  private static String otherKindHint(Layer layer, List<StoredLayer> stored) {
    return stored.stream()
        .filter(s -> layer.name().equals(s.name()) && !Objects.equals(layer.kind(), s.className()))
        .map(
            s ->
                " (the file's layer named '%s' is a %s, key %s)"
                    .formatted(
                        layer.name(),
                        s.className() == null ? "layer of unknown class" : s.className(),
                        s.key()))
        .collect(Collectors.joining());
  }

  private static String describeAll(List<StoredLayer> stored) {
    return stored.isEmpty()
        ? "none"
        : stored.stream().map(StoredLayer::describe).collect(Collectors.joining(", "));
  }
}
