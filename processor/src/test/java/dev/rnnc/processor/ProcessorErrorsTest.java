package dev.rnnc.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rnnc.processor.Sources.compile;
import static dev.rnnc.processor.Sources.model;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every catalogue error: its id, how many errors, and the line it points at (the annotation value
 * when one is wrong).
 */
class ProcessorErrorsTest {

  private static void assertSingleError(JavaFileObject src, String id, String line) {
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
  }

  @Test
  void unitsNotPositive() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(",
            "      units = 0)",
            "  Layer a();",
            "}");
    assertSingleError(src, "RnncUnitsNotPositive", "units = 0");
    assertThat(compile(src)).hadErrorContaining("units must be positive, was 0");
  }

  @Test
  void recurrentLayerAfterVectorOutput() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4) Layer first();",
            "  @GRU(units = 3) Layer second();",
            "}");
    assertSingleError(src, "RnncNotASequence", "@GRU(units = 3)");
    assertThat(compile(src)).hadErrorContaining("set returnSequences = true on first");
  }

  @Test
  void predictSignatureDoesNotMatchOutputShape() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4) Layer a();",
            "  float[][] predict(float[][] window);",
            "}");
    assertSingleError(src, "RnncCallSignature", "float[][] predict(float[][] window)");
    assertThat(compile(src)).hadErrorContaining("float[] predict(float[][])");
  }

  @Test
  void predictTakingTheWrongInputType() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @SimpleRNN(units = 4, returnSequences = true) Layer a();",
            "  float[][] predict(int[] ids);",
            "}");
    assertSingleError(src, "RnncCallSignature", "predict(int[] ids)");
  }

  @Test
  void embeddingOnFloatInput() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @Embedding(inputDim = 10, outputDim = 4) Layer embed();",
            "  @LSTM(units = 4) Layer a();",
            "}");
    assertSingleError(src, "RnncEmbeddingNeedsTokens", "@Embedding");
  }

  @Test
  void unknownActivation() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4,",
            "      recurrentActivation = \"sigmod\")",
            "  Layer a();",
            "}");
    assertSingleError(src, "RnncUnknownActivation", "recurrentActivation = \"sigmod\"");
  }

  @Test
  void softmaxOnARecurrentLayer() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @GRU(units = 4, activation = \"softmax\") Layer a();",
            "}");
    assertSingleError(src, "RnncSoftmaxOnlyDense", "activation = \"softmax\"");
  }

  @Test
  void twoLayersWithOneName() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4, returnSequences = true) Layer a();",
            "  @Dense(units = 2) Layer a(int input);",
            "}");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(2);
    assertThat(c)
        .hadErrorContaining("[RnncDuplicateLayerName]")
        .inFile(src)
        .onLineContaining("@Dense(units = 2)");
    assertThat(c)
        .hadErrorContaining("[RnncLayerParameters]")
        .inFile(src)
        .onLineContaining("Layer a(int input)");
  }

  @Test
  void layerNamesWhoseConstantsClash() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4) Layer denseA();",
            "  @Dense(units = 2) Layer dense_a();",
            "}");
    assertSingleError(src, "RnncLayerNameClash", "Layer dense_a()");
    assertThat(compile(src)).hadErrorContaining("(DENSE_A_*) would clash");
  }

  @Test
  void layerNamesWhoseGeneratedMembersClash() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @Bidirectional @LSTM(units = 4, returnSequences = true) Layer enc();",
            "  @LSTM(units = 3) Layer encForward();",
            "}");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[RnncGeneratedNameClash] the generated class would declare encForwardKernel twice")
        .inFile(src)
        .onLineContaining("Layer encForward()");
  }

  @Test
  void callMethodNamedLikeAGeneratedMethod() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 3) Layer a();",
            "  float[] run(float[][] sample);",
            "}");
    Compilation c = compile(src);
    assertThat(c).hadErrorCount(1);
    assertThat(c)
        .hadErrorContaining(
            "[RnncGeneratedNameClash] the generated class would declare run() twice (a call method of M");
  }

  @Test
  void layerNamedLikeAModelMethod() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4) Layer layers();",
            "}");
    assertSingleError(src, "RnncReservedLayerName", "Layer layers()");
  }

  @Test
  void layerNamedCopy() { // copy() shares the weights with a new instance, on every model
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4) Layer copy();",
            "}");
    assertSingleError(src, "RnncReservedLayerName", "Layer copy()");
  }

  @Test
  void layerNamedModelSummary() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4) Layer modelSummary();",
            "}");
    assertSingleError(src, "RnncReservedLayerName", "Layer modelSummary()");
  }

  @Test
  void layerNamedModelGraph() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4) Layer modelGraph();",
            "}");
    assertSingleError(src, "RnncReservedLayerName", "Layer modelGraph()");
  }

  @Test
  void layerNamedStateSize() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4, stateful = true) Layer stateSize();",
            "}");
    assertSingleError(src, "RnncReservedLayerName", "Layer stateSize()");
  }

  @Test
  void summaryIsNoCallMethodAndALayerMayBeNamedSummary() {
    // String summary() is implemented by the generated class; a layer summary() keeps its name
    // (the generated class then has no summary(), RnncModel.summary(model) prints it).
    assertThat(
            compile(
                model(
                    "M",
                    "@RnnModel(input = @Input(timesteps = 5, features = 2))",
                    "interface M {",
                    "  @LSTM(units = 4) Layer encoder();",
                    "  float[] predict(float[][] x);",
                    "  String summary();",
                    "}")))
        .succeededWithoutWarnings();
    assertThat(
            compile(
                model(
                    "N",
                    "@RnnModel(input = @Input(timesteps = 5, features = 2))",
                    "interface N {",
                    "  @LSTM(units = 4) Layer summary();",
                    "  float[] predict(float[][] x);",
                    "}")))
        .succeededWithoutWarnings();
  }

  @Test
  void noLayers() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  float[] predict(float[][] window);",
            "}");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("[RnncNoLayers]").inFile(src).onLineContaining("@RnnModel");
  }

  @Test
  void annotationOnAClass() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "abstract class M {",
            "}");
    assertSingleError(src, "RnncNotAnInterface", "@RnnModel");
    assertThat(compile(src)).hadErrorContaining("not to a class");
  }

  @Test
  void layerMethodWithWrongReturnType() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4) float[] a();",
            "}");
    assertSingleError(src, "RnncLayerReturnType", "float[] a()");
  }

  @Test
  void zeroTimesteps() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(",
            "    timesteps = 0,",
            "    features = 2))",
            "interface M {",
            "  @LSTM(units = 4) Layer a();",
            "}");
    assertSingleError(src, "RnncTimestepsInvalid", "timesteps = 0");
  }

  @Test
  void floatInputWithoutFeatures() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5))",
            "interface M {",
            "  @LSTM(units = 4) Layer a();",
            "}");
    assertSingleError(src, "RnncFeaturesNotPositive", "@RnnModel");
  }

  @Test
  void featuresOnTokenInput() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32,",
            "    features = 3))",
            "interface M {",
            "  @Embedding(inputDim = 10, outputDim = 4) Layer embed();",
            "  @LSTM(units = 4) Layer a();",
            "}");
    assertSingleError(src, "RnncFeaturesOnTokens", "features = 3");
  }

  @Test
  void tokenInputWithoutEmbedding() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))",
            "interface M {",
            "  @LSTM(units = 4) Layer a();",
            "}");
    assertSingleError(src, "RnncTokensNeedEmbedding", "@LSTM(units = 4)");
  }

  @Test
  void embeddingAfterAnotherLayer() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))",
            "interface M {",
            "  @Embedding(inputDim = 10, outputDim = 4) Layer first();",
            "  @Embedding(inputDim = 10, outputDim = 4) Layer second();",
            "}");
    assertSingleError(src, "RnncEmbeddingNotFirst", "Layer second()");
  }

  @Test
  void dropoutRateOutOfRange() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4) Layer a();",
            "  @Dropout(rate = 1.0) Layer drop();",
            "}");
    assertSingleError(src, "RnncRateOutOfRange", "rate = 1.0");
  }

  @Test
  void recurrentDropoutRatesOutOfRange() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4, returnSequences = true,",
            "      dropout = 1.0)",
            "  Layer a();",
            "  @GRU(units = 4, returnSequences = true,",
            "      recurrentDropout = -0.25)",
            "  Layer b();",
            "  @RNN(cells = {@Cell(type = LSTMCell.class, units = 3),",
            "      @Cell(type = SimpleRNNCell.class, units = 3, recurrentDropout = 1.5)})",
            "  Layer c();",
            "  @SimpleRNN(units = 2, dropout = 0.5, recurrentDropout = 0.999) Layer fine();",
            "}");
    Compilation c = compile(src);
    assertThat(c).hadErrorCount(3);
    assertThat(c)
        .hadErrorContaining("[RnncRateOutOfRange] dropout must be in [0, 1), was 1.0")
        .inFile(src)
        .onLineContaining("dropout = 1.0");
    assertThat(c)
        .hadErrorContaining("[RnncRateOutOfRange] recurrentDropout must be in [0, 1), was -0.25")
        .inFile(src)
        .onLineContaining("recurrentDropout = -0.25");
    assertThat(c)
        .hadErrorContaining("[RnncRateOutOfRange] recurrentDropout must be in [0, 1), was 1.5")
        .inFile(src)
        .onLineContaining("recurrentDropout = 1.5");
  }

  @Test
  void embeddingSizesNotPositive() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))",
            "interface M {",
            "  @Embedding(inputDim = -3,",
            "      outputDim = 0)",
            "  Layer embed();",
            "}");
    Compilation c = compile(src);
    assertThat(c).hadErrorCount(2);
    assertThat(c)
        .hadErrorContaining("inputDim must be positive, was -3")
        .inFile(src)
        .onLineContaining("inputDim = -3");
    assertThat(c)
        .hadErrorContaining("outputDim must be positive, was 0")
        .inFile(src)
        .onLineContaining("outputDim = 0");
  }

  @Test
  void twoLayerAnnotationsOnOneMethod() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4)",
            "  @GRU(units = 4)",
            "  Layer a();",
            "}");
    assertSingleError(src, "RnncSeveralLayerAnnotations", "@GRU(units = 4)");
  }

  @Test
  void callsInheritedFromASuperInterfaceAreGenerated() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M extends Base {",
            "  @LSTM(units = 4) Layer a();",
            "}",
            "interface Base {",
            "  float[] predict(float[][] x);",
            "  float[][] predict(float[][][] x);",
            "}");
    Compilation c = compile(src);
    assertThat(c).succeeded();
    assertThat(c)
        .generatedSourceFile("test/RnncM")
        .contentsAsUtf8String()
        .contains("predict(float[][][] x)");
  }

  @Test
  void layerInheritedFromASuperInterface() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M extends Base {",
            "  @LSTM(units = 4) Layer a();",
            "}",
            "interface Base {",
            "  @Dense(units = 1) Layer head();",
            "  float[] predict(float[][] x);",
            "}");
    assertSingleError(src, "RnncInheritedLayer", "@Dense(units = 1)");
  }

  @Test
  void genericInterface() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M<T> {",
            "  @LSTM(units = 4) Layer a();",
            "}");
    assertSingleError(src, "RnncGenericModel", "@RnnModel");
  }

  @Test
  void privateNestedInterface() {
    JavaFileObject src =
        model(
            "Outer",
            "class Outer {",
            "  @RnnModel(input = @Input(timesteps = 5, features = 2))",
            "  private interface M {",
            "    @LSTM(units = 4) Layer a();",
            "  }",
            "}");
    assertSingleError(src, "RnncModelNotAccessible", "@RnnModel");
  }

  @Test
  void everyErrorOfAnInterfaceInOnePass() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = -1) Layer a();",
            "  @GRU(units = 3, activation = \"tahn\") Layer b();",
            "  @Dropout(rate = -0.5) Layer c();",
            "}");
    Compilation c = compile(src);
    assertThat(c).hadErrorCount(3);
    assertThat(c)
        .hadErrorContaining("[RnncUnitsNotPositive]")
        .inFile(src)
        .onLineContaining("units = -1");
    assertThat(c)
        .hadErrorContaining("[RnncUnknownActivation]")
        .inFile(src)
        .onLineContaining("activation = \"tahn\"");
    assertThat(c)
        .hadErrorContaining("[RnncRateOutOfRange]")
        .inFile(src)
        .onLineContaining("rate = -0.5");
  }

  @Test
  void shapeErrorsAfterTheFirstAreStillFound() {
    JavaFileObject src =
        model(
            "M",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface M {",
            "  @LSTM(units = 4) Layer a();",
            "  @LSTM(units = 4) Layer b();",
            "  @Dense(units = 2) Layer c();",
            "  float[][] predict(float[][] window);",
            "}");
    Compilation c = compile(src);
    assertThat(c).hadErrorCount(2);
    assertThat(c)
        .hadErrorContaining("[RnncNotASequence]")
        .inFile(src)
        .onLineContaining("Layer b()");
    assertThat(c).hadErrorContaining("[RnncCallSignature]").inFile(src).onLineContaining("predict");
  }

  @Test
  void oneBadInterfaceDoesNotStopTheOthers(@TempDir Path out) throws IOException {
    JavaFileObject bad =
        model(
            "Bad",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface Bad {",
            "  @LSTM(units = 0) Layer a();",
            "}");
    JavaFileObject alsoBad =
        model(
            "AlsoBad",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface AlsoBad {",
            "  @GRU(units = 3, activation = \"nope\") Layer a();",
            "}");
    JavaFileObject good =
        model(
            "Good",
            "@RnnModel(input = @Input(timesteps = 5, features = 2))",
            "interface Good {",
            "  @LSTM(units = 3) Layer a();",
            "  float[] predict(float[][] window);",
            "}");
    Compilation c = compile(bad, alsoBad, good);
    assertThat(c).hadErrorCount(2);
    assertThat(c)
        .hadErrorContaining("[RnncUnitsNotPositive]")
        .inFile(bad)
        .onLineContaining("units = 0");
    assertThat(c)
        .hadErrorContaining("[RnncUnknownActivation]")
        .inFile(alsoBad)
        .onLineContaining("activation = \"nope\"");

    // compile-testing hides the outputs of a failed compilation, so run javac into a directory.
    Path sources = Files.createDirectories(out.resolve("generated"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(sources));
      files.setLocationFromPaths(
          StandardLocation.CLASS_OUTPUT, List.of(Files.createDirectories(out.resolve("classes"))));
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null,
              files,
              diagnostic -> {},
              List.of("-proc:only"),
              null,
              List.of(bad, alsoBad, good));
      task.setProcessors(List.of(new RnncProcessor()));
      task.call();
    }
    assertThat(Files.exists(sources.resolve("test/RnncGood.java"))).isTrue();
    assertThat(Files.exists(sources.resolve("test/RnncBad.java"))).isFalse();
  }
}
