package dev.rnnc.runtime.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * Builds safetensors files byte by byte for tests, including ones the real writer never produces:
 * any dtype, hand-written offsets, a raw header.
 */
final class SafeTensorsBytes {
  private final StringJoiner header = new StringJoiner(",", "{", "}");
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();

  /** Appends a tensor with the given dtype and raw little-endian bytes; offsets follow the data. */
  SafeTensorsBytes tensor(String name, String dtype, int[] shape, byte[] bytes) {
    int begin = data.size();
    data.writeBytes(bytes);
    return entry(name, dtype, shape, begin, data.size());
  }

  /** Appends a float32 tensor. */
  SafeTensorsBytes f32(String name, int[] shape, float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return tensor(name, "F32", shape, b.array());
  }

  /** Appends a header entry with explicit offsets and no data. */
  SafeTensorsBytes entry(String name, String dtype, int[] shape, long begin, long end) {
    header.add(
        "\"%s\":{\"dtype\":\"%s\",\"shape\":%s,\"data_offsets\":[%d,%d]}"
            .formatted(name, dtype, Arrays.toString(shape).replace(" ", ""), begin, end));
    return this;
  }

  /** Appends raw data bytes that no entry claims. */
  SafeTensorsBytes data(byte[] bytes) {
    data.writeBytes(bytes);
    return this;
  }

  /** Adds {@code "__metadata__": {...}} from alternating keys and values. */
  SafeTensorsBytes metadata(String... pairs) {
    StringJoiner m = new StringJoiner(",", "{", "}");
    for (int i = 0; i < pairs.length; i += 2) {
      m.add("\"%s\":\"%s\"".formatted(pairs[i], pairs[i + 1].replace("\"", "\\\"")));
    }
    header.add("\"__metadata__\":" + m);
    return this;
  }

  byte[] bytes() {
    return of(header.toString(), data.toByteArray());
  }

  Path write(Path file) throws IOException {
    return Files.write(file, bytes());
  }

  /** A file with the given header text and data. */
  static byte[] of(String headerJson, byte[] data) {
    byte[] json = headerJson.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + json.length + data.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(json.length)
        .put(json)
        .put(data)
        .array();
  }

  static byte[] f16(float... values) {
    ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putShort(Float.floatToFloat16(v));
    }
    return b.array();
  }

  static byte[] bf16(float... values) {
    ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
    }
    return b.array();
  }

  static byte[] f64(double... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(values);
    return b.array();
  }

  static byte[] i64(long... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return b.array();
  }
}
