package dev.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch loader on hand-made state_dicts: the layout conversions element by element, the
 * matching rules, and every refusal leaving the model unchanged. Parity with real PyTorch is in
 * examples' {@code dev.rnnc.interop.PyTorchParityTest}.
 */
class PyTorchWeightsTest {
  @TempDir
  Path tmp;

  // ---- conversions ----

  @Test
  void lstmIsTransposedAndBiasesAdded() throws Exception {
    // 2 features, 1 unit: W_ih (4, 2) rows i, f, g, o; Keras kernel (2, 4) columns i, f, c, o.
    Path file = new SafeTensorsBytes()
        .f32("lstm.weight_ih_l0", new int[] {4, 2}, 1, 2, 3, 4, 5, 6, 7, 8)
        .f32("lstm.weight_hh_l0", new int[] {4, 1}, 9, 10, 11, 12)
        .f32("lstm.bias_ih_l0", new int[] {4}, 1, 2, 3, 4)
        .f32("lstm.bias_hh_l0", new int[] {4}, 10, 20, 30, 40)
        .write(tmp.resolve("lstm.safetensors"));
    TestModel model = new TestModel("M").lstm("encoder", 2, 1);
    PyTorchWeights.load(file, model);
    assertArrayEquals(new float[] {1, 3, 5, 7, 2, 4, 6, 8}, model.layer("encoder").kernel().get());
    assertArrayEquals(new float[] {9, 10, 11, 12}, model.layer("encoder").recurrentKernel().get());
    assertArrayEquals(new float[] {11, 22, 33, 44}, model.layer("encoder").bias().get());
  }

  @Test
  void gruGatesAreReorderedAndBiasesStacked() throws Exception {
    // PyTorch rows r, z, n → Keras columns z, r, h; biases stay apart (reset_after).
    Path file = new SafeTensorsBytes()
        .f32("gru.weight_ih_l0", new int[] {3, 1}, 1, 2, 3)
        .f32("gru.weight_hh_l0", new int[] {3, 1}, 4, 5, 6)
        .f32("gru.bias_ih_l0", new int[] {3}, 7, 8, 9)
        .f32("gru.bias_hh_l0", new int[] {3}, 10, 11, 12)
        .write(tmp.resolve("gru.safetensors"));
    TestModel model = new TestModel("M").gru("gru", 1, 1);
    PyTorchWeights.load(file, model);
    assertArrayEquals(new float[] {2, 1, 3}, model.layer("gru").kernel().get());
    assertArrayEquals(new float[] {5, 4, 6}, model.layer("gru").recurrentKernel().get());
    assertArrayEquals(new float[] {8, 7, 9, 11, 10, 12}, model.layer("gru").bias().get());
  }

  @Test
  void linearIsTransposedEmbeddingKeptAndHalfPrecisionConverted() throws Exception {
    Path file = new SafeTensorsBytes()
        .tensor("emb.weight", "F16", new int[] {3, 2}, SafeTensorsBytes.f16(1, 2, 3, 4, 5, 6))
        .tensor("fc.weight", "BF16", new int[] {3, 2}, SafeTensorsBytes.bf16(1, 2, 3, 4, 5, 6))
        .tensor("fc.bias", "F64", new int[] {3}, SafeTensorsBytes.f64(0.5, 0.25, -1))
        .write(tmp.resolve("mixed.safetensors"));
    TestModel model = new TestModel("M").embedding("emb", 3, 2).dense("fc", 2, 3);
    PyTorchWeights.load(file, model);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, model.layer("emb").variable("embeddings").get());
    assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, model.layer("fc").kernel().get());
    assertArrayEquals(new float[] {0.5f, 0.25f, -1}, model.layer("fc").bias().get());
  }

  // ---- matching ----

  @Test
  void multiLayerModuleFeedsConsecutiveLayersInOrder() throws Exception {
    Path file = stackedLstm(tmp.resolve("stack.safetensors"));
    TestModel model = new TestModel("M").lstm("a", 2, 3).lstm("b", 3, 3);
    PyTorchWeights.load(file, model);
    assertEquals(1f, model.layer("a").recurrentKernel().get()[0]);
    assertEquals(2f, model.layer("b").recurrentKernel().get()[0]);
  }

  @Test
  void tooFewLayersInTheModuleIsNamed() throws Exception {
    Path file = stackedLstm(tmp.resolve("stack.safetensors"));
    WeightsException e = assertFailsUnchanged(file,
        new TestModel("M").lstm("a", 2, 3).lstm("b", 3, 3).lstm("c", 3, 3), PyTorchMapping.byName());
    assertContains(e, "c (LSTM): the model has 3 LSTM layers [a, b, c], but the file's lstm has 2 (lstm[0], lstm[1])");
  }

  @Test
  void sameShapedLinearsNeedNamesOrAMapping() throws Exception {
    Path file = new SafeTensorsBytes()
        .f32("fc1.weight", new int[] {2, 2}, 1, 2, 3, 4).f32("fc1.bias", new int[] {2}, 1, 1)
        .f32("fc2.weight", new int[] {2, 2}, 5, 6, 7, 8).f32("fc2.bias", new int[] {2}, 2, 2)
        .write(tmp.resolve("mlp.safetensors"));
    WeightsException e = assertFailsUnchanged(file, new TestModel("M").dense("x", 2, 2).dense("y", 2, 2),
        PyTorchMapping.byName());
    assertContains(e, "the model's Dense layers [x, y] match none of the file's Dense layers [fc1, fc2] by name, and"
        + " their order is unknown (safetensors sorts tensors by name) and shapes do not decide it; name each layer"
        + " like its module, or map them: PyTorchMapping.byName().layer(\"x\", \"fc1\")...");
    assertEquals(1, e.problems().size(), e.getMessage());

    TestModel named = new TestModel("M").dense("fc2", 2, 2).dense("fc1", 2, 2);
    PyTorchWeights.load(file, named);
    assertArrayEquals(new float[] {5, 7, 6, 8}, named.layer("fc2").kernel().get());

    TestModel mapped = new TestModel("M").dense("x", 2, 2).dense("y", 2, 2);
    PyTorchWeights.load(file, mapped, PyTorchMapping.byName().layer("x", "fc2").layer("y", "fc1"));
    assertArrayEquals(new float[] {5, 7, 6, 8}, mapped.layer("x").kernel().get());
    assertArrayEquals(new float[] {1, 3, 2, 4}, mapped.layer("y").kernel().get());
  }

  @Test
  void mappingMistakesAreNamed() throws Exception {
    Path file = stackedLstm(tmp.resolve("stack.safetensors"));
    TestModel model = new TestModel("M").lstm("a", 2, 3).lstm("b", 3, 3).dropout("drop");
    assertContains(assertFailsUnchanged(file, model, PyTorchMapping.byName().layer("zzz", "lstm[0]")),
        "the mapping names layer 'zzz', which the model does not have; its layers: [a, b, drop]");
    assertContains(assertFailsUnchanged(file, model, PyTorchMapping.byName().layer("a", "lstm")),
        "the mapping gives a (LSTM) the PyTorch layer 'lstm', which the file does not have as one layer: lstm has 2"
            + " layers, name one of [lstm[0], lstm[1]]; it has [lstm[0], lstm[1]]");
    assertContains(assertFailsUnchanged(file, model, PyTorchMapping.byName().layer("a", "lstm[0]").layer("b", "lstm[0]")),
        "the mapping gives 'lstm[0]' to two layers");
    assertContains(assertFailsUnchanged(file, model, PyTorchMapping.byName().layer("drop", "lstm[0]")),
        "the mapping gives drop (Dropout) 'lstm[0]', but the layer has no weights");
    TestModel grus = new TestModel("M").gru("a", 2, 3).lstm("b", 3, 3);
    assertContains(assertFailsUnchanged(file, grus, PyTorchMapping.byName().layer("a", "lstm[0]")),
        "the mapping gives a (GRU) the PyTorch layer lstm[0] (LSTM: lstm.weight_ih_l0 (12, 2) F32");
    assertThrows(IllegalArgumentException.class, () -> PyTorchMapping.byName().layer("a", "x").layer("a", "y"));
  }

  @Test
  void leftoverAndUnknownTensorsAreErrorsUnlessIgnored() throws Exception {
    Path file = new SafeTensorsBytes()
        .f32("head.weight", new int[] {1, 2}, 1, 2).f32("head.bias", new int[] {1}, 3)
        .f32("decoder.proj.weight", new int[] {1, 1}, 4)
        .f32("norm.running_mean", new int[] {1}, 0)
        .write(tmp.resolve("extra.safetensors"));
    WeightsException e = assertFailsUnchanged(file, new TestModel("M").dense("head", 2, 1), PyTorchMapping.byName());
    assertContains(e, "PyTorch layer decoder.proj (Linear without bias or Embedding: decoder.proj.weight (1, 1) F32)"
        + " matches no layer of the model (wrong file? to leave it out, pass"
        + " PyTorchMapping.byName().ignore(\"decoder.proj\"))");
    assertContains(e, "tensor norm.running_mean (1,) F32 belongs to no module kind rnnc loads");
    assertEquals(2, e.problems().size(), e.getMessage());

    TestModel model = new TestModel("M").dense("head", 2, 1);
    PyTorchWeights.load(file, model, PyTorchMapping.byName().ignore("decoder").ignore("norm"));
    assertArrayEquals(new float[] {1, 2}, model.layer("head").kernel().get());
  }

  // ---- refusals ----

  @Test
  void biasesIntoALayerWithoutBiasAreRefused() throws Exception {
    Path file = new SafeTensorsBytes()
        .f32("fc.weight", new int[] {1, 2}, 1, 2).f32("fc.bias", new int[] {1}, 3)
        .write(tmp.resolve("fc.safetensors"));
    assertContains(assertFailsUnchanged(file, new TestModel("M").dense("fc", 2, 1, false), PyTorchMapping.byName()),
        "fc (Dense): the layer has no bias (useBias = false), but the file has fc.bias; declare useBias = true");
  }

  @Test
  void recurrentBiasWithoutPartnerIsRefused() throws Exception {
    Path file = new SafeTensorsBytes()
        .f32("rnn.weight_ih_l0", new int[] {1, 1}, 1).f32("rnn.weight_hh_l0", new int[] {1, 1}, 2)
        .f32("rnn.bias_ih_l0", new int[] {1}, 3)
        .write(tmp.resolve("rnn.safetensors"));
    assertContains(assertFailsUnchanged(file, new TestModel("M").simpleRnn("rnn", 1, 1), PyTorchMapping.byName()),
        "rnn (SimpleRNN): rnn[0] has rnn.bias_ih_l0 without its partner (bias_hh); the file is incomplete");
  }

  @Test
  void resetBeforeGruAndNoBiasLayersAreRefused() throws Exception {
    Path file = new SafeTensorsBytes()
        .f32("gru.weight_ih_l0", new int[] {3, 1}, 1, 2, 3).f32("gru.weight_hh_l0", new int[] {3, 1}, 4, 5, 6)
        .f32("gru.bias_ih_l0", new int[] {3}, 7, 8, 9).f32("gru.bias_hh_l0", new int[] {3}, 1, 1, 1)
        .write(tmp.resolve("gru.safetensors"));
    assertContains(assertFailsUnchanged(file, new TestModel("M").gru("gru", 1, 1, false, true), PyTorchMapping.byName()),
        "gru (GRU): declared with resetAfter = false, which PyTorch's GRU does not compute");
    assertContains(assertFailsUnchanged(file, new TestModel("M").gru("gru", 1, 1, true, false), PyTorchMapping.byName()),
        "gru (GRU): the layer has no bias (useBias = false), but the file has gru.bias_ih_l0 and gru.bias_hh_l0");
  }

  @Test
  void wrongShapesIntegerAndNonFiniteValuesAreAllListed() throws Exception {
    Path file = new SafeTensorsBytes()
        .f32("a.weight", new int[] {3, 2}, 1, 2, 3, 4, 5, 6)
        .tensor("b.weight", "I64", new int[] {1, 3}, SafeTensorsBytes.i64(1, 2, 3))
        .f32("c.weight", new int[] {1, 1}, Float.POSITIVE_INFINITY)
        .write(tmp.resolve("bad.safetensors"));
    TestModel model = new TestModel("M").dense("a", 2, 2, false).dense("b", 3, 1, false).dense("c", 1, 1, false);
    WeightsException e = assertFailsUnchanged(file, model, PyTorchMapping.byName());
    assertContains(e, "a (Dense) kernel: expects a.weight with shape (2, 2) (out_features × in_features, PyTorch's"
        + " layout of the Keras (2, 2)), the file has (3, 2)");
    assertContains(e, "b (Dense): b.weight has dtype I64 (an integer type); weights must be F32, F16, BF16 or F64");
    assertContains(e, "c (Dense) kernel: value 0 is Infinity; weights must be finite (c.weight transposed)");
    assertEquals(3, e.problems().size(), e.getMessage());
  }

  @Test
  void rnncFileAndDamagedFilesAreNamed() throws Exception {
    TestModel model = new TestModel("M").dense("fc", 2, 1);
    Path rnnc = tmp.resolve("own.safetensors");
    RnncWeights.save(rnnc, model);
    assertContains(assertFailsUnchanged(rnnc, model, PyTorchMapping.byName()),
        "this is an rnnc weight file, not a PyTorch state_dict; load it with RnncWeights.load");
    byte[] good = new SafeTensorsBytes().f32("fc.weight", new int[] {1, 2}, 1, 2).bytes();
    Path cut = Files.write(tmp.resolve("cut.safetensors"), Arrays.copyOf(good, good.length - 4));
    WeightsException e = assertFailsUnchanged(cut, model, PyTorchMapping.byName());
    assertTrue(e.getMessage().startsWith("cannot load PyTorch weights from " + cut + ": "), e.getMessage());
    assertContains(e, "(truncated?)");
  }

  // ---- helpers ----

  /** nn.LSTM(2, 3, num_layers=2); weight_hh of layer k starts with k+1. */
  private static Path stackedLstm(Path file) throws Exception {
    SafeTensorsBytes b = new SafeTensorsBytes();
    for (int k = 0; k < 2; k++) {
      int in = k == 0 ? 2 : 3;
      float[] hh = new float[36];
      hh[0] = k + 1;
      b.f32("lstm.weight_ih_l" + k, new int[] {12, in}, new float[12 * in])
          .f32("lstm.weight_hh_l" + k, new int[] {12, 3}, hh)
          .f32("lstm.bias_ih_l" + k, new int[] {12}, new float[12])
          .f32("lstm.bias_hh_l" + k, new int[] {12}, new float[12]);
    }
    return b.write(file);
  }

  private static WeightsException assertFailsUnchanged(Path file, TestModel model, PyTorchMapping mapping) {
    model.initialize(42);
    Map<String, float[]> before = model.snapshot();
    WeightsException e = assertThrows(WeightsException.class, () -> PyTorchWeights.load(file, model, mapping));
    Map<String, float[]> after = model.snapshot();
    before.forEach((k, v) -> assertArrayEquals(v, after.get(k), "changed by a failed load: " + k));
    assertEquals(file, e.file());
    return e;
  }

  private static void assertContains(Exception e, String text) {
    assertTrue(e.getMessage().contains(text), () -> "expected «" + text + "» in:\n" + e.getMessage());
  }
}
