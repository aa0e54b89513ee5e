package dev.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Weights#load} hands each format to its loader. */
class WeightsTest {
  @TempDir Path tmp;

  private static TestModel model() {
    return new TestModel("M").dense("fc", 2, 1);
  }

  @Test
  void eachFormatReachesItsLoader() throws Exception {
    TestModel source = model();
    source.initialize(1);
    Path keras = tmp.resolve("m.weights.h5");
    KerasWeights.save(keras, source);
    Path rnnc = tmp.resolve("m.rnnc.safetensors");
    RnncWeights.save(rnnc, source);
    Path torch =
        new SafeTensorsBytes()
            .f32("fc.weight", new int[] {1, 2}, 3, 4)
            .f32("fc.bias", new int[] {1}, 5)
            .write(tmp.resolve("m.safetensors"));
    for (Path file : new Path[] {keras, rnnc}) {
      TestModel target = model();
      Weights.load(file, target);
      assertArrayEquals(
          source.layer("fc").kernel().get(), target.layer("fc").kernel().get(), file.toString());
    }
    TestModel target = model();
    Weights.load(torch, target);
    assertArrayEquals(new float[] {3, 4}, target.layer("fc").kernel().get());
  }

  @Test
  void aDirectoryIsRefusedByEveryLoaderAndSaverNamingIt() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("weights.keras"));
    TestModel model = model();
    model.initialize(3);
    float[] kernel = model.layer("fc").kernel().get();
    String why = ": it is a directory, not a weight file; pass the path of the file itself";
    Map<String, Loader> loaders = new LinkedHashMap<>();
    loaders.put("cannot load weights from ", () -> Weights.load(dir, model));
    loaders.put("cannot load Keras weights from ", () -> KerasWeights.load(dir, model));
    loaders.put("cannot load Keras weights from  ", () -> KerasWeights.loadWeightsOnly(dir, model));
    loaders.put("cannot load PyTorch weights from ", () -> PyTorchWeights.load(dir, model));
    loaders.put("cannot load rnnc weights from ", () -> RnncWeights.load(dir, model));
    loaders.put("cannot save Keras weights to ", () -> KerasWeights.save(dir, model));
    loaders.put("cannot save a Keras model to ", () -> KerasWeights.saveKeras(dir, model));
    loaders.put("cannot save rnnc weights to ", () -> RnncWeights.save(dir, model));
    loaders.forEach(
        (action, loader) -> {
          WeightsException e = assertThrows(WeightsException.class, loader::run, action);
          assertEquals(action.strip() + " " + dir + why, e.getMessage());
          assertEquals(dir, e.file());
        });
    assertTrue(Files.isDirectory(dir), "a save replaced the directory");
    try (var left = Files.list(tmp)) {
      assertEquals(java.util.List.of(dir), left.toList(), "a save left a temporary file");
    }
    assertArrayEquals(kernel, model.layer("fc").kernel().get());
  }

  @FunctionalInterface
  private interface Loader {
    void run() throws Exception;
  }

  @Test
  void unknownAndDamagedFilesAreNamed() throws Exception {
    Path text = Files.writeString(tmp.resolve("notes.txt"), "just some text here");
    WeightsException e = assertThrows(WeightsException.class, () -> Weights.load(text, model()));
    assertTrue(
        e.getMessage()
            .contains("neither a Keras .weights.h5 (HDF5) file nor a .keras (zip) archive"),
        e.getMessage());
    byte[] good = new SafeTensorsBytes().f32("fc.weight", new int[] {1, 2}, 3, 4).bytes();
    Path cut =
        Files.write(tmp.resolve("cut.safetensors"), java.util.Arrays.copyOf(good, good.length - 2));
    WeightsException damaged =
        assertThrows(WeightsException.class, () -> Weights.load(cut, model()));
    assertEquals(cut, damaged.file());
    assertTrue(damaged.getMessage().contains("truncated"), damaged.getMessage());
  }
}
