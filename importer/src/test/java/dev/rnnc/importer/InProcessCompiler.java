package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.processor.RnncProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a generated interface the way a user's build does: javac with the rnnc processor and
 * {@code --add-modules jdk.incubator.vector}, the test classpath (annotations, runtime) as the
 * classpath; then loads the classes.
 */
final class InProcessCompiler {
  private InProcessCompiler() {}

  /**
   * Compiles {@code source} (the importer's output) under {@code dir} and returns a class loader
   * that sees the interface and the processor-generated {@code Rnnc<Interface>}.
   */
  static ClassLoader compile(KerasImporter.Result source, Path dir) throws IOException {
    Path sources = dir.resolve("src");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path generated = Files.createDirectories(dir.resolve("generated"));
    Path file = sources.resolve(source.relativePath());
    Files.createDirectories(file.getParent());
    Files.writeString(file, source.source());

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "--release",
              "25",
              "--add-modules",
              "jdk.incubator.vector",
              "-classpath",
              System.getProperty("java.class.path"),
              "-d",
              classes.toString(),
              "-s",
              generated.toString(),
              "-Xlint:all,-processing",
              "-Werror");
      JavaCompiler.CompilationTask task =
          javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(file));
      task.setProcessors(List.of(new RnncProcessor()));
      boolean ok = task.call();
      assertTrue(
          ok,
          () ->
              "the generated interface does not compile:\n"
                  + diagnostics.getDiagnostics().stream()
                      .map(
                          d ->
                              d.getKind()
                                  + ": "
                                  + d.getMessage(Locale.ROOT)
                                  + " (line "
                                  + d.getLineNumber()
                                  + ")")
                      .collect(Collectors.joining("\n"))
                  + "\n--- source ---\n"
                  + source.source());
    }
    try {
      return new URLClassLoader(
          new URL[] {classes.toUri().toURL()}, InProcessCompiler.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }
}
