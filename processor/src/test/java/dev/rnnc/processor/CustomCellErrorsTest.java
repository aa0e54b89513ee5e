package dev.rnnc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @RNN(cell = ...)}: the cell class is checked against its declaration and its neighbours.
 */
class CustomCellErrorsTest {

  private static JavaFileObject cell(
      String name, String annotation, String header, String constructor) {
    return JavaFileObjects.forSourceLines(
        "test." + name,
        "package test;",
        "import dev.rnnc.annotations.RnnCell;",
        "import dev.rnnc.runtime.Cell;",
        "import dev.rnnc.runtime.Variable;",
        "import java.util.List;",
        annotation,
        header,
        "  " + constructor,
        "  public List<Variable> variables() { return List.of(); }",
        "  public void step(float[] input, int offset, float[][] states, float[] output) {}",
        "}");
  }

  private static final JavaFileObject GOOD_CELL =
      cell(
          "Good",
          "@RnnCell(stateSizes = {RnnCell.UNITS, 3})",
          "public final class Good implements Cell {",
          "public Good(int inputSize, int units) {}");

  private static JavaFileObject modelWith(String layer) {
    return model(
        "M",
        "@RnnModel(input = @Input(timesteps = 5, features = 2))",
        "interface M {",
        "  " + layer,
        "  float[] predict(float[][] x);",
        "}");
  }

  private static void assertSingleError(Compilation c, JavaFileObject src, String id, String line) {
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
  }

  @Test
  void aGoodCellCompiles() {
    assertThat(compile(GOOD_CELL, modelWith("@RNN(cell = Good.class, units = 4) Layer custom();")))
        .succeededWithoutWarnings();
  }

  @Test
  void cellThatIsNotACell() {
    JavaFileObject notACell =
        JavaFileObjects.forSourceLines(
            "test.Plain",
            "package test;",
            "@dev.rnnc.annotations.RnnCell",
            "public final class Plain {",
            "  public Plain(int inputSize, int units) {}",
            "}");
    JavaFileObject src = modelWith("@RNN(cell = Plain.class, units = 4) Layer custom();");
    assertSingleError(compile(notACell, src), src, "RnncCellNotACell", "cell = Plain.class");
  }

  @Test
  void cellWithoutRnnCell() {
    JavaFileObject bare =
        cell(
            "Bare",
            "",
            "public final class Bare implements Cell {",
            "public Bare(int inputSize, int units) {}");
    JavaFileObject src = modelWith("@RNN(cell = Bare.class, units = 4) Layer custom();");
    assertSingleError(compile(bare, src), src, "RnncCellWithoutShape", "cell = Bare.class");
  }

  @Test
  void cellWithoutTheConstructor() {
    JavaFileObject noCtor =
        cell(
            "NoCtor",
            "@RnnCell",
            "public final class NoCtor implements Cell {",
            "public NoCtor(int units) {}");
    JavaFileObject src = modelWith("@RNN(cell = NoCtor.class, units = 4) Layer custom();");
    Compilation c = compile(noCtor, src);
    assertSingleError(c, src, "RnncCellConstructor", "cell = NoCtor.class");
    assertThat(c).hadErrorContaining("needs a public constructor (int inputSize, int units)");
  }

  @Test
  void cellWithANonPositiveSize() {
    JavaFileObject zero =
        cell(
            "Zero",
            "@RnnCell(stateSizes = 0)",
            "public final class Zero implements Cell {",
            "public Zero(int inputSize, int units) {}");
    JavaFileObject src = modelWith("@RNN(cell = Zero.class, units = 4) Layer custom();");
    Compilation c = compile(zero, src);
    assertSingleError(c, src, "RnncCellSize", "cell = Zero.class");
    assertThat(c).hadErrorContaining("declares stateSizes[0] = 0");
  }

  @Test
  void cellInputWidthDoesNotFit() {
    JavaFileObject fixed =
        cell(
            "Fixed",
            "@RnnCell(inputSize = 3)",
            "public final class Fixed implements Cell {",
            "public Fixed(int inputSize, int units) {}");
    JavaFileObject src = modelWith("@RNN(cell = Fixed.class, units = 4) Layer custom();");
    Compilation c = compile(fixed, src);
    assertSingleError(c, src, "RnncCellInputSize", "cell = Fixed.class");
    assertThat(c).hadErrorContaining("takes inputs of width 3, but the model input outputs (5, 2)");
  }

  @Test
  void aMaskReachingACellCompiles() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @Masking Layer pad();",
            "  @RNN(cell = Good.class, units = 4, zeroOutputForMask = true) Layer custom();",
            "  float[] predict(float[][] x);",
            "}");
    assertThat(compile(GOOD_CELL, src)).succeededWithoutWarnings();
  }

  @Test
  void cellAfterAVector() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @GRU(units = 4) Layer a();",
            "  @RNN(cell = Good.class, units = 4) Layer custom();",
            "}");
    assertSingleError(compile(GOOD_CELL, src), src, "RnncNotASequence", "@RNN(cell = Good.class");
  }
}
