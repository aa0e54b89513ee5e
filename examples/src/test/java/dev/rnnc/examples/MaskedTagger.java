package dev.rnnc.examples;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** A masked bidirectional tagger, for the allocation check of the masked path. */
@RnnModel(input = @Input(timesteps = 12, features = 3))
public interface MaskedTagger {
  @Masking
  Layer padding();

  @Bidirectional
  @LSTM(units = 10, returnSequences = true)
  Layer encoder();

  @Dense(units = 4, activation = "softmax")
  Layer tags();

  void tagInto(float[][] sequence, float[][] out);
}
