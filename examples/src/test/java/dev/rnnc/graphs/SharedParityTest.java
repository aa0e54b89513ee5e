package dev.rnnc.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.rnnc.runtime.Layer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared layers apply one layer's weights to several inputs, as calling one Keras layer on several
 * tensors: the weights Keras 3.15.1 saved (the shared layer once) load and reproduce its outputs.
 */
class SharedParityTest {
  @TempDir Path dir;

  @Test
  void siameseLstm() throws IOException {
    GraphFixture fixture = GraphFixture.read("siamese");
    var model = RnncSharedModels_Siamese.load(fixture.weights(dir));
    GraphParityTest.check(
        fixture, (b, f) -> model.predict(f.sequence(b, "left"), f.sequence(b, "right")));
    // The shared layer is listed once, as in Keras; its application returns the same handle.
    assertEquals(
        List.of("encoder", "joined", "head"), model.layers().stream().map(Layer::name).toList());
    assertSame(model.encoder(null), model.encodedRight(null));
  }

  @Test
  void sharedMaskedEmbeddingAndDense() throws IOException {
    GraphFixture fixture = GraphFixture.read("shared_embedding");
    var model = RnncSharedModels_SharedEmbedding.load(fixture.weights(dir));
    GraphParityTest.check(
        fixture, (b, f) -> model.predict(f.tokens(b, "question"), f.tokens(b, "answer")));
    assertEquals(
        List.of("embedding", "questionEncoder", "answerEncoder", "project", "joined", "head"),
        model.layers().stream().map(Layer::name).toList());
  }
}
