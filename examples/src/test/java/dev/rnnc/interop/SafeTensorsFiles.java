package dev.rnnc.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Edits real safetensors fixtures for tests, byte for byte otherwise. */
final class SafeTensorsFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SafeTensorsFiles() {}

  /**
   * Writes {@code source} less the tensor {@code name} to {@code target}: the header without its
   * entry, the data without its bytes, the other tensors' offsets moved down.
   */
  static Path without(Path source, String name, Path target) throws IOException {
    byte[] bytes = Files.readAllBytes(source);
    int headerLength = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    int dataStart = 8 + headerLength;
    ObjectNode header =
        (ObjectNode) JSON.readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
    if (header.remove(name) == null) {
      throw new IllegalArgumentException(source + " has no tensor " + name);
    }
    List<Map.Entry<String, JsonNode>> tensors = new ArrayList<>();
    header
        .properties()
        .forEach(
            e -> {
              if (!e.getKey().equals("__metadata__")) {
                tensors.add(e);
              }
            });
    tensors.sort(Comparator.comparingLong(e -> e.getValue().get("data_offsets").get(0).asLong()));
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (Map.Entry<String, JsonNode> tensor : tensors) {
      JsonNode offsets = tensor.getValue().get("data_offsets");
      int begin = dataStart + offsets.get(0).asInt();
      int end = dataStart + offsets.get(1).asInt();
      long newBegin = data.size();
      data.writeBytes(Arrays.copyOfRange(bytes, begin, end));
      ((ObjectNode) tensor.getValue())
          .putArray("data_offsets")
          .add(newBegin)
          .add((long) data.size());
    }
    byte[] newHeader = JSON.writeValueAsBytes(header);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(newHeader.length).array());
    out.writeBytes(newHeader);
    out.writeBytes(data.toByteArray());
    return Files.write(target, out.toByteArray());
  }
}
