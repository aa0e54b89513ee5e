package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * A masked bidirectional tagger: (40, 8) padded → Masking → Bidirectional LSTM(32, seq) → Dense(5,
 * softmax).
 */
@RnnModel(input = @Input(timesteps = 40, features = 8))
public interface MaskedTagger {
  @Masking
  Layer padding();

  @Bidirectional
  @LSTM(units = 32, returnSequences = true)
  Layer encoder();

  @Dense(units = 5, activation = "softmax")
  Layer tags();

  /** Allocation-free: tags for every timestep into {@code out}. */
  void tagInto(float[][] sequence, float[][] out);
}
