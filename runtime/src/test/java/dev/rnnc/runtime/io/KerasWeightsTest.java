package dev.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.Variable;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loads files written by real Keras 3 (tools/goldens/io_fixtures.py) into hand-built models and
 * compares every value with the JSON the generator wrote next to each file.
 */
class KerasWeightsTest {

  @TempDir Path tmp;

  // ---- models matching the fixtures ----

  /** Input(5,3) → LSTM(4) "encoder" → Dropout "drop" → GRU(3) "summary" → Dense(2) "head". */
  private static TestModel named() {
    return new TestModel("Named")
        .lstm("encoder", 3, 4)
        .dropout("drop")
        .gru("summary", 4, 3)
        .dense("head", 3, 2);
  }

  private static final Map<String, String> SAME_NAMES =
      Map.of("encoder", "encoder", "summary", "summary", "head", "head");

  // ---- loading ----

  @Test
  void loadsWeightsH5ByName() throws Exception {
    TestModel model = named();
    KerasWeights.load(fixture("named.weights.h5"), model);
    assertLoaded(model, "named.json", SAME_NAMES);
  }

  @Test
  void nameMatchingIgnoresDeclarationOrder() throws Exception {
    TestModel model =
        new TestModel("Reordered").dense("head", 3, 2).gru("summary", 4, 3).lstm("encoder", 3, 4);
    KerasWeights.load(fixture("named.weights.h5"), model);
    assertLoaded(model, "named.json", SAME_NAMES);
  }

  @Test
  void loadsKerasArchive() throws Exception {
    TestModel model = named();
    KerasWeights.load(fixture("named.keras"), model);
    assertLoaded(model, "named.json", SAME_NAMES);
  }

  @Test
  void detectsFormatByContentNotExtension() throws Exception {
    Path archive = Files.copy(fixture("named.keras"), tmp.resolve("archive.weights.h5"));
    Path h5 = Files.copy(fixture("named.weights.h5"), tmp.resolve("weights.bin"));
    for (Path file : new Path[] {archive, h5}) {
      TestModel model = named();
      KerasWeights.load(file, model);
      assertLoaded(model, "named.json", SAME_NAMES);
    }
  }

  @Test
  void matchesDefaultKerasNamesByOrderWithinKind() throws Exception {
    Map<String, String> keras =
        Map.of("first", "lstm", "second", "lstm_1", "hidden", "dense", "out", "dense_1");
    for (String file : new String[] {"default_names.weights.h5", "default_names.keras"}) {
      // Kinds interleaved differently from the Keras model: only the order within a kind counts.
      TestModel model =
          new TestModel("Defaults")
              .dense("hidden", 2, 4)
              .lstm("first", 2, 3)
              .dense("out", 4, 1)
              .lstm("second", 3, 2);
      KerasWeights.load(fixture(file), model);
      assertLoaded(model, "default_names.json", keras);
    }
  }

  @Test
  void loadsEmbeddingAndSimpleRnn() throws Exception {
    TestModel model =
        new TestModel("EmbeddingRnn")
            .embedding("embed", 10, 4)
            .simpleRnn("rnn1", 4, 5)
            .simpleRnn("rnn2", 5, 3)
            .dense("out", 3, 2);
    KerasWeights.load(fixture("embedding_rnn.weights.h5"), model);
    assertLoaded(
        model,
        "embedding_rnn.json",
        Map.of("embed", "embed", "rnn1", "rnn1", "rnn2", "rnn2", "out", "out"));
  }

  @Test
  void loadsGruWithoutResetAfter() throws Exception {
    TestModel model = new TestModel("GruV1").gru("gru_v1", 2, 3, false, true).dense("head", 3, 1);
    KerasWeights.load(fixture("gru_v1.weights.h5"), model);
    assertLoaded(model, "gru_v1.json", Map.of("gru_v1", "gru_v1", "head", "head"));
  }

  @Test
  void loadsLayersWithoutBias() throws Exception {
    TestModel model =
        new TestModel("NoBias")
            .lstm("enc", 2, 3, false)
            .gru("dec", 3, 2, true, false)
            .dense("head", 2, 2, false);
    KerasWeights.load(fixture("no_bias.weights.h5"), model);
    assertLoaded(model, "no_bias.json", Map.of("enc", "enc", "dec", "dec", "head", "head"));
  }

  @Test
  void withoutNameAttributesNamesComeFromConfigJson() throws Exception {
    TestModel model =
        new TestModel("Reordered").dense("head", 3, 2).gru("summary", 4, 3).lstm("encoder", 3, 4);
    KerasWeights.load(fixture("no_name_attrs.keras"), model);
    assertLoaded(model, "named.json", SAME_NAMES);
    // The names seen in a message prove where they came from.
    KerasWeightsException e =
        assertFailsUnchanged(
            fixture("no_name_attrs.keras"),
            new TestModel("Headless").lstm("encoder", 3, 4).gru("summary", 4, 3));
    assertContains(e, "file layer dense 'head' (Dense) matches no layer of the model");
  }

  @Test
  void withoutAnyNamesLayersMatchByOrder() throws Exception {
    TestModel model =
        new TestModel("Renamed").lstm("enc", 3, 4).gru("sum", 4, 3).dense("out", 3, 2);
    KerasWeights.load(fixture("no_name_attrs.weights.h5"), model);
    assertLoaded(model, "named.json", Map.of("enc", "encoder", "sum", "summary", "out", "head"));
    KerasWeightsException e =
        assertFailsUnchanged(
            fixture("no_name_attrs.weights.h5"),
            new TestModel("Headless").lstm("encoder", 3, 4).gru("summary", 4, 3));
    assertContains(e, "file layer dense (Dense) matches no layer of the model");
  }

  @Test
  void convertsFloat64AndFloat16() throws Exception {
    for (String name : new String[] {"float64", "float16"}) {
      TestModel model = named();
      KerasWeights.load(fixture(name + ".weights.h5"), model);
      assertLoaded(model, name + ".json", SAME_NAMES);
    }
  }

  // ---- mismatches: every problem reported, nothing set ----

  @Test
  void wrongUnitsNameExpectedAndActualShapes() throws Exception {
    TestModel model =
        new TestModel("Wide").lstm("encoder", 3, 5).gru("summary", 5, 3).dense("head", 3, 2);
    KerasWeightsException e = assertFailsUnchanged(fixture("named.weights.h5"), model);
    assertContains(e, "encoder (LSTM) kernel: expected shape (3, 20), the file has (3, 16)");
    assertContains(
        e, "encoder (LSTM) recurrent_kernel: expected shape (5, 20), the file has (4, 16)");
    assertContains(e, "encoder (LSTM) bias: expected shape (20,), the file has (16,)");
    assertContains(e, "summary (GRU) kernel: expected shape (5, 9), the file has (4, 9)");
    assertEquals(4, e.problems().size(), e.getMessage());
  }

  @Test
  void missingLayerListsTheFileLayers() throws Exception {
    TestModel model = named().dense("tail", 2, 2);
    KerasWeightsException e = assertFailsUnchanged(fixture("named.weights.h5"), model);
    assertContains(e, "tail (Dense): not in the file");
    // A bare .weights.h5 does not record the order across kinds: listed by class, then key.
    assertContains(
        e,
        "file layers: dense 'head' (Dense), dropout 'drop' (Dropout, no weights), gru 'summary' (GRU),"
            + " lstm 'encoder' (LSTM), input_layer 'input_layer' (unknown class, no weights)");
    assertEquals(1, e.problems().size(), e.getMessage());
  }

  @Test
  void layerOfAnotherKindIsPointedOut() throws Exception {
    TestModel model =
        new TestModel("Kinds").gru("encoder", 3, 4).gru("summary", 4, 3).dense("head", 3, 2);
    KerasWeightsException e = assertFailsUnchanged(fixture("named.weights.h5"), model);
    assertContains(
        e,
        "GRU layers match neither by name nor by order: the file has no GRU named [encoder]"
            + " (the file's layer named 'encoder' is a LSTM, key lstm), and summary would get nothing by order");
    assertContains(e, "file layer lstm 'encoder' (LSTM) matches no layer of the model");
    assertEquals(2, e.problems().size(), e.getMessage());
  }

  @Test
  void extraFileLayerIsAnError() throws Exception {
    TestModel model = new TestModel("Headless").lstm("encoder", 3, 4).gru("summary", 4, 3);
    KerasWeightsException e = assertFailsUnchanged(fixture("named.weights.h5"), model);
    assertContains(e, "file layer dense 'head' (Dense) matches no layer of the model");
    assertEquals(1, e.problems().size(), e.getMessage());
  }

  @Test
  void orderThatContradictsNamesIsRefused() throws Exception {
    // "lstm_1" is the name of the file's second LSTM, but by order it would get the first.
    TestModel model =
        new TestModel("Confused")
            .lstm("lstm_1", 2, 3)
            .lstm("other", 3, 2)
            .dense("dense", 2, 4)
            .dense("dense_1", 4, 1);
    KerasWeightsException e = assertFailsUnchanged(fixture("default_names.weights.h5"), model);
    assertContains(e, "LSTM layers match neither by name nor by order");
    assertContains(
        e, "lstm_1 would get lstm 'lstm' (LSTM) by order, though lstm_1 carries its name");
    assertEquals(1, e.problems().size(), e.getMessage());
  }

  @Test
  void biasCountMismatchIsExplained() throws Exception {
    TestModel model =
        new TestModel("Biased")
            .lstm("enc", 2, 3, true)
            .gru("dec", 3, 2, true, false)
            .dense("head", 2, 2, false);
    KerasWeightsException e = assertFailsUnchanged(fixture("no_bias.weights.h5"), model);
    assertContains(
        e,
        "enc (LSTM): the model has 3 variables [kernel(2, 12), recurrent_kernel(3, 12), bias(12,)],"
            + " file layer lstm 'enc' (LSTM) has 2 [(2, 12), (3, 12)] (use_bias differs?)");
  }

  @Test
  void reportsAllProblemsAtOnce() throws Exception {
    TestModel model =
        new TestModel("Broken")
            .lstm("encoder", 3, 5)
            .gru("summary", 5, 3)
            .dense("tail", 7, 2)
            .dense("tail2", 2, 2);
    KerasWeightsException e = assertFailsUnchanged(fixture("named.weights.h5"), model);
    assertContains(e, "encoder (LSTM) kernel");
    assertContains(e, "summary (GRU) kernel");
    assertContains(
        e,
        "tail (Dense, matched by order to dense 'head' (Dense)) kernel: expected shape (7, 2),"
            + " the file has (3, 2) at /layers/dense/vars/0");
    assertContains(e, "tail2 (Dense): not in the file");
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot load Keras weights from "
                    + fixture("named.weights.h5")
                    + " into model Broken: 6 problems"),
        e.getMessage());
  }

  @Test
  void integerDatasetIsRejected() throws Exception {
    KerasWeightsException e = assertFailsUnchanged(fixture("int.weights.h5"), named());
    assertContains(
        e,
        "head (Dense) kernel: /layers/dense/vars/0 is an integer dataset (int64);"
            + " weights must be floating point");
    assertEquals(1, e.problems().size(), e.getMessage());
  }

  @Test
  void nonFiniteValueIsRejected() throws Exception {
    KerasWeightsException e = assertFailsUnchanged(fixture("nan.weights.h5"), named());
    // Row 1, column 2 of a (3, 9) matrix.
    assertContains(
        e,
        "summary (GRU) recurrent_kernel: value 11 is NaN; weights must be finite"
            + " (/layers/gru/cell/vars/1)");
  }

  // ---- files that are not Keras weights ----

  @Test
  void truncatedWeightsFile() throws Exception {
    byte[] bytes = Files.readAllBytes(fixture("named.weights.h5"));
    for (int length : new int[] {bytes.length / 2, bytes.length - 64, 600, 20}) {
      Path file = tmp.resolve("truncated-" + length + ".weights.h5");
      Files.write(file, Arrays.copyOf(bytes, length));
      KerasWeightsException e = assertFailsUnchanged(file, named());
      assertContains(e, file.toString());
      assertContains(e, "truncated");
    }
  }

  @Test
  void truncatedKerasArchive() throws Exception {
    byte[] bytes = Files.readAllBytes(fixture("named.keras"));
    Path file = tmp.resolve("truncated.keras");
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    KerasWeightsException e = assertFailsUnchanged(file, named());
    assertContains(e, "cannot be read as a .keras (zip) archive, it is damaged or truncated");
  }

  @Test
  void randomBytes() throws Exception {
    byte[] bytes = new byte[4096];
    new Random(7).nextBytes(bytes);
    bytes[0] = 0x13;
    Path file = Files.write(tmp.resolve("random.weights.h5"), bytes);
    KerasWeightsException e = assertFailsUnchanged(file, named());
    assertContains(
        e,
        "neither a Keras .weights.h5 (HDF5) file nor a .keras (zip) archive; it starts with bytes 13 ");
  }

  @Test
  void emptyFile() throws Exception {
    Path file = Files.createFile(tmp.resolve("empty.keras"));
    assertContains(assertFailsUnchanged(file, named()), "the file is empty");
  }

  @Test
  void zipWithoutWeights() throws Exception {
    Path file = tmp.resolve("config-only.keras");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry("config.json"));
      zip.write("{}".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    KerasWeightsException e = assertFailsUnchanged(file, named());
    assertContains(
        e,
        "the zip has no model.weights.h5 entry, so it is not a .keras model archive; entries: [config.json]");
  }

  @Test
  void hdf5WithoutLayersGroup() throws Exception {
    Path file = tmp.resolve("legacy.h5");
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      hdf.putGroup("model_weights").putDataset("kernel", new float[][] {{1f, 2f}});
    }
    KerasWeightsException e = assertFailsUnchanged(file, named());
    assertContains(e, "legacy Keras 2 (tf.keras) HDF5 weight file");
  }

  @Test
  void shapeBombDatasetIsRefusedBeforeReading() throws Exception {
    KerasWeightsException e = assertFailsUnchanged(fixture("shape_bomb.weights.h5"), named());
    assertContains(
        e,
        "head (Dense) kernel: /layers/dense/vars/0 declares shape [100000, 100000], more values than"
            + " one Java array holds");
    assertContains(
        e,
        "head (Dense) bias: /layers/dense/vars/1 declares 3600000000 bytes but stores only 0;"
            + " refusing a likely shape bomb");
  }

  /**
   * A contiguous dataset whose declared data runs past the end of the file (found by fuzzing: jhdf
   * reads the missing bytes again and again from the same position, which for a large size does not
   * finish) is refused before it is read.
   */
  @Test
  void datasetRunningPastTheEndOfTheFileIsRefusedBeforeReading() throws Exception {
    KerasWeightsException e = assertFailsUnchanged(fixture("data_past_end.weights.h5"), named());
    assertContains(
        e, "head (Dense) kernel: /layers/dense/vars/0 declares 2400000 bytes of data from");
    assertContains(e, "but the file has 25088 bytes");
  }

  /**
   * A chunk whose bytes run past the end of the file (its address patched to 8 bytes before the
   * end; libhdf5 calls it "addr overflow") is refused, not read: jhdf's file reader would fill the
   * chunk by reading the file's last bytes over and over and hand them back as weights.
   */
  @Test
  void chunkRunningPastTheEndOfTheFileIsRefused() throws Exception {
    KerasWeightsException e = assertFailsUnchanged(fixture("chunk_past_end.weights.h5"), named());
    assertContains(
        e,
        "head (Dense) kernel: /layers/dense/vars/0 is damaged: Failed to read chunk for dataset"
            + " '/layers/dense/vars/0' at address 27696");
  }

  /**
   * Read through a channel, as files too large to map are, the same chunk is refused by the channel
   * ({@link ReadFullyChannel}), which says what ran past the end.
   */
  @Test
  void chunkRunningPastTheEndIsRefusedByTheChannel() throws Exception {
    List<StoredLayer> layers = H5WeightsReader.read(fixture("chunk_past_end.weights.h5"), -1);
    StoredVariable kernel =
        layers.stream()
            .filter(layer -> layer.key().equals("dense"))
            .findFirst()
            .orElseThrow()
            .variables()
            .get(0);
    assertEquals(
        "is damaged: 24 bytes of data at byte 27696 run past the end of the file (27704 bytes)",
        kernel.problem());
  }

  /**
   * A chunk whose stored size is patched to almost 2 GiB in a file of 27 KB is refused from the
   * chunk index, before jhdf allocates a buffer of that size to read it into (an OutOfMemoryError
   * in a small heap). The message is the index check's, not the read's.
   */
  @Test
  void chunkLargerThanTheFileIsRefusedBeforeReading() throws Exception {
    KerasWeightsException e = assertFailsUnchanged(fixture("huge_chunk.weights.h5"), named());
    assertContains(
        e,
        "head (Dense) kernel: /layers/dense/vars/0 stores 2147483632 bytes, more than the whole"
            + " file (27704 bytes)");
  }

  /**
   * A chunk whose deflated stream inflates far past the chunk (16 KiB of floats, 64 MiB of zeros in
   * a file of 90 KB) is refused as soon as it passes the chunk's size: jhdf's own filter would
   * inflate all of it (a larger stream made a 256 MiB heap run out).
   */
  @Test
  void chunkInflatingPastItsSizeIsRefused() throws Exception {
    KerasWeightsException e = assertFailsUnchanged(fixture("deflate_bomb.weights.h5"), named());
    assertContains(
        e,
        "head (Dense) kernel: /layers/dense/vars/0 is damaged: a chunk of 16384 bytes inflates"
            + " past them");
  }

  /**
   * Compressed chunks (h5py's "gzip" and "lzf", which Keras does not write) load as the plain file
   * does.
   */
  @ParameterizedTest
  @ValueSource(strings = {"gzip.weights.h5", "lzf.weights.h5"})
  void loadsCompressedDatasets(String file) throws Exception {
    TestModel model = named();
    KerasWeights.load(fixture(file), model);
    assertLoaded(model, "named.json", SAME_NAMES);
  }

  /**
   * An LZF chunk whose filter parameters, or an LZ4 or bitshuffle-LZ4 chunk whose header, declare
   * almost 2 GiB decoded for a chunk of 24 bytes is refused before jhdf allocates the declared
   * size.
   */
  @ParameterizedTest
  @CsvSource({
    "lzf_bomb.weights.h5, lzf",
    "lz4_bomb.weights.h5, lz4",
    "bitshuffle_bomb.weights.h5, bitshuffle"
  })
  void chunkDeclaringMoreThanItsSizeIsRefused(String file, String filter) throws Exception {
    KerasWeightsException e = assertFailsUnchanged(fixture(file), named());
    assertContains(
        e,
        "head (Dense) kernel: /layers/dense/vars/0 is damaged: a chunk of 24 bytes declares"
            + " 2147483632 decoded bytes ("
            + filter
            + ")");
  }

  /**
   * A global heap collection (where the name attributes' strings live) declaring almost 2 GiB in a
   * file of 27 KB is refused without allocating it: the mapped file is read by slices.
   */
  @Test
  void globalHeapLargerThanTheFileIsRefused() throws Exception {
    KerasWeightsException e = assertFailsUnchanged(fixture("gcol_bomb.weights.h5"), named());
    assertContains(
        e,
        "it is damaged or truncated: io.jhdf.exceptions.HdfException: Error reading"
            + " global heap at address 2048");
  }

  /**
   * A chunked bias whose float type's size reads 410,976,256 bytes (as a fuzzed file's did) is
   * refused before jhdf multiplies it into the bytes it allocates (821 MB for two elements).
   */
  @Test
  void floatTypeOfADamagedSizeIsRefused() throws Exception {
    KerasWeightsException e = assertFailsUnchanged(fixture("type_size_bomb.weights.h5"), named());
    assertContains(
        e,
        "head (Dense) bias: /layers/dense/vars/1 has a floating-point type of 410976256 bytes;"
            + " weights are float16, float32 or float64");
  }

  @Test
  void zipEntryDeclaringAHugeSizeIsRefused() throws Exception {
    byte[] weights = Files.readAllBytes(fixture("named.weights.h5"));
    byte[] zip = zipWith(weights, 0);
    patchCentralSize(zip, 0x7fff_ffffL); // 2 GiB declared, a few KB stored
    Path file = Files.write(tmp.resolve("bomb.keras"), zip);
    KerasWeightsException e = assertFailsUnchanged(file, named());
    assertContains(e, "model.weights.h5 in the archive declares 2147483647 bytes but stores only");
    assertContains(e, "refusing a likely decompression bomb");
  }

  @Test
  void zipEntryExpandingPastItsLimitIsStoppedWhileCopying() throws Exception {
    // The declared size lies (patched small); the copy counts what the inflater really produces.
    byte[] weights = Files.readAllBytes(fixture("named.weights.h5"));
    byte[] zip = zipWith(weights, 8 << 20);
    patchCentralSize(zip, weights.length);
    Path file = Files.write(tmp.resolve("lying.keras"), zip);
    BadWeightFile e = assertThrows(BadWeightFile.class, () -> KerasArchive.read(file, 1 << 16));
    // Said once: the refusal is not prefixed with the entry name a second time.
    long stored = zipEntrySize(zip);
    assertEquals(
        ("model.weights.h5 in the archive expands past %d bytes (it declares %d, stores %d); refusing a"
                + " likely decompression bomb")
            .formatted(KerasArchive.MAX_EXPANSION * stored, weights.length, stored),
        e.getMessage());
  }

  /** A .keras-like zip whose weights entry is deflated and padded with {@code zeros} zero bytes. */
  private static byte[] zipWith(byte[] weights, int zeros) throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("model.weights.h5"));
      zip.write(weights);
      zip.write(new byte[zeros]);
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  /** The compressed size of the first central directory record. */
  private static long zipEntrySize(byte[] zip) {
    for (int i = zip.length - 46; i >= 0; i--) {
      if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
        return java.nio.ByteBuffer.wrap(zip, i + 20, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt()
            & 0xffffffffL;
      }
    }
    throw new IllegalStateException("no central directory record");
  }

  /** Overwrites the uncompressed size of the first central directory record. */
  private static void patchCentralSize(byte[] zip, long size) {
    for (int i = zip.length - 46; i >= 0; i--) {
      if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
        java.nio.ByteBuffer.wrap(zip, i + 24, 4)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putInt((int) size);
        return;
      }
    }
    throw new IllegalStateException("no central directory record");
  }

  @Test
  void missingFileIsPlainIoException() {
    assertThrows(
        NoSuchFileException.class, () -> KerasWeights.load(tmp.resolve("nope.keras"), named()));
  }

  // ---- helpers ----

  private static Path fixture(String name) throws URISyntaxException {
    var url = KerasWeightsTest.class.getResource("/io/" + name);
    if (url == null) {
      throw new IllegalStateException(
          "missing fixture " + name + "; run tools/goldens/io_fixtures.py");
    }
    return Path.of(url.toURI());
  }

  /** Every variable equals the generator's values exactly; javaName → Keras layer name. */
  private static void assertLoaded(TestModel model, String json, Map<String, String> kerasNames)
      throws Exception {
    JsonNode expected;
    try (var in = Files.newInputStream(fixture(json))) {
      expected = new ObjectMapper().readTree(in);
    }
    int checked = 0;
    for (Layer layer : model.layers()) {
      if (layer.variables().isEmpty()) {
        continue;
      }
      JsonNode vars = expected.get(kerasNames.get(layer.name()));
      assertEquals(layer.variables().size(), vars.size(), layer.name());
      for (Variable v : layer.variables()) {
        JsonNode entry = vars.get(v.name());
        int[] shape = new int[entry.get("shape").size()];
        Arrays.setAll(shape, i -> entry.get("shape").get(i).asInt());
        assertArrayEquals(shape, v.shape(), layer.name() + "/" + v.name());
        float[] values = new float[entry.get("values").size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) entry.get("values").get(i).asDouble();
        }
        assertArrayEquals(values, v.get(), layer.name() + "/" + v.name());
        checked++;
      }
    }
    assertTrue(checked > 0);
  }

  /** Loading fails with a KerasWeightsException and leaves every variable as it was. */
  private static KerasWeightsException assertFailsUnchanged(Path file, TestModel model) {
    model.initialize(42);
    Map<String, float[]> before = model.snapshot();
    KerasWeightsException e =
        assertThrows(KerasWeightsException.class, () -> KerasWeights.load(file, model));
    Map<String, float[]> after = model.snapshot();
    assertEquals(before.keySet(), after.keySet());
    before.forEach((k, v) -> assertArrayEquals(v, after.get(k), "changed by a failed load: " + k));
    assertEquals(file, e.file());
    return e;
  }

  private static void assertContains(KerasWeightsException e, String text) {
    assertTrue(
        e.getMessage().contains(text), () -> "expected «" + text + "» in:\n" + e.getMessage());
  }
}
