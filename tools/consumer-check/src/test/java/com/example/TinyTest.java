package com.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.io.KerasWeights;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyTest {
  private final float[][][] x = Data.windows(16);
  private final float[][] y = Data.targets(x);

  @Test
  void createsPredictsAndTrainsOneStep() {
    Tiny model = RnncTiny.create(42L);
    float[] before = model.predict(x[0]);
    assertEquals(1, before.length);
    assertTrue(Float.isFinite(before[0]));

    History history =
        model.fit(x, y, new FitOptions().epochs(1).batchSize(x.length).shuffle(false).verbose(0));
    assertEquals(1, history.size());
    assertTrue(Double.isFinite(history.last("loss")), history.history().toString());

    float[] after = model.predict(x[0]);
    assertFalse(Arrays.equals(before, after), "one Adam step changes the prediction");
  }

  @Test
  void sameSeedSameModel() {
    assertArrayEquals(RnncTiny.create(3L).predict(x[1]), RnncTiny.create(3L).predict(x[1]));
  }

  @Test
  void savesAndLoadsKerasFile(@TempDir Path dir) throws Exception {
    Tiny model = RnncTiny.create(5L);
    Path file = dir.resolve("tiny.keras");
    KerasWeights.saveKeras(file, RnncModel.of(model));
    assertArrayEquals(model.predict(x[2]), RnncTiny.load(file).predict(x[2]));
  }
}
