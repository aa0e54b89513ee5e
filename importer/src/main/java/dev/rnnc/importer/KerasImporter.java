package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Turns a Keras 3 {@code .keras} file into the source of the annotated rnnc interface for it: read
 * the archive, read its layer chain, map each layer, write the interface.
 *
 * <pre>{@code
 * KerasImporter.Result r = KerasImporter.importModel(Path.of("forecaster.keras"), "com.acme", "Forecaster");
 * Files.writeString(sourceRoot.resolve(r.relativePath()), r.source());
 * }</pre>
 */
public final class KerasImporter {
  private KerasImporter() {}

  /**
   * The generated interface.
   *
   * @param packageName its package
   * @param interfaceName its simple name
   * @param source the Java source
   * @param notes what the user should know: renamed layers, dropped options (none is a problem)
   */
  public record Result(
      String packageName, String interfaceName, String source, List<String> notes) {
    public Result {
      notes = List.copyOf(notes);
    }

    /** The source file's path below a source root: {@code com/acme/Forecaster.java}. */
    public Path relativePath() {
      return Path.of(packageName.replace('.', '/'), interfaceName + ".java");
    }
  }

  /**
   * Imports a model.
   *
   * @param kerasFile a {@code .keras} archive saved by Keras 3
   * @param packageName the interface's package, e.g. {@code com.acme}
   * @param interfaceName the interface's simple name, or null for one derived from the Keras model
   *     name ({@code keras_zip} gives {@code KerasZip})
   * @throws ImportException listing every problem when the file cannot be read or uses something
   *     rnnc cannot express
   * @throws IllegalArgumentException when the package or interface name is not a valid Java name
   */
  public static Result importModel(Path kerasFile, String packageName, String interfaceName)
      throws ImportException {
    if (!JavaNames.isPackageName(packageName)) {
      throw new IllegalArgumentException(
          "package '" + packageName + "' is not a valid Java package name");
    }
    if (interfaceName != null && !JavaNames.isTypeName(interfaceName)) {
      throw new IllegalArgumentException("'" + interfaceName + "' is not a valid Java type name");
    }
    ImportedModel model = read(kerasFile);
    String name = interfaceName != null ? interfaceName : JavaNames.typeName(model.modelName());
    if (name == null) {
      throw new ImportException(
          kerasFile.toString(),
          List.of(
              "the Keras model name '"
                  + model.modelName()
                  + "' gives no Java type name: name the interface yourself"));
    }
    String source = new InterfaceWriter(model, packageName, name).write();
    return new Result(packageName, name, source, model.allNotes());
  }

  /** Reads and checks a model, reporting every problem at once. */
  static ImportedModel read(Path kerasFile) throws ImportException {
    ModelArchive archive = ModelArchive.read(kerasFile);
    List<String> problems = new ArrayList<>();
    LayerChain chain = LayerChain.read(archive.config(), problems);
    if (chain == null) {
      throw new ImportException(kerasFile.toString(), problems);
    }
    List<String> notes = new ArrayList<>();
    boolean tokens =
        !chain.layers().isEmpty() && chain.layers().getFirst().className().equals("Embedding");
    Shape input = inputShape(chain, tokens, problems, notes);

    boolean streaming = streaming(chain, input);
    if (stateful(chain)) {
      statefulBatchNote(chain, notes);
    }

    List<String> kerasNames = chain.layers().stream().map(KerasLayer::name).toList();
    Set<String> taken = new HashSet<>();
    LayerMapper mapper = new LayerMapper(problems, streaming);
    List<ImportedLayer> layers = new ArrayList<>();
    Shape shape = input;
    boolean masked = false;
    for (int i = 0; i < chain.layers().size(); i++) {
      KerasLayer layer = chain.layers().get(i);
      JavaNames.MethodName methodName = JavaNames.methodName(layer.name(), kerasNames, taken);
      ImportedLayer imported = mapper.map(layer, methodName, shape, i == 0, masked);
      shape = imported == null ? null : imported.output();
      if (imported != null) {
        layers.add(imported);
        masked = imported.maskAfter(masked);
      }
    }
    if (!problems.isEmpty()) {
      throw new ImportException(kerasFile.toString(), problems);
    }
    return new ImportedModel(
        archive.fileName(),
        archive.kerasVersion(),
        archive.savedBy(),
        chain.modelClass(),
        chain.modelName(),
        input,
        shape,
        layers,
        streaming,
        notes);
  }

  private static boolean stateful(LayerChain chain) {
    return chain.layers().stream()
        .map(KerasLayer::recurrentConfig)
        .anyMatch(c -> c != null && c.path("stateful").asBoolean(false));
  }

  /**
   * Whether the interface gets the streaming call {@code float[] step(float[])}: every recurrent
   * layer is stateful and each call takes one timestep of float features.
   */
  private static boolean streaming(LayerChain chain, Shape input) {
    List<JsonNode> recurrent =
        chain.layers().stream().map(KerasLayer::recurrentConfig).filter(Objects::nonNull).toList();
    return input != null
        && input.kind() == Shape.Kind.SEQUENCE
        && Integer.valueOf(1).equals(input.timesteps())
        && !recurrent.isEmpty()
        && recurrent.stream().allMatch(c -> c.path("stateful").asBoolean(false));
  }

  /** Keras keeps one stream per batch row of a stateful model; an rnnc instance keeps one. */
  private static void statefulBatchNote(LayerChain chain, List<String> notes) {
    JsonNode shape = chain.inputShape();
    int batch =
        shape != null && shape.path(0).canConvertToExactIntegral() ? shape.path(0).asInt() : 1;
    if (batch > 1) {
      notes.add(
          "the Keras model is stateful with batch size "
              + batch
              + ", so its states hold "
              + batch
              + " independent streams; an rnnc instance keeps the states of one stream and takes one sample per call:"
              + " use one instance per stream");
    }
  }

  /**
   * The input sample: {@code (timesteps, features)} floats, or {@code (timesteps,)} token ids when
   * the first layer is an Embedding (which casts whatever it gets to ids, as Keras does).
   */
  private static Shape inputShape(
      LayerChain chain, boolean tokens, List<String> problems, List<String> notes) {
    JsonNode shape = chain.inputShape();
    if (shape == null || !shape.isArray()) {
      problems.add(
          "the model has no input shape (it was saved before it was built): start it with"
              + " keras.Input(shape=...) and save it again");
      return null;
    }
    String rendered =
        "("
            + String.join(
                ", ",
                StreamSupport.stream(shape.spliterator(), false)
                    .map(d -> d.isNull() ? "None" : d.asText())
                    .toList())
            + (shape.size() == 1 ? ",)" : ")");
    Integer timesteps =
        shape.size() >= 2 && shape.get(1).canConvertToExactIntegral() ? shape.get(1).asInt() : null;
    if (tokens) {
      if (shape.size() != 2) {
        problems.add(
            "the input "
                + rendered
                + " feeds an Embedding but is not (batch, timesteps) token ids");
        return null;
      }
      return Shape.tokens(timesteps);
    }
    if (shape.size() == 2 && chain.inputDtype().startsWith("int") && !chain.layers().isEmpty()) {
      problems.add(
          "the input "
              + rendered
              + " "
              + chain.inputDtype()
              + " holds token ids, which rnnc takes only"
              + " into an Embedding as the first layer, but the first layer is "
              + chain.layers().getFirst().describe());
      return null;
    }
    if (shape.size() != 3 || !shape.get(2).canConvertToExactIntegral()) {
      problems.add(
          "the input "
              + rendered
              + " is not a sequence of feature vectors (batch, timesteps, features);"
              + " rnnc models take sequences, or token ids into a first Embedding");
      return null;
    }
    if (!chain.inputDtype().startsWith("float")) {
      notes.add(
          "the Keras input is "
              + chain.inputDtype()
              + "; rnnc takes float features, as Keras casts them");
    }
    return Shape.sequence(timesteps, shape.get(2).asInt());
  }
}
