package dev.rnnc.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.rnnc.processor.Sources.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * An annotation value that names a class, annotation or constant javac cannot resolve is reported
 * at that value with a stable id, beside javac's own "cannot find symbol" — never as an internal
 * error. Covers every kind of annotation member (Class, nested annotation, annotation array, int,
 * the annotations of a named cell class) and a type that another processor generates a round later.
 */
class UnresolvedTypeErrorsTest {
  private static final String ALL = "import dev.rnnc.annotations.*;";

  private static JavaFileObject model(String imports, String modelAnnotation, String... body) {
    String[] lines = new String[body.length + 6];
    lines[0] = "package test;";
    lines[1] = imports;
    lines[2] = "import dev.rnnc.runtime.Layer;";
    lines[3] = modelAnnotation;
    lines[4] = "interface M {";
    System.arraycopy(body, 0, lines, 5, body.length);
    lines[lines.length - 1] = "}";
    return JavaFileObjects.forSourceLines("test.M", lines);
  }

  private static JavaFileObject withLayer(String imports, String layer) {
    return model(
        imports,
        "@RnnModel(input = @Input(timesteps = 5, features = 2))",
        "  " + layer,
        "  float[] predict(float[][] x);");
  }

  /** javac's error and rnnc's, located at the value; no internal error. */
  private static void assertUnresolved(
      JavaFileObject src, JavaFileObject at, String line, String text, JavaFileObject... more) {
    JavaFileObject[] all = new JavaFileObject[more.length + 1];
    all[0] = src;
    System.arraycopy(more, 0, all, 1, more.length);
    Compilation c = compile(all);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("cannot find symbol");
    assertThat(c)
        .hadErrorContaining("[RnncUnresolvedValue] " + text)
        .inFile(at)
        .onLineContaining(line);
    assertThat(c.errors().stream().map(e -> e.getMessage(null)).toList().toString())
        .doesNotContain("RnncInternalError");
  }

  @Test
  void cellAnnotationNotImported() {
    JavaFileObject src =
        withLayer(
            "import dev.rnnc.annotations.RnnModel; import dev.rnnc.annotations.Input;"
                + " import dev.rnnc.annotations.RNN; import dev.rnnc.annotations.LSTMCell;",
            "@RNN(cells = {@Cell(type = LSTMCell.class, units = 4)}) Layer r();");
    assertUnresolved(
        src, src, "@RNN(cells", "cells in @RNN names an annotation that does not resolve");
  }

  @Test
  void unknownCellClass() {
    JavaFileObject src = withLayer(ALL, "@RNN(cell = Missing.class, units = 4) Layer r();");
    assertUnresolved(
        src,
        src,
        "@RNN(cell = Missing.class",
        "cell in @RNN names a class that does not resolve (javac reports the missing symbol);"
            + " import it or fix the name, and rnnc reads r() once it does");
  }

  @Test
  void unknownStackedCellType() {
    JavaFileObject src =
        withLayer(
            ALL,
            "@RNN(cells = {@Cell(type = LSTMCell.class, units = 3), @Cell(type = Missing.class, units = 4)})"
                + " Layer r();");
    assertUnresolved(
        src, src, "Missing.class", "type in @Cell names a class that does not resolve");
  }

  @Test
  void cellTypeNotImported() {
    JavaFileObject src =
        withLayer(
            "import dev.rnnc.annotations.RnnModel; import dev.rnnc.annotations.Input;"
                + " import dev.rnnc.annotations.RNN; import dev.rnnc.annotations.Cell;",
            "@RNN(cells = @Cell(type = GRUCell.class, units = 4)) Layer r();");
    assertUnresolved(
        src, src, "GRUCell.class", "type in @Cell names a class that does not resolve");
  }

  @Test
  void inputAnnotationNotImported() {
    JavaFileObject src =
        model(
            "import dev.rnnc.annotations.RnnModel; import dev.rnnc.annotations.LSTM;",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "  @LSTM(units = 4) Layer r();",
            "  float[] predict(float[][] x);");
    assertUnresolved(
        src,
        src,
        "@RnnModel(input",
        "input in @RnnModel names an annotation that does not resolve (javac reports the missing"
            + " symbol); import it or fix the name, and rnnc reads M once it does");
  }

  @Test
  void unknownAnnotationInInputArray() {
    JavaFileObject src =
        model(
            ALL,
            "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2), @Missing})",
            "  @LSTM(units = 4) Layer r();",
            "  float[] predict(float[][] a);");
    assertUnresolved(src, src, "@Missing", "input in @RnnModel names an annotation");
  }

  @Test
  void unknownIntConstant() {
    JavaFileObject src = withLayer(ALL, "@LSTM(units = Sizes.UNITS) Layer r();");
    assertUnresolved(
        src, src, "Sizes.UNITS", "units in @LSTM names a constant that does not resolve");
  }

  @Test
  void unknownConstantInTheNamedCellClass() {
    JavaFileObject cell =
        JavaFileObjects.forSourceLines(
            "test.MyCell",
            "package test;",
            "import dev.rnnc.annotations.RnnCell;",
            "import dev.rnnc.runtime.Cell;",
            "import dev.rnnc.runtime.Variable;",
            "import java.util.List;",
            "@RnnCell(stateSizes = {RnnCell.UNITS, Sizes.EXTRA})",
            "public final class MyCell implements Cell {",
            "  public MyCell(int inputSize, int units) {}",
            "  public List<Variable> variables() { return List.of(); }",
            "  public void step(float[] input, int offset, float[][] states, float[] output) {}",
            "}");
    JavaFileObject src = withLayer(ALL, "@RNN(cell = MyCell.class, units = 4) Layer r();");
    assertUnresolved(
        src,
        cell,
        "Sizes.EXTRA",
        "stateSizes in @RnnCell names a constant that does not resolve",
        cell);
  }

  /** Generates {@code test.Sizes} in its first round, as a code generator a model relies on. */
  private static final class GeneratesSizes extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (Writer w = processingEnv.getFiler().createSourceFile("test.Sizes").openWriter()) {
          w.write("package test; final class Sizes { static final int UNITS = 4; }");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void aTypeGeneratedInALaterRoundResolves() {
    Compilation c =
        javac()
            .withProcessors(new GeneratesSizes(), new RnncProcessor())
            .withOptions("--release", "25", "--add-modules", "jdk.incubator.vector")
            .compile(withLayer(ALL, "@LSTM(units = Sizes.UNITS) Layer r();"));
    assertThat(c).succeeded();
    assertThat(c).generatedSourceFile("test.RnncM");
  }
}
