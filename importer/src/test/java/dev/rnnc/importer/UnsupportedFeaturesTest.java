package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every feature rnnc cannot express is refused with an error that names the layer and the option
 * (fixtures: one small real Keras model per feature, {@code
 * src/test/resources/keras/unsupported/}).
 */
class UnsupportedFeaturesTest {

  /**
   * Each row: the file, then the expected problems separated by {@code |}, each problem as the
   * fragments it must contain separated by {@code &}.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      return_state;                 layer 'encoder' (LSTM): return_state = true, but no layer starts from its states \
                                    & save the model with return_state = false
      time_distributed_dropout;     layer 'per_step' (TimeDistributed) & wraps a Dropout & wraps only a Dense
      masking_after_vector;         layer 'mask' (Masking) & needs a sequence & its input is (3,)
      mask_zero_no_vocabulary;      layer 'embed' (Embedding) & mask_zero = true with input_dim = 1
      unroll_backwards_masked;      layer 'encoder' (LSTM) & unroll = true on a masked input \
                                    & with go_backwards, zero_output_for_mask and return_sequences is not supported \
                                    & by the mask in input order & save the model with unroll = false
      bidirectional_unroll_masked;  layer 'bi' (Bidirectional(GRU)) \
                                    & unroll = true on a masked input in a Bidirectional
      foreign_mask;                 layer 'summary' (LSTM) receives a mask ('any \
                                    & where no Masking or Embedding(mask_zero=True) before it makes one
      conv1d;                       layer 'conv' (Conv1D) & layer type Conv1D is not supported \
                                    & rnnc has LSTM, GRU
      custom_cell;                  layer 'custom' (RNN): the cell MinimalRNNCell is not a built-in Keras cell \
                                    & declare @RNN(cell = ...) by hand
      unknown_activation;           layer 'head' (Dense) & activation 'leaky_relu' is not supported \
                                    & rnnc knows linear
      softmax_recurrent;            layer 'encoder' (SimpleRNN) & activation 'softmax' is supported only on Dense
      float64;                      layer 'encoder' (LSTM) & dtype policy 'float64' & float32
      lora;                         layer 'head' (Dense) & lora_rank = 2 is not supported
      dropout_rate_one;             layer 'drop' (Dropout) & rate = 1.0 is not supported & [0, 1)
      flat_input;                   the input (None, 4) is not a sequence
      unbuilt;                      no input shape & keras.Input
      embedding_not_first;          (None, 6) int32 & takes only into an Embedding, but it feeds layer 'drop' (Dropout)
      several_problems;             layer 'encoder' (GRU) & activation 'relu6' \
                                    | layer 'encoder' (GRU) & recurrent_activation 'relu6' | layer 'conv' (Conv1D)
      op_input;                     layer 'encoder' (LSTM) takes the result of the op 'multiply' (Multiply) \
                                    & use a Keras layer for that computation
      state_as_input;               layer 'head' (Dense) takes output #1 of 'encoder' (a returned state) as its input \
                                    & only as the initial_state of a recurrent layer (@InitialState)
      same_input_twice;             layer 'double' (Add) takes 'window' twice
      states_swapped;               layer 'decoder' (LSTM) starts from the initial states [encoder#2, encoder#1] \
                                    & not all the states of one earlier recurrent layer in Keras' order
      masked_initial_state;         layer 'decoder' (GRU) is called with initial_state \
                                    & Keras 3.15 drops the mask of layer 'pad' (Masking) & rnnc would apply that mask
      call_states_second_layer;     layer 'second' (GRU) starts from initial states that are model inputs (h0) \
                                    & only to the first recurrent layer & this is not the first recurrent layer
      partial_mask_merge;           layer 'summary' (LSTM) receives the mask Keras makes at a merge \
                                    & of masked and unmasked inputs & only when every input carries one
      masked_multiply;              layer 'product' (Multiply) receives a mask & Keras multiplies masked steps by 1
      concatenate_time_axis;        layer 'longer' (Concatenate): axis = 1 is not supported \
                                    & rnnc concatenates on the last axis (-1)
      shared_bidirectional;         layer 'bi' (Bidirectional) is called 2 times (a shared layer) \
                                    & rnnc shares LSTM, GRU, SimpleRNN, Dense and Embedding layers that are not stateful
      attention;                    layer 'attention' (Attention): layer type Attention is not supported
      layer_normalization;          layer 'norm' (LayerNormalization): layer type LayerNormalization is not supported
      keras2_metadata;              saved by Keras 2.15.0 & Keras 3
      """)
  void refused(String file, String expected) {
    Path path = Fixtures.keras("unsupported/" + file + ".keras");
    ImportException e =
        assertThrows(
            ImportException.class, () -> KerasImporter.importModel(path, "com.acme", null));
    List<String> wanted = Arrays.stream(expected.split("\\|")).map(String::strip).toList();
    assertEquals(wanted.size(), e.problems().size(), "problems: " + e.problems());
    for (int i = 0; i < wanted.size(); i++) {
      for (String fragment : wanted.get(i).split("&")) {
        String problem = e.problems().get(i);
        assertTrue(
            problem.contains(fragment.strip()),
            "problem " + i + " '" + problem + "' lacks '" + fragment.strip() + "'");
      }
    }
    assertTrue(e.getMessage().startsWith("cannot import " + path), e.getMessage());
  }

  @Test
  void inferenceIrrelevantOptionsAreDroppedWithANoteAndCellDropoutDeclared() throws Exception {
    KerasImporter.Result result =
        KerasImporter.importModel(Fixtures.keras("ignored_options.keras"), "com.acme", null);
    assertEquals(
        List.of(
            "layer 'encoder' (LSTM): unroll = true ignored: the input's timesteps vary, and rnnc unrolls only a fixed"
                + " number of timesteps; Keras' unrolled loop computes what its loop computes",
            "layer 'encoder' (LSTM): zero_output_for_mask = true ignored: it only acts on masked steps, and no mask"
                + " reaches this layer"),
        result.notes());
    // initializers, regularizers, constraints, seeds and Dropout's noise_shape leave no trace;
    // the cell dropout rates are declared, for training
    assertTrue(
        result
            .source()
            .contains(
                "  @LSTM(units = 4, dropout = 0.2, recurrentDropout = 0.1)\n  Layer encoder();"),
        result.source());
    assertTrue(
        result.source().contains("  @Dropout(rate = 0.5)\n  Layer drop();"), result.source());
    assertTrue(result.source().contains("  @Dense(units = 1)\n  Layer head();"), result.source());
    assertTrue(result.source().contains("Ignored Keras options: unroll = true"), result.source());
  }

  @Test
  void statefulModelWithSeveralStreamsIsImportedWithANote() throws Exception {
    KerasImporter.Result result =
        KerasImporter.importModel(Fixtures.keras("stateful_batch.keras"), "com.acme", null);
    assertEquals(
        List.of(
            "the Keras model is stateful with batch size 2, so its states hold 2 independent streams; an rnnc instance"
                + " keeps the states of one stream and takes one sample per call: use one instance per stream",
            "layer 'encoder' (GRU): unroll = true ignored: the input has 40 timesteps, more than rnnc unrolls by default"
                + " (-Arnnc.unrollLimit = 32); Keras' unrolled loop computes what its loop computes"),
        result.notes());
    String source = result.source();
    assertTrue(source.contains("  @GRU(units = 4, stateful = true)\n  Layer encoder();"), source);
    assertTrue(source.contains("  float[] predict(float[][] input);"), source);
    assertTrue(source.contains("  void predictInto(float[][] input, float[] out);"), source);
    assertTrue(source.contains("  void resetStates();"), source);
    // the processor refuses batch calls on stateful models; step() fits only models fed one
    // timestep per call
    assertFalse(source.contains("[][][]"), source);
    assertFalse(source.contains("step("), source);
  }

  @Test
  void missingFile(@TempDir Path dir) {
    Path missing = dir.resolve("absent.keras");
    ImportException e =
        assertThrows(ImportException.class, () -> KerasImporter.importModel(missing, "a", null));
    assertEquals(List.of("no such file"), e.problems());
  }

  @Test
  void notAZip(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("model.keras"), "not a zip");
    ImportException e =
        assertThrows(ImportException.class, () -> KerasImporter.importModel(file, "a", null));
    assertTrue(
        e.problems().getFirst().startsWith("not a .keras archive (not a zip file"), e.getMessage());
  }

  @Test
  void zipWithoutConfig(@TempDir Path dir) throws IOException {
    Path file = zip(dir.resolve("weights-only.keras"), "model.weights.h5", "");
    ImportException e =
        assertThrows(ImportException.class, () -> KerasImporter.importModel(file, "a", null));
    assertEquals(
        List.of(
            "the zip has no config.json, so it is not a Keras 3 .keras model archive; entries:"
                + " [model.weights.h5]"),
        e.problems());
  }

  @Test
  void configNotJson(@TempDir Path dir) throws IOException {
    Path file = zip(dir.resolve("broken.keras"), "config.json", "{\"class_name\": ");
    ImportException e =
        assertThrows(ImportException.class, () -> KerasImporter.importModel(file, "a", null));
    assertTrue(
        e.problems().getFirst().startsWith("config.json in the archive is not valid JSON"),
        e.getMessage());
  }

  @Test
  void configDeclaringAHugeSizeIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
    // A real config.json, its size in the central directory patched to 2 GiB: a likely zip bomb.
    byte[] zip = zipBytes("config.json", realConfig(), 0);
    long stored = patchCentralSize(zip, 0x7fff_ffffL);
    Path file = Files.write(dir.resolve("bomb.keras"), zip);
    ImportException e =
        assertThrows(ImportException.class, () -> KerasImporter.importModel(file, "a", null));
    assertEquals(
        List.of(
            ("config.json in the archive declares 2147483647 bytes (it stores %d), more than the 67108864"
                    + " a model config may have; refusing a likely decompression bomb")
                .formatted(stored)),
        e.problems());
  }

  @Test
  void configExpandingPastTheLimitIsStoppedWhileReading(@TempDir Path dir) throws Exception {
    // The declared size lies (patched to the real config's); the reader counts what the inflater
    // produces.
    byte[] config = realConfig();
    byte[] zip = zipBytes("config.json", config, 1 << 20);
    long stored = patchCentralSize(zip, config.length);
    Path file = Files.write(dir.resolve("lying.keras"), zip);
    ImportException e =
        assertThrows(ImportException.class, () -> ModelArchive.read(file, 64 << 10));
    assertEquals(
        List.of(
            ("config.json in the archive expands past 65536 bytes (it declares %d, stores %d); refusing a"
                    + " likely decompression bomb")
                .formatted(config.length, stored)),
        e.problems());
    // Within the limit, the same real config reads.
    Path honest = Files.write(dir.resolve("honest.keras"), zipBytes("config.json", config, 0));
    assertEquals(
        "Functional", ModelArchive.read(honest, 64 << 10).config().path("class_name").asText());
  }

  /** config.json of a real Keras archive. */
  private static byte[] realConfig() throws IOException {
    try (java.util.zip.ZipFile zip =
        new java.util.zip.ZipFile(Fixtures.keras("keras_zip.keras").toFile())) {
      return zip.getInputStream(zip.getEntry("config.json")).readAllBytes();
    }
  }

  /**
   * A deflated one-entry zip of {@code content} followed by {@code spaces} spaces (still valid
   * JSON).
   */
  private static byte[] zipBytes(String entry, byte[] content, int spaces) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry(entry));
      out.write(content);
      byte[] padding = new byte[spaces];
      Arrays.fill(padding, (byte) ' ');
      out.write(padding);
      out.closeEntry();
    }
    return bytes.toByteArray();
  }

  /**
   * Overwrites the uncompressed size of the first central directory record; returns its compressed
   * size.
   */
  private static long patchCentralSize(byte[] zip, long size) {
    for (int i = zip.length - 46; i >= 0; i--) {
      if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
        java.nio.ByteBuffer record =
            java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        record.putInt(i + 24, (int) size);
        return record.getInt(i + 20) & 0xffffffffL;
      }
    }
    throw new IllegalStateException("no central directory record");
  }

  @Test
  void badJavaNamesAreRefusedBeforeReading() {
    Path model = Fixtures.keras("keras_zip.keras");
    IllegalArgumentException p =
        assertThrows(
            IllegalArgumentException.class,
            () -> KerasImporter.importModel(model, "com.1acme", null));
    assertEquals("package 'com.1acme' is not a valid Java package name", p.getMessage());
    IllegalArgumentException n =
        assertThrows(
            IllegalArgumentException.class,
            () -> KerasImporter.importModel(model, "com.acme", "class"));
    assertEquals("'class' is not a valid Java type name", n.getMessage());
  }

  private static Path zip(Path file, String entry, String content) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      out.putNextEntry(new ZipEntry(entry));
      out.write(content.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return file;
  }
}
