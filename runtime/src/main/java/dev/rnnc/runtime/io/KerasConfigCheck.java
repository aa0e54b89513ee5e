package dev.rnnc.runtime.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.runtime.Layer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares the layer configs of a {@code .keras} archive's {@code config.json} with the options the
 * model declares ({@link Layer#config()}), so that a file trained with other options (a {@code
 * mask_zero}, a direction, an activation) is not silently loaded into a model that computes
 * something else.
 *
 * <p>Every option that both the file and the declaration state is compared, wrapped layers and
 * stacked cells included; options only the file states (initializers, regularizers, dropout) are
 * not, as the declaration has no counterpart, and neither are rnnc's own ({@code rnnc_} keys). A
 * {@code Bidirectional} without a declared backward layer is compared with Keras' default one: the
 * forward layer with {@code go_backwards} flipped.
 *
 * <p>A recurrent layer's {@code dropout} and {@code recurrent_dropout} act only in training and are
 * not compared, nor is its {@code return_state}, which only adds outputs. Three values cannot
 * change what the loaded model computes, and rnnc (and its importer) may declare them otherwise, so
 * they are not compared: {@code unroll} (Keras' unrolled loop computes what its loop computes; rnnc
 * unrolls only a fixed, short number of timesteps); {@code zero_output_for_mask} inside a {@code
 * Bidirectional}, which Keras overrides with the wrapper's {@code return_sequences}; and {@code
 * zero_output_for_mask} of a layer that no mask reaches in the model (no {@code Masking} or {@code
 * Embedding(mask_zero)} before it), since it acts only on masked steps. A mask source the model
 * lacks is a difference of its own. Layers with weights are paired as the weights are ({@link
 * LayerMatcher}); layers without weights ({@code Masking}, {@code Dropout}, merges) by name, else
 * by order within their class, and a {@code Masking} or merge layer on one side only is a
 * difference too, as is a weightless Keras layer of a class rnnc lacks ({@code Activation}, {@code
 * Reshape}): the model computes without it. {@code Dropout} and the like are the identity at
 * inference and may be left out; the operations a functional model records ({@code NotEqual} of a
 * mask, module {@code keras.src.ops...}) are not layers.
 */
final class KerasConfigCheck {
  /** Weightless layer classes whose presence changes what a model computes. */
  private static final Set<String> MUST_PAIR =
      Set.of("Masking", "Concatenate", "Add", "Multiply", "Average");

  /**
   * Weightless Keras layers that are the identity at inference (or the input), which a model may
   * leave out.
   */
  private static final Set<String> IDENTITY_AT_INFERENCE =
      Set.of(
          "InputLayer",
          "Dropout",
          "SpatialDropout1D",
          "GaussianNoise",
          "GaussianDropout",
          "AlphaDropout",
          "ActivityRegularization");

  /**
   * Options that act only while training (Keras' {@code dropout} and {@code recurrent_dropout} of
   * recurrent layers and cells), never compared: a model trained with them loads into one declared
   * without, and the other way round.
   */
  private static final Set<String> TRAINING_ONLY = Set.of("dropout", "recurrent_dropout");

  /**
   * Options that only add outputs, never compared: {@code return_state} hands the final states out
   * beside the layer's output, which it leaves as it is, and the weights are the same either way. A
   * file saved with them loads into a model declared without (the importer leaves out states that
   * no layer reads), and the other way round.
   */
  private static final Set<String> EXTRA_OUTPUTS = Set.of("return_state");

  private static final String UNROLL = "unroll";
  private static final String ZERO_OUTPUT_FOR_MASK = "zero_output_for_mask";

  private static final ObjectMapper JSON = new ObjectMapper();

  private KerasConfigCheck() {}

  /**
   * Every difference, one line each: layer, option, the file's value and the declared one.
   *
   * @param stored the file's weight layers (those the weight matching reports when unpaired)
   * @param pairs the file layer each model layer with weights got from the weight matching
   */
  static List<String> differences(
      List<Layer> modelLayers,
      List<KerasArchive.ConfigLayer> config,
      List<StoredLayer> stored,
      Map<Layer, StoredLayer> pairs) {
    List<String> differences = new ArrayList<>();
    if (config.isEmpty()) {
      return differences;
    }
    Map<Layer, KerasArchive.ConfigLayer> paired = new LinkedHashMap<>();
    Set<KerasArchive.ConfigLayer> used = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Layer layer : modelLayers) {
      StoredLayer pair = pairs.get(layer);
      if (pair != null && pair.order() >= 0 && pair.order() < config.size()) {
        paired.put(layer, config.get(pair.order()));
        used.add(config.get(pair.order()));
      }
    }
    pairWeightless(modelLayers, config, paired, used, differences);
    // A weightless layer of a class rnnc does not have (Activation, Reshape, Lambda, ...): the
    // model
    // computes without it. Layers with weights left over are the weight matching's to report.
    Set<Integer> withWeights = new HashSet<>();
    stored.stream().filter(StoredLayer::hasWeights).forEach(s -> withWeights.add(s.order()));
    for (int i = 0; i < config.size(); i++) {
      KerasArchive.ConfigLayer c = config.get(i);
      if (!used.contains(c)
          && c.isLayer()
          && !withWeights.contains(i)
          && !IDENTITY_AT_INFERENCE.contains(c.className())
          && !StoredLayer.KNOWN_CLASSES.contains(c.className())) {
        differences.add(
            ("the file's %s layer '%s' is not in the model, which computes without it (rnnc has no %s"
                    + " layer)")
                .formatted(c.className(), c.name(), c.className()));
      }
    }
    Set<Layer> masked = masked(modelLayers);
    for (Layer layer : modelLayers) {
      KerasArchive.ConfigLayer file = paired.get(layer);
      if (file != null && !layer.config().isEmpty()) {
        String where =
            layer.name()
                + " ("
                + layer.kind()
                + (layer.name().equals(file.name()) ? "" : ", the file's '" + file.name() + "'")
                + ")";
        Set<String> skip =
            masked.contains(layer) ? Set.of(UNROLL) : Set.of(UNROLL, ZERO_OUTPUT_FOR_MASK);
        compareMaps(where, "", layer.config(), file.config(), skip, differences);
      }
    }
    return differences;
  }

  /**
   * The model layers a mask reaches: in a chain, those after the first {@code Masking} or {@code
   * Embedding(mask_zero = true)}; in a graph (layers wired by {@code rnnc_inbound}), every layer
   * when the model has a mask source at all.
   */
  private static Set<Layer> masked(List<Layer> modelLayers) {
    Set<Layer> masked = Collections.newSetFromMap(new IdentityHashMap<>());
    boolean graph = modelLayers.stream().anyMatch(l -> l.config().containsKey("rnnc_inbound"));
    boolean source = false;
    for (Layer layer : modelLayers) {
      if (source) {
        masked.add(layer);
      }
      source |=
          layer.kind().equals("Masking")
              || layer.kind().equals("Embedding")
                  && Boolean.TRUE.equals(layer.config().get("mask_zero"));
    }
    if (graph && source) {
      masked.addAll(modelLayers);
    }
    return masked;
  }

  /**
   * Pairs the model's layers without weights with the file's of the same class: by name when each
   * finds one, else the k-th with the k-th.
   */
  private static void pairWeightless(
      List<Layer> modelLayers,
      List<KerasArchive.ConfigLayer> config,
      Map<Layer, KerasArchive.ConfigLayer> paired,
      Set<KerasArchive.ConfigLayer> used,
      List<String> differences) {
    Map<String, List<Layer>> byKind = new LinkedHashMap<>();
    for (Layer layer : modelLayers) {
      if (!paired.containsKey(layer) && layer.variables().isEmpty()) {
        byKind.computeIfAbsent(layer.kind(), k -> new ArrayList<>()).add(layer);
      }
    }
    Set<String> kinds = new LinkedHashSet<>(byKind.keySet());
    kinds.addAll(MUST_PAIR);
    for (String kind : kinds) {
      List<Layer> layers = byKind.getOrDefault(kind, List.of());
      List<KerasArchive.ConfigLayer> ofKind =
          config.stream()
              // an op of the functional graph (a mask's Concatenate) is no layer to pair
              .filter(c -> c.isLayer() && kind.equals(c.className()) && !used.contains(c))
              .toList();
      Map<String, KerasArchive.ConfigLayer> byName = new LinkedHashMap<>();
      ofKind.forEach(c -> byName.putIfAbsent(c.name(), c));
      boolean named = layers.stream().allMatch(l -> byName.containsKey(l.name()));
      for (int k = 0; k < layers.size(); k++) {
        KerasArchive.ConfigLayer file =
            named ? byName.get(layers.get(k).name()) : k < ofKind.size() ? ofKind.get(k) : null;
        if (file != null) {
          paired.put(layers.get(k), file);
          used.add(file);
        } else if (MUST_PAIR.contains(kind)) {
          differences.add(
              "%s (%s): declared, but the file's config has no %s layer for it"
                  .formatted(layers.get(k).name(), kind, kind));
        }
      }
      if (MUST_PAIR.contains(kind)) {
        for (KerasArchive.ConfigLayer c : ofKind) {
          if (!used.contains(c)) {
            differences.add(
                "the file's %s layer '%s' is not declared by the model".formatted(kind, c.name()));
          }
        }
      }
    }
  }

  /** Compares each declared option the file also states, but those in {@code skip}. */
  private static void compareMaps(
      String where,
      String path,
      Map<String, Object> declared,
      JsonNode file,
      Set<String> skip,
      List<String> differences) {
    // Inside a Bidirectional, Keras sets zero_output_for_mask itself.
    boolean bidirectional = declared.containsKey("merge_mode");
    Set<String> inner = bidirectional ? Set.of(UNROLL, ZERO_OUTPUT_FOR_MASK) : skip;
    for (Map.Entry<String, Object> option : new TreeMap<>(declared).entrySet()) {
      String key = option.getKey();
      if (key.startsWith("rnnc_")
          || skip.contains(key)
          || TRAINING_ONLY.contains(key)
          || EXTRA_OUTPUTS.contains(key)
          || !file.has(key)) {
        continue;
      }
      // A wrapped layer's options are shown as layer.units, not layer.config.units.
      String shown =
          key.equals("config") && declared.containsKey("class_name") ? path : join(path, key);
      Object value =
          key.equals("cell") ? singleCell(option.getValue(), file.get(key)) : option.getValue();
      compare(where, shown, key, value, file.get(key), inner, differences);
    }
    // Keras' default backward layer is the forward one with go_backwards flipped.
    if (bidirectional
        && declared.get("layer") instanceof Map<?, ?> forward
        && !declared.containsKey("backward_layer")
        && file.has("backward_layer")) {
      compare(
          where,
          join(path, "backward_layer"),
          "backward_layer",
          flipped(forward),
          file.get("backward_layer"),
          inner,
          differences);
    }
  }

  /**
   * A declared one-cell stack ({@code StackedRNNCells} of one cell) where the file has that cell
   * alone (Keras' {@code RNN(LSTMCell(...))}, the same layer to rnnc): the declared cell, to
   * compare with the file's; else the declared value.
   */
  private static Object singleCell(Object declared, JsonNode file) {
    if (declared instanceof Map<?, ?> cell
        && "StackedRNNCells".equals(cell.get("class_name"))
        && !"StackedRNNCells".equals(file.path("class_name").asText())
        && cell.get("config") instanceof Map<?, ?> config
        && config.get("cells") instanceof List<?> cells
        && cells.size() == 1) {
      return cells.getFirst();
    }
    return declared;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static void compare(
      String where,
      String path,
      String key,
      Object declared,
      JsonNode file,
      Set<String> skip,
      List<String> differences) {
    if (declared instanceof Map<?, ?> map) {
      if (!file.isObject()) {
        differences.add(difference(where, path, file, declared));
      } else {
        compareMaps(where, path, cast(map), file, skip, differences);
      }
    } else if (declared instanceof List<?> list) {
      if (!file.isArray() || file.size() != list.size()) {
        differences.add(difference(where, path, file, declared));
      } else {
        for (int i = 0; i < list.size(); i++) {
          compare(where, path + "[" + i + "]", key, list.get(i), file.get(i), skip, differences);
        }
      }
    } else if (!same(key, declared, file)) {
      differences.add(difference(where, path, file, declared));
    }
  }

  private static boolean same(String key, Object declared, JsonNode file) {
    return switch (declared) {
      case Boolean b -> file.isBoolean() && file.booleanValue() == b;
      case Integer i ->
          file.isIntegralNumber() && file.longValue() == i
              || file.isFloatingPointNumber() && file.doubleValue() == i;
      case Long l -> file.isIntegralNumber() && file.longValue() == l;
      // Options declared as float or double (a rate, a mask value): equal as float32, as Keras
      // computes.
      case Number n -> file.isNumber() && (float) file.doubleValue() == n.floatValue();
      case String s ->
          file.isTextual()
              ? s.equals(file.textValue()) || alias(key, s, file.textValue())
              : file.isNull() && key.equals("merge_mode") && s.equals("none");
      default -> Objects.equals(JSON.valueToTree(declared), file);
    };
  }

  /** Keras' {@code silu} is its name for swish, which rnnc declares as {@code swish}. */
  private static boolean alias(String key, String declared, String file) {
    return key.endsWith("activation") && declared.equals("swish") && file.equals("silu");
  }

  private static String difference(String where, String path, JsonNode file, Object declared) {
    return "%s %s: the file has %s, the model declares %s"
        .formatted(where, path, json(file), json(declared));
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  /** A wrapped layer's {@code {class_name, config}} with {@code go_backwards} negated. */
  private static Map<String, Object> flipped(Map<?, ?> wrapped) {
    Map<String, Object> copy = new LinkedHashMap<>(cast(wrapped));
    if (copy.get("config") instanceof Map<?, ?> inner
        && inner.get("go_backwards") instanceof Boolean backwards) {
      Map<String, Object> config = new LinkedHashMap<>(cast(inner));
      config.put("go_backwards", !backwards);
      copy.put("config", config);
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
