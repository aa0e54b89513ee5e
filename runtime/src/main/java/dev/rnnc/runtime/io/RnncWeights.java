package dev.rnnc.runtime.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * rnnc's own weight format: a safetensors file with one float32 tensor per variable, named {@code
 * <layer>/<variable>} ({@code encoder/kernel}) and stored in Keras layout and shape, plus {@code
 * __metadata__} naming the format, its version, the model and every layer's kind.
 *
 * <pre>{@code
 * RnncWeights.save(Path.of("forecaster.rnnc.safetensors"), model);
 * RnncWeights.load(Path.of("forecaster.rnnc.safetensors"), other);   // bit-exact copy
 * }</pre>
 *
 * <p>The round trip is lossless: every float keeps its bits. Any safetensors reader (Python's
 * {@code safetensors.numpy.load_file}, for one) reads the file too. {@link #load} also takes the
 * weights of a {@link TrainingCheckpoint} (its optimizer state is ignored).
 */
public final class RnncWeights {
  /** {@code __metadata__} key and value that mark the format. */
  static final String FORMAT_KEY = "format";

  static final String FORMAT = "rnnc";
  static final String VERSION_KEY = "format_version";
  static final String VERSION = "1";
  static final String MODEL_KEY = "model";
  static final String LAYERS_KEY = "layers";

  private static final String ACTION = "cannot load rnnc weights from";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RnncWeights() {}

  /**
   * Writes every variable of {@code model}, replacing {@code file} atomically (a failed save leaves
   * an existing file as it was).
   *
   * @throws IOException if the file cannot be written
   */
  public static void save(Path file, RnncModel model) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(model, "model");
    if (WeightFiles.isDirectory(file)) {
      throw new WeightsException(
          "cannot save rnnc weights to", file, null, List.of(WeightFiles.DIRECTORY), null);
    }
    List<SafeTensorsWriter.Tensor> tensors = new ArrayList<>();
    List<Map<String, String>> layers = new ArrayList<>();
    for (Layer layer : model.layers()) {
      Map<String, String> entry =
          new LinkedHashMap<>(); // fixed key order: the same model gives the same bytes
      entry.put("name", layer.name());
      entry.put("kind", layer.kind());
      layers.add(entry);
      for (Variable v : layer.variables()) {
        tensors.add(new SafeTensorsWriter.Tensor(tensorName(layer, v), v.shape(), v.get()));
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(FORMAT_KEY, FORMAT);
    metadata.put(VERSION_KEY, VERSION);
    metadata.put(MODEL_KEY, model.modelName());
    metadata.put(LAYERS_KEY, JSON.writeValueAsString(layers));
    SafeTensorsWriter.write(file, metadata, tensors);
  }

  /**
   * Loads every variable of {@code model} from a file {@link #save} wrote, for a model with the
   * same layers (names, kinds, shapes; declaration order and model name may differ).
   *
   * @throws WeightsException if the file is damaged, not in this format, or does not fit the model;
   *     the message lists every problem. The model is then unchanged.
   * @throws IOException if the file cannot be opened
   */
  public static void load(Path file, RnncModel model) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(model, "model");
    try (SafeTensorsReader reader = open(file)) {
      Map<String, String> kinds = checkFormat(file, reader.metadata());
      PendingAssignments pending = new PendingAssignments();
      Set<String> unused = new LinkedHashSet<>();
      reader.tensors().forEach(t -> unused.add(t.name()));
      if (TrainingCheckpoint.FORMAT.equals(reader.metadata().get(FORMAT_KEY))) {
        unused.removeIf(name -> name.startsWith("optimizer/")); // a checkpoint's optimizer slots
      }
      for (Layer layer : model.layers()) {
        String kind = kinds.get(layer.name());
        if (kind != null && !kind.equals(layer.kind())) {
          pending.problem(
              "%s: the model's layer is a %s, the file's is a %s"
                  .formatted(layer.name(), layer.kind(), kind));
          layer.variables().forEach(v -> unused.remove(tensorName(layer, v)));
          continue;
        }
        for (Variable v : layer.variables()) {
          String name = tensorName(layer, v);
          TensorEntry tensor = reader.tensor(name);
          unused.remove(name);
          if (tensor == null) {
            pending.problem(
                layer.name()
                    + " ("
                    + layer.kind()
                    + ") "
                    + v.name()
                    + ": the file has no tensor "
                    + name
                    + (kind == null
                        ? " (the file has no layer "
                            + layer.name()
                            + "; its layers: "
                            + kinds.keySet()
                            + ")"
                        : ""));
            continue;
          }
          try {
            pending.offer(layer, v, tensor.shape(), reader.readFloats(tensor), "tensor " + name);
          } catch (BadWeightFile e) {
            pending.problem(
                layer.name() + " (" + layer.kind() + ") " + v.name() + ": " + e.getMessage());
          }
        }
      }
      for (String name : unused) {
        pending.problem(
            "tensor "
                + reader.tensor(name).describe()
                + " matches no variable of the model (wrong file?)");
      }
      if (!pending.problems().isEmpty()) {
        throw new WeightsException(
            ACTION, file, "into model " + model.modelName(), pending.problems(), null);
      }
      pending.apply();
    }
  }

  /**
   * As {@link #load(Path, RnncModel)} for a model held as its own interface type.
   *
   * @throws IllegalArgumentException if {@code model} is not a model rnnc generated (see {@link
   *     RnncModel#of})
   */
  public static void load(Path file, Object model) throws IOException {
    load(file, RnncModel.of(model));
  }

  static String tensorName(Layer layer, Variable variable) {
    return layer.name() + "/" + variable.name();
  }

  private static SafeTensorsReader open(Path file) throws IOException {
    if (WeightFiles.isDirectory(file)) {
      throw new WeightsException(ACTION, file, null, List.of(WeightFiles.DIRECTORY), null);
    }
    try {
      return SafeTensorsReader.open(file);
    } catch (BadWeightFile e) {
      throw new WeightsException(ACTION, file, null, List.of(e.getMessage()), e.getCause());
    }
  }

  /** Checks the metadata marks this format and version; returns layer name → kind. */
  private static Map<String, String> checkFormat(Path file, Map<String, String> metadata)
      throws WeightsException {
    String format = metadata.get(FORMAT_KEY);
    if (!FORMAT.equals(format) && !TrainingCheckpoint.FORMAT.equals(format)) {
      throw new WeightsException(
          ACTION,
          file,
          null,
          List.of(
              format == null
                  ? "it is a safetensors file without rnnc metadata (__metadata__.format = \"rnnc\"); a PyTorch state_dict"
                      + " loads with PyTorchWeights.load"
                  : "its __metadata__.format is \"" + format + "\", not \"rnnc\""),
          null);
    }
    String version = metadata.get(VERSION_KEY);
    if (!VERSION.equals(version)) { // a TrainingCheckpoint's version 1 has version 1's weights
      throw new WeightsException(
          ACTION,
          file,
          null,
          List.of(
              "it has format_version "
                  + version
                  + "; this runtime reads version "
                  + VERSION
                  + " (written by a newer rnnc?)"),
          null);
    }
    Map<String, String> kinds = new LinkedHashMap<>();
    try {
      JsonNode layers = JSON.readTree(metadata.getOrDefault(LAYERS_KEY, "[]"));
      for (JsonNode layer : layers) {
        kinds.put(layer.path("name").asText(), layer.path("kind").asText());
      }
    } catch (JacksonException e) {
      throw new WeightsException(
          ACTION,
          file,
          null,
          List.of("its __metadata__.layers is not valid JSON: " + e.getOriginalMessage()),
          e);
    }
    return kinds;
  }
}
