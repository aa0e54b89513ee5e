package dev.rnnc.graphs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.rnnc.runtime.io.KerasWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights of graph models: Keras' functional {@code .weights.h5} (with its empty InputLayer and
 * merge groups) loads by name and rnnc writes the same tree back. Whole graph models as {@code
 * .keras} archives: {@code dev.rnnc.interop.KerasGraphExportTest}.
 */
class GraphWeightsTest {
  @TempDir Path dir;

  @Test
  void savedWeightsLoadIntoAFreshModel() throws IOException {
    GraphFixture fixture = GraphFixture.read("siamese");
    var model = RnncSharedModels_Siamese.load(fixture.weights(dir));
    Path saved = dir.resolve("saved.weights.h5");
    KerasWeights.save(saved, model);
    var copy = RnncSharedModels_Siamese.load(saved);
    for (int b = 0; b < fixture.samples(); b++) {
      float[][] left = fixture.sequence(b, "left");
      float[][] right = fixture.sequence(b, "right");
      assertArrayEquals(model.predict(left, right), copy.predict(left, right));
    }
  }

  @Test
  void mergeLayersRoundTrip() throws IOException {
    GraphFixture fixture = GraphFixture.read("vector_merges");
    var model = RnncGraphModels_VectorMerges.load(fixture.weights(dir));
    Path saved = dir.resolve("merges.weights.h5");
    KerasWeights.save(saved, model);
    var copy = RnncGraphModels_VectorMerges.load(saved);
    assertArrayEquals(
        model.predict(fixture.sequence(0, "x")), copy.predict(fixture.sequence(0, "x")));
  }

  @Test
  void wholeFunctionalKerasModelLoadsByName() throws IOException {
    GraphFixture fixture = GraphFixture.read("siamese");
    Path file = dir.resolve("siamese.keras");
    try (var in = getClass().getResourceAsStream("/fixtures/graphs/siamese.keras")) {
      Files.copy(in, file);
    }
    var model = RnncSharedModels_Siamese.load(file);
    GraphParityTest.check(
        fixture, (b, f) -> model.predict(f.sequence(b, "left"), f.sequence(b, "right")));
  }
}
