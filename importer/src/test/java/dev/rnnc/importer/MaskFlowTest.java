package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The masks of a Functional model must be exactly what Keras propagates along the chain. The
 * fixtures' real configs import (see {@link EndToEndTest}); each test here edits one detail of such
 * a config and expects the importer to notice.
 */
class MaskFlowTest {
  @TempDir Path dir;

  @Test
  void maskComparingIdsWithAnotherValueIsNotTheEmbeddingsMask() throws Exception {
    // not_equal(tokens, 0) becomes not_equal(tokens, 1): no longer mask_zero's mask
    Path file = edited("masked_tagger.keras", layers -> args(find(layers, "not_equal")).set(1, 1));
    assertEquals(
        List.of(
            "layer 'encoder' (Bidirectional) receives the mask 'not_equal', not the mask of layer 'embed' (Embedding)"
                + " that Keras propagates to it; rnnc masks as Keras propagates the mask of a Masking or"
                + " Embedding(mask_zero=True) layer along the chain",
            "layer 'tagger' (TimeDistributed) receives the mask 'not_equal', not the mask of layer 'embed'"
                + " (Embedding) that Keras propagates to it; rnnc masks as Keras propagates the mask of a Masking or"
                + " Embedding(mask_zero=True) layer along the chain"),
        problems(file));
  }

  @Test
  void maskReducedOverAnotherAxisIsNotTheMaskingLayersMask() throws Exception {
    Path file =
        edited(
            "go_backwards_masked.keras",
            layers -> ((ObjectNode) find(layers, "any").path("config")).put("axis", 1));
    List<String> problems = problems(file);
    assertEquals(2, problems.size(), problems.toString());
    assertEquals(
        "layer 'reverse' (LSTM) receives the mask 'any', not the mask of layer 'pad' (Masking)",
        problems.get(0).substring(0, problems.get(0).indexOf(" that Keras")));
    assertEquals(
        "layer 'summary' (GRU) receives the mask 'any', not the mask of layer 'pad' (Masking)",
        problems.get(1).substring(0, problems.get(1).indexOf(" that Keras")));
  }

  @Test
  void layerMissingThePropagatedMaskIsRefused() throws Exception {
    Path file =
        edited(
            "masked_tagger.keras",
            layers ->
                ((ObjectNode) find(layers, "encoder").path("inbound_nodes").get(0).path("kwargs"))
                    .remove("mask"));
    assertEquals(
        List.of(
            "layer 'encoder' (Bidirectional) receives no mask, though Keras passes it the mask"
                + " of layer 'embed' (Embedding) and rnnc would apply it"),
        problems(file));
  }

  @Test
  void maskEndsAfterARecurrentLayerReturningItsLastOutput() throws Exception {
    // the GRU returns only its last output: the Dense after it gets no mask, so a mask there is
    // foreign
    Path file =
        edited(
            "go_backwards_masked.keras",
            layers -> {
              JsonNode mask =
                  find(layers, "summary").path("inbound_nodes").get(0).path("kwargs").path("mask");
              ((ObjectNode) find(layers, "head").path("inbound_nodes").get(0).path("kwargs"))
                  .set("mask", mask.deepCopy());
            });
    assertEquals(
        List.of(
            "layer 'head' (Dense) receives a mask ('any') where no Masking or Embedding(mask_zero=True)"
                + " before it makes one; rnnc masks as Keras propagates the mask of a Masking or Embedding(mask_zero=True)"
                + " layer along the chain"),
        problems(file));
  }

  private static List<String> problems(Path file) {
    return assertThrows(
            ImportException.class, () -> KerasImporter.importModel(file, "com.acme", null))
        .problems();
  }

  private static JsonNode find(JsonNode layers, String name) {
    for (JsonNode layer : layers) {
      if (layer.path("name").asText().equals(name)) {
        return layer;
      }
    }
    throw new AssertionError("no layer " + name);
  }

  private static ArrayNode args(JsonNode layer) {
    return (ArrayNode) layer.path("inbound_nodes").get(0).path("args");
  }

  /** A copy of a fixture's archive (config and metadata) with its config's layer list edited. */
  private Path edited(String fixture, Consumer<JsonNode> edit) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Path target = dir.resolve(fixture);
    try (ZipFile source = new ZipFile(Fixtures.keras(fixture).toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
      JsonNode config = json.readTree(source.getInputStream(source.getEntry("config.json")));
      edit.accept(config.path("config").path("layers"));
      write(out, "config.json", json.writeValueAsBytes(config));
      write(
          out,
          "metadata.json",
          source.getInputStream(source.getEntry("metadata.json")).readAllBytes());
    }
    return target;
  }

  private static void write(ZipOutputStream zip, String entry, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(entry));
    zip.write(content);
    zip.closeEntry();
  }
}
