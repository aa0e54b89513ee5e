package dev.rnnc.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Generated code, compared byte for byte with reviewed golden files under {@code
 * src/test/resources/golden/<test>/<Type>.java}. To accept a deliberate change, run the processor
 * tests with {@code -Drnnc.updateGoldens=true} and review the diff; such a run writes the golden
 * files and reports these tests as skipped (aborted), since nothing was compared.
 */
class GeneratedSourceGoldenTest {
  private static final Path GOLDEN_DIR =
      Path.of(System.getProperty("rnnc.goldenDir", "src/test/resources/golden"));
  private static final boolean UPDATE = Boolean.getBoolean("rnnc.updateGoldens");

  @Test
  void lstmStack(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncForecaster",
        model(
            "Forecaster",
            "@RnnModel(input = @Input(timesteps = 30, features = 1))",
            "public interface Forecaster {",
            "  @LSTM(units = 64, returnSequences = true) Layer encoder();",
            "  @Dropout(rate = 0.2) Layer drop();",
            "  @LSTM(units = 32) Layer summary();",
            "  @Dense(units = 16, activation = \"relu\") Layer hidden();",
            "  @Dense(units = 1) Layer head();",
            "  float[] predict(float[][] window);",
            "  float[][] predict(float[][][] windows);",
            "  void predictInto(float[][] window, float[] out);",
            "}"));
  }

  @Test
  void bidirectionalNumLayers(TestInfo test) throws IOException {
    // PyTorch's nn.LSTM(num_layers=2, bidirectional=True, proj_size=2): layers encoder_l0 and
    // encoder, the second reading both directions of the first; h_n and c_n of both
    assertMatchesGolden(
        test,
        "test.RnncTorchTagger",
        model(
            "TorchTagger",
            "@RnnModel(input = @Input(timesteps = 4, features = 3))",
            "public interface TorchTagger {",
            "  record Tagged(float[][] head, float[][] encoderHN, float[][] encoderCN) {}",
            "  @Bidirectional",
            "  @LSTM(units = 4, projSize = 2, numLayers = 2, returnSequences = true,",
            "      returnState = true)",
            "  Layer encoder();",
            "  @Dense(units = 1) Layer head();",
            "  float[][] predict(float[][] x);",
            "  Tagged tag(float[][] x);",
            "}"));
  }

  @Test
  void numLayersStateTargets(TestInfo test) throws IOException {
    // PyTorch's h_n of nn.GRU(num_layers=2, bidirectional=True) as a training target: each
    // direction's final h gathered into its row after the forward pass, the row's loss gradient
    // added into that direction's last step
    assertMatchesGolden(
        test,
        "test.RnncTorchStates",
        model(
            "TorchStates",
            "@RnnModel(input = @Input(timesteps = 4, features = 3))",
            "@Compile(optimizer = \"sgd\", loss = \"mse\")",
            "public interface TorchStates {",
            "  record Targets(float[][] head, float[][][] encoderHN) {}",
            "  @Bidirectional",
            "  @GRU(units = 3, numLayers = 2, returnState = true)",
            "  Layer encoder();",
            "  @Dense(units = 1) Layer head();",
            "  dev.rnnc.runtime.train.History fit(float[][][] x, Targets y,",
            "      dev.rnnc.runtime.train.FitOptions options);",
            "}"));
  }

  @Test
  void decoderStatesAndSequenceFirst(TestInfo test) throws IOException {
    // a decoder's final states beside the head's output; a PyTorch-layout batch call
    assertMatchesGolden(
        test,
        "test.RnncDecoder",
        model(
            "Decoder",
            "@RnnModel(input = @Input(timesteps = 4, features = 2))",
            "public interface Decoder {",
            "  record Decoded(float[][] head, float[] decoderH, float[] decoderC) {}",
            "  @LSTM(units = 3, returnSequences = true, returnState = true) Layer decoder();",
            "  @Dense(units = 2, activation = \"softmax\") Layer head();",
            "  Decoded decode(float[][] x, float[] h, float[] c);",
            "  @SequenceFirst float[][][] predict(float[][][] x);",
            "}"));
  }

  @Test
  void gruVariableLengthSequenceOutput(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncTagger",
        model(
            "Tagger",
            "@RnnModel(input = @Input(features = 3))",
            "public interface Tagger {",
            "  @GRU(units = 20, returnSequences = true) Layer encoder();",
            "  @GRU(units = 5, resetAfter = false, recurrentActivation = \"hard_sigmoid\", returnSequences = true)",
            "  Layer decoder();",
            "  @Dense(units = 4, activation = \"softmax\") Layer tags();",
            "  float[][] tag(float[][] sequence);",
            "  void tagAll(float[][][] sequences, float[][][] out);",
            "}"));
  }

  @Test
  void simpleRnn(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncDetector",
        model(
            "Detector",
            "@RnnModel(input = @Input(timesteps = 10, features = 5), name = \"anomaly_detector\")",
            "public interface Detector {",
            "  @SimpleRNN(units = 32, activation = \"relu\", useBias = false) Layer rnn();",
            "  @Dense(units = 1, activation = \"sigmoid\") Layer score();",
            "  float[] score(float[][] window);",
            "}"));
  }

  @Test
  void encoderDecoderGraph(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncTranslator",
        model(
            "Translator",
            "@RnnModel(input = {",
            "    @Input(name = \"encoderTokens\", dtype = Input.Dtype.INT32),",
            "    @Input(name = \"decoderTokens\", dtype = Input.Dtype.INT32)})",
            "public interface Translator {",
            "  @Embedding(inputDim = 1000, outputDim = 64) Layer encoderEmbedding(Layer encoderTokens);",
            "  @LSTM(units = 64, returnState = true) Layer encoder();",
            "  @Embedding(inputDim = 2000, outputDim = 64) Layer decoderEmbedding(Layer decoderTokens);",
            "  @LSTM(units = 64) Layer decoder(Layer decoderEmbedding, @InitialState Layer encoder);",
            "  @Dense(units = 10) Layer head();",
            "  float[] predict(int[] encoderTokens, int[] decoderTokens);",
            "  float[][] predict(int[][] encoderTokens, int[][] decoderTokens);",
            "}"));
  }

  @Test
  void siameseWithSkipConnection(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncMatcher",
        model(
            "Matcher",
            "@RnnModel(input = {",
            "    @Input(name = \"left\", timesteps = 5, features = 4),",
            "    @Input(name = \"right\", timesteps = 7, features = 4)})",
            "public interface Matcher {",
            "  @Masking Layer padding(Layer left);",
            "  @GRU(units = 4, returnSequences = true) Layer features();",
            "  @Concatenate Layer joined(Layer padding, Layer features);",
            "  @LSTM(units = 6) Layer encoder();",
            "  @Dense(units = 8) Layer widen(Layer right);",
            "  @Shared(\"encoder\") Layer encodedRight(Layer widen);",
            "  @Average Layer mean(Layer encoder, Layer encodedRight);",
            "  @Dense(units = 1, activation = \"sigmoid\") Layer head();",
            "  void predictInto(float[][] left, float[][] right, float[] out);",
            "}"));
  }

  @Test
  void embeddingClassifier(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncSentiment",
        model(
            "Sentiment",
            "@RnnModel(input = @Input(timesteps = 200, dtype = Input.Dtype.INT32))",
            "public interface Sentiment {",
            "  @Embedding(inputDim = 10000, outputDim = 64) Layer embedding();",
            "  @LSTM(units = 128, unitForgetBias = false) Layer lstm();",
            "  @Dense(units = 1, activation = \"sigmoid\") Layer positive();",
            "  float[] predict(int[] ids);",
            "  float[][] predict(int[][] batch);",
            "}"));
  }

  @Test
  void maskedBidirectional(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncTagger",
        model(
            "Tagger",
            "@RnnModel(input = @Input(features = 4))",
            "public interface Tagger {",
            "  @Masking(maskValue = -1) Layer padding();",
            "  @Bidirectional @LSTM(units = 8, returnSequences = true) Layer encoder();",
            "  @Bidirectional(mergeMode = \"ave\") @GRU(units = 6) Layer summary();",
            "  @Dense(units = 3, activation = \"softmax\") Layer tags();",
            "  float[] predict(float[][] sequence);",
            "}"));
  }

  @Test
  void statefulStreaming(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncStream",
        model(
            "Stream",
            "@RnnModel(input = @Input(timesteps = 20, features = 1))",
            "public interface Stream {",
            "  @LSTM(units = 16, stateful = true, returnSequences = true) Layer lstm();",
            "  @TimeDistributed @Dense(units = 1) Layer head();",
            "  float[][] predict(float[][] window);",
            "  float[] step(float[] x);",
            "  void resetStates();",
            "}"));
  }

  @Test
  void unrolledBackwards(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncTiny",
        model(
            "Tiny",
            "@RnnModel(input = @Input(timesteps = 3, features = 2))",
            "public interface Tiny {",
            "  @SimpleRNN(units = 4, unroll = true, goBackwards = true, returnSequences = true) Layer rnn();",
            "  @GRU(units = 2, unroll = true) Layer gru();",
            "  float[] predict(float[][] x);",
            "}"));
  }

  /**
   * A stateful model with a declared batch size: one row of carried states per batch row, loaded
   * before and stored after each row's run; resets zero the rows too.
   */
  @Test
  void statefulRows(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncStreams",
        model(
            "Streams",
            "@RnnModel(input = @Input(timesteps = 4, features = 2, batchSize = 2))",
            "public interface Streams {",
            "  @LSTM(units = 3, stateful = true, returnSequences = true) Layer encoder();",
            "  @GRU(units = 2, stateful = true) Layer summary();",
            "  float[][] predict(float[][][] batch);",
            "  void resetStates();",
            "  void resetStates(int row);",
            "}"));
  }

  /**
   * Masks passed at call time (Keras' {@code mask=}): copied or built from lengths into the input's
   * mask before each run, all true for a call without one; the layers read it as a Masking one.
   */
  @Test
  void callMasks(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncPadded",
        model(
            "Padded",
            "@RnnModel(input = @Input(features = 2))",
            "public interface Padded {",
            "  @GRU(units = 4, returnSequences = true) Layer encoder();",
            "  @Dense(units = 1) Layer head();",
            "  float[][] predict(float[][] x);",
            "  float[][] predict(float[][] x, boolean[] mask);",
            "  void predictInto(float[][][] x, int[] lengths, float[][][] out);",
            "}"));
  }

  /**
   * {@code @Packed int[] lengths} (PyTorch's packed sequences) beside Keras' plain lengths: the
   * {@code packed} flag each call sets zeroes a sequence output past the length, and keeps a {@code
   * zeroOutputForMask} layer's last real output; packed calls with initial states, a record and a
   * sequence-first {@code into} form.
   */
  @Test
  void packedLengths(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncPackedTagger",
        model(
            "PackedTagger",
            "@RnnModel(input = @Input(timesteps = Input.VARIABLE, features = 2))",
            "public interface PackedTagger {",
            "  record Tagged(float[] head, float[] encoderH) {}",
            "  @GRU(units = 4, returnSequences = true, returnState = true) Layer encoder();",
            "  @SimpleRNN(units = 3, zeroOutputForMask = true) Layer summary();",
            "  @Dense(units = 1) Layer head();",
            "  float[][] kerasMask(float[][][] x, int[] lengths);",
            "  float[][] predict(float[][][] x, @Packed int[] lengths);",
            "  float[][] predict(float[][][] x, @Packed int[] lengths, float[][] h);",
            "  float[][] predict(float[][][] x, @Packed int[] lengths, float[][][] h0);",
            "  Tagged[] tag(float[][][] x, @Packed int[] lengths);",
            "  @SequenceFirst",
            "  void predictInto(float[][][] x, @Packed int[] lengths, float[][] out);",
            "}"));
  }

  /**
   * {@code @Packed} lengths on a model with two sequence inputs, one {@code int[]} after each (a
   * mask per input, set from its lengths or all true), with PyTorch-layout initial states, a call
   * that packs one input only and one without lengths.
   */
  @Test
  void packedSeveralInputs(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncPackedEncoders",
        model(
            "PackedEncoders",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = Input.VARIABLE, features = 2),"
                + " @Input(name = \"b\", timesteps = 4, features = 3)})",
            "public interface PackedEncoders {",
            "  @LSTM(units = 3) Layer left(Layer a);",
            "  @Bidirectional @GRU(units = 2) Layer right(Layer b);",
            "  @Concatenate Layer both(Layer left, Layer right);",
            "  @Dense(units = 1) Layer head();",
            "  float[][] predict(float[][][] a, @Packed int[] aLengths, float[][][] b,"
                + " @Packed int[] bLengths);",
            "  float[][] predict(float[][][] a, @Packed int[] aLengths, float[][][] b,"
                + " @Packed int[] bLengths, float[][][] h0, float[][][] c0);",
            "  void predictInto(float[][][] a, float[][][] b, @Packed int[] bLengths,"
                + " float[][] out);",
            "  float[] predict(float[][] a, float[][] b);",
            "}"));
  }

  /**
   * Keras' {@code mask=[maskA, maskB]} on a model with two sequence inputs (a boolean mask or
   * lengths after each, one sample's boolean[]), and {@code @SequenceFirst} calls of it, alone and
   * with lengths: each sequence input re-indexed batch-first, the sequence output back.
   */
  @Test
  void severalInputsMasksAndSequenceFirst(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncTwoStreams",
        model(
            "TwoStreams",
            "@RnnModel(input = {@Input(name = \"a\", timesteps = Input.VARIABLE, features = 2),"
                + " @Input(name = \"b\", timesteps = 4, features = 3)})",
            "public interface TwoStreams {",
            "  @GRU(units = 2, returnState = true) Layer encoder(Layer a);",
            "  @GRU(units = 2, returnSequences = true) Layer decoder(Layer b,"
                + " @InitialState Layer encoder);",
            "  float[][][] predict(float[][][] a, boolean[][] aMask, float[][][] b,"
                + " boolean[][] bMask);",
            "  float[][] predict(float[][] a, boolean[] aMask, float[][] b, boolean[] bMask);",
            "  float[][][] predict(float[][][] a, int[] aLengths, float[][][] b);",
            "  @SequenceFirst float[][][] predictSequenceFirst(float[][][] a, float[][][] b);",
            "  @SequenceFirst void predictSequenceFirst(float[][][] a, int[] aLengths,"
                + " float[][][] b, int[] bLengths, float[][][] out);",
            "}"));
  }

  /**
   * {@code @RNN(unroll = true)}: a masked stack of a built-in cell and a custom cell written out
   * timestep by timestep, backwards (literal timesteps, no loop).
   */
  @Test
  void unrolledStackedCells(TestInfo test) throws IOException {
    JavaFileObject cell =
        com.google.testing.compile.JavaFileObjects.forSourceLines(
            "test.Tiny",
            "package test;",
            "import dev.rnnc.annotations.RnnCell;",
            "import dev.rnnc.runtime.*;",
            "import java.util.List;",
            "@RnnCell",
            "public final class Tiny implements Cell {",
            "  public Tiny(int inputSize, int units) {}",
            "  public List<Variable> variables() { return List.of(); }",
            "  public void step(float[] input, int offset, float[][] states, float[] output) {}",
            "}");
    assertMatchesGolden(
        test,
        "test.RnncUnrolled",
        model(
            "Unrolled",
            "@RnnModel(input = @Input(timesteps = 3, features = 2))",
            "public interface Unrolled {",
            "  @Masking Layer mask();",
            "  @RNN(cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = Tiny.class, units = 3)},",
            "      goBackwards = true, unroll = true) Layer stack();",
            "  float[] predict(float[][] x);",
            "}"),
        cell);
  }

  /**
   * A cell with two inputs per timestep, one the model input, one a layer's output of the same
   * (variable) timesteps.
   */
  @Test
  void multiInputCell(TestInfo test) throws IOException {
    JavaFileObject cell =
        com.google.testing.compile.JavaFileObjects.forSourceLines(
            "test.Pair",
            "package test;",
            "import dev.rnnc.annotations.RnnCell;",
            "import dev.rnnc.runtime.*;",
            "import java.util.List;",
            "@RnnCell(inputSizes = {0, 4}, stateSizes = {RnnCell.UNITS, 6}, outputSize = 10)",
            "public final class Pair implements MultiInputCell {",
            "  public Pair(int[] inputSizes, int units) {}",
            "  public List<Variable> variables() { return List.of(); }",
            "  public void step(float[][] inputs, int[] offsets, float[][] states, float[] output) {}",
            "}");
    assertMatchesGolden(
        test,
        "test.RnncNested",
        model(
            "Nested",
            "@RnnModel(input = @Input(name = \"x\", features = 3))",
            "public interface Nested {",
            "  @Dense(units = 4) Layer project(Layer x);",
            "  @RNN(cell = Pair.class, units = 4, returnSequences = true) Layer nested(Layer x, Layer project);",
            "  float[][] predict(float[][] x);",
            "}"),
        cell);
  }

  /**
   * Training through a custom cell's backward step: a masked Embedding into a stack of a GRU cell
   * and a trainable custom cell, backwards.
   */
  @Test
  void trainedCustomCell(TestInfo test) throws IOException {
    JavaFileObject cell =
        com.google.testing.compile.JavaFileObjects.forSourceLines(
            "test.Mine",
            "package test;",
            "import dev.rnnc.annotations.RnnCell;",
            "import dev.rnnc.runtime.*;",
            "import java.util.List;",
            "@RnnCell(stateSizes = {RnnCell.UNITS, 2}, outputSize = 3)",
            "public final class Mine implements TrainableCell {",
            "  public Mine(int inputSize, int units) {}",
            "  public List<Variable> variables() { return List.of(); }",
            "  public List<float[]> gradients() { return List.of(); }",
            "  public void step(float[] input, int offset, float[][] states, float[] output) {}",
            "  public void backward(float[] input, int offset, float[][] states, float[] dOutput,",
            "      float[][] dStates, float[] dInput, int dInputOffset) {}",
            "}");
    assertMatchesGolden(
        test,
        "test.RnncTrained",
        model(
            "Trained",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))",
            "@Compile(optimizer = \"sgd\", loss = \"binary_crossentropy\")",
            "public interface Trained {",
            "  @Embedding(inputDim = 10, outputDim = 4, maskZero = true) Layer embed();",
            "  @RNN(cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = Mine.class, units = 2)},",
            "      goBackwards = true) Layer stack();",
            "  @Dense(units = 1, activation = \"sigmoid\") Layer head();",
            "  dev.rnnc.runtime.train.History fit(int[][] x, float[][] y,",
            "      dev.rnnc.runtime.train.FitOptions options);",
            "}"),
        cell);
  }

  /**
   * Training a token model whose Embedding only a recurrent layer reads: the layer projects each
   * distinct token of the batch once and sums its positions' gradients per token ({@code
   * DistinctTokens}); masked by {@code maskZero}, run backwards.
   */
  @Test
  void trainedTokenGru(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncTagged",
        model(
            "Tagged",
            "@RnnModel(input = @Input(timesteps = 6, dtype = Input.Dtype.INT32))",
            "@Compile(optimizer = \"adam\", loss = \"binary_crossentropy\")",
            "public interface Tagged {",
            "  @Embedding(inputDim = 20, outputDim = 4, maskZero = true) Layer embed();",
            "  @GRU(units = 3, goBackwards = true) Layer gru();",
            "  @Dense(units = 1, activation = \"sigmoid\") Layer head();",
            "  dev.rnnc.runtime.train.History fit(int[][] x, float[][] y,",
            "      dev.rnnc.runtime.train.FitOptions options);",
            "}"));
  }

  /**
   * Training several outputs: two Dense heads with their own losses and weights, and the backward
   * direction of a {@code mergeMode = "none"} layer, {@code y} a record of one batch per output.
   */
  @Test
  void severalOutputsTraining(TestInfo test) throws IOException {
    assertMatchesGolden(
        test,
        "test.RnncHeads",
        model(
            "Heads",
            "@RnnModel(input = @Input(timesteps = 4, features = 2))",
            "@Compile(optimizer = \"adam\", loss = \"mse\", losses = {",
            "    @OutputLoss(output = \"tags\", value = \"categorical_crossentropy\",",
            "        metrics = \"accuracy\"),",
            "    @OutputLoss(output = \"encoderBackward\", weight = 0.5)})",
            "public interface Heads {",
            "  record Targets(float[][] tags, float[][] score, float[][][] encoderBackward) {}",
            "  @Bidirectional(mergeMode = \"none\") @GRU(units = 3, returnSequences = true)",
            "  Layer encoder();",
            "  @LSTM(units = 4) Layer summary(@Forward Layer encoder);",
            "  @Dense(units = 3, activation = \"softmax\") Layer tags(Layer summary);",
            "  @Dense(units = 1) Layer score(Layer summary);",
            "  dev.rnnc.runtime.train.History fit(float[][][] x, Targets y,",
            "      dev.rnnc.runtime.train.FitOptions options);",
            "  dev.rnnc.runtime.train.Logs evaluate(float[][][] x, Targets y);",
            "}"));
  }

  @Test
  void outputIsDeterministic() throws IOException {
    JavaFileObject src =
        model(
            "Twice",
            "@RnnModel(input = @Input(timesteps = 4, features = 2))",
            "public interface Twice {",
            "  @GRU(units = 3, returnSequences = true) Layer a();",
            "  @LSTM(units = 3) Layer b();",
            "  float[] predict(float[][] x);",
            "}");
    String first = generated(compile(src), "test.RnncTwice");
    String second = generated(compile(src), "test.RnncTwice");
    assertThat(second).isEqualTo(first);
  }

  private static void assertMatchesGolden(
      TestInfo test, String type, JavaFileObject source, JavaFileObject... others)
      throws IOException {
    JavaFileObject[] sources = new JavaFileObject[others.length + 1];
    sources[0] = source;
    System.arraycopy(others, 0, sources, 1, others.length);
    Compilation compilation = compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    String actual = generated(compilation, type);
    Path golden =
        GOLDEN_DIR
            .resolve(GeneratedSourceGoldenTest.class.getSimpleName())
            .resolve(test.getTestMethod().orElseThrow().getName())
            .resolve(type.substring(type.lastIndexOf('.') + 1) + ".java");
    if (UPDATE) {
      // Comparing the file just written with itself would prove nothing: report as skipped, not
      // passed.
      boolean changed = !Files.exists(golden) || !Files.readString(golden).equals(actual);
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual);
      Assumptions.abort(
          "rnnc.updateGoldens: wrote "
              + golden
              + (changed ? " (changed; review the diff)" : " (unchanged)")
              + ", not compared");
    }
    assertWithMessage(
            "golden file %s is missing: run with -Drnnc.updateGoldens=true to write it, then review it",
            golden)
        .that(Files.exists(golden))
        .isTrue();
    assertWithMessage("generated %s differs from %s", type, golden)
        .that(actual)
        .isEqualTo(Files.readString(golden));
  }

  private static String generated(Compilation compilation, String type) throws IOException {
    return compilation.generatedSourceFile(type).orElseThrow().getCharContent(true).toString();
  }
}
