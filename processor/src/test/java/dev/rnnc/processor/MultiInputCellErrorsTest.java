package dev.rnnc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @RNN(cell = ...)} with a {@code MultiInputCell} ({@code @RnnCell(inputSizes = ...)}, the
 * Keras guide's NestedCell): the layer names one input per size, all float sequences of one
 * timeline, of the declared widths, unmasked; the class fits its declaration.
 */
class MultiInputCellErrorsTest {

  private static JavaFileObject cell(
      String name, String annotation, String implemented, String constructor) {
    boolean multi = implemented.equals("MultiInputCell");
    return JavaFileObjects.forSourceLines(
        "test." + name,
        "package test;",
        "import dev.rnnc.annotations.RnnCell;",
        "import dev.rnnc.runtime.*;",
        "import java.util.List;",
        annotation,
        "public final class " + name + " implements " + implemented + " {",
        "  " + constructor,
        "  public List<Variable> variables() { return List.of(); }",
        multi
            ? "  public void step(float[][] inputs, int[] offsets, float[][] states, float[] output) {}"
            : "  public void step(float[] input, int offset, float[][] states, float[] output) {}",
        "}");
  }

  /** Two inputs: any width, then 4. */
  private static final JavaFileObject PAIR =
      cell(
          "Pair",
          "@RnnCell(inputSizes = {0, 4}, stateSizes = {RnnCell.UNITS, 6})",
          "MultiInputCell",
          "public Pair(int[] inputSizes, int units) {}");

  private static final JavaFileObject ONE =
      cell("One", "@RnnCell", "Cell", "public One(int inputSize, int units) {}");

  private static JavaFileObject twoInputs(String first, String second, String... layers) {
    String[] lines = new String[layers.length + 5];
    lines[0] = "@RnnModel(input = {";
    lines[1] = "    @Input(name = \"a\", " + first + "),";
    lines[2] = "    @Input(name = \"b\", " + second + ")})";
    lines[3] = "interface M {";
    System.arraycopy(layers, 0, lines, 4, layers.length);
    lines[lines.length - 1] = "}";
    return model("M", lines);
  }

  private static void assertSingleError(
      Compilation c, JavaFileObject src, String id, String line, String text) {
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
    assertThat(c).hadErrorContaining(text);
  }

  @Test
  void twoInputsOfOneTimelineCompile() {
    JavaFileObject src =
        twoInputs(
            "timesteps = 5, features = 3",
            "timesteps = 5, features = 4",
            "  @RNN(cell = Pair.class, units = 4, returnSequences = true) Layer nested(Layer a, Layer b);",
            "  float[][] predict(float[][] a, float[][] b);");
    assertThat(compile(PAIR, src)).succeededWithoutWarnings();
  }

  @Test
  void oneInputIntoATwoInputCell() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 4))",
            "interface M {",
            "  @RNN(cell = Pair.class, units = 4) Layer nested();",
            "  float[] predict(float[][] x);",
            "}");
    assertSingleError(
        compile(PAIR, src),
        src,
        "RnncCellInputCount",
        "cell = Pair.class",
        "the cell Pair takes 2 inputs per timestep (inputSizes = [0, 4]), but nested() names 1");
  }

  @Test
  void twoInputsIntoAOneInputCell() {
    JavaFileObject src =
        twoInputs(
            "timesteps = 5, features = 3",
            "timesteps = 5, features = 4",
            "  @RNN(cell = One.class, units = 4) Layer nested(Layer a, Layer b);",
            "  float[] predict(float[][] a, float[][] b);");
    assertSingleError(
        compile(ONE, src),
        src,
        "RnncCellInputCount",
        "cell = One.class",
        "the cell One takes one input per timestep");
  }

  @Test
  void inputsOfDifferentTimesteps() {
    JavaFileObject src =
        twoInputs(
            "timesteps = 5, features = 3",
            "timesteps = 6, features = 4",
            "  @RNN(cell = Pair.class, units = 4) Layer nested(Layer a, Layer b);",
            "  float[] predict(float[][] a, float[][] b);");
    assertSingleError(
        compile(PAIR, src),
        src,
        "RnncCellInputTimesteps",
        "cell = Pair.class",
        "input a outputs (5, 3), input b outputs (6, 4)");
  }

  @Test
  void twoVariableLengthInputsMayDiffer() {
    JavaFileObject src =
        twoInputs(
            "timesteps = Input.VARIABLE, features = 3",
            "timesteps = Input.VARIABLE, features = 4",
            "  @RNN(cell = Pair.class, units = 4) Layer nested(Layer a, Layer b);",
            "  float[] predict(float[][] a, float[][] b);");
    assertSingleError(
        compile(PAIR, src),
        src,
        "RnncCellInputTimesteps",
        "cell = Pair.class",
        "variable timesteps of different inputs may differ per call");
  }

  @Test
  void aVectorInput() {
    JavaFileObject src =
        twoInputs(
            "timesteps = 5, features = 3",
            "timesteps = Input.VECTOR, features = 4",
            "  @RNN(cell = Pair.class, units = 4) Layer nested(Layer a, Layer b);",
            "  float[] predict(float[][] a, float[] b);");
    assertSingleError(
        compile(PAIR, src),
        src,
        "RnncCellInputTimesteps",
        "cell = Pair.class",
        "input b outputs (4,), not a float sequence");
  }

  @Test
  void inputWidthDoesNotFitInputSizes() {
    JavaFileObject src =
        twoInputs(
            "timesteps = 5, features = 3",
            "timesteps = 5, features = 5",
            "  @RNN(cell = Pair.class, units = 4) Layer nested(Layer a, Layer b);",
            "  float[] predict(float[][] a, float[][] b);");
    assertSingleError(
        compile(PAIR, src),
        src,
        "RnncCellInputSize",
        "cell = Pair.class",
        "the cell Pair (input 2 of 2) takes inputs of width 4, but input b outputs (5, 5)");
  }

  @Test
  void aMaskIntoATwoInputCell() {
    JavaFileObject src =
        twoInputs(
            "timesteps = 5, features = 3",
            "timesteps = 5, features = 4",
            "  @Masking Layer pad(Layer a);",
            "  @RNN(cell = Pair.class, units = 4) Layer nested(Layer pad, Layer b);",
            "  float[] predict(float[][] a, float[][] b);");
    assertSingleError(
        compile(PAIR, src),
        src,
        "RnncCellInputMask",
        "cell = Pair.class",
        "a mask reaches nested from pad");
  }

  @Test
  void inputSizesOnAOneInputCell() {
    JavaFileObject wrong =
        cell(
            "Wrong",
            "@RnnCell(inputSizes = {3, 4})",
            "Cell",
            "public Wrong(int inputSize, int units) {}");
    JavaFileObject src =
        twoInputs(
            "timesteps = 5, features = 3",
            "timesteps = 5, features = 4",
            "  @RNN(cell = Wrong.class, units = 4) Layer nested(Layer a, Layer b);",
            "  float[] predict(float[][] a, float[][] b);");
    Compilation c = compile(wrong, src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[RnncCellInputSizes] the cell Wrong declares @RnnCell(inputSizes = ...), so it must"
                + " implement dev.rnnc.runtime.MultiInputCell")
        .inFile(src)
        .onLineContaining("cell = Wrong.class");
    assertThat(c).hadErrorContaining("needs a public constructor (int[] inputSizes, int units)");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void aMultiInputCellWithoutInputSizes() {
    JavaFileObject bare =
        cell("Bare", "@RnnCell", "MultiInputCell", "public Bare(int[] inputSizes, int units) {}");
    JavaFileObject src =
        twoInputs(
            "timesteps = 5, features = 3",
            "timesteps = 5, features = 4",
            "  @RNN(cell = Bare.class, units = 4) Layer nested(Layer a, Layer b);",
            "  float[] predict(float[][] a, float[][] b);");
    Compilation c = compile(bare, src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[RnncCellInputSizes] the cell Bare implements dev.rnnc.runtime.MultiInputCell, so its"
                + " @RnnCell must declare inputSizes")
        .inFile(src)
        .onLineContaining("cell = Bare.class");
  }

  @Test
  void aMultiInputCellInAStack() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 4))",
            "interface M {",
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 4),",
            "      @Cell(type = Pair.class, units = 4)}) Layer stack();",
            "  float[] predict(float[][] x);",
            "}");
    Compilation c = compile(PAIR, src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[RnncCellInputSizes] the cell Pair takes several inputs per timestep, so it cannot be a"
                + " cell of a stack")
        .inFile(src)
        .onLineContaining("type = Pair.class");
  }
}
