package dev.rnnc.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.io.KerasWeights;
import dev.rnnc.runtime.io.PyTorchWeights;
import dev.rnnc.runtime.io.RnncWeights;
import dev.rnnc.runtime.io.WeightsException;
import dev.rnnc.testing.ArrayAssert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * rnnc → Keras: {@link KerasWeights#save} writes {@code .weights.h5} files that real Keras 3.15
 * loads and reproduces rnnc's outputs from.
 *
 * <p>The proof is in {@code src/test/resources/interop/keras/}: per case the exported file, a JSON
 * with the input and rnnc's outputs, and {@code <case>.keras.json}, which {@code
 * tools/goldens/keras_export_check.py} writes after loading the exported file into the same
 * architecture in Keras (and checking that Keras' own {@code save_weights} writes the same tree).
 * This test checks that the current writer still produces those exact bytes and that Keras'
 * predictions match rnnc's. To regenerate after changing the writer or a case:
 *
 * <pre>
 * ./mvnw -B -ntp test -pl examples -am -Dtest=KerasExportTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Drnnc.interop.regenerate=true
 * .venv/bin/python tools/goldens/keras_export_check.py
 * </pre>
 */
class KerasExportTest {
  private static final String REGENERATE = "rnnc.interop.regenerate";
  private static final Path SOURCE_DIR = Path.of("src/test/resources/interop/keras");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** A model with seeded random weights, a seeded input, and its call on that input. */
  private record Case(String name, RnncModel model, Object input, Supplier<Object> predict) {}

  private static Case exportCase(String name) {
    SplittableRandom random = new SplittableRandom(name.hashCode());
    return switch (name) {
      case "lstm_stack" -> {
        var model = RnncKerasExportModels_LstmStack.create(0);
        float[][][] input = floats(random, 4, 6, 3);
        yield new Case(name, randomized(model, random), input, () -> model.predict(input));
      }
      case "gru_both" -> {
        var model = RnncKerasExportModels_GruBoth.create(0);
        float[][][] input = floats(random, 4, 5, 4);
        yield new Case(name, randomized(model, random), input, () -> model.predict(input));
      }
      case "simple_rnns" -> {
        var model = RnncKerasExportModels_SimpleRnns.create(0);
        float[][][] input = floats(random, 4, 7, 2);
        yield new Case(name, randomized(model, random), input, () -> model.predict(input));
      }
      case "embedding_lstm" -> {
        var model = RnncKerasExportModels_EmbeddingLstm.create(0);
        int[][] input = new int[4][6];
        for (int[] row : input) {
          for (int t = 0; t < row.length; t++) {
            row[t] = random.nextInt(12);
          }
        }
        yield new Case(name, randomized(model, random), input, () -> model.predict(input));
      }
      case "masked_bidi_tagger" -> {
        var model = RnncKerasExportModels_MaskedBidiTagger.create(0);
        float[][][] input = floats(random, 4, 6, 3);
        // Masking(0.0): sample 1 right-padded by 2, sample 2 left-padded by 1, sample 3 with a gap
        // at t = 2.
        input[1][4] = new float[3];
        input[1][5] = new float[3];
        input[2][0] = new float[3];
        input[3][2] = new float[3];
        yield new Case(name, randomized(model, random), input, () -> model.predict(input));
      }
      case "bidi_mixed" -> {
        var model = RnncKerasExportModels_BidiMixed.create(0);
        float[][][] input = floats(random, 4, 5, 4);
        yield new Case(name, randomized(model, random), input, () -> model.predict(input));
      }
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lstm_stack",
        "gru_both",
        "simple_rnns",
        "embedding_lstm",
        "masked_bidi_tagger",
        "bidi_mixed"
      })
  void kerasReproducesRnncFromTheExportedFile(String name) throws Exception {
    Case c = exportCase(name);
    Path exported = tmp.resolve(name + ".weights.h5");
    KerasWeights.save(exported, c.model());
    Object rnnc = c.predict().get();
    if (Boolean.getBoolean(REGENERATE)) {
      Files.createDirectories(SOURCE_DIR);
      Files.copy(
          exported, SOURCE_DIR.resolve(name + ".weights.h5"), StandardCopyOption.REPLACE_EXISTING);
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("case", name);
      record.put("model", c.model().modelName());
      record.put(
          "layers", c.model().layers().stream().map(l -> l.name() + ":" + l.kind()).toList());
      record.put("weights", name + ".weights.h5");
      record.put("input", c.input());
      record.put("rnnc", rnnc);
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(SOURCE_DIR.resolve(name + ".json").toFile(), record);
      // Nothing was checked against Keras: report as skipped, not passed.
      Assumptions.abort(
          "rnnc.interop.regenerate: wrote "
              + SOURCE_DIR.resolve(name)
              + ".*, not compared; now run tools/goldens/keras_export_check.py");
    }
    // The writer still produces exactly the file Keras was shown...
    assertArrayEquals(
        Files.readAllBytes(InteropFixture.resource("keras/" + name + ".weights.h5")),
        Files.readAllBytes(exported),
        name + ": KerasWeights.save output changed; regenerate (see class doc)");
    // ...and Keras' predictions from that file are rnnc's.
    InteropFixture recorded = InteropFixture.load("keras", name);
    InteropFixture.assertClose(name + ": rnnc now vs. recorded", recorded.get("rnnc"), rnnc);
    InteropFixture keras = InteropFixture.load("keras", name + ".keras");
    InteropFixture.assertClose(
        name + ": Keras 3 on the exported file vs. rnnc", keras.get("keras"), rnnc);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lstm_stack",
        "gru_both",
        "simple_rnns",
        "embedding_lstm",
        "masked_bidi_tagger",
        "bidi_mixed"
      })
  void kerasFileRoundTripIsBitExact(String name) throws Exception {
    Case c = exportCase(name);
    Path file = tmp.resolve(name + ".weights.h5");
    KerasWeights.save(file, c.model());
    Case fresh = exportCase(name);
    fresh.model().initialize(99);
    KerasWeights.load(file, fresh.model());
    assertSameWeights(c.model(), fresh.model());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lstm_stack",
        "gru_both",
        "simple_rnns",
        "embedding_lstm",
        "masked_bidi_tagger",
        "bidi_mixed"
      })
  void rnncFormatRoundTripIsBitExact(String name) throws Exception {
    Case c = exportCase(name);
    Path file = tmp.resolve(name + ".rnnc.safetensors");
    RnncWeights.save(file, c.model());
    Case fresh = exportCase(name);
    fresh.model().initialize(99);
    Object before = fresh.predict().get();
    RnncWeights.load(file, fresh.model());
    assertSameWeights(c.model(), fresh.model());
    ArrayAssert.assertBitIdentical(
        name + ": predictions after the load", c.predict().get(), fresh.predict().get());
    assertEquals(
        true,
        ArrayAssert.maxAbsDifference(before, fresh.predict().get()) > 0,
        "the load changed nothing");
  }

  @Test
  void failedLoadsLeavePredictionsUnchanged() throws Exception {
    Case c = exportCase("lstm_stack");
    Object before = c.predict().get();
    Path rnnc = tmp.resolve("other.rnnc.safetensors");
    RnncWeights.save(rnnc, exportCase("gru_both").model());
    byte[] bytes = Files.readAllBytes(rnnc);
    Path truncated =
        Files.write(
            tmp.resolve("cut.safetensors"), java.util.Arrays.copyOf(bytes, bytes.length - 10));
    Path wrongKeras = InteropFixture.resource("keras/gru_both.weights.h5");
    assertThrows(WeightsException.class, () -> RnncWeights.load(rnnc, c.model()));
    assertThrows(WeightsException.class, () -> RnncWeights.load(truncated, c.model()));
    assertThrows(WeightsException.class, () -> KerasWeights.load(wrongKeras, c.model()));
    assertThrows(WeightsException.class, () -> PyTorchWeights.load(rnnc, c.model()));
    ArrayAssert.assertBitIdentical("predictions after the failed loads", before, c.predict().get());
  }

  /** Every variable's values have the same bits. */
  static void assertSameWeights(RnncModel expected, RnncModel actual) {
    List<Layer> a = expected.layers();
    List<Layer> b = actual.layers();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      for (int v = 0; v < a.get(i).variables().size(); v++) {
        Variable x = a.get(i).variables().get(v);
        float[] ex = x.get();
        float[] ac = b.get(i).variables().get(v).get();
        assertEquals(ex.length, ac.length);
        for (int k = 0; k < ex.length; k++) {
          assertEquals(
              Float.floatToRawIntBits(ex[k]),
              Float.floatToRawIntBits(ac[k]),
              a.get(i).name() + "/" + x.name() + "[" + k + "]");
        }
      }
    }
  }

  /** Normal(0, 0.5) weights and Normal(0, 0.3) biases, so that no variable is left at a default. */
  static RnncModel randomized(RnncModel model, SplittableRandom random) {
    for (Layer layer : model.layers()) {
      for (Variable v : layer.variables()) {
        double scale = v.name().endsWith("bias") ? 0.3 : 0.5;
        float[] values = new float[v.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (scale * random.nextGaussian());
        }
        v.set(values);
      }
    }
    return model;
  }

  static float[][][] floats(SplittableRandom random, int b, int t, int f) {
    float[][][] x = new float[b][t][f];
    for (float[][] sample : x) {
      for (float[] step : sample) {
        for (int i = 0; i < f; i++) {
          step[i] = (float) random.nextGaussian();
        }
      }
    }
    return x;
  }
}
