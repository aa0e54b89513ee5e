package dev.rnnc.runtime.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.train.OptimizerState;
import dev.rnnc.runtime.train.TrainableModel;
import dev.rnnc.runtime.train.TrainingState;
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
 * Saves and resumes training: a model's weights together with its optimizer's state (every slot,
 * such as Adam's moments, the iteration count, the learning rate), the position of its Dropout
 * draws and the number of epochs its fit completed, in rnnc's own format. A fit resumed from a
 * checkpoint with {@code initialEpoch(checkpoint.epoch())} and the same data and options (the same
 * shuffle {@code seed}) gives the same losses and weights, bit for bit, as the uninterrupted fit.
 *
 * <pre>{@code
 * model.fit(x, y, new FitOptions().epochs(5).seed(7));
 * TrainingCheckpoint.save(Path.of("run.rnnc-train"), model);
 * ...
 * Forecaster resumed = RnncForecaster.create(0);
 * TrainingCheckpoint checkpoint = TrainingCheckpoint.load(Path.of("run.rnnc-train"), resumed);
 * resumed.fit(x, y, new FitOptions().epochs(10).seed(7).initialEpoch(checkpoint.epoch()));
 * }</pre>
 *
 * <p>Within a fit, a {@code ModelCheckpoint} writes one per epoch with {@code .saver(path ->
 * TrainingCheckpoint.save(path, model))}.
 *
 * <p>The file is a safetensors file (any safetensors reader opens it): one float32 tensor per
 * variable, {@code <layer>/<variable>} in Keras layout and shape as {@link RnncWeights} writes
 * them, one per optimizer slot, {@code optimizer/<layer>/<variable>/<slot>} (e.g. {@code
 * optimizer/encoder/kernel/momentum}), also in the variable's Keras layout, and {@code
 * __metadata__} with the format, the model and its layers, the optimizer's name, iterations and
 * learning rate, the Dropout position, the epoch and batch. The optimizer's hyperparameters are not
 * stored: they are the model's {@code @Compile}. Callbacks' own state (EarlyStopping's patience,
 * ...) is not stored either, as in Keras.
 *
 * @param model the name of the model that wrote it
 * @param optimizer the Keras name of its optimizer
 * @param iterations optimizer steps taken
 * @param learningRate the learning rate of the next step
 * @param epoch epochs the fit had completed: pass it as {@code FitOptions.initialEpoch}
 * @param batch batches of the next epoch already trained (0 for a checkpoint written at an epoch's
 *     end; a fit resumed from a checkpoint written within an epoch starts that epoch again)
 */
public record TrainingCheckpoint(
    String model, String optimizer, long iterations, float learningRate, int epoch, int batch) {

  static final String FORMAT = "rnnc-training";
  static final String VERSION = "1";
  private static final String SLOT_PREFIX = "optimizer/";
  private static final String ACTION = "cannot load a training checkpoint from";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Writes the model's weights and training state to {@code file}, replacing it atomically (a
   * failed save leaves an existing file as it was).
   *
   * @param model a generated model that trains (its interface has {@code @Compile} and {@code fit})
   * @return what was written
   * @throws IllegalArgumentException if {@code model} is not a generated model that trains
   * @throws IOException if the file cannot be written
   */
  public static TrainingCheckpoint save(Path file, Object model) throws IOException {
    Objects.requireNonNull(file, "file");
    TrainingState state = stateOf(model);
    RnncModel rnnc = state.model();
    if (WeightFiles.isDirectory(file)) {
      throw new WeightsException(
          "cannot save a training checkpoint to", file, null, List.of(WeightFiles.DIRECTORY), null);
    }
    OptimizerState optimizerState = state.optimizerState();
    List<SafeTensorsWriter.Tensor> tensors = new ArrayList<>();
    List<Map<String, String>> layers = new ArrayList<>();
    for (Layer layer : rnnc.layers()) {
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("name", layer.name());
      entry.put("kind", layer.kind());
      layers.add(entry);
      for (Variable v : layer.variables()) {
        tensors.add(
            new SafeTensorsWriter.Tensor(RnncWeights.tensorName(layer, v), v.shape(), v.get()));
      }
    }
    List<Variable> trained = state.trainedVariables();
    List<Layer> trainedLayers = state.trainedLayers();
    List<String> slots = state.optimizer().slots();
    List<float[]> values = new ArrayList<>(optimizerState.slots().values());
    for (int i = 0; i < trained.size(); i++) {
      Variable v = trained.get(i);
      for (int s = 0; s < slots.size(); s++) {
        float[] packed = values.get(i * slots.size() + s);
        tensors.add(
            new SafeTensorsWriter.Tensor(
                slotName(trainedLayers.get(i), v, slots.get(s)),
                v.shape(),
                v.layout().unpack(packed)));
      }
    }
    TrainingCheckpoint written =
        new TrainingCheckpoint(
            rnnc.modelName(),
            optimizerState.optimizer(),
            optimizerState.iterations(),
            optimizerState.learningRate(),
            state.epochs(),
            state.batches());
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(RnncWeights.FORMAT_KEY, FORMAT);
    metadata.put(RnncWeights.VERSION_KEY, VERSION);
    metadata.put(RnncWeights.MODEL_KEY, written.model());
    metadata.put(RnncWeights.LAYERS_KEY, JSON.writeValueAsString(layers));
    metadata.put("optimizer", written.optimizer());
    metadata.put("slots", JSON.writeValueAsString(slots));
    metadata.put("iterations", Long.toString(written.iterations()));
    metadata.put("learning_rate", Float.toString(written.learningRate()));
    metadata.put("epoch", Integer.toString(written.epoch()));
    metadata.put("batch", Integer.toString(written.batch()));
    if (state.hasRandom()) {
      metadata.put("dropout_position", Long.toString(state.randomPosition()));
    }
    SafeTensorsWriter.write(file, metadata, tensors);
    return written;
  }

  /**
   * Restores a checkpoint {@link #save} wrote for the same model (same model name, layers, shapes
   * and optimizer): the weights, the optimizer's state, the Dropout position and the fit's
   * progress. Everything is checked before anything is set.
   *
   * @return what was loaded; {@link #epoch()} is the {@code initialEpoch} to resume with
   * @throws WeightsException if the file is damaged, not a training checkpoint, or of another model
   *     or optimizer; the message names every difference, expected vs. found, and the model is
   *     unchanged
   * @throws IllegalArgumentException if {@code model} is not a generated model that trains
   * @throws IOException if the file cannot be opened
   */
  public static TrainingCheckpoint load(Path file, Object model) throws IOException {
    Objects.requireNonNull(file, "file");
    TrainingState state = stateOf(model);
    RnncModel rnnc = state.model();
    try (SafeTensorsReader reader = open(file)) {
      Map<String, String> metadata = reader.metadata();
      checkFormat(file, metadata);
      List<String> problems = new ArrayList<>();
      String fileModel = metadata.getOrDefault(RnncWeights.MODEL_KEY, "?");
      if (!fileModel.equals(rnnc.modelName())) {
        problems.add(
            "it is a checkpoint of model "
                + fileModel
                + ", expected "
                + rnnc.modelName()
                + " (the model loading it)");
      }
      String fileOptimizer = metadata.getOrDefault("optimizer", "?");
      String optimizer = state.optimizer().name();
      if (!fileOptimizer.equals(optimizer)) {
        problems.add(
            "its optimizer is "
                + fileOptimizer
                + ", expected "
                + optimizer
                + " (the model's @Compile optimizer)");
      }
      long iterations = number(metadata, "iterations", problems);
      int epoch = (int) number(metadata, "epoch", problems);
      int batch = (int) number(metadata, "batch", problems);
      float learningRate = Float.NaN;
      try {
        learningRate = Float.parseFloat(metadata.getOrDefault("learning_rate", ""));
      } catch (NumberFormatException e) {
        problems.add("its __metadata__.learning_rate is not a number");
      }
      Long dropoutPosition = null;
      if (state.hasRandom()) {
        String position = metadata.get("dropout_position");
        if (position == null) {
          problems.add(
              "it has no dropout_position, but the model has Dropout layers (written by another"
                  + " model?)");
        } else {
          try {
            dropoutPosition = Long.parseLong(position);
          } catch (NumberFormatException e) {
            problems.add("its __metadata__.dropout_position is not a number: " + position);
          }
        }
      }
      Map<String, String> kinds = layerKinds(file, metadata);
      PendingAssignments pending = new PendingAssignments();
      Set<String> unused = new LinkedHashSet<>();
      reader.tensors().forEach(t -> unused.add(t.name()));
      for (Layer layer : rnnc.layers()) {
        String kind = kinds.get(layer.name());
        if (kind == null) {
          problems.add(
              "the model's layer "
                  + layer.name()
                  + " ("
                  + layer.kind()
                  + ") is not in the file; its layers: "
                  + kinds.keySet());
          layer.variables().forEach(v -> unused.remove(RnncWeights.tensorName(layer, v)));
          continue;
        }
        if (!kind.equals(layer.kind())) {
          problems.add(
              "%s: the model's layer is a %s, the file's is a %s"
                  .formatted(layer.name(), layer.kind(), kind));
          layer.variables().forEach(v -> unused.remove(RnncWeights.tensorName(layer, v)));
          continue;
        }
        for (Variable v : layer.variables()) {
          String name = RnncWeights.tensorName(layer, v);
          unused.remove(name);
          float[] values = read(reader, name, v.shape(), problems);
          if (values != null) {
            pending.offer(layer, v, v.shape(), values, "tensor " + name);
          }
        }
      }
      // The optimizer's slots, in the order of its state, packed for its parameters.
      List<Variable> trained = state.trainedVariables();
      List<Layer> trainedLayers = state.trainedLayers();
      List<String> slots = state.optimizer().slots();
      Map<String, float[]> slotValues = new LinkedHashMap<>();
      boolean slotsFit = fileOptimizer.equals(optimizer);
      for (int i = 0; i < trained.size() && slotsFit; i++) {
        Variable v = trained.get(i);
        for (String slot : slots) {
          String name = slotName(trainedLayers.get(i), v, slot);
          unused.remove(name);
          float[] values = read(reader, name, v.shape(), problems);
          if (values != null) {
            float[] packed = new float[v.layout().packedSize()];
            v.layout().pack(values, packed);
            slotValues.put(name, packed);
          }
        }
      }
      if (!slotsFit) {
        unused.removeIf(name -> name.startsWith(SLOT_PREFIX));
      }
      for (String name : unused) {
        problems.add(
            "tensor "
                + reader.tensor(name).describe()
                + " matches nothing in model "
                + rnnc.modelName()
                + " (wrong file?)");
      }
      problems.addAll(pending.problems());
      if (!problems.isEmpty()) {
        throw new WeightsException(ACTION, file, "into model " + rnnc.modelName(), problems, null);
      }
      OptimizerState optimizerState =
          new OptimizerState(fileOptimizer, iterations, learningRate, slotValues);
      pending.apply();
      state.loadOptimizerState(optimizerState);
      if (dropoutPosition != null) {
        state.randomPosition(dropoutPosition);
      }
      state.progress(epoch, batch);
      return new TrainingCheckpoint(
          fileModel, fileOptimizer, iterations, learningRate, epoch, batch);
    }
  }

  private static String slotName(Layer layer, Variable variable, String slot) {
    return SLOT_PREFIX + RnncWeights.tensorName(layer, variable) + "/" + slot;
  }

  private static TrainingState stateOf(Object model) {
    RnncModel rnnc = RnncModel.of(model);
    if (!(rnnc instanceof TrainableModel trainable)) {
      throw new IllegalArgumentException(
          "model "
              + rnnc.modelName()
              + " does not train (its interface declares no @Compile and fit): it has no"
              + " training state; save its weights with RnncWeights.save");
    }
    return trainable.trainingState();
  }

  /** The tensor's values when it exists with {@code shape}, else null and a problem. */
  private static float[] read(
      SafeTensorsReader reader, String name, int[] shape, List<String> problems)
      throws IOException {
    TensorEntry tensor = reader.tensor(name);
    if (tensor == null) {
      problems.add("the file has no tensor " + name);
      return null;
    }
    if (!java.util.Arrays.equals(tensor.shape(), shape)) {
      problems.add(
          "tensor %s: expected shape %s, the file's is %s"
              .formatted(
                  name,
                  dev.rnnc.runtime.Shapes.format(shape),
                  dev.rnnc.runtime.Shapes.format(tensor.shape())));
      return null;
    }
    try {
      return reader.readFloats(tensor);
    } catch (BadWeightFile e) {
      problems.add("tensor " + name + ": " + e.getMessage());
      return null;
    }
  }

  private static long number(Map<String, String> metadata, String key, List<String> problems) {
    try {
      long value = Long.parseLong(metadata.getOrDefault(key, ""));
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add("its __metadata__." + key + " is not a count: " + metadata.get(key));
    return 0;
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

  private static void checkFormat(Path file, Map<String, String> metadata) throws WeightsException {
    String format = metadata.get(RnncWeights.FORMAT_KEY);
    if (!FORMAT.equals(format)) {
      String problem =
          RnncWeights.FORMAT.equals(format)
              ? "it is an rnnc weight file (RnncWeights), without optimizer state; load it with"
                  + " Weights.load, or write checkpoints with TrainingCheckpoint.save"
              : format == null
                  ? "it is a safetensors file without rnnc metadata, not a training checkpoint"
                  : "its __metadata__.format is \"" + format + "\", not \"" + FORMAT + "\"";
      throw new WeightsException(ACTION, file, null, List.of(problem), null);
    }
    String version = metadata.get(RnncWeights.VERSION_KEY);
    if (!VERSION.equals(version)) {
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
  }

  private static Map<String, String> layerKinds(Path file, Map<String, String> metadata)
      throws WeightsException {
    Map<String, String> kinds = new LinkedHashMap<>();
    try {
      JsonNode layers = JSON.readTree(metadata.getOrDefault(RnncWeights.LAYERS_KEY, "[]"));
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
