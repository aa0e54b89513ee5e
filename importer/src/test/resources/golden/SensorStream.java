package com.acme;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Sequential model {@code sensor_stream}, imported from {@code sensor_stream.keras}
 * (saved by Keras 3.15.1): input {@code (1, 3)}, output {@code (2,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncSensorStream.load(Path.of("sensor_stream.keras"))} finds the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(timesteps = 1, features = 3), name = "sensor_stream")
public interface SensorStream {
  /** Keras layer {@code smooth} (GRU): (1, 3) -> (1, 5). */
  @GRU(units = 5, returnSequences = true, stateful = true)
  Layer smooth();

  /** Keras layer {@code track} (LSTM): (1, 5) -> (4,). */
  @LSTM(units = 4, stateful = true)
  Layer track();

  /** Keras layer {@code readout} (Dense): (4,) -> (2,). */
  @Dense(units = 2)
  Layer readout();

  /** One sample: (1, 3) -> (2,), continuing from the states the previous call left. */
  float[] predict(float[][] input);

  /**
   * One sample into {@code out}, allocating nothing: (1, 3) -> (2,), continuing from the states the
   * previous call left.
   */
  void predictInto(float[][] input, float[] out);

  /** Zeros the recurrent states: the next call starts a new stream. */
  void resetStates();

  /** One timestep of the stream: (3,) -> (2,), the same as predict on a sample of one timestep. */
  float[] step(float[] x);
}
