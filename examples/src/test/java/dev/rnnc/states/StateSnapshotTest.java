package dev.rnnc.states;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.cells.MinimalRnnCell;
import dev.rnnc.recurrentoptions.RnncStreamingStack;
import dev.rnnc.recurrentoptions.StreamingStack;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.testing.Allocations;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * {@code RnncModel.stateSize/saveStates/restoreStates}: one model instance serving several streams
 * by swapping their carried states in and out gives, for each stream, exactly (bit for bit) what a
 * model of its own gives — for LSTM (with and without a projection), GRU, SimpleRNN, Bidirectional
 * and stacked {@code @RNN} cells with a custom cell.
 */
class StateSnapshotTest {

  /** LSTM with a projection (h has projSize floats, c units), then a Bidirectional GRU. */
  @RnnModel(input = @Input(timesteps = 1, features = 3))
  interface ProjectedThenBidirectional {
    @LSTM(units = 6, projSize = 4, returnSequences = true, stateful = true)
    Layer first();

    @Bidirectional
    @GRU(units = 5, stateful = true)
    Layer second();

    @Dense(units = 2)
    Layer head();

    float[] step(float[] x);

    void stepInto(float[] x, float[] out);

    void resetStates();
  }

  /** Stacked cells, built-in and custom, in one stateful {@code @RNN} layer. */
  @RnnModel(input = @Input(timesteps = 1, features = 3))
  interface StackedStateful {
    @RNN(
        cells = {
          @Cell(type = GRUCell.class, units = 4),
          @Cell(type = LSTMCell.class, units = 3),
          @Cell(type = MinimalRnnCell.class, units = 2)
        },
        stateful = true)
    Layer stack();

    float[] step(float[] x);

    void resetStates();
  }

  /** The streaming forecaster's shape: one reading per call. */
  @RnnModel(input = @Input(timesteps = 1, features = 4))
  interface Forecaster {
    @LSTM(units = 32, stateful = true)
    Layer memory();

    @Dense(units = 1)
    Layer forecast();

    void stepInto(float[] reading, float[] forecast);

    void resetStates();
  }

  @Test
  void sizesFollowTheLayers() {
    RnncModel projected = RnncStateSnapshotTest_ProjectedThenBidirectional.create(1L);
    assertEquals(4 + 6, projected.layer("first").stateSize()); // h (projSize), c (units)
    assertEquals(2 * 5, projected.layer("second").stateSize()); // each direction's h
    assertEquals(0, projected.layer("head").stateSize());
    assertEquals(20, projected.stateSize());
    assertEquals(5 + 4, RnncModel.of(RnncStreamingStack.create(1L)).stateSize());
    // GRUCell(4): h; LSTMCell(3): h, c; MinimalRnnCell(2): its declared state sizes
    RnncModel stacked = RnncModel.of(RnncStateSnapshotTest_StackedStateful.create(1L));
    assertEquals(4 + 3 + 3 + 2, stacked.stateSize());
  }

  @Test
  void interleavedStreamsMatchSeparateModels() {
    ProjectedThenBidirectional shared = RnncStateSnapshotTest_ProjectedThenBidirectional.create(3L);
    checkInterleaved(
        shared,
        () -> RnncStateSnapshotTest_ProjectedThenBidirectional.create(3L),
        ProjectedThenBidirectional::step,
        3);
    checkInterleaved(
        RnncStreamingStack.create(5L),
        () -> RnncStreamingStack.create(5L),
        StreamingStack::step,
        2);
    checkInterleaved(
        RnncStateSnapshotTest_StackedStateful.create(7L),
        () -> RnncStateSnapshotTest_StackedStateful.create(7L),
        StackedStateful::step,
        3);
  }

  /**
   * Three streams through one shared model, each step swapping the stream's states in and out,
   * against three models of their own.
   */
  private static <M> void checkInterleaved(
      M shared,
      java.util.function.Supplier<M> fresh,
      BiFunction<M, float[], float[]> step,
      int features) {
    RnncModel sharedModel = RnncModel.of(shared);
    int streams = 3;
    Object[] alone = new Object[streams];
    float[][] states = new float[streams][sharedModel.stateSize()];
    for (int s = 0; s < streams; s++) {
      alone[s] = fresh.get();
    }
    SplittableRandom random = new SplittableRandom(11);
    for (int t = 0; t < 40; t++) {
      for (int s = 0; s < streams; s++) {
        if (random.nextInt(3) == 0) {
          continue; // streams advance unevenly
        }
        float[] x = new float[features];
        for (int f = 0; f < features; f++) {
          x[f] = (float) random.nextDouble(-2, 2);
        }
        sharedModel.restoreStates(states[s]);
        float[] got = step.apply(shared, x);
        sharedModel.saveStates(states[s]);
        @SuppressWarnings("unchecked")
        M own = (M) alone[s];
        assertArrayEquals(step.apply(own, x), got, "stream " + s + " at step " + t);
      }
    }
    // a saved snapshot is the model's states: restoring it into a model of its own continues alike
    float[] snapshot = new float[sharedModel.stateSize()];
    RnncModel.of(alone[0]).saveStates(snapshot);
    assertArrayEquals(states[0], snapshot);
  }

  @Test
  void zerosAreTheResetStates() {
    ProjectedThenBidirectional a = RnncStateSnapshotTest_ProjectedThenBidirectional.create(3L);
    ProjectedThenBidirectional b = RnncStateSnapshotTest_ProjectedThenBidirectional.create(3L);
    float[] x = {0.5f, -1f, 2f};
    a.step(x);
    a.step(x);
    RnncModel.of(a).restoreStates(new float[20]);
    b.step(x); // b: reset by resetStates instead
    b.resetStates();
    assertArrayEquals(b.step(x), a.step(x));
  }

  @Test
  void wrongLengthIsRefusedAndNothingChanges() {
    RnncModel model = RnncStateSnapshotTest_ProjectedThenBidirectional.create(3L);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> model.restoreStates(new float[19]));
    assertEquals(
        "ProjectedThenBidirectional carries 20 floats of state, got an array of 19",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> model.saveStates(new float[21]));
  }

  @Test
  void swappingStatesAllocatesNothing() {
    Forecaster model = RnncStateSnapshotTest_Forecaster.create(3L);
    RnncModel m = RnncModel.of(model);
    float[] states = new float[m.stateSize()];
    float[] x = {0.5f, -1f, 2f, 0.1f};
    float[] out = new float[1];
    Runnable swapAndStep =
        () -> {
          m.restoreStates(states);
          model.stepInto(x, out);
          m.saveStates(states);
        };
    for (int i = 0; i < 200_000; i++) {
      swapAndStep.run(); // lets C2 compile the LSTM step's vector kernels first, on a busy machine
    }
    Allocations.assertAllocatesNothing(swapAndStep, "restoreStates, stepInto, saveStates");
  }
}
