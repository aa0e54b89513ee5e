package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer over every {@code .keras} file of the repository (outside build output): each one is
 * imported, but for the importer's own refusal fixtures ({@code keras/unsupported/}, each refused
 * with its message in {@link UnsupportedFeaturesTest}); each imported interface compiles with the
 * rnnc processor and its generated class loads the file's weights. (Those with Keras' outputs
 * beside them are compared with Keras in {@link EndToEndTest} and {@link GraphEndToEndTest}.)
 */
class RepositoryKerasFilesTest {
  private static final String REFUSAL_FIXTURES = "importer/src/test/resources/keras/unsupported/";

  @Test
  void importsEveryFileTheProcessorCanDeclare(@TempDir Path dir) throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(p -> p.toString().endsWith(".keras"))
              .filter(p -> !root.relativize(p).toString().contains("target/"))
              .filter(p -> !root.relativize(p).startsWith(".venv"))
              .sorted()
              .toList();
    }
    assertTrue(files.size() > 40, "found " + files.size() + " .keras files under " + root);
    Map<String, String> refused = new TreeMap<>();
    List<String> imported = new ArrayList<>();
    int k = 0;
    for (Path file : files) {
      String name = root.relativize(file).toString();
      KerasImporter.Result result;
      try {
        result = KerasImporter.importModel(file, "com.acme", "Imported" + k++);
      } catch (ImportException e) {
        refused.put(name, String.join(" | ", e.problems()));
        continue;
      }
      Path out = Files.createDirectories(dir.resolve("m" + k));
      ClassLoader loader = InProcessCompiler.compile(result, out);
      Class<?> generated = loader.loadClass("com.acme.Rnnc" + result.interfaceName());
      try {
        assertNotNull(generated.getMethod("load", Path.class).invoke(null, file), name);
      } catch (InvocationTargetException e) {
        throw new AssertionError(name + ": " + e.getCause().getMessage(), e.getCause());
      }
      imported.add(name);
    }
    System.out.printf(
        "%d .keras files: %d imported, %d refused%n",
        files.size(), imported.size(), refused.size());
    refused.forEach((f, why) -> System.out.println("refused " + f + ": " + why));
    List<String> expected =
        files.stream()
            .map(f -> root.relativize(f).toString())
            .filter(f -> f.startsWith(REFUSAL_FIXTURES))
            .toList();
    assertEquals(expected, List.copyOf(refused.keySet()), "refused files");
  }
}
