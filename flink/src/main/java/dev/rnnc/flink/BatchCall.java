package dev.rnnc.flink;

import java.io.Serializable;

/**
 * A model's generated batch call, such as {@code Forecaster::predict} for {@code float[][]
 * predict(float[][][] windows)}: one output row per window.
 *
 * @param <M> the model's interface
 */
@FunctionalInterface
public interface BatchCall<M> extends Serializable {
  float[][] score(M model, float[][][] windows);
}
