package dev.rnnc.runtime.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors file: an 8-byte little-endian header length, a JSON header mapping each
 * tensor name to {@code dtype}, {@code shape} and {@code data_offsets} (plus an optional {@code
 * __metadata__} object of strings), then the raw little-endian tensor data.
 *
 * <p>{@link #open} checks the whole header against the file before any tensor is read, as the
 * reference implementation does: a header of at most 100 MB that fits in the file, valid JSON
 * without duplicate names, known dtypes, byte ranges that match shape × element size and tile the
 * data section exactly (no overlap, no gap, nothing after the last tensor). A file that passes can
 * only fail later if it changes underneath. Tensors are read on demand with positioned reads (no
 * memory mapping, so a file truncated by someone else cannot crash the JVM).
 */
final class SafeTensorsReader implements Closeable {
  /** The reference implementation's limit on the header size. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  static final String METADATA_KEY = "__metadata__";

  private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, String> metadata;
  private final Map<String, TensorEntry> tensors;

  private SafeTensorsReader(
      FileChannel channel,
      long dataStart,
      Map<String, String> metadata,
      Map<String, TensorEntry> tensors) {
    this.channel = channel;
    this.dataStart = dataStart;
    this.metadata = metadata;
    this.tensors = tensors;
  }

  /**
   * Opens and checks a safetensors file.
   *
   * @throws BadWeightFile when the file is not a well-formed safetensors file, saying what is wrong
   * @throws IOException when it cannot be opened or read
   */
  static SafeTensorsReader open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long size = channel.size();
      byte[] prefix = readFully(channel, 0, (int) Math.min(8, size));
      if (size < 8) {
        throw new BadWeightFile(
            size == 0
                ? "the file is empty"
                : "the file is truncated: "
                    + size
                    + " bytes, less than the 8-byte header length a safetensors file starts with");
      }
      checkNotOtherFormat(prefix);
      long headerLength = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
        throw new BadWeightFile(
            "not a safetensors file: its first 8 bytes declare a JSON header of "
                + Long.toUnsignedString(headerLength)
                + " bytes, more than the "
                + MAX_HEADER_BYTES
                + " a header may have");
      }
      if (headerLength > size - 8) {
        throw new BadWeightFile(
            "the file is truncated or not safetensors: it declares a JSON header of %d bytes, but only %d bytes follow"
                .formatted(headerLength, size - 8));
      }
      byte[] header = readFully(channel, 8, (int) headerLength);
      long dataStart = 8 + headerLength;
      JsonNode root = parseHeader(header);
      Map<String, String> metadata = readMetadata(root.get(METADATA_KEY));
      Map<String, TensorEntry> tensors = readEntries(root, size - dataStart);
      return new SafeTensorsReader(channel, dataStart, metadata, tensors);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The {@code __metadata__} strings, empty when the header has none. */
  Map<String, String> metadata() {
    return metadata;
  }

  /** Every tensor, in header order. */
  List<TensorEntry> tensors() {
    return List.copyOf(tensors.values());
  }

  /** The tensor with the given name, or {@code null}. */
  TensorEntry tensor(String name) {
    return tensors.get(name);
  }

  /**
   * Reads a tensor as float32 values, row-major.
   *
   * @throws BadWeightFile naming the tensor when its dtype is not a floating type, a value does not
   *     fit float32, it is too large for one Java array, or the file changed since it was opened
   */
  float[] readFloats(TensorEntry tensor) throws IOException {
    if (!tensor.dtype().isWeightType()) {
      throw new BadWeightFile(tensor.name() + " " + tensor.dtype().notWeights());
    }
    long count = tensor.count();
    long bytes = tensor.end() - tensor.begin();
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new BadWeightFile(
          tensor.describe() + " has " + count + " elements, more than one Java array holds");
    }
    byte[] raw = readFully(channel, dataStart + tensor.begin(), (int) bytes);
    try {
      return tensor.dtype().toFloats(raw, (int) count);
    } catch (IllegalArgumentException e) {
      throw new BadWeightFile(tensor.name() + ": " + e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static void checkNotOtherFormat(byte[] prefix) throws BadWeightFile {
    if (Arrays.equals(prefix, HDF5_SIGNATURE)) {
      throw new BadWeightFile(
          "this is an HDF5 file (a Keras .weights.h5?), not safetensors; load it with KerasWeights.load");
    }
    if (prefix[0] == 'P' && prefix[1] == 'K' && prefix[2] < 9 && prefix[3] < 9) {
      throw new BadWeightFile(
          "this is a zip archive (a .keras model or a torch.save .pt/.bin file?), not safetensors;"
              + " .keras files load with KerasWeights.load, PyTorch weights must be saved with safetensors.torch.save_file");
    }
  }

  private static JsonNode parseHeader(byte[] header) throws BadWeightFile {
    int first = 0;
    while (first < header.length && header[first] == ' ') {
      first++;
    }
    if (first == header.length || header[first] != '{') {
      throw new BadWeightFile(
          "not a safetensors file: the header after the 8-byte length is not a JSON object");
    }
    try {
      JsonNode root = JSON.readTree(header);
      if (root == null || !root.isObject()) {
        throw new BadWeightFile("not a safetensors file: the header is not a JSON object");
      }
      return root;
    } catch (JacksonException e) {
      throw new BadWeightFile("the JSON header is damaged: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new BadWeightFile("the JSON header cannot be read: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> readMetadata(JsonNode node) throws BadWeightFile {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new BadWeightFile(
          METADATA_KEY + " must be an object of strings, was " + node.getNodeType());
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new BadWeightFile(
            METADATA_KEY
                + "."
                + e.getKey()
                + " must be a string, was "
                + e.getValue().getNodeType());
      }
      metadata.put(e.getKey(), e.getValue().textValue());
    }
    return Collections.unmodifiableMap(metadata);
  }

  private static Map<String, TensorEntry> readEntries(JsonNode root, long dataSize)
      throws BadWeightFile {
    Map<String, TensorEntry> entries = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!e.getKey().equals(METADATA_KEY)) {
        entries.put(e.getKey(), readEntry(e.getKey(), e.getValue(), dataSize));
      }
    }
    checkTiling(new ArrayList<>(entries.values()), dataSize);
    return Collections.unmodifiableMap(entries);
  }

  private static TensorEntry readEntry(String name, JsonNode node, long dataSize)
      throws BadWeightFile {
    String where = "tensor '" + name + "'";
    if (!node.isObject()) {
      throw new BadWeightFile(where + " must be an object with dtype, shape and data_offsets");
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw new BadWeightFile(where + " has no dtype string");
    }
    TensorDtype dtype =
        TensorDtype.of(dtypeNode.textValue())
            .orElseThrow(
                () ->
                    new BadWeightFile(
                        where
                            + " has dtype '"
                            + dtypeNode.textValue()
                            + "', which this reader does not know; known: "
                            + Arrays.toString(TensorDtype.values())));
    int[] shape = readShape(where, node.get("shape"));
    long[] offsets = readOffsets(where, node.get("data_offsets"));
    if (offsets[1] > dataSize) {
      throw new BadWeightFile(
          "%s ends at byte %d of the data, but the file has only %d data bytes (truncated?)"
              .formatted(where, offsets[1], dataSize));
    }
    TensorEntry entry = new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
    long expected;
    try {
      expected = Math.multiplyExact(entry.count(), dtype.size());
    } catch (ArithmeticException overflow) {
      expected = -1;
    }
    if (expected != offsets[1] - offsets[0]) {
      throw new BadWeightFile(
          "%s: shape %s of %s needs %s bytes, but its data_offsets [%d, %d] span %d"
              .formatted(
                  where,
                  Arrays.toString(shape),
                  dtype,
                  expected < 0 ? "more than 2^63" : expected,
                  offsets[0],
                  offsets[1],
                  offsets[1] - offsets[0]));
    }
    return entry;
  }

  private static int[] readShape(String where, JsonNode node) throws BadWeightFile {
    if (node == null || !node.isArray()) {
      throw new BadWeightFile(where + " has no shape array");
    }
    int[] shape = new int[node.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = node.get(i);
      if (!d.canConvertToLong()
          || !d.isIntegralNumber()
          || d.longValue() < 0
          || d.longValue() > Integer.MAX_VALUE) {
        throw new BadWeightFile(
            where + " has shape " + node + "; dimensions must be integers in [0, 2^31)");
      }
      shape[i] = d.intValue();
      try {
        count = Math.multiplyExact(count, shape[i]);
      } catch (ArithmeticException overflow) {
        throw new BadWeightFile(where + " has shape " + node + ", far larger than any file");
      }
    }
    return shape;
  }

  private static long[] readOffsets(String where, JsonNode node) throws BadWeightFile {
    if (node == null || !node.isArray() || node.size() != 2) {
      throw new BadWeightFile(where + " needs data_offsets [begin, end], has " + node);
    }
    long[] offsets = new long[2];
    for (int i = 0; i < 2; i++) {
      JsonNode o = node.get(i);
      if (!o.isIntegralNumber() || !o.canConvertToLong() || o.longValue() < 0) {
        throw new BadWeightFile(
            where + " has data_offsets " + node + "; offsets must be non-negative integers");
      }
      offsets[i] = o.longValue();
    }
    if (offsets[1] < offsets[0]) {
      throw new BadWeightFile(where + " has data_offsets " + node + " that end before they begin");
    }
    return offsets;
  }

  /** The tensors must cover the data section exactly, one after another, as the format requires. */
  private static void checkTiling(List<TensorEntry> entries, long dataSize) throws BadWeightFile {
    entries.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
    long position = 0;
    TensorEntry previous = null;
    for (TensorEntry e : entries) {
      if (e.begin() < position) {
        throw new BadWeightFile(
            "tensors '%s' [%d, %d) and '%s' [%d, %d) overlap"
                .formatted(
                    previous.name(),
                    previous.begin(),
                    previous.end(),
                    e.name(),
                    e.begin(),
                    e.end()));
      }
      if (e.begin() > position) {
        throw new BadWeightFile(
            "bytes [%d, %d) of the data belong to no tensor (before '%s'); the offsets are damaged"
                .formatted(position, e.begin(), e.name()));
      }
      position = e.end();
      previous = e;
    }
    if (position != dataSize) {
      throw new BadWeightFile(
          "the tensors end at data byte %d, but the file has %d data bytes; the offsets are damaged"
              .formatted(position, dataSize));
    }
  }

  private static byte[] readFully(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) {
        throw new BadWeightFile(
            "the file ended at byte "
                + (position + buffer.position())
                + " while reading "
                + length
                + " bytes from "
                + position
                + " (it was truncated while being read)");
      }
    }
    return buffer.array();
  }
}
