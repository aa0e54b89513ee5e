package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Follows the mask along a Functional chain and checks that every mask a layer receives is the one
 * Keras 3.15 propagates to it, which is the one rnnc computes.
 *
 * <p>A Functional config holds masks as op nodes and call arguments: {@code
 * Embedding(mask_zero=True)} on ids {@code t} as {@code NotEqual(t, 0)}, {@code
 * Masking(mask_value=v)} on {@code x} as {@code Any(NotEqual(x, v), axis=-1)}; each layer that
 * takes a mask (recurrent layers and the wrappers) names that node's output as its {@code mask}
 * argument. The mask passes through Dense, TimeDistributed and Dropout, and through recurrent
 * layers that return sequences; a recurrent layer returning its last output ends it. Anything else
 * (a mask built by hand, or one where none flows) is not what rnnc would compute.
 */
final class MaskFlow {
  private static final String MASKING_LAYERS =
      "rnnc masks as Keras propagates the mask of a Masking or"
          + " Embedding(mask_zero=True) layer along the chain";

  private final Map<String, KerasLayer> ops;
  private final List<String> problems;

  /**
   * The layer whose mask flows at this point of the chain, and the name of its input; null when
   * none flows.
   */
  private KerasLayer maker;

  private String makerInput;

  /**
   * @param ops the config's mask op nodes by name
   * @param problems where problems go
   */
  MaskFlow(Map<String, KerasLayer> ops, List<String> problems) {
    this.ops = ops;
    this.problems = problems;
  }

  /**
   * Checks the mask {@code layer} receives in its call {@code node}, then moves past it.
   *
   * @param input the name of the layer whose output is this layer's input
   */
  void next(KerasLayer layer, JsonNode node, String input) {
    JsonNode mask = node.path("kwargs").path("mask");
    if (isTensor(mask)) {
      String source = mask.path("config").path("keras_history").path(0).asText();
      if (maker == null) {
        problems.add(
            layer.describe()
                + " receives a mask ('"
                + source
                + "') where no Masking or"
                + " Embedding(mask_zero=True) before it makes one; "
                + MASKING_LAYERS);
      } else if (!isMaskOf(mask)) {
        problems.add(
            layer.describe()
                + " receives the mask '"
                + source
                + "', not the mask of "
                + maker.describe()
                + " that Keras propagates to it; "
                + MASKING_LAYERS);
      }
    } else if (!mask.isMissingNode() && !mask.isNull()) {
      problems.add(
          layer.describe()
              + " receives a mask that is not a single tensor ("
              + mask
              + "); "
              + MASKING_LAYERS);
    } else if (maker != null && takesMask(layer)) {
      problems.add(
          layer.describe()
              + " receives no mask, though Keras passes it the mask of "
              + maker.describe()
              + " and rnnc would apply it");
    }
    advance(layer, input);
  }

  private void advance(KerasLayer layer, String input) {
    switch (layer.className()) {
      case "Embedding" ->
          set(layer.config().path("mask_zero").asBoolean(false) ? layer : null, input);
      case "Masking" -> set(layer, input);
      case "Dense", "Dropout", "TimeDistributed" -> {} // pass the mask on
      default -> {
        JsonNode recurrent = layer.recurrentConfig();
        if (recurrent == null || !recurrent.path("return_sequences").asBoolean(false)) {
          set(null, null);
        }
      }
    }
  }

  private void set(KerasLayer newMaker, String input) {
    maker = newMaker;
    makerInput = input;
  }

  private static boolean takesMask(KerasLayer layer) {
    return layer.recurrentConfig() != null || layer.className().equals("TimeDistributed");
  }

  /** Whether the tensor is the output of the op nodes that compute {@link #maker}'s mask. */
  private boolean isMaskOf(JsonNode tensor) {
    if (maker.className().equals("Embedding")) {
      return isNotEqual(tensor, 0);
    }
    KerasLayer any = op(tensor, "Any");
    if (any == null) {
      return false;
    }
    JsonNode axis = any.config().path("axis");
    boolean lastAxis =
        axis.asInt(0) == -1 || (axis.isArray() && axis.size() == 1 && axis.get(0).asInt(0) == -1);
    JsonNode args = any.entry().path("inbound_nodes").path(0).path("args");
    return lastAxis
        && !any.config().path("keepdims").asBoolean(false)
        && args.size() == 1
        && isNotEqual(args.get(0), maker.config().path("mask_value").asDouble(0));
  }

  /** Whether the tensor is {@code NotEqual(makerInput, value)}. */
  private boolean isNotEqual(JsonNode tensor, double value) {
    KerasLayer notEqual = op(tensor, "NotEqual");
    if (notEqual == null) {
      return false;
    }
    JsonNode args = notEqual.entry().path("inbound_nodes").path(0).path("args");
    return args.size() == 2
        && isTensor(args.get(0))
        && isOutputOf(args.get(0), makerInput)
        && args.get(1).isNumber()
        && args.get(1).asDouble() == value;
  }

  /** The op node of the given class whose only output the tensor is, or null. */
  private KerasLayer op(JsonNode tensor, String className) {
    if (!isTensor(tensor)) {
      return null;
    }
    KerasLayer op = ops.get(tensor.path("config").path("keras_history").path(0).asText());
    boolean single = op != null && op.entry().path("inbound_nodes").size() == 1;
    return single && op.className().equals(className) && isOutputOf(tensor, op.name()) ? op : null;
  }

  /** Whether the tensor is output 0 of the first call of {@code layer}. */
  private static boolean isOutputOf(JsonNode tensor, String layer) {
    JsonNode history = tensor.path("config").path("keras_history");
    return history.path(0).asText().equals(layer)
        && history.path(1).asInt(-1) == 0
        && history.path(2).asInt(-1) == 0;
  }

  static boolean isTensor(JsonNode value) {
    return value.isObject() && "__keras_tensor__".equals(value.path("class_name").asText());
  }
}
