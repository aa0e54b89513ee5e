package dev.rnnc.flink;

import java.io.Serializable;

/**
 * The model input of one record: a fixed window or a whole sequence, {@code (timesteps, features)}.
 *
 * @param <IN> the record type
 */
@FunctionalInterface
public interface WindowOf<IN> extends Serializable {
  float[][] window(IN record);
}
