package dev.rnnc.states;

import static dev.rnnc.parity.FixtureArrays.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.parity.FixtureArrays;
import dev.rnnc.testing.Allocations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Stateful models with {@code @Input(batchSize = 3)} reproduce Keras 3.15's stateful layers built
 * for batch size 3 (≤ 1e-5) over a stream of batch calls: every row continues its own states, a
 * full {@code resetStates()} zeroes all rows, {@code resetStates(row)} one row only (Keras: that
 * row of every state variable zeroed).
 */
class StatefulRowsTest {

  @Test
  void lstmGruStackKeepsOneRowPerSample() throws IOException {
    String name = "stateful_rows_stack";
    var model = RnncStatefulRowsModels_StatefulRowsStack.load(weights(name));
    stream(name, model::predict, model::resetStates, model::resetStates);
    // the into form over the same stream, from a fresh start
    var into = RnncStatefulRowsModels_StatefulRowsStack.load(weights(name));
    stream(
        name + " into",
        batch -> {
          float[][] out = new float[batch.length][2];
          into.predictInto(batch, out);
          return out;
        },
        into::resetStates,
        into::resetStates);
  }

  @Test
  void stackedAndCustomCellsKeepOneRowPerSample() throws IOException {
    String name = "stateful_rows_cells";
    var model = RnncStatefulRowsModels_StatefulRowsCells.load(weights(name));
    stream(name, model::predict, model::resetStates, model::resetStates);
  }

  @Test
  void batchSizeOneContinuesTheRowFromSingleAndBatchCalls() throws IOException {
    var model = RnncStatefulRowsModels_StatefulOneRow.load(weights("stateful_rows_stack"));
    var twin = RnncStatefulRowsModels_StatefulOneRow.load(weights("stateful_rows_stack"));
    float[][][] x = FixtureArrays.randomBatch(3, 5, 2, 19);
    // alternating single and batch calls continue one stream, as single calls alone do
    float[] a = model.predict(x[0]);
    float[] b = model.predict(new float[][][] {x[1]})[0];
    float[] c = model.predict(x[2]);
    dev.rnnc.testing.ArrayAssert.assertBitIdentical("call 1", twin.predict(x[0]), a);
    dev.rnnc.testing.ArrayAssert.assertBitIdentical("call 2", twin.predict(x[1]), b);
    dev.rnnc.testing.ArrayAssert.assertBitIdentical("call 3", twin.predict(x[2]), c);
  }

  @Test
  void wrongBatchOrRowThrows() throws IOException {
    var model = RnncStatefulRowsModels_StatefulRowsStack.load(weights("stateful_rows_stack"));
    var batch =
        assertThrows(IllegalArgumentException.class, () -> model.predict(new float[2][5][2]));
    assertTrue(
        batch.getMessage().contains("batch has 2 samples; the stateful model keeps 3 rows"),
        batch.getMessage());
    var row = assertThrows(IllegalArgumentException.class, () -> model.resetStates(3));
    assertTrue(
        row.getMessage().contains("row is 3; expected a batch row in [0, 3)"), row.getMessage());
  }

  @Test
  void statefulBatchIntoAllocatesNothing() throws IOException {
    var model = RnncStatefulRowsModels_StatefulRowsStack.load(weights("stateful_rows_stack"));
    float[][][] x = FixtureArrays.randomBatch(3, 5, 2, 7);
    float[][] out = new float[3][2];
    Allocations.assertAllocatesNothing(() -> model.predictInto(x, out), "stateful predictInto");
  }

  private static void stream(
      String name,
      Function<float[][][], float[][]> predict,
      Runnable resetAll,
      IntConsumer resetRow) {
    JsonNode f = fixture(name.split(" ")[0]);
    assertEquals(3, f.get("batch_size").asInt());
    int call = 0;
    boolean sawRowReset = false;
    for (JsonNode c : f.get("calls")) {
      JsonNode reset = c.get("reset");
      if (reset.isInt()) {
        resetRow.accept(reset.asInt());
        sawRowReset = true;
      } else if (reset.asText().equals("all")) {
        resetAll.run();
      }
      assertClose(
          name + " call " + call++,
          c.get("expected"),
          predict.apply(FixtureArrays.floats3(c.get("input"))));
    }
    assertTrue(sawRowReset, "the stream resets one row");
  }

  static JsonNode fixture(String name) {
    try (InputStream in =
        StatefulRowsTest.class.getResourceAsStream("/fixtures/states/" + name + ".json")) {
      assertNotNull(in, "missing fixture " + name + "; run tools/goldens/keras_stateful_rows.py");
      JsonNode node = new ObjectMapper().readTree(in);
      assertEquals(name, node.get("case").asText(), "fixture file and case name differ");
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path weights(String name) {
    return FixtureArrays.resource("states/" + name + ".weights.h5", "missing weights of " + name);
  }
}
