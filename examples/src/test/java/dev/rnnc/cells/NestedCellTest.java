package dev.rnnc.cells;

import static dev.rnnc.parity.FixtureArrays.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.parity.FixtureArrays;
import dev.rnnc.runtime.io.KerasWeights;
import dev.rnnc.testing.Allocations;
import dev.rnnc.testing.ArrayAssert;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cell with two inputs per timestep (the Keras guide's NestedCell) in the generated loop
 * reproduces Keras' RNN over the same cell (≤ 1e-5); fixtures from
 * tools/goldens/keras_nested_cell.py.
 */
class NestedCellTest {
  @TempDir Path dir;

  @Test
  void everyTimestepOfBothOutputs() throws IOException {
    var model = RnncNestedModels_NestedSeq.load(weights("nested_cell_seq"));
    JsonNode fixture = FixtureArrays.readFixture("nested_cell_seq");
    JsonNode samples = fixture.get("samples");
    float[][][] first = new float[samples.size()][][];
    float[][][] second = new float[samples.size()][][];
    for (int b = 0; b < samples.size(); b++) {
      first[b] = input(samples, b, "first");
      second[b] = input(samples, b, "second");
      assertClose(
          "nested_cell_seq sample " + b,
          samples.get(b).get("output"),
          model.predict(first[b], second[b]));
    }
    float[][][] batch = model.predict(first, second);
    for (int b = 0; b < samples.size(); b++) {
      assertClose("nested_cell_seq batch row " + b, samples.get(b).get("output"), batch[b]);
    }
  }

  @Test
  void lastOutputGoingBackwards() throws IOException {
    var model = RnncNestedModels_NestedLast.load(weights("nested_cell_last"));
    JsonNode samples = FixtureArrays.readFixture("nested_cell_last").get("samples");
    float[] out = new float[10];
    for (int b = 0; b < samples.size(); b++) {
      float[][] first = input(samples, b, "first");
      float[][] second = input(samples, b, "second");
      assertClose(
          "nested_cell_last sample " + b,
          samples.get(b).get("output"),
          model.predict(first, second));
      model.predictInto(first, second, out);
      assertClose("nested_cell_last into " + b, samples.get(b).get("output"), out);
    }
  }

  /**
   * NestedCell's states are the running sums of its outputs, so after the whole sequence they hold
   * the sum of every timestep's output, in either direction: checked against the sum of Keras'
   * per-timestep outputs, split as [state_1 | state_2_3 flattened].
   */
  @Test
  void returnStateGivesBothStatesFlattened() throws IOException {
    var model = RnncNestedModels_NestedState.load(weights("nested_cell_seq"));
    JsonNode samples = FixtureArrays.readFixture("nested_cell_seq").get("samples");
    for (int b = 0; b < samples.size(); b++) {
      JsonNode steps = samples.get(b).get("output");
      double[] sum = new double[10];
      for (JsonNode step : steps) {
        for (int k = 0; k < 10; k++) {
          sum[k] += step.get(k).asDouble();
        }
      }
      float[] expected = new float[10];
      for (int k = 0; k < 10; k++) {
        expected[k] = (float) sum[k];
      }
      NestedModels.WithStates result =
          model.predict(input(samples, b, "first"), input(samples, b, "second"));
      // goBackwards: the last step processed is timestep 0; NestedCell's output reads no state
      assertClose("output " + b, steps.get(0), result.output());
      ArrayAssert.assertClose(
          "state_1 " + b, Arrays.copyOfRange(expected, 0, 4), result.state0(), 1e-5);
      ArrayAssert.assertClose(
          "state_2_3 " + b, Arrays.copyOfRange(expected, 4, 10), result.state1(), 1e-5);
    }
  }

  @Test
  void variablesKeepKerasShapes() throws IOException {
    var model = RnncNestedModels_NestedSeq.load(weights("nested_cell_seq"));
    var variables = model.layers().getFirst().variables();
    assertEquals(2, variables.size());
    assertEquals("[3, 4]", Arrays.toString(variables.get(0).shape()));
    assertEquals("[2, 2, 2, 3]", Arrays.toString(variables.get(1).shape()));
  }

  /**
   * KerasWeights.save writes the rank-4 kernel as Keras has it; loading it back reproduces the
   * model exactly.
   */
  @Test
  void savedWeightsRoundTrip() throws IOException {
    var source = RnncNestedModels_NestedSeq.load(weights("nested_cell_seq"));
    Path saved = dir.resolve("saved.weights.h5");
    KerasWeights.save(saved, source);
    try (HdfFile hdf = new HdfFile(saved)) {
      assertArrayEquals(
          new int[] {2, 2, 2, 3},
          ((Dataset) hdf.getByPath("layers/rnn/cell/vars/1")).getDimensions());
    }
    var target = RnncNestedModels_NestedSeq.create(1);
    KerasWeights.load(saved, target);
    JsonNode samples = FixtureArrays.readFixture("nested_cell_seq").get("samples");
    float[][] first = input(samples, 0, "first");
    float[][] second = input(samples, 0, "second");
    assertArrayEquals(source.predict(first, second), target.predict(first, second));
  }

  /**
   * An input produced by a layer (rows padded to the vector width) reaches the cell at its own
   * stride: the graph computes what the two layers compute as separate models.
   */
  @Test
  void anInputFromALayer() throws IOException {
    var graph = RnncNestedModels_NestedAfterDense.create(3);
    var project = RnncNestedModels_ProjectOnly.create(0);
    var nested = RnncNestedModels_NestedSeq.load(weights("nested_cell_seq"));
    copy(graph.layers().get(0), project.layers().get(0));
    copy(nested.layers().get(0), graph.layers().get(1));
    JsonNode samples = FixtureArrays.readFixture("nested_cell_seq").get("samples");
    float[][] first = input(samples, 1, "first");
    float[][] second = new float[5][2];
    for (int t = 0; t < 5; t++) {
      second[t] = Arrays.copyOf(input(samples, 1, "second")[t], 2);
    }
    float[][] expected = nested.predict(first, project.predict(second));
    ArrayAssert.assertClose("graph form", expected, graph.predict(first, second), 1e-6);
    assertTrue(
        ArrayAssert.maxAbsDifference(expected, new float[5][10]) > 0.1,
        "the comparison is not vacuous");
  }

  /**
   * Variable length: each call runs its own timesteps; growing the arrays keeps the cell reading
   * the current ones.
   */
  @Test
  void variableLengthThroughOneTimeline() throws IOException {
    var graph = RnncNestedModels_NestedVariable.create(5);
    var project = RnncNestedModels_ProjectFive.create(0);
    var nested = RnncNestedModels_NestedSeq.load(weights("nested_cell_seq"));
    copy(graph.layers().get(0), project.layers().get(0));
    copy(nested.layers().get(0), graph.layers().get(1));
    float[][] x = input(FixtureArrays.readFixture("nested_cell_seq").get("samples"), 2, "first");
    float[][] expected = nested.predict(x, project.predict(x));
    float[][] two = graph.predict(Arrays.copyOf(x, 2));
    assertEquals(2, two.length);
    ArrayAssert.assertClose("2 timesteps", Arrays.copyOf(expected, 2), two, 1e-6);
    float[][] five = graph.predict(x); // grows the per-timestep arrays
    ArrayAssert.assertClose("5 timesteps", expected, five, 1e-6);
    assertTrue(
        ArrayAssert.maxAbsDifference(expected, new float[5][10]) > 0.1,
        "the comparison is not vacuous");
  }

  private static void copy(dev.rnnc.runtime.Layer from, dev.rnnc.runtime.Layer to) {
    for (int i = 0; i < from.variables().size(); i++) {
      to.variables().get(i).set(from.variables().get(i).get());
    }
  }

  @Test
  void predictIntoAllocatesNothing() throws IOException {
    var model = RnncNestedModels_NestedLast.load(weights("nested_cell_last"));
    JsonNode samples = FixtureArrays.readFixture("nested_cell_last").get("samples");
    float[][] first = input(samples, 0, "first");
    float[][] second = input(samples, 0, "second");
    float[] out = new float[10];
    Allocations.assertAllocatesNothing(() -> model.predictInto(first, second, out), "predictInto");
  }

  private static float[][] input(JsonNode samples, int b, String name) {
    return FixtureArrays.floats2(samples.get(b).get("inputs").get(name));
  }

  private Path weights(String name) throws IOException {
    Path file = dir.resolve(name + ".weights.h5");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name + ".weights.h5")) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }
}
