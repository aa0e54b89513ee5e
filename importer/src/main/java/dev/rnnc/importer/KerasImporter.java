package dev.rnnc.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    ModelGraph graph = ModelGraph.read(archive.config(), problems);
    if (graph == null) {
      throw new ImportException(kerasFile.toString(), problems);
    }
    List<String> notes = new ArrayList<>();
    GraphImporter.Imported imported = new GraphImporter(graph, problems, notes).run();
    if (!problems.isEmpty() || imported == null) {
      throw new ImportException(kerasFile.toString(), problems);
    }
    return new ImportedModel(
        archive.fileName(),
        archive.kerasVersion(),
        archive.savedBy(),
        graph.modelClass(),
        graph.modelName(),
        imported.inputs(),
        imported.outputs(),
        imported.components(),
        imported.layers(),
        imported.stateNames(),
        imported.callStates(),
        imported.streaming(),
        imported.namedInputs(),
        notes);
  }
}
