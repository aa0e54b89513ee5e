package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the options of one layer config, turning each option rnnc cannot honour into a problem and
 * each one it drops into a note, both naming the layer and the Keras option.
 */
final class LayerOptions {
  private final KerasLayer layer;
  private final List<String> problems;
  private final List<ImportedLayer.Ignored> ignored = new ArrayList<>();

  LayerOptions(KerasLayer layer, List<String> problems) {
    this.layer = layer;
    this.problems = problems;
  }

  /** Adds a problem about this layer. */
  void problem(String message) {
    problems.add(layer.describe() + ": " + message);
  }

  /** Where this layer's problems go. */
  List<String> problems() {
    return problems;
  }

  /** The options dropped, for the layer's Javadoc. */
  List<ImportedLayer.Ignored> ignored() {
    return List.copyOf(ignored);
  }

  /** A positive integer option; a problem (and 1, to go on checking) otherwise. */
  int positiveInt(String key) {
    JsonNode value = layer.config().path(key);
    if (!value.canConvertToExactIntegral() || value.asInt() <= 0) {
      problem(
          key + " must be a positive integer, was " + (value.isMissingNode() ? "missing" : value));
      return 1;
    }
    return value.asInt();
  }

  /** The option's value as written in the config; a missing node when absent. */
  JsonNode value(String key) {
    return layer.config().path(key);
  }

  boolean flag(String key, boolean defaultValue) {
    return layer.config().path(key).asBoolean(defaultValue);
  }

  double number(String key, double defaultValue) {
    JsonNode value = layer.config().path(key);
    return value.isNumber() ? value.asDouble() : defaultValue;
  }

  /**
   * An activation option by its rnnc name ({@code silu} becomes {@code swish}); Keras' default when
   * absent.
   */
  String activation(String key, String defaultValue, boolean allowSoftmax) {
    JsonNode value = layer.config().path(key);
    if (value.isMissingNode()) {
      return defaultValue;
    }
    Activations.Result result = Activations.read(value, key, allowSoftmax);
    if (result.problem() != null) {
      problem(result.problem());
      return defaultValue;
    }
    return result.name();
  }

  /** A problem when the boolean option is set. */
  void unsupportedIfTrue(String key, String why) {
    if (flag(key, false)) {
      problem(key + " = true is not supported: " + why);
    }
  }

  /** A problem when the option is present and not null. */
  void unsupportedIfSet(String key, String why) {
    JsonNode value = layer.config().path(key);
    if (!value.isMissingNode() && !value.isNull()) {
      problem(key + " = " + value + " is not supported: " + why);
    }
  }

  /** Notes the boolean option as dropped when it is set. */
  void ignoredIfTrue(String key, String why) {
    if (flag(key, false)) {
      ignored(key + " = true", why);
    }
  }

  /** Notes an option as dropped. */
  void ignored(String option, String why) {
    ignored.add(new ImportedLayer.Ignored(option, why));
  }

  /**
   * A problem unless the layer computes in float32 (its dtype policy: a name or a policy object).
   */
  void requireFloat32() {
    JsonNode dtype = layer.config().path("dtype");
    String name =
        dtype.isTextual() ? dtype.asText() : dtype.path("config").path("name").asText(null);
    if (name != null && !name.equals("float32")) {
      problem("dtype policy '" + name + "' is not supported: rnnc computes in float32");
    }
  }
}
