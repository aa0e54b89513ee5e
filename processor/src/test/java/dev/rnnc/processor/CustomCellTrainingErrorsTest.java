package dev.rnnc.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Training with custom cells: a cell without a backward step ({@code TrainableCell}) in a model
 * that trains is an error at the cell's class; a trainable one compiles, alone or in a stack.
 */
class CustomCellTrainingErrorsTest {

  private static final JavaFileObject PLAIN_CELL =
      JavaFileObjects.forSourceLines(
          "test.Plain",
          "package test;",
          "import dev.rnnc.annotations.RnnCell;",
          "import dev.rnnc.runtime.Cell;",
          "import dev.rnnc.runtime.Variable;",
          "import java.util.List;",
          "@RnnCell",
          "public final class Plain implements Cell {",
          "  public Plain(int inputSize, int units) {}",
          "  public List<Variable> variables() { return List.of(); }",
          "  public void step(float[] input, int offset, float[][] states, float[] output) {}",
          "}");

  private static final JavaFileObject TRAINABLE_CELL =
      JavaFileObjects.forSourceLines(
          "test.Trainable",
          "package test;",
          "import dev.rnnc.annotations.RnnCell;",
          "import dev.rnnc.runtime.TrainableCell;",
          "import dev.rnnc.runtime.Variable;",
          "import java.util.List;",
          "@RnnCell(stateSizes = {RnnCell.UNITS, 2})",
          "public final class Trainable implements TrainableCell {",
          "  public Trainable(int inputSize, int units) {}",
          "  public List<Variable> variables() { return List.of(); }",
          "  public List<float[]> gradients() { return List.of(); }",
          "  public void step(float[] input, int offset, float[][] states, float[] output) {}",
          "  public void backward(float[] input, int offset, float[][] states, float[] dOutput,",
          "      float[][] dStates, float[] dInput, int dInputOffset) {}",
          "}");

  private static JavaFileObject model(String compile, String layer, String call) {
    return JavaFileObjects.forSourceLines(
        "test.M",
        "package test;",
        "import dev.rnnc.annotations.*;",
        "import dev.rnnc.runtime.Layer;",
        "import dev.rnnc.runtime.train.*;",
        "@RnnModel(input = @Input(timesteps = 5, features = 2))",
        compile,
        "interface M {",
        "  " + layer,
        "  @Dense(units = 1) Layer head();",
        "  " + call,
        "}");
  }

  private static final String FIT = "History fit(float[][][] x, float[][] y, FitOptions o);";

  @Test
  void aCellWithoutBackwardInACompiledModel() {
    JavaFileObject src =
        model("@Compile(loss = \"mse\")", "@RNN(cell = Plain.class, units = 4) Layer rnn();", FIT);
    Compilation c = compile(PLAIN_CELL, src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c)
        .hadErrorContaining(
            "[RnncCellNotTrainable] the cell Plain must implement dev.rnnc.runtime.TrainableCell")
        .inFile(src)
        .onLineContaining("cell = Plain.class");
    assertThat(c).hadErrorContaining("M declares @Compile");
  }

  @Test
  void aCellWithoutBackwardInAStackIsReportedAtItsType() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            "@RNN(cells = {@Cell(type = LSTMCell.class, units = 3),\n"
                + "      @Cell(type = Plain.class, units = 4)}) Layer rnn();",
            FIT);
    Compilation c = compile(PLAIN_CELL, src);
    assertThat(c).hadErrorCount(1);
    assertThat(c)
        .hadErrorContaining("[RnncCellNotTrainable]")
        .inFile(src)
        .onLineContaining("type = Plain.class");
  }

  @Test
  void aCustomCellTrainsOnKerasMasksNotOnPackedLengths() {
    JavaFileObject src =
        model(
            "@Compile(loss = \"mse\")",
            "@RNN(cell = Trainable.class, units = 4) Layer rnn();",
            "History fit(float[][][] x, @Packed int[] lengths, float[][] y, FitOptions o);");
    Compilation c = compile(TRAINABLE_CELL, src);
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[RnncPacked]").inFile(src).onLineContaining("@Packed");
    assertThat(c)
        .hadErrorContaining(
            "rnn holds a custom cell, which trains on Keras' mask= lengths only (int[] lengths"
                + " without @Packed)");
    assertThat(
            compile(
                TRAINABLE_CELL,
                model(
                    "@Compile(loss = \"mse\")",
                    "@RNN(cell = Trainable.class, units = 4) Layer rnn();",
                    "History fit(float[][][] x, int[] lengths, float[][] y, FitOptions o);")))
        .succeeded();
  }

  @Test
  void aFitCallWithoutCompileNeedsATrainableCellToo() {
    // (RnncCompileMissing comes from the build stage, which runs once the declarations are valid)
    JavaFileObject src = model("", "@RNN(cell = Plain.class, units = 4) Layer rnn();", FIT);
    Compilation c = compile(PLAIN_CELL, src);
    assertThat(c).hadErrorCount(1);
    assertThat(c)
        .hadErrorContaining("M declares fit(...)")
        .inFile(src)
        .onLineContaining("cell = Plain.class");
  }

  @Test
  void aPlainCellInAModelThatDoesNotTrainCompiles() {
    JavaFileObject src =
        model(
            "",
            "@RNN(cell = Plain.class, units = 4) Layer rnn();",
            "float[] predict(float[][] x);");
    assertThat(compile(PLAIN_CELL, src)).succeededWithoutWarnings();
  }

  @Test
  void aTrainableCellTrainsAloneAndStacked() {
    JavaFileObject src =
        model(
            "@Compile(optimizer = \"adam\", loss = \"mse\")",
            "@RNN(cells = {@Cell(type = Trainable.class, units = 4),"
                + " @Cell(type = GRUCell.class, units = 3), @Cell(type = Trainable.class, units = 2)})"
                + " Layer rnn();",
            FIT + " Logs evaluate(float[][][] x, float[][] y);");
    assertThat(compile(TRAINABLE_CELL, src)).succeededWithoutWarnings();
    JavaFileObject single =
        model(
            "@Compile(optimizer = \"adam\", loss = \"mse\")",
            "@RNN(cell = Trainable.class, units = 4) Layer rnn();",
            FIT);
    Compilation c = compile(TRAINABLE_CELL, single);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c.generatedSourceFiles()).isNotEmpty();
  }

  /**
   * A stateful layer with a custom cell trains (truncated BPTT over consecutive batches; parity:
   * examples' StatefulCustomCellTrainingTest).
   */
  @Test
  void aStatefulCustomCellTrains() {
    JavaFileObject stateful =
        model(
            "@Compile(optimizer = \"sgd\", loss = \"mse\")",
            "@RNN(cells = {@Cell(type = GRUCell.class, units = 3), @Cell(type = Trainable.class,"
                + " units = 2)}, stateful = true) Layer rnn();",
            FIT + " void resetStates();");
    Compilation c = compile(TRAINABLE_CELL, stateful);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncM")
        .contentsAsUtf8String()
        .contains("rnnCell1TrainCarried1 = new float[0];");
  }

  /**
   * Keras zeroes a masked last output ({@code zeroOutputForMask} without sequences): a custom or a
   * built-in last cell trains it (parity: examples' ZeroOutputTrainingTest).
   */
  @Test
  void aZeroedLastOutputUnderAMaskTrainsThroughEitherLastCell() {
    String masking = "@Masking Layer padding(); ";
    JavaFileObject builtIn =
        model(
            "@Compile(loss = \"mse\")",
            masking
                + "@RNN(cells = {@Cell(type = Trainable.class, units = 3), @Cell(type = GRUCell.class,"
                + " units = 2)}, zeroOutputForMask = true) Layer rnn();",
            FIT);
    assertThat(compile(TRAINABLE_CELL, builtIn)).succeededWithoutWarnings();
    JavaFileObject custom =
        model(
            "@Compile(loss = \"mse\")",
            masking
                + "@RNN(cells = {@Cell(type = GRUCell.class, units = 3), @Cell(type = Trainable.class,"
                + " units = 2)}, zeroOutputForMask = true) Layer rnn();",
            FIT);
    assertThat(compile(TRAINABLE_CELL, custom)).succeededWithoutWarnings();
  }

  /**
   * In a graph a custom cell reads its input's own timeline ({@code RIGHT_TIMESTEPS}) and adds its
   * input's gradient to another reader's (examples' CustomCellGraphTrainingTest).
   */
  @Test
  void aTrainableCellTrainsInAGraph() {
    JavaFileObject src =
        JavaFileObjects.forSourceLines(
            "test.G",
            "package test;",
            "import dev.rnnc.annotations.*;",
            "import dev.rnnc.runtime.Layer;",
            "import dev.rnnc.runtime.train.*;",
            "@RnnModel(input = {@Input(name = \"left\", timesteps = 5, features = 2),"
                + " @Input(name = \"right\", timesteps = 3, features = 2)})",
            "@Compile(loss = \"mse\")",
            "interface G {",
            "  @RNN(cell = Trainable.class, units = 4) Layer custom(Layer right);",
            "  @GRU(units = 4) Layer other(Layer right);",
            "  @LSTM(units = 4) Layer encoder(Layer left);",
            "  @Add Layer total(Layer custom, Layer other, Layer encoder);",
            "  History fit(float[][][] left, float[][][] right, float[][] y, FitOptions o);",
            "}");
    Compilation c = compile(TRAINABLE_CELL, src);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncG")
        .contentsAsUtf8String()
        .contains("for (int t = RIGHT_TIMESTEPS - 1; t >= 0; t--)");
  }

  private static final JavaFileObject TWO_STATES_CELL =
      JavaFileObjects.forSourceLines(
          "test.TwoStates",
          "package test;",
          "import dev.rnnc.annotations.RnnCell;",
          "import dev.rnnc.runtime.TrainableCell;",
          "import dev.rnnc.runtime.Variable;",
          "import java.util.List;",
          "@RnnCell(stateSizes = {RnnCell.UNITS, RnnCell.UNITS})",
          "public final class TwoStates implements TrainableCell {",
          "  public TwoStates(int inputSize, int units) {}",
          "  public List<Variable> variables() { return List.of(); }",
          "  public List<float[]> gradients() { return List.of(); }",
          "  public void step(float[] input, int offset, float[][] states, float[] output) {}",
          "  public void backward(float[] input, int offset, float[][] states, float[] dOutput,",
          "      float[][] dStates, float[] dInput, int dInputOffset) {}",
          "}");

  private static JavaFileObject decoder(String encoder) {
    return JavaFileObjects.forSourceLines(
        "test.D",
        "package test;",
        "import dev.rnnc.annotations.*;",
        "import dev.rnnc.runtime.Layer;",
        "import dev.rnnc.runtime.train.*;",
        "@RnnModel(input = {@Input(name = \"source\", timesteps = 5, features = 2),"
            + " @Input(name = \"target\", timesteps = 3, features = 2)})",
        "@Compile(loss = \"mse\")",
        "interface D {",
        "  " + encoder + " Layer encoder(Layer source);",
        "  @RNN(cell = TwoStates.class, units = 4)",
        "  Layer decoder(Layer target, @InitialState(\"encoder\") Layer states);",
        "  History fit(float[][][] source, float[][][] target, float[][] y, FitOptions o);",
        "}");
  }

  /**
   * An @RNN of one custom cell trains from an @LSTM's, @GRU's or @SimpleRNN's final states
   * (examples' CustomCellGraphTrainingTest); from other layers' it is refused, saying so.
   */
  @Test
  void aCustomCellStartsFromARecurrentLayersStates() {
    Compilation c = compile(TWO_STATES_CELL, decoder("@LSTM(units = 4, returnState = true)"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncD")
        .contentsAsUtf8String()
        .contains(
            "System.arraycopy(encoderTrainC, b * ENCODER_STRIDE, decoderTrainStates[b][1], 0, 4)");
    JavaFileObject bidirectional = decoder("@Bidirectional @GRU(units = 4, returnState = true)");
    Compilation refused = compile(TWO_STATES_CELL, bidirectional);
    assertThat(refused).failed();
    assertThat(refused)
        .hadErrorContaining(
            "[RnncFitUnsupported] fit: training is not generated yet for this model: decoder starts"
                + " from encoder's states (a custom cell's @InitialState trains from an @LSTM, @GRU"
                + " or @SimpleRNN layer only)")
        .inFile(bidirectional)
        .onLineContaining("History fit(");
  }

  /**
   * A Bidirectional stack of built-in cells trains through @InitialState (examples'
   * InitialStateTrainingTest); one that holds a custom cell is refused, saying so.
   */
  @Test
  void aBidirectionalStackWithACustomCellPassesNoStatesInTraining() {
    JavaFileObject src =
        JavaFileObjects.forSourceLines(
            "test.B",
            "package test;",
            "import dev.rnnc.annotations.*;",
            "import dev.rnnc.runtime.Layer;",
            "import dev.rnnc.runtime.train.*;",
            "@RnnModel(input = @Input(name = \"x\", timesteps = 5, features = 2))",
            "@Compile(loss = \"mse\")",
            "interface B {",
            "  @Bidirectional @RNN(cells = {@Cell(type = GRUCell.class, units = 4),",
            "      @Cell(type = Trainable.class, units = 4)}, returnSequences = true, returnState = true)",
            "  Layer encoder(Layer x);",
            "  @Bidirectional @RNN(cells = {@Cell(type = GRUCell.class, units = 4),",
            "      @Cell(type = GRUCell.class, units = 4), @Cell(type = GRUCell.class, units = 2)})",
            "  Layer decoder(Layer encoder, @InitialState(\"encoder\") Layer states);",
            "  @Dense(units = 1) Layer head();",
            "  History fit(float[][][] x, float[][] y, FitOptions o);",
            "}");
    Compilation refused = compile(TRAINABLE_CELL, src);
    assertThat(refused).failed();
    assertThat(refused).hadErrorCount(1);
    assertThat(refused)
        .hadErrorContaining(
            "[RnncFitUnsupported] fit: training is not generated yet for this model: decoder starts"
                + " from encoder's states (@InitialState trains between LSTM, GRU and SimpleRNN"
                + " layers, alone, @Bidirectional or in an @RNN of built-in cells, alone or"
                + " @Bidirectional, only)")
        .inFile(src)
        .onLineContaining("History fit(");
  }

  private static final JavaFileObject TRAINABLE_PAIR =
      JavaFileObjects.forSourceLines(
          "test.Pair",
          "package test;",
          "import dev.rnnc.annotations.RnnCell;",
          "import dev.rnnc.runtime.TrainableMultiInputCell;",
          "import dev.rnnc.runtime.Variable;",
          "import java.util.List;",
          "@RnnCell(inputSizes = {0, 4}, stateSizes = {RnnCell.UNITS, RnnCell.UNITS})",
          "public final class Pair implements TrainableMultiInputCell {",
          "  public Pair(int[] inputSizes, int units) {}",
          "  public List<Variable> variables() { return List.of(); }",
          "  public List<float[]> gradients() { return List.of(); }",
          "  public void step(float[][] inputs, int[] offsets, float[][] states, float[] output) {}",
          "  public void backward(float[][] inputs, int[] offsets, float[][] states, float[] dOutput,",
          "      float[][] dStates, float[][] dInputs, int[] dInputOffsets) {}",
          "}");

  private static JavaFileObject pairModel(String options, String encoder, String states) {
    return JavaFileObjects.forSourceLines(
        "test.P",
        "package test;",
        "import dev.rnnc.annotations.*;",
        "import dev.rnnc.runtime.Layer;",
        "import dev.rnnc.runtime.train.*;",
        "@RnnModel(input = {@Input(name = \"a\", timesteps = 5, features = 2),"
            + " @Input(name = \"b\", timesteps = 5, features = 3)})",
        "@Compile(loss = \"mse\")",
        "interface P {",
        "  @Dense(units = 4)",
        "  Layer project(Layer b);",
        "  " + encoder,
        "  @RNN(cell = Pair.class, units = 4" + options + ")",
        "  Layer pair(Layer a, Layer project" + states + ");",
        "  History fit(float[][][] a, float[][][] b, float[][] y, FitOptions o);",
        "}");
  }

  /**
   * A cell reading several inputs trains (examples' MultiInputCellTrainingTest), its second input's
   * gradient going to the Dense below it, also stateful or started by an @LSTM's final states; from
   * other layers' states it is refused as a one-input custom cell is.
   */
  @Test
  void aTrainableMultiInputCellTrainsAsAOneInputCustomCell() {
    Compilation c = compile(TRAINABLE_PAIR, pairModel("", "", ""));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test/RnncP")
        .contentsAsUtf8String()
        .contains(
            "pairCell.backward(pairTrainInputs, pairTrainOffsets, pairTrainBefore, pairTrainDStep,"
                + " pairTrainDStates[b], pairTrainDInputs, pairTrainDOffsets)");
    Compilation stateful = compile(TRAINABLE_PAIR, pairModel(", stateful = true", "", ""));
    assertThat(stateful).succeededWithoutWarnings();
    assertThat(stateful)
        .generatedSourceFile("test/RnncP")
        .contentsAsUtf8String()
        .contains("pairTrainCarried1 = ");
    String states = ", @InitialState(\"encoder\") Layer states";
    Compilation started =
        compile(
            TRAINABLE_PAIR,
            pairModel("", "@LSTM(units = 4, returnState = true) Layer encoder(Layer a);", states));
    assertThat(started).succeededWithoutWarnings();
    assertThat(started)
        .generatedSourceFile("test/RnncP")
        .contentsAsUtf8String()
        .contains(
            "System.arraycopy(encoderTrainC, b * ENCODER_STRIDE, pairTrainStates[b][1], 0, 4)");
    JavaFileObject bidirectional =
        pairModel(
            "",
            "@Bidirectional @GRU(units = 4, returnState = true) Layer encoder(Layer a);",
            states);
    Compilation refused = compile(TRAINABLE_PAIR, bidirectional);
    assertThat(refused).failed();
    assertThat(refused)
        .hadErrorContaining(
            "[RnncFitUnsupported] fit: training is not generated yet for this model: pair starts"
                + " from encoder's states (a custom cell's @InitialState trains from an @LSTM, @GRU"
                + " or @SimpleRNN layer only)")
        .inFile(bidirectional)
        .onLineContaining("History fit(");
  }
}
