package dev.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors reader and writer: well-formed files, and every kind of damage named clearly. */
class SafeTensorsReaderTest {
  @TempDir Path tmp;

  @Test
  void writerOutputReadsBackWithMetadataInOrder() throws Exception {
    Path file = tmp.resolve("w.safetensors");
    float[] values = {1.5f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, 3e-39f, -7f};
    SafeTensorsWriter.write(
        file,
        Map.of("format", "x"),
        List.of(
            new SafeTensorsWriter.Tensor("b/kernel", new int[] {2, 3}, values),
            new SafeTensorsWriter.Tensor("a/bias", new int[] {0}, new float[0]),
            new SafeTensorsWriter.Tensor("scalar", new int[] {}, new float[] {42f})));
    // The reference layout: 8-byte length, header padded with spaces to 8 bytes.
    byte[] bytes = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8);
    try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
      assertEquals(Map.of("format", "x"), reader.metadata());
      assertEquals(
          List.of("b/kernel", "a/bias", "scalar"),
          reader.tensors().stream().map(TensorEntry::name).toList());
      TensorEntry kernel = reader.tensor("b/kernel");
      assertArrayEquals(new int[] {2, 3}, kernel.shape());
      float[] read = reader.readFloats(kernel);
      for (int i = 0; i < values.length; i++) {
        assertEquals(
            Float.floatToRawIntBits(values[i]),
            Float.floatToRawIntBits(read[i]),
            "bits of value " + i);
      }
      assertEquals(0, reader.readFloats(reader.tensor("a/bias")).length);
      assertArrayEquals(new float[] {42f}, reader.readFloats(reader.tensor("scalar")));
    }
  }

  @Test
  void convertsF16Bf16F64() throws Exception {
    Path file =
        new SafeTensorsBytes()
            .tensor("h", "F16", new int[] {3}, SafeTensorsBytes.f16(0.5f, -2f, 65504f))
            .tensor("b", "BF16", new int[] {2}, SafeTensorsBytes.bf16(1.5f, -3.25f))
            .tensor("d", "F64", new int[] {2}, SafeTensorsBytes.f64(0.1, -1e-3))
            .write(tmp.resolve("mixed.safetensors"));
    try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
      assertArrayEquals(new float[] {0.5f, -2f, 65504f}, reader.readFloats(reader.tensor("h")));
      assertArrayEquals(new float[] {1.5f, -3.25f}, reader.readFloats(reader.tensor("b")));
      assertArrayEquals(new float[] {0.1f, -1e-3f}, reader.readFloats(reader.tensor("d")));
    }
  }

  @Test
  void integerBooleanAndF64OutOfRangeAreRejectedPerTensor() throws Exception {
    Path file =
        new SafeTensorsBytes()
            .tensor("steps", "I64", new int[] {1}, SafeTensorsBytes.i64(3))
            .tensor("mask", "BOOL", new int[] {2}, new byte[] {1, 0})
            .tensor("big", "F64", new int[] {1}, SafeTensorsBytes.f64(1e300))
            .write(tmp.resolve("ints.safetensors"));
    try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
      assertMessage(
          assertThrows(BadWeightFile.class, () -> reader.readFloats(reader.tensor("steps"))),
          "steps has dtype I64 (an integer type); weights must be F32, F16, BF16 or F64");
      assertMessage(
          assertThrows(BadWeightFile.class, () -> reader.readFloats(reader.tensor("mask"))),
          "mask has dtype BOOL (a boolean type)");
      assertMessage(
          assertThrows(BadWeightFile.class, () -> reader.readFloats(reader.tensor("big"))),
          "big: value 0 is 1.0E300, beyond the float32 range");
    }
  }

  @Test
  void emptyAndShortFiles() throws Exception {
    assertBad(new byte[0], "the file is empty");
    assertBad(
        new byte[] {1, 2, 3}, "the file is truncated: 3 bytes, less than the 8-byte header length");
  }

  @Test
  void hugeDeclaredHeaderLength() throws Exception {
    byte[] bytes =
        ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE - 3).array();
    assertBad(
        bytes,
        "declare a JSON header of 9223372036854775804 bytes, more than the 100000000 a header may have");
    byte[] negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array();
    assertBad(negative, "declare a JSON header of 18446744073709551615 bytes");
  }

  @Test
  void headerLongerThanTheFile() throws Exception {
    byte[] whole = new SafeTensorsBytes().f32("w", new int[] {2}, 1f, 2f).bytes();
    assertBad(
        Arrays.copyOf(whole, 20),
        "the file is truncated or not safetensors: it declares a JSON header of");
  }

  @Test
  void truncatedData() throws Exception {
    byte[] whole = new SafeTensorsBytes().f32("w", new int[] {2, 2}, 1f, 2f, 3f, 4f).bytes();
    assertBad(
        Arrays.copyOf(whole, whole.length - 5),
        "tensor 'w' ends at byte 16 of the data, but the file has only 11 data bytes (truncated?)");
  }

  @Test
  void damagedJson() throws Exception {
    assertBad(
        SafeTensorsBytes.of("{\"w\":{\"dtype\":\"F32\",", new byte[0]),
        "the JSON header is damaged");
    assertBad(
        SafeTensorsBytes.of("[1, 2]", new byte[0]),
        "the header after the 8-byte length is not a JSON object");
    assertBad(
        SafeTensorsBytes.of(
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
            new byte[8]),
        "Duplicate field 'w'");
    assertBad(
        SafeTensorsBytes.of("{\"__metadata__\":{\"a\":1}}", new byte[0]),
        "__metadata__.a must be a string");
    assertBad(
        SafeTensorsBytes.of("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
        "tensor 'w' has no dtype string");
    assertBad(
        SafeTensorsBytes.of(
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]),
        "tensor 'w' has shape [-1]; dimensions must be integers in [0, 2^31)");
    assertBad(
        SafeTensorsBytes.of(
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", new byte[4]),
        "tensor 'w' has data_offsets [4,0] that end before they begin");
  }

  @Test
  void unknownDtype() throws Exception {
    byte[] bytes = new SafeTensorsBytes().tensor("w", "F4", new int[] {2}, new byte[1]).bytes();
    assertBad(
        bytes, "tensor 'w' has dtype 'F4', which this reader does not know; known: [BOOL, U8");
  }

  @Test
  void sizeThatDoesNotMatchTheShape() throws Exception {
    byte[] bytes =
        new SafeTensorsBytes().tensor("w", "F32", new int[] {2, 3}, new byte[20]).bytes();
    assertBad(
        bytes,
        "tensor 'w': shape [2, 3] of F32 needs 24 bytes, but its data_offsets [0, 20] span 20");
  }

  @Test
  void hugeDeclaredShape() throws Exception {
    byte[] bytes =
        new SafeTensorsBytes()
            .entry("w", "F32", new int[] {65536, 65536, 65536}, 0, 8)
            .data(new byte[8])
            .bytes();
    assertBad(
        bytes,
        "tensor 'w': shape [65536, 65536, 65536] of F32 needs 1125899906842624 bytes, but its"
            + " data_offsets [0, 8] span 8");
    byte[] absurd =
        new SafeTensorsBytes()
            .entry("w", "F32", new int[] {2147483647, 2147483647, 2147483647}, 0, 8)
            .data(new byte[8])
            .bytes();
    assertBad(absurd, "far larger than any file");
  }

  @Test
  void offsetsOutOfRange() throws Exception {
    byte[] bytes =
        new SafeTensorsBytes()
            .entry("w", "F32", new int[] {1}, 1L << 40, (1L << 40) + 4)
            .data(new byte[4])
            .bytes();
    assertBad(
        bytes,
        "tensor 'w' ends at byte 1099511627780 of the data, but the file has only 4 data bytes");
  }

  @Test
  void overlappingTensors() throws Exception {
    byte[] bytes =
        new SafeTensorsBytes()
            .entry("a", "F32", new int[] {2}, 0, 8)
            .entry("b", "F32", new int[] {2}, 4, 12)
            .data(new byte[12])
            .bytes();
    assertBad(bytes, "tensors 'a' [0, 8) and 'b' [4, 12) overlap");
  }

  @Test
  void gapsAndTrailingBytes() throws Exception {
    byte[] gap =
        new SafeTensorsBytes()
            .entry("a", "F32", new int[] {1}, 0, 4)
            .entry("b", "F32", new int[] {1}, 8, 12)
            .data(new byte[12])
            .bytes();
    assertBad(
        gap, "bytes [4, 8) of the data belong to no tensor (before 'b'); the offsets are damaged");
    byte[] trailing = new SafeTensorsBytes().f32("a", new int[] {1}, 1f).data(new byte[3]).bytes();
    assertBad(trailing, "the tensors end at data byte 4, but the file has 7 data bytes");
  }

  @Test
  void otherFormatsAreNamed() throws Exception {
    byte[] hdf5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
    assertBad(
        hdf5,
        "this is an HDF5 file (a Keras .weights.h5?), not safetensors; load it with KerasWeights.load");
    byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
    assertBad(zip, "this is a zip archive (a .keras model or a torch.save .pt/.bin file?)");
    byte[] text = "hello world, not a tensor file".getBytes(StandardCharsets.UTF_8);
    assertBad(text, "not a safetensors file");
  }

  @Test
  void randomBytesNeverEscapeAsAnythingButBadWeightFile() throws Exception {
    java.util.Random random = new java.util.Random(11);
    byte[] valid = new SafeTensorsBytes().f32("w", new int[] {2, 2}, 1f, 2f, 3f, 4f).bytes();
    for (int trial = 0; trial < 300; trial++) {
      byte[] bytes = valid.clone();
      for (int flips = 0; flips < 3; flips++) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
      }
      Path file = Files.write(tmp.resolve("fuzz.safetensors"), bytes);
      try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
        for (TensorEntry t : reader.tensors()) {
          try {
            reader.readFloats(t);
          } catch (BadWeightFile expected) {
            // a per-tensor problem, named
          }
        }
      } catch (BadWeightFile expected) {
        assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
      }
    }
  }

  private void assertBad(byte[] bytes, String text) throws IOException {
    Path file = Files.write(tmp.resolve("bad.safetensors"), bytes);
    BadWeightFile e = assertThrows(BadWeightFile.class, () -> SafeTensorsReader.open(file).close());
    assertMessage(e, text);
  }

  private static void assertMessage(Exception e, String text) {
    assertTrue(
        e.getMessage().contains(text), () -> "expected «" + text + "» in:\n" + e.getMessage());
  }
}
