package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Follows the mask through a model's graph and, in a Functional config, checks that every mask a
 * layer receives is the one Keras 3.15 propagates to it, which is the one rnnc computes.
 *
 * <p>A Functional config holds masks as op nodes and call arguments: {@code
 * Embedding(mask_zero=True)} on ids {@code t} as {@code NotEqual(t, 0)}, {@code
 * Masking(mask_value=v)} on {@code x} as {@code Any(NotEqual(x, v), axis=-1)}; each layer that
 * takes a mask (recurrent layers and the wrappers) names that node's output as its {@code mask}
 * argument. The mask passes through Dense, TimeDistributed and Dropout, and through recurrent
 * layers that return sequences; a recurrent layer returning its last output ends it. Anything else
 * (a mask built by hand, or one where none flows) is not what rnnc would compute. A config without
 * op nodes may pass {@code mask: null} where a mask flows: Keras then computes it on load.
 */
final class MaskFlow {
  private static final String MASKING_LAYERS =
      "rnnc masks as Keras propagates the mask of a Masking or"
          + " Embedding(mask_zero=True) layer along the chain";

  /**
   * The mask flowing with a tensor: made by {@code maker} from the output of {@code makerInput} (a
   * layer or input name); {@link #MERGED} after a merge of masked inputs; {@link #PARTIAL} after a
   * merge of masked and unmasked inputs, where Keras passes a mask on and rnnc none.
   */
  record State(KerasLayer maker, String makerInput) {
    static final State MERGED = new State(null, "merged");
    static final State PARTIAL = new State(null, "partial");
  }

  private final Map<String, KerasLayer> ops;
  private final List<String> problems;
  private final boolean check;

  /**
   * @param ops the config's op nodes by name
   * @param problems where problems go
   * @param check whether calls record their masks (Functional configs do, Sequential ones do not:
   *     there the masks are only followed)
   */
  MaskFlow(Map<String, KerasLayer> ops, List<String> problems, boolean check) {
    this.ops = ops;
    this.problems = problems;
    this.check = check;
  }

  /**
   * Checks the mask a layer (not a merge) receives in its call, given the mask that flows with its
   * input (null: none), and returns the mask that flows with its output.
   *
   * @param input the name of the layer or input whose output is this layer's input
   */
  State next(KerasCall call, State incoming, String input) {
    KerasLayer layer = call.layer();
    JsonNode mask = call.mask();
    if (!check) {
      return advance(layer, incoming == State.PARTIAL ? null : incoming, input);
    }
    if (incoming == State.PARTIAL) {
      if (isTensor(mask)) {
        problems.add(
            call.describe()
                + " receives the mask Keras makes at a merge of masked and unmasked inputs;"
                + " rnnc passes a mask on from a merge only when every input carries one");
      }
      incoming = null;
    } else if (isTensor(mask)) {
      String source = mask.path("config").path("keras_history").path(0).asText();
      if (incoming == null) {
        problems.add(
            call.describe()
                + " receives a mask ('"
                + source
                + "') where no Masking or"
                + " Embedding(mask_zero=True) before it makes one; "
                + MASKING_LAYERS);
      } else if (incoming == State.MERGED ? !ops.containsKey(source) : !isMaskOf(mask, incoming)) {
        problems.add(
            call.describe()
                + " receives the mask '"
                + source
                + "', not the mask "
                + (incoming == State.MERGED
                    ? "of its merged inputs"
                    : "of " + incoming.maker().describe())
                + " that Keras propagates to it; "
                + MASKING_LAYERS);
      }
    } else if (!mask.isMissingNode() && !mask.isNull()) {
      problems.add(
          call.describe()
              + " receives a mask that is not a single tensor ("
              + mask
              + "); "
              + MASKING_LAYERS);
    } else if (incoming != null
        && takesMask(layer)
        && call.initialStates().isEmpty()
        && ops.isEmpty()) {
      // A config without mask op nodes (as rnnc's saveKeras writes, and Keras re-saves a model it
      // loaded from one): Keras computes the mask itself when it calls the layer on a masked input
      // without one, so the layer gets the propagated mask (checked with Keras 3.15.1).
    } else if (incoming != null && takesMask(layer)) {
      String maker = incoming == State.MERGED ? "its merged inputs" : incoming.maker().describe();
      problems.add(
          call.initialStates().isEmpty()
              ? call.describe()
                  + " receives no mask, though Keras passes it the mask of "
                  + maker
                  + " and rnnc would apply it"
              : call.describe()
                  + " is called with initial_state, for which Keras 3.15 drops the mask of "
                  + maker
                  + " that reaches it; rnnc would apply that mask");
    }
    return advance(layer, incoming, input);
  }

  /**
   * The mask after a merge (Keras 3.15 as the processor): the inputs' masks combined when every
   * input carries one, else none; a problem for a mask reaching Multiply.
   */
  State merge(KerasCall call, List<State> incoming) {
    boolean all = incoming.stream().allMatch(s -> s != null && s != State.PARTIAL);
    boolean any = incoming.stream().anyMatch(s -> s != null);
    if (!check) {
      return all ? State.MERGED : null;
    }
    if (any && call.layer().className().equals("Multiply")) {
      problems.add(
          call.describe()
              + " receives a mask: Keras multiplies masked steps by 1, which rnnc does not"
              + " implement; merge with Add, Average or Concatenate");
    }
    return all ? State.MERGED : any ? State.PARTIAL : null;
  }

  private static State advance(KerasLayer layer, State incoming, String input) {
    return switch (layer.className()) {
      case "Embedding" ->
          layer.config().path("mask_zero").asBoolean(false) ? new State(layer, input) : null;
      case "Masking" -> new State(layer, input);
      case "Dense", "Dropout", "TimeDistributed" -> incoming; // pass the mask on
      default -> {
        JsonNode recurrent = layer.recurrentConfig();
        yield recurrent != null && recurrent.path("return_sequences").asBoolean(false)
            ? incoming
            : null;
      }
    };
  }

  private static boolean takesMask(KerasLayer layer) {
    return layer.recurrentConfig() != null || layer.className().equals("TimeDistributed");
  }

  /** Whether the tensor is the output of the op nodes that compute the maker's mask. */
  private boolean isMaskOf(JsonNode tensor, State state) {
    KerasLayer maker = state.maker();
    if (maker.className().equals("Embedding")) {
      return isNotEqual(tensor, 0, state.makerInput());
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
        && isNotEqual(
            args.get(0), maker.config().path("mask_value").asDouble(0), state.makerInput());
  }

  /** Whether the tensor is {@code NotEqual(makerInput, value)}. */
  private boolean isNotEqual(JsonNode tensor, double value, String makerInput) {
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
