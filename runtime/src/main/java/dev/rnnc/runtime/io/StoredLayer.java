package dev.rnnc.runtime.io;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One layer as a Keras 3 weight file stores it, read fully into memory.
 *
 * @param key the group name under {@code layers/}: snake_case class name plus {@code _k} for the
 *     k-th repeat in model order ({@code lstm}, {@code lstm_1}, ...)
 * @param name the user-given Keras layer name, or {@code null} when the file does not say
 * @param className the Keras class name ({@code LSTM}), from {@code config.json} or guessed from
 *     the key; {@code null} for a key of no class this runtime knows
 * @param order position in model order when {@code config.json} gave it, else -1
 * @param variables the datasets of the layer's variable group, in creation order
 * @param otherDatasets weight datasets elsewhere under the layer's group (nested wrappers such as
 *     {@code Bidirectional}), which this loader does not map
 */
record StoredLayer(
    String key,
    String name,
    String className,
    int order,
    List<StoredVariable> variables,
    int otherDatasets) {

  /** Keras class names of the layer kinds rnnc models have; rnnc kinds carry the same names. */
  static final List<String> KNOWN_CLASSES =
      List.of(
          "LSTM",
          "GRU",
          "SimpleRNN",
          "Dense",
          "Embedding",
          "Dropout",
          "Masking",
          "Bidirectional",
          "TimeDistributed",
          "RNN",
          "Concatenate",
          "Add",
          "Multiply",
          "Average");

  private static final Map<String, String> CLASS_BY_SNAKE =
      KNOWN_CLASSES.stream().collect(Collectors.toMap(StoredLayer::snakeCase, c -> c));
  private static final Pattern REPEAT = Pattern.compile("(.+?)(?:_(\\d+))?");

  /**
   * Orders layers for messages: model order when {@code config.json} gave it; otherwise (a bare
   * {@code .weights.h5} does not record the order across classes) by class, then repeat.
   */
  static final Comparator<StoredLayer> MODEL_ORDER =
      Comparator.comparingInt((StoredLayer l) -> l.order() < 0 ? Integer.MAX_VALUE : l.order())
          .thenComparing(l -> l.className() == null ? "\uffff" + l.key() : l.className())
          .thenComparingInt(StoredLayer::repeat)
          .thenComparing(StoredLayer::key);

  StoredLayer {
    variables = List.copyOf(variables);
  }

  /**
   * The class a key stands for, if one this runtime knows: {@code simple_rnn_1} → {@code
   * SimpleRNN}.
   */
  static String classOfKey(String key) {
    return CLASS_BY_SNAKE.get(baseOf(key));
  }

  /** Whether the layer holds any weights at all (Dropout and InputLayer do not). */
  boolean hasWeights() {
    return !variables.isEmpty() || otherDatasets > 0;
  }

  /**
   * The position among layers of the same class, from the key's repeat suffix: {@code lstm} is 0,
   * {@code lstm_1} is 1. Numeric, so {@code lstm_10} comes after {@code lstm_9}.
   */
  int repeat() {
    Matcher m = REPEAT.matcher(key);
    if (!m.matches() || m.group(2) == null) {
      return 0;
    }
    try {
      return Integer.parseInt(m.group(2));
    } catch (NumberFormatException tooLong) {
      return Integer.MAX_VALUE;
    }
  }

  /** How messages show the layer: {@code lstm 'encoder' (LSTM)}. */
  String describe() {
    StringBuilder sb = new StringBuilder(key);
    if (name != null) {
      sb.append(" '").append(name).append('\'');
    }
    sb.append(" (").append(className == null ? "unknown class" : className);
    if (!hasWeights()) {
      sb.append(", no weights");
    }
    return sb.append(')').toString();
  }

  /** Keras' {@code naming.to_snake_case}, which names the groups after the class. */
  static String snakeCase(String className) {
    String s = className.replaceAll("\\W+", "");
    s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String baseOf(String key) {
    Matcher m = REPEAT.matcher(key);
    return m.matches() ? m.group(1) : key;
  }
}
