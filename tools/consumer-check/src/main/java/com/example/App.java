package com.example;

import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.io.KerasWeights;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Creates the model, predicts, trains one step, saves it as a .keras file and loads it back. */
public final class App {
  private App() {}

  /** Runs the check and prints what it saw. */
  public static void main(String[] args) throws Exception {
    float[][][] x = Data.windows(16);
    float[][] y = Data.targets(x);

    Tiny model = RnncTiny.create(42L);
    float[] before = model.predict(x[0]);
    History history =
        model.fit(x, y, new FitOptions().epochs(1).batchSize(x.length).shuffle(false).verbose(0));
    float[] after = model.predict(x[0]);

    Path file = Files.createTempDirectory("rnnc-consumer").resolve("tiny.keras");
    KerasWeights.saveKeras(file, RnncModel.of(model));
    float[] loaded = RnncTiny.load(file).predict(x[0]);

    System.out.printf(
        "rnnc consumer: predict %s -> one fit step (loss %.4f) -> %s; reloaded from .keras: %s%n",
        Arrays.toString(before), history.last("loss"), Arrays.toString(after),
        Arrays.toString(loaded));
  }
}
