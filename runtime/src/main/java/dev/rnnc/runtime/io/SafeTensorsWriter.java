package dev.rnnc.runtime.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes float32 tensors as a safetensors file, the way the reference implementation lays it out:
 * the 8-byte little-endian header length, the JSON header ({@code __metadata__} first, then the
 * tensors in the given order) padded with spaces to a multiple of 8 bytes, then the data, each
 * tensor right after the previous one. The file is replaced atomically.
 */
final class SafeTensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SafeTensorsWriter() {}

  /** A named float32 tensor, values row-major. */
  record Tensor(String name, int[] shape, float[] values) {
    Tensor {
      long count = 1;
      for (int d : shape) {
        count *= d;
      }
      if (count != values.length) {
        throw new IllegalArgumentException(
            name
                + ": shape "
                + Arrays.toString(shape)
                + " needs "
                + count
                + " values, has "
                + values.length);
      }
    }
  }

  static void write(Path file, Map<String, String> metadata, List<Tensor> tensors)
      throws IOException {
    byte[] header = header(metadata, tensors);
    AtomicFile.writeStream(
        file,
        raw -> {
          OutputStream out = new BufferedOutputStream(raw, 1 << 16);
          out.write(
              ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
          out.write(header);
          for (Tensor t : tensors) {
            ByteBuffer data =
                ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
            data.asFloatBuffer().put(t.values());
            out.write(data.array());
          }
          out.flush();
        });
  }

  private static byte[] header(Map<String, String> metadata, List<Tensor> tensors)
      throws IOException {
    Map<String, Object> header = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      header.put(SafeTensorsReader.METADATA_KEY, metadata);
    }
    Set<String> names = new HashSet<>();
    long offset = 0;
    for (Tensor t : tensors) {
      if (t.name().equals(SafeTensorsReader.METADATA_KEY) || !names.add(t.name())) {
        throw new IllegalArgumentException("tensor name used twice or reserved: " + t.name());
      }
      long end = offset + 4L * t.values().length;
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("dtype", TensorDtype.F32.name());
      entry.put("shape", t.shape());
      entry.put("data_offsets", new long[] {offset, end});
      header.put(t.name(), entry);
      offset = end;
    }
    byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    // Pad so the data starts 8-byte aligned, as the reference writer does.
    int padded = (json.length + 7) / 8 * 8;
    byte[] result = Arrays.copyOf(json, padded);
    Arrays.fill(result, json.length, padded, (byte) ' ');
    return result;
  }
}
