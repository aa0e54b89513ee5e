package dev.rnnc.cells;

import static dev.rnnc.parity.FixtureArrays.assertClose;

import dev.rnnc.parity.FixtureArrays;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user-written cell in the generated loop reproduces Keras' RNN(MinimalRNNCell) (≤ 1e-5). */
class CustomCellTest {
  @TempDir Path dir;

  @Test
  void sequenceThroughTheCellThenDense() throws IOException {
    var model = RnncCellModels_CustomCellSeq.load(weights("custom_cell_seq"));
    var fixture = FixtureArrays.readFixture("custom_cell_seq");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose(
          "custom_cell_seq sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
    }
  }

  @Test
  void backwardsLastOutput() throws IOException {
    var model = RnncCellModels_CustomCellBackwards.load(weights("custom_cell_backwards"));
    var fixture = FixtureArrays.readFixture("custom_cell_backwards");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    float[] out = new float[6];
    for (int b = 0; b < x.length; b++) {
      assertClose(
          "custom_cell_backwards sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
      model.predictInto(x[b], out);
      assertClose("custom_cell_backwards into " + b, fixture.get("expected").get(b), out);
    }
  }

  /**
   * Keras' MinimalRNNCell returns its output as its state, so returnState gives the output twice.
   */
  @Test
  void returnStateOfASingleCell() throws IOException {
    var model = RnncCellModels_CustomCellBackwardsState.load(weights("custom_cell_backwards"));
    var fixture = FixtureArrays.readFixture("custom_cell_backwards");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      CellModels.WithState result = model.predict(x[b]);
      assertClose("output " + b, fixture.get("expected").get(b), result.output());
      assertClose("state " + b, fixture.get("expected").get(b), result.state());
    }
  }

  private Path weights(String name) throws IOException {
    Path file = dir.resolve(name + ".weights.h5");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name + ".weights.h5")) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }
}
