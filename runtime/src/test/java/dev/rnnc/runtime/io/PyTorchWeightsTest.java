package dev.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Layer;
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
  @TempDir Path tmp;

  // ---- conversions ----

  @Test
  void lstmIsTransposedAndBiasesAdded() throws Exception {
    // 2 features, 1 unit: W_ih (4, 2) rows i, f, g, o; Keras kernel (2, 4) columns i, f, c, o.
    Path file =
        new SafeTensorsBytes()
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
    Path file =
        new SafeTensorsBytes()
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
    Path file =
        new SafeTensorsBytes()
            .tensor("emb.weight", "F16", new int[] {3, 2}, SafeTensorsBytes.f16(1, 2, 3, 4, 5, 6))
            .tensor("fc.weight", "BF16", new int[] {3, 2}, SafeTensorsBytes.bf16(1, 2, 3, 4, 5, 6))
            .tensor("fc.bias", "F64", new int[] {3}, SafeTensorsBytes.f64(0.5, 0.25, -1))
            .write(tmp.resolve("mixed.safetensors"));
    TestModel model = new TestModel("M").embedding("emb", 3, 2).dense("fc", 2, 3);
    PyTorchWeights.load(file, model);
    assertArrayEquals(
        new float[] {1, 2, 3, 4, 5, 6}, model.layer("emb").variable("embeddings").get());
    assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, model.layer("fc").kernel().get());
    assertArrayEquals(new float[] {0.5f, 0.25f, -1}, model.layer("fc").bias().get());
  }

  @Test
  void bidirectionalDirectionsGoToForwardAndBackwardLayers() throws Exception {
    // nn.LSTM(1, 1, bidirectional=True): forward tensors → forward_layer/*, _reverse →
    // backward_layer/*.
    Path file =
        bidirectionalLstm(new SafeTensorsBytes(), "lstm", 0, 1, 1)
            .write(tmp.resolve("bi.safetensors"));
    TestModel model = new TestModel("M").bidirectional("encoder", "LSTM", 1, 1);
    PyTorchWeights.load(file, model);
    Layer encoder = model.layer("encoder");
    assertArrayEquals(new float[] {1, 2, 3, 4}, encoder.variable("forward_layer/kernel").get());
    assertArrayEquals(
        new float[] {5, 6, 7, 8}, encoder.variable("forward_layer/recurrent_kernel").get());
    assertArrayEquals(
        new float[] {1.5f, 2.5f, 3.5f, 4.5f}, encoder.variable("forward_layer/bias").get());
    assertArrayEquals(
        new float[] {-1, -2, -3, -4}, encoder.variable("backward_layer/kernel").get());
    assertArrayEquals(
        new float[] {-5, -6, -7, -8}, encoder.variable("backward_layer/recurrent_kernel").get());
    assertArrayEquals(
        new float[] {-0.5f, -1.5f, -2.5f, -3.5f}, encoder.variable("backward_layer/bias").get());
  }

  @Test
  void bidirectionalNumLayersPartsAreMatchedByName() throws Exception {
    // Two nn.LSTM(2, 1, num_layers=2, bidirectional=True) of one shape: kind and order cannot
    // tell them apart; @Bidirectional @LSTM(numLayers = 2) b() is layers b_l0 and b.
    SafeTensorsBytes bytes = new SafeTensorsBytes();
    bidirectionalLstm(bytes, "a", 0, 2, 1);
    bidirectionalLstm(bytes, "a", 1, 2, 2);
    bidirectionalLstm(bytes, "b", 0, 2, 3);
    bidirectionalLstm(bytes, "b", 1, 2, 4);
    Path file = bytes.write(tmp.resolve("two.safetensors"));
    TestModel model =
        new TestModel("M")
            .bidirectional("b_l0", "LSTM", 2, 1)
            .bidirectional("b", "LSTM", 2, 1)
            .bidirectional("a_l0", "LSTM", 2, 1)
            .bidirectional("a", "LSTM", 2, 1);
    PyTorchWeights.load(file, model);
    float[] scales = {3, 4, 1, 2};
    String[] layers = {"b_l0", "b", "a_l0", "a"};
    for (int i = 0; i < layers.length; i++) {
      assertEquals(
          scales[i],
          model.layer(layers[i]).variable("forward_layer/kernel").get()[0],
          layers[i]
              + " takes "
              + TorchMatcher.layerOfModule(model.layer(layers[i]), model.layers()));
    }
  }

  @Test
  void bidirectionalGruReordersEachDirection() throws Exception {
    Path file =
        new SafeTensorsBytes()
            .f32("gru.weight_ih_l0", new int[] {3, 1}, 1, 2, 3)
            .f32("gru.weight_hh_l0", new int[] {3, 1}, 4, 5, 6)
            .f32("gru.bias_ih_l0", new int[] {3}, 7, 8, 9)
            .f32("gru.bias_hh_l0", new int[] {3}, 10, 11, 12)
            .f32("gru.weight_ih_l0_reverse", new int[] {3, 1}, 21, 22, 23)
            .f32("gru.weight_hh_l0_reverse", new int[] {3, 1}, 24, 25, 26)
            .f32("gru.bias_ih_l0_reverse", new int[] {3}, 27, 28, 29)
            .f32("gru.bias_hh_l0_reverse", new int[] {3}, 30, 31, 32)
            .write(tmp.resolve("bigru.safetensors"));
    TestModel model = new TestModel("M").bidirectional("gru", "GRU", 1, 1);
    PyTorchWeights.load(file, model);
    Layer gru = model.layer("gru");
    assertArrayEquals(new float[] {2, 1, 3}, gru.variable("forward_layer/kernel").get());
    assertArrayEquals(new float[] {8, 7, 9, 11, 10, 12}, gru.variable("forward_layer/bias").get());
    assertArrayEquals(new float[] {22, 21, 23}, gru.variable("backward_layer/kernel").get());
    assertArrayEquals(
        new float[] {25, 24, 26}, gru.variable("backward_layer/recurrent_kernel").get());
    assertArrayEquals(
        new float[] {28, 27, 29, 31, 30, 32}, gru.variable("backward_layer/bias").get());
  }

  @Test
  void twoLayerBidirectionalFeedsConsecutiveConcatLayers() throws Exception {
    // nn.LSTM(1, 1, num_layers=2, bidirectional=True): layer 1 takes both directions of layer 0,
    // (4, 2).
    SafeTensorsBytes b = bidirectionalLstm(new SafeTensorsBytes(), "lstm", 0, 1, 1);
    Path file = bidirectionalLstm(b, "lstm", 1, 2, 10).write(tmp.resolve("bi2.safetensors"));
    TestModel model =
        new TestModel("M")
            .bidirectional("lower", "LSTM", 1, 1)
            .bidirectional("upper", "LSTM", 2, 1);
    PyTorchWeights.load(file, model);
    assertArrayEquals(
        new float[] {1, 2, 3, 4}, model.layer("lower").variable("forward_layer/kernel").get());
    // weight_ih_l1_reverse (4, 2) = -10 .. -80 row-major; Keras (2, 4) is its transpose.
    assertArrayEquals(
        new float[] {-10, -30, -50, -70, -20, -40, -60, -80},
        model.layer("upper").variable("backward_layer/kernel").get());
  }

  @Test
  void projectionIsTransposedIntoProjectionKernel() throws Exception {
    // nn.LSTM(1, 2, proj_size=1): weight_hh (8, 1), weight_hr (1, 2) → projection_kernel (2, 1).
    Path file =
        new SafeTensorsBytes()
            .f32("lstm.weight_ih_l0", new int[] {8, 1}, 1, 2, 3, 4, 5, 6, 7, 8)
            .f32("lstm.weight_hh_l0", new int[] {8, 1}, 11, 12, 13, 14, 15, 16, 17, 18)
            .f32("lstm.weight_hr_l0", new int[] {1, 2}, 7, 9)
            .f32("lstm.weight_ih_l0_reverse", new int[] {8, 1}, new float[8])
            .f32("lstm.weight_hh_l0_reverse", new int[] {8, 1}, new float[8])
            .f32("lstm.weight_hr_l0_reverse", new int[] {1, 2}, 3, 4)
            .write(tmp.resolve("proj.safetensors"));
    TestModel model = new TestModel("M").bidirectional("lstm", "LSTM", 1, 2, 1, false);
    PyTorchWeights.load(file, model);
    Layer lstm = model.layer("lstm");
    assertArrayEquals(
        new float[] {11, 12, 13, 14, 15, 16, 17, 18},
        lstm.variable("forward_layer/recurrent_kernel").get());
    assertArrayEquals(new float[] {7, 9}, lstm.variable("forward_layer/projection_kernel").get());
    assertArrayEquals(new float[] {3, 4}, lstm.variable("backward_layer/projection_kernel").get());

    Path plain =
        new SafeTensorsBytes()
            .f32("lstm.weight_ih_l0", new int[] {8, 1}, new float[8])
            .f32("lstm.weight_hh_l0", new int[] {8, 1}, new float[8])
            .f32("lstm.weight_hr_l0", new int[] {1, 2}, 5, 6)
            .f32("lstm.bias_ih_l0", new int[] {8}, new float[8])
            .f32("lstm.bias_hh_l0", new int[] {8}, new float[8])
            .write(tmp.resolve("proj1.safetensors"));
    TestModel single = new TestModel("M").lstmProjected("lstm", 1, 2, 1);
    PyTorchWeights.load(plain, single);
    assertArrayEquals(new float[] {5, 6}, single.layer("lstm").variable("projection_kernel").get());
  }

  @Test
  void linearLoadsIntoTimeDistributedDense() throws Exception {
    Path file =
        new SafeTensorsBytes()
            .f32("fc.weight", new int[] {1, 2}, 1, 2)
            .f32("fc.bias", new int[] {1}, 3)
            .write(tmp.resolve("fc.safetensors"));
    TestModel model = new TestModel("M").masking("mask").timeDistributed("tagger", 2, 1);
    PyTorchWeights.load(file, model);
    assertArrayEquals(new float[] {1, 2}, model.layer("tagger").kernel().get());
    assertArrayEquals(new float[] {3}, model.layer("tagger").bias().get());
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
    WeightsException e =
        assertFailsUnchanged(
            file,
            new TestModel("M").lstm("a", 2, 3).lstm("b", 3, 3).lstm("c", 3, 3),
            PyTorchMapping.byName());
    assertContains(
        e,
        "c (LSTM): the model has 3 LSTM layers [a, b, c], but the file's lstm has 2 (lstm[0], lstm[1])");
  }

  @Test
  void sameShapedLinearsNeedNamesOrAMapping() throws Exception {
    Path file =
        new SafeTensorsBytes()
            .f32("fc1.weight", new int[] {2, 2}, 1, 2, 3, 4)
            .f32("fc1.bias", new int[] {2}, 1, 1)
            .f32("fc2.weight", new int[] {2, 2}, 5, 6, 7, 8)
            .f32("fc2.bias", new int[] {2}, 2, 2)
            .write(tmp.resolve("mlp.safetensors"));
    WeightsException e =
        assertFailsUnchanged(
            file, new TestModel("M").dense("x", 2, 2).dense("y", 2, 2), PyTorchMapping.byName());
    assertContains(
        e,
        "the model's Dense layers [x, y] match none of the file's Dense layers [fc1, fc2] by name, and"
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
    assertContains(
        assertFailsUnchanged(file, model, PyTorchMapping.byName().layer("zzz", "lstm[0]")),
        "the mapping names layer 'zzz', which the model does not have; its layers: [a, b, drop]");
    assertContains(
        assertFailsUnchanged(file, model, PyTorchMapping.byName().layer("a", "lstm")),
        "the mapping gives a (LSTM) the PyTorch layer 'lstm', which the file does not have as one layer: lstm has 2"
            + " layers, name one of [lstm[0], lstm[1]]; it has [lstm[0], lstm[1]]");
    assertContains(
        assertFailsUnchanged(
            file, model, PyTorchMapping.byName().layer("a", "lstm[0]").layer("b", "lstm[0]")),
        "the mapping gives 'lstm[0]' to two layers");
    assertContains(
        assertFailsUnchanged(file, model, PyTorchMapping.byName().layer("drop", "lstm[0]")),
        "the mapping gives drop (Dropout) 'lstm[0]', but the layer has no weights");
    TestModel grus = new TestModel("M").gru("a", 2, 3).lstm("b", 3, 3);
    assertContains(
        assertFailsUnchanged(file, grus, PyTorchMapping.byName().layer("a", "lstm[0]")),
        "the mapping gives a (GRU) the PyTorch layer lstm[0] (LSTM: lstm.weight_ih_l0 (12, 2) F32");
    assertThrows(
        IllegalArgumentException.class,
        () -> PyTorchMapping.byName().layer("a", "x").layer("a", "y"));
  }

  @Test
  void leftoverAndUnknownTensorsAreErrorsUnlessIgnored() throws Exception {
    Path file =
        new SafeTensorsBytes()
            .f32("head.weight", new int[] {1, 2}, 1, 2)
            .f32("head.bias", new int[] {1}, 3)
            .f32("decoder.proj.weight", new int[] {1, 1}, 4)
            .f32("norm.running_mean", new int[] {1}, 0)
            .write(tmp.resolve("extra.safetensors"));
    WeightsException e =
        assertFailsUnchanged(file, new TestModel("M").dense("head", 2, 1), PyTorchMapping.byName());
    assertContains(
        e,
        "PyTorch layer decoder.proj (Linear without bias or Embedding: decoder.proj.weight (1, 1) F32)"
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
    Path file =
        new SafeTensorsBytes()
            .f32("fc.weight", new int[] {1, 2}, 1, 2)
            .f32("fc.bias", new int[] {1}, 3)
            .write(tmp.resolve("fc.safetensors"));
    assertContains(
        assertFailsUnchanged(
            file, new TestModel("M").dense("fc", 2, 1, false), PyTorchMapping.byName()),
        "fc (Dense): the layer has no bias (useBias = false), but the file has fc.bias; declare useBias = true");
  }

  @Test
  void recurrentBiasWithoutPartnerIsRefused() throws Exception {
    Path file =
        new SafeTensorsBytes()
            .f32("rnn.weight_ih_l0", new int[] {1, 1}, 1)
            .f32("rnn.weight_hh_l0", new int[] {1, 1}, 2)
            .f32("rnn.bias_ih_l0", new int[] {1}, 3)
            .write(tmp.resolve("rnn.safetensors"));
    assertContains(
        assertFailsUnchanged(
            file, new TestModel("M").simpleRnn("rnn", 1, 1), PyTorchMapping.byName()),
        "rnn (SimpleRNN): rnn[0] has rnn.bias_ih_l0 without its partner (bias_hh); the file is incomplete");
  }

  @Test
  void missingBiasIsRefusedNamingTheTensorUnlessDeclaredUseBiasFalse() throws Exception {
    // A Linear whose bias was dropped from the state_dict: no longer taken as bias=False.
    Path file =
        new SafeTensorsBytes()
            .f32("head.weight", new int[] {1, 2}, 1, 2)
            .write(tmp.resolve("no_head_bias.safetensors"));
    WeightsException e =
        assertFailsUnchanged(file, new TestModel("M").dense("head", 2, 1), PyTorchMapping.byName());
    assertEquals(1, e.problems().size(), e.getMessage());
    assertEquals(
        "head (Dense): the file has no head.bias, but the layer has a bias (useBias = true, the default); if"
            + " the PyTorch layer has bias=False, declare useBias = false, otherwise the state_dict is incomplete",
        e.problems().getFirst());
    // Declared without a bias, its absence is what the interface says.
    TestModel noBias = new TestModel("M").dense("head", 2, 1, false);
    PyTorchWeights.load(file, noBias);
    assertArrayEquals(new float[] {1, 2}, noBias.layer("head").kernel().get());
  }

  @Test
  void missingRecurrentBiasesAreRefusedNamingEachTensor() throws Exception {
    // Layer 1 of a two-layer nn.LSTM and the reverse direction of a bidirectional one lost their
    // biases.
    SafeTensorsBytes b = new SafeTensorsBytes();
    for (int k = 0; k < 2; k++) {
      b.f32("lstm.weight_ih_l" + k, new int[] {4, 1}, new float[4])
          .f32("lstm.weight_hh_l" + k, new int[] {4, 1}, new float[4]);
    }
    b.f32("lstm.bias_ih_l0", new int[] {4}, new float[4])
        .f32("lstm.bias_hh_l0", new int[] {4}, new float[4]);
    b.f32("bi.weight_ih_l0", new int[] {4, 1}, new float[4])
        .f32("bi.weight_hh_l0", new int[] {4, 1}, new float[4])
        .f32("bi.bias_ih_l0", new int[] {4}, new float[4])
        .f32("bi.bias_hh_l0", new int[] {4}, new float[4])
        .f32("bi.weight_ih_l0_reverse", new int[] {4, 1}, new float[4])
        .f32("bi.weight_hh_l0_reverse", new int[] {4, 1}, new float[4]);
    b.f32("cell.weight_ih", new int[] {4, 1}, new float[4])
        .f32("cell.weight_hh", new int[] {4, 1}, new float[4]);
    Path file = b.write(tmp.resolve("lost_biases.safetensors"));
    TestModel model =
        new TestModel("M")
            .lstm("lower", 1, 1)
            .lstm("upper", 1, 1)
            .bidirectional("bi", "LSTM", 1, 1)
            .lstm("cell", 1, 1);
    WeightsException e =
        assertFailsUnchanged(
            file,
            model,
            PyTorchMapping.byName().layer("lower", "lstm[0]").layer("upper", "lstm[1]"));
    assertContains(
        e,
        "upper (LSTM): the file has no lstm.bias_ih_l1 and lstm.bias_hh_l1, but the layer has a bias");
    assertContains(
        e,
        "bi (Bidirectional): the file has no bi.bias_ih_l0_reverse and bi.bias_hh_l0_reverse, but the"
            + " layer has a bias");
    assertContains(
        e, "cell (LSTM): the file has no cell.bias_ih and cell.bias_hh, but the layer has a bias");
    assertEquals(3, e.problems().size(), e.getMessage());
  }

  @Test
  void resetBeforeGruAndNoBiasLayersAreRefused() throws Exception {
    Path file =
        new SafeTensorsBytes()
            .f32("gru.weight_ih_l0", new int[] {3, 1}, 1, 2, 3)
            .f32("gru.weight_hh_l0", new int[] {3, 1}, 4, 5, 6)
            .f32("gru.bias_ih_l0", new int[] {3}, 7, 8, 9)
            .f32("gru.bias_hh_l0", new int[] {3}, 1, 1, 1)
            .write(tmp.resolve("gru.safetensors"));
    assertContains(
        assertFailsUnchanged(
            file, new TestModel("M").gru("gru", 1, 1, false, true), PyTorchMapping.byName()),
        "gru (GRU): declared with resetAfter = false, which PyTorch's GRU does not compute");
    assertContains(
        assertFailsUnchanged(
            file, new TestModel("M").gru("gru", 1, 1, true, false), PyTorchMapping.byName()),
        "gru (GRU): the layer has no bias (useBias = false), but the file has gru.bias_ih_l0 and gru.bias_hh_l0");
  }

  @Test
  void wrongShapesIntegerAndNonFiniteValuesAreAllListed() throws Exception {
    Path file =
        new SafeTensorsBytes()
            .f32("a.weight", new int[] {3, 2}, 1, 2, 3, 4, 5, 6)
            .tensor("b.weight", "I64", new int[] {1, 3}, SafeTensorsBytes.i64(1, 2, 3))
            .f32("c.weight", new int[] {1, 1}, Float.POSITIVE_INFINITY)
            .write(tmp.resolve("bad.safetensors"));
    TestModel model =
        new TestModel("M").dense("a", 2, 2, false).dense("b", 3, 1, false).dense("c", 1, 1, false);
    WeightsException e = assertFailsUnchanged(file, model, PyTorchMapping.byName());
    assertContains(
        e,
        "a (Dense) kernel: expects a.weight with shape (2, 2) (out_features × in_features, PyTorch's"
            + " layout of the Keras (2, 2)), the file has (3, 2)");
    assertContains(
        e,
        "b (Dense): b.weight has dtype I64 (an integer type); weights must be F32, F16, BF16 or F64");
    assertContains(
        e, "c (Dense) kernel: value 0 is Infinity; weights must be finite (c.weight transposed)");
    assertEquals(3, e.problems().size(), e.getMessage());
  }

  @Test
  void rnncFileAndDamagedFilesAreNamed() throws Exception {
    TestModel model = new TestModel("M").dense("fc", 2, 1);
    Path rnnc = tmp.resolve("own.safetensors");
    RnncWeights.save(rnnc, model);
    assertContains(
        assertFailsUnchanged(rnnc, model, PyTorchMapping.byName()),
        "this is an rnnc weight file, not a PyTorch state_dict; load it with RnncWeights.load");
    byte[] good = new SafeTensorsBytes().f32("fc.weight", new int[] {1, 2}, 1, 2).bytes();
    Path cut = Files.write(tmp.resolve("cut.safetensors"), Arrays.copyOf(good, good.length - 4));
    WeightsException e = assertFailsUnchanged(cut, model, PyTorchMapping.byName());
    assertTrue(
        e.getMessage().startsWith("cannot load PyTorch weights from " + cut + ": "),
        e.getMessage());
    assertContains(e, "(truncated?)");
  }

  @Test
  void declarationsThatDoNotFitSayWhatToDeclare() throws Exception {
    Path bi =
        bidirectionalLstm(new SafeTensorsBytes(), "lstm", 0, 1, 1)
            .write(tmp.resolve("bi.safetensors"));
    WeightsException plain =
        assertFailsUnchanged(bi, new TestModel("M").lstm("lstm", 1, 1), PyTorchMapping.byName());
    assertContains(plain, "lstm (LSTM): lstm[0] is bidirectional (lstm.");
    assertContains(
        plain,
        "_reverse); declare the layer @Bidirectional(mergeMode = \"concat\") @LSTM(units = 1) to load"
            + " both directions (PyTorch concatenates them)");
    assertEquals(1, plain.problems().size(), plain.getMessage());
    // Matched by kind and order as well as by name.
    assertContains(
        assertFailsUnchanged(bi, new TestModel("M").lstm("x", 1, 1), PyTorchMapping.byName()),
        "x (LSTM): lstm[0] is bidirectional");

    Path one =
        new SafeTensorsBytes()
            .f32("lstm.weight_ih_l0", new int[] {4, 1}, 1, 2, 3, 4)
            .f32("lstm.weight_hh_l0", new int[] {4, 1}, 5, 6, 7, 8)
            .write(tmp.resolve("one.safetensors"));
    WeightsException two =
        assertFailsUnchanged(
            one,
            new TestModel("M").bidirectional("encoder", "LSTM", 1, 1),
            PyTorchMapping.byName());
    assertContains(
        two,
        "encoder (Bidirectional): lstm[0] has one direction (no _reverse tensors: PyTorch's"
            + " bidirectional=False); declare a plain @LSTM(units = 1), without @Bidirectional");
    assertEquals(1, two.problems().size(), two.getMessage());

    Path proj =
        new SafeTensorsBytes()
            .f32("lstm.weight_ih_l0", new int[] {8, 1}, new float[8])
            .f32("lstm.weight_hh_l0", new int[] {8, 1}, new float[8])
            .f32("lstm.weight_hr_l0", new int[] {1, 2}, 5, 6)
            .write(tmp.resolve("proj.safetensors"));
    WeightsException noProjection =
        assertFailsUnchanged(proj, new TestModel("M").lstm("lstm", 1, 2), PyTorchMapping.byName());
    assertContains(
        noProjection,
        "lstm (LSTM): lstm[0] has proj_size = 1 (lstm.weight_hr_l0 (1, 2) F32); declare"
            + " @LSTM(units = 2, projSize = 1) to load its projection");
    assertEquals(1, noProjection.problems().size(), noProjection.getMessage());

    Path unprojected =
        new SafeTensorsBytes()
            .f32("lstm.weight_ih_l0", new int[] {8, 1}, new float[8])
            .f32("lstm.weight_hh_l0", new int[] {8, 2}, new float[16])
            .write(tmp.resolve("unprojected.safetensors"));
    assertContains(
        assertFailsUnchanged(
            unprojected,
            new TestModel("M").lstmProjected("lstm", 1, 2, 1),
            PyTorchMapping.byName()),
        "lstm (LSTM): declared with projSize = 1, but lstm[0] has no projection (no"
            + " weight_hr tensor: PyTorch's proj_size = 0); declare projSize = 0");
  }

  @Test
  void upperBidirectionalLayerOnASumNamesConcat() throws Exception {
    SafeTensorsBytes b = bidirectionalLstm(new SafeTensorsBytes(), "lstm", 0, 1, 1);
    Path file = bidirectionalLstm(b, "lstm", 1, 2, 10).write(tmp.resolve("bi2.safetensors"));
    // mergeMode = "sum" below: the upper layer takes 1 feature, PyTorch's layer 1 takes 2.
    TestModel model =
        new TestModel("M")
            .bidirectional("lower", "LSTM", 1, 1)
            .bidirectional("upper", "LSTM", 1, 1);
    WeightsException e = assertFailsUnchanged(file, model, PyTorchMapping.byName());
    assertContains(
        e,
        "upper (Bidirectional) forward_layer/kernel: expects lstm.weight_ih_l1 with shape (4, 1)");
    assertContains(
        e,
        "the file has (4, 2); PyTorch feeds lstm[1] both directions of the layer below, concatenated:"
            + " declare mergeMode = \"concat\" on the @Bidirectional below");
  }

  // ---- helpers ----

  /**
   * Layer k of a bidirectional nn.LSTM with 1 unit: forward weight_ih = scale·(1, 2, ...),
   * weight_hh = (5, 6, 7, 8), biases that add to (1.5, 2.5, ...); the reverse direction the same
   * negated, biases to (-0.5, -1.5, ...).
   */
  private static SafeTensorsBytes bidirectionalLstm(
      SafeTensorsBytes b, String module, int k, int in, float scale) {
    for (String suffix : new String[] {"", "_reverse"}) {
      float sign = suffix.isEmpty() ? 1 : -1;
      float[] ih = new float[4 * in];
      for (int i = 0; i < ih.length; i++) {
        ih[i] = sign * scale * (i + 1);
      }
      String l = "_l" + k + suffix;
      b.f32(module + ".weight_ih" + l, new int[] {4, in}, ih)
          .f32(module + ".weight_hh" + l, new int[] {4, 1}, sign * 5, sign * 6, sign * 7, sign * 8)
          .f32(module + ".bias_ih" + l, new int[] {4}, 1, 2, 3, 4)
          .f32(
              module + ".bias_hh" + l,
              new int[] {4},
              suffix.isEmpty()
                  ? new float[] {0.5f, 0.5f, 0.5f, 0.5f}
                  : new float[] {-1.5f, -3.5f, -5.5f, -7.5f});
    }
    return b;
  }

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

  private static WeightsException assertFailsUnchanged(
      Path file, TestModel model, PyTorchMapping mapping) {
    model.initialize(42);
    Map<String, float[]> before = model.snapshot();
    WeightsException e =
        assertThrows(WeightsException.class, () -> PyTorchWeights.load(file, model, mapping));
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
