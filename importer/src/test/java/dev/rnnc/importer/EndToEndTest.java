package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.testing.ArrayAssert;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * import → compile → load → predict: each real {@code .keras} file is imported, the interface
 * compiled in-process with the rnnc processor, the generated class loaded with the same file's
 * weights, and its outputs compared with Keras' own predictions (≤ 1e-5 per element).
 */
class EndToEndTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // .keras file,                 Keras outputs,                 model kind
    "forecaster.keras,              forecaster-check.json", // Functional, Dropout, two LSTMs, Dense
    // head
    "keras_zip.keras,               keras_zip.json", // Functional, two GRUs
    "sequential_tokens.keras,       sequential_tokens.json", // Sequential, token ids, renamed
    // layers
    "sequential_sequence_out.keras, sequential_sequence_out.json", // Sequential, sequence output,
    // default names
    "masked_tagger.keras,           masked_tagger.json", // Functional, mask_zero, Bidirectional, TD
    "go_backwards_masked.keras,     go_backwards_masked.json", // Functional, Masking, go_backwards,
    // unroll
  })
  void reproducesKeras(String kerasFile, String outputsFile, @TempDir Path dir) throws Exception {
    Path model = Fixtures.keras(kerasFile);
    KerasImporter.Result imported = KerasImporter.importModel(model, "com.acme", null);
    ClassLoader loader = InProcessCompiler.compile(imported, dir);
    Class<?> api = loader.loadClass("com.acme." + imported.interfaceName());
    Object instance = load(loader, imported, model);

    JsonNode outputs = Fixtures.json(outputsFile);
    List<JsonNode> runs = new ArrayList<>();
    outputs.path("runs").forEach(runs::add);
    if (runs.isEmpty()) {
      runs.add(outputs);
    }
    // token models take int[] per sample, float models float[][]; outputs are float[] or float[][]
    boolean tokens = outputs.path("input").get(0).get(0).isNumber();
    Class<?> sampleType = tokens ? int[].class : float[][].class;
    Class<?> batchType = tokens ? int[][].class : float[][][].class;
    Class<?> outType =
        outputs.path("expected").get(0).get(0).isArray() ? float[][].class : float[].class;
    Method batch = api.getMethod("predict", batchType);
    Method one = api.getMethod("predict", sampleType);
    Method into = api.getMethod("predictInto", sampleType, outType);
    double worst = 0;
    for (JsonNode run : runs) {
      String what =
          kerasFile + (run == outputs ? "" : " (T = " + run.path("timesteps").asInt() + ")");
      Object input = Fixtures.array(run.path("input"), batchType);
      Object result = invoke(batch, instance, input);
      worst =
          Math.max(
              worst, Fixtures.assertClose(run.path("expected"), result, what + ", batch predict"));

      // the single-sample forms give the same numbers as the batch
      for (int b = 0; b < Array.getLength(input); b++) {
        Object sample = Array.get(input, b);
        Object fromOne = invoke(one, instance, sample);
        Fixtures.assertClose(
            run.path("expected").get(b), fromOne, what + ", predict of sample " + b);
        Object out = Fixtures.array(run.path("expected").get(b), outType);
        clear(out);
        invoke(into, instance, sample, out);
        ArrayAssert.assertBitIdentical(
            what + ", predictInto of sample " + b + " vs. its predict", fromOne, out);
      }
    }
    System.out.printf(
        "%s -> %s: max |rnnc - keras| = %.2e%n", kerasFile, imported.interfaceName(), worst);
  }

  /**
   * A stateful model: Keras' consecutive predict calls on one stream (with resets) are replayed on
   * the imported model with predict, with predictInto on a second instance and, for a streaming
   * model, with step on a third; states carry over between calls exactly as in Keras.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "sensor_stream.keras, sensor_stream.json", // stateful GRU -> LSTM -> Dense, one timestep per
    // call
    "stateful_skip.keras, stateful_skip.json", // a stateful graph: GRU, Concatenate with the input,
    // LSTM
  })
  void reproducesKerasStreams(String kerasFile, String callsFile, @TempDir Path dir)
      throws Exception {
    Path model = Fixtures.keras(kerasFile);
    KerasImporter.Result imported = KerasImporter.importModel(model, "com.acme", null);
    ClassLoader loader = InProcessCompiler.compile(imported, dir);
    Class<?> api = loader.loadClass("com.acme." + imported.interfaceName());
    JsonNode fixture = Fixtures.json(callsFile);
    Class<?> outType =
        fixture.path("calls").get(0).path("expected").get(0).isArray()
            ? float[][].class
            : float[].class;
    Method one = api.getMethod("predict", float[][].class);
    Method into = api.getMethod("predictInto", float[][].class, outType);
    Method reset = api.getMethod("resetStates");
    assertThrows(
        NoSuchMethodException.class,
        () -> api.getMethod("predict", float[][][].class),
        "a stateful model keeps one stream: no batch calls");
    Method step =
        fixture.path("streaming").asBoolean() ? api.getMethod("step", float[].class) : null;

    Object byPredict = load(loader, imported, model);
    Object byInto = load(loader, imported, model);
    Object byStep = load(loader, imported, model);
    double worst = 0;
    int k = 0;
    for (JsonNode call : fixture.path("calls")) {
      String what = kerasFile + ", call " + k++;
      if (call.path("reset_before").asBoolean()) {
        for (Object instance : List.of(byPredict, byInto, byStep)) {
          invoke(reset, instance);
        }
      }
      Object input = Fixtures.array(call.path("input"), float[][].class);
      worst =
          Math.max(
              worst,
              Fixtures.assertClose(
                  call.path("expected"), invoke(one, byPredict, input), what + ", predict"));
      Object out = Fixtures.array(call.path("expected"), outType);
      clear(out);
      invoke(into, byInto, input, out);
      Fixtures.assertClose(call.path("expected"), out, what + ", predictInto");
      if (step != null) {
        Fixtures.assertClose(
            call.path("expected"), invoke(step, byStep, ((float[][]) input)[0]), what + ", step");
      }
    }
    System.out.printf(
        "%s -> %s: %d calls, max |rnnc - keras| = %.2e%n",
        kerasFile, imported.interfaceName(), k, worst);
  }

  /**
   * Models imported with notes (dropped options, several Keras streams) compile, and load the
   * file's weights.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"ignored_options.keras", "stateful_batch.keras"})
  void importedWithNotesCompilesAndLoads(String kerasFile, @TempDir Path dir) throws Exception {
    Path model = Fixtures.keras(kerasFile);
    KerasImporter.Result imported = KerasImporter.importModel(model, "com.acme", null);
    assertFalse(imported.notes().isEmpty(), "expected notes for " + kerasFile);
    Object instance = load(InProcessCompiler.compile(imported, dir), imported, model);
    assertNotNull(instance);
  }

  private static Object load(ClassLoader loader, KerasImporter.Result imported, Path model)
      throws Exception {
    Class<?> generated = loader.loadClass("com.acme.Rnnc" + imported.interfaceName());
    return invoke(generated.getMethod("load", Path.class), null, model);
  }

  private static Object invoke(Method method, Object target, Object... args) throws Exception {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static void clear(Object array) {
    for (int i = 0; i < Array.getLength(array); i++) {
      Object item = Array.get(array, i);
      if (item instanceof float[] row) {
        Arrays.fill(row, Float.NaN);
      } else {
        Array.setFloat(array, i, Float.NaN);
      }
    }
  }
}
