package dev.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Variable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rnnc's own format: a lossless round trip, and clear refusals. */
class RnncWeightsTest {
  @TempDir Path tmp;

  private static TestModel model() {
    return new TestModel("Everything")
        .embedding("embed", 7, 3)
        .lstm("encoder", 3, 5)
        .dropout("drop")
        .gru("summary", 5, 4)
        .gru("v1", 4, 2, false, true)
        .simpleRnn("rnn", 2, 3)
        .dense("head", 3, 2, false);
  }

  @Test
  void roundTripKeepsEveryBit() throws Exception {
    TestModel source = model();
    source.initialize(5);
    // Values a lossy path would change: negative zero, subnormals, the extremes.
    Variable kernel = source.layer("head").kernel();
    kernel.set(
        new float[] {-0f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40f, 1f / 3});
    Path file = tmp.resolve("model.rnnc.safetensors");
    RnncWeights.save(file, source);

    TestModel target = model();
    target.initialize(6);
    RnncWeights.load(file, target);
    Map<String, float[]> expected = source.snapshot();
    Map<String, float[]> actual = target.snapshot();
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach(
        (name, values) -> {
          int[] a = new int[values.length];
          int[] b = new int[values.length];
          Arrays.setAll(a, i -> Float.floatToRawIntBits(values[i]));
          Arrays.setAll(b, i -> Float.floatToRawIntBits(actual.get(name)[i]));
          assertArrayEquals(a, b, name);
        });
  }

  @Test
  void fileIsPlainSafetensorsWithNamedTensorsAndMetadata() throws Exception {
    TestModel source = model();
    source.initialize(5);
    Path file = tmp.resolve("model.safetensors");
    RnncWeights.save(file, source);
    try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
      assertEquals("rnnc", reader.metadata().get("format"));
      assertEquals("1", reader.metadata().get("format_version"));
      assertEquals("Everything", reader.metadata().get("model"));
      assertTrue(
          reader
              .metadata()
              .get("layers")
              .startsWith(
                  "[{\"name\":\"embed\",\"kind\":\"Embedding\"},"
                      + "{\"name\":\"encoder\",\"kind\":\"LSTM\"},{\"name\":\"drop\",\"kind\":\"Dropout\"}"),
          reader.metadata().get("layers"));
      TensorEntry bias = reader.tensor("summary/bias");
      assertArrayEquals(new int[] {2, 12}, bias.shape());
      assertEquals(TensorDtype.F32, bias.dtype());
      assertArrayEquals(source.layer("summary").bias().get(), reader.readFloats(bias));
    }
  }

  @Test
  void declarationOrderAndModelNameMayDiffer() throws Exception {
    TestModel source = model();
    source.initialize(5);
    Path file = tmp.resolve("m.safetensors");
    RnncWeights.save(file, source);
    TestModel reordered =
        new TestModel("Renamed")
            .dense("head", 3, 2, false)
            .simpleRnn("rnn", 2, 3)
            .gru("v1", 4, 2, false, true)
            .gru("summary", 5, 4)
            .dropout("drop")
            .lstm("encoder", 3, 5)
            .embedding("embed", 7, 3);
    RnncWeights.load(file, reordered);
    source
        .snapshot()
        .forEach((name, values) -> assertArrayEquals(values, reordered.snapshot().get(name), name));
  }

  @Test
  void mismatchesAreAllListedAndNothingIsSet() throws Exception {
    TestModel source = model();
    source.initialize(5);
    Path file = tmp.resolve("m.safetensors");
    RnncWeights.save(file, source);
    TestModel other =
        new TestModel("Other")
            .embedding("embed", 7, 3)
            .lstm("encoder", 3, 6)
            .dropout("drop")
            .lstm("summary", 6, 4)
            .simpleRnn("rnn", 2, 3)
            .dense("head", 3, 2, true)
            .dense("extra", 2, 2);
    WeightsException e = assertFailsUnchanged(file, other);
    assertContains(
        e, "encoder (LSTM) kernel: expected shape (3, 24), tensor encoder/kernel gives (3, 20)");
    assertContains(e, "summary: the model's layer is a LSTM, the file's is a GRU");
    assertContains(e, "head (Dense) bias: the file has no tensor head/bias");
    assertContains(
        e,
        "extra (Dense) kernel: the file has no tensor extra/kernel (the file has no layer extra;");
    assertContains(e, "tensor v1/kernel (4, 6) F32 matches no variable of the model (wrong file?)");
    assertTrue(
        e.getMessage().startsWith("cannot load rnnc weights from " + file + " into model Other: "),
        e.getMessage());
  }

  @Test
  void aPyTorchFileIsNotAnRnncFile() throws Exception {
    Path file =
        new SafeTensorsBytes()
            .f32("lstm.weight_ih_l0", new int[] {1}, 1f)
            .write(tmp.resolve("t.safetensors"));
    assertContains(
        assertFailsUnchanged(file, model()),
        "it is a safetensors file without rnnc metadata (__metadata__.format = \"rnnc\"); a PyTorch state_dict loads"
            + " with PyTorchWeights.load");
  }

  @Test
  void newerVersionIsRefused() throws Exception {
    Path file =
        new SafeTensorsBytes()
            .metadata("format", "rnnc", "format_version", "2")
            .f32("head/kernel", new int[] {1}, 1f)
            .write(tmp.resolve("v2.safetensors"));
    assertContains(
        assertFailsUnchanged(file, model()),
        "it has format_version 2; this runtime reads version 1 (written by a newer rnnc?)");
  }

  @Test
  void nonFiniteAndIntegerTensorsAreRefused() throws Exception {
    TestModel m = new TestModel("Small").dense("head", 2, 1);
    Path file =
        new SafeTensorsBytes()
            .metadata("format", "rnnc", "format_version", "1")
            .f32("head/kernel", new int[] {2, 1}, 1f, Float.NaN)
            .tensor("head/bias", "I32", new int[] {1}, new byte[4])
            .write(tmp.resolve("bad.safetensors"));
    WeightsException e = assertFailsUnchanged(file, m);
    assertContains(
        e, "head (Dense) kernel: value 1 is NaN; weights must be finite (tensor head/kernel)");
    assertContains(e, "head (Dense) bias: head/bias has dtype I32 (an integer type)");
  }

  @Test
  void truncatedFileIsRefused() throws Exception {
    TestModel source = model();
    source.initialize(5);
    Path file = tmp.resolve("m.safetensors");
    RnncWeights.save(file, source);
    byte[] bytes = Files.readAllBytes(file);
    for (int length : new int[] {bytes.length - 1, bytes.length / 2, 100, 7}) {
      Path cut = Files.write(tmp.resolve("cut" + length), Arrays.copyOf(bytes, length));
      assertContains(assertFailsUnchanged(cut, model()), "truncated");
    }
  }

  @Test
  void saveReplacesAtomicallyAndFailsCleanly() throws Exception {
    TestModel source = model();
    source.initialize(5);
    Path file = tmp.resolve("m.safetensors");
    Files.writeString(file, "old");
    RnncWeights.save(file, source);
    RnncWeights.load(file, model());
    try (var listing = Files.list(tmp)) {
      assertEquals(1, listing.count(), "no temporary file left behind");
    }
    assertThrows(
        NoSuchFileException.class,
        () -> RnncWeights.save(tmp.resolve("missing/dir/m.safetensors"), source));
    assertThrows(
        NoSuchFileException.class, () -> RnncWeights.load(tmp.resolve("nope.safetensors"), source));
  }

  private static WeightsException assertFailsUnchanged(Path file, TestModel model) {
    model.initialize(42);
    Map<String, float[]> before = model.snapshot();
    WeightsException e = assertThrows(WeightsException.class, () -> RnncWeights.load(file, model));
    Map<String, float[]> after = model.snapshot();
    before.forEach((k, v) -> assertArrayEquals(v, after.get(k), "changed by a failed load: " + k));
    assertEquals(file, e.file());
    return e;
  }

  private static void assertContains(Exception e, String text) {
    assertTrue(
        e.getMessage().contains(text), () -> "expected «" + text + "» in:\n" + e.getMessage());
  }
}
