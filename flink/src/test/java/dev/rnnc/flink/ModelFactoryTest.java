package dev.rnnc.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnnc.flink.examples.RnncStationModels_StationStream;
import dev.rnnc.flink.examples.StationModels.StationStream;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.io.RnncWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Factories travel as Java serialization (as Flink ships functions) and make the same model in the
 * task; the keyed step's builder refuses a half-configured function.
 */
class ModelFactoryTest {
  @TempDir Path dir;

  @Test
  void everyFactorySurvivesSerializationAndMakesTheSameModel() throws Exception {
    Path file = dir.resolve("station.rnnc");
    RnncWeights.save(file, RnncModel.of(RnncStationModels_StationStream.create(7L)));
    List<float[]> expected = RnncModel.of(RnncStationModels_StationStream.create(7L)).getWeights();
    for (ModelFactory<StationStream> factory :
        List.<ModelFactory<StationStream>>of(
            ModelFactory.seeded(7L, RnncStationModels_StationStream::create),
            ModelFactory.weightsFile(file.toString(), RnncStationModels_StationStream::load),
            ModelFactory.embedded(file, RnncStationModels_StationStream::load))) {
      ModelFactory<StationStream> shipped =
          InstantiationUtil.clone(factory, getClass().getClassLoader());
      List<float[]> got = RnncModel.of(shipped.create(null)).getWeights();
      assertEquals(expected.size(), got.size());
      for (int i = 0; i < got.size(); i++) {
        assertArrayEquals(expected.get(i), got.get(i));
      }
    }
    Files.delete(file); // the embedded factory no longer needs the file
    ModelFactory<StationStream> embedded =
        InstantiationUtil.clone(
            ModelFactory.weightsBytes(
                Files.readAllBytes(write(dir.resolve("again.rnnc"))),
                RnncStationModels_StationStream::load),
            getClass().getClassLoader());
    Files.delete(dir.resolve("again.rnnc"));
    assertArrayEquals(
        expected.getFirst(), RnncModel.of(embedded.create(null)).getWeights().getFirst());
  }

  private static Path write(Path file) throws Exception {
    RnncWeights.save(file, RnncModel.of(RnncStationModels_StationStream.create(7L)));
    return file;
  }

  @Test
  void aBuilderWithoutInputOrOutputIsRefused() {
    var builder =
        RnncKeyedStep.of(
            ModelFactory.seeded(1L, RnncStationModels_StationStream::create),
            StationStream::stepInto);
    IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
    assertEquals("call input(size, features) before build()", e.getMessage());
  }
}
