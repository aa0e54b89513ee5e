package dev.rnnc.states;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Models where a layer before the last returns its final states: they leave the model beside the
 * head's output as record components named after the layer and the state (fixtures:
 * tools/goldens/keras_return_state.py, the {@code state_middle_*} cases).
 */
final class MiddleStateModels {
  private MiddleStateModels() {}

  /** The head's sequence, then the encoder's final h and c. */
  record Tagged(float[][] head, float[] encoderH, float[] encoderC) {}

  /** The head's vector, then each direction's final h. */
  record Scored(float[] head, float[] encoderForwardH, float[] encoderBackwardH) {}

  /** The decoder's output per step, then its final states, to continue decoding from. */
  record Decoded(float[][] head, float[] decoderH, float[] decoderC) {}

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface MiddleLstm {
    @LSTM(units = 5, returnSequences = true, returnState = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    Tagged predict(float[][] x);

    Tagged[] predict(float[][][] x);
  }

  @RnnModel(input = @Input(timesteps = 5, features = 2))
  interface MiddleBidiGru {
    @Bidirectional
    @GRU(units = 3, returnState = true)
    Layer encoder();

    @Dense(units = 2, activation = "tanh")
    Layer head();

    Scored predict(float[][] x);
  }

  /** Keras' seq2seq inference decoder: started from the encoder, returning its own states. */
  @RnnModel(
      input = {
        @Input(name = "x", timesteps = 6, features = 3),
        @Input(name = "y", timesteps = 4, features = 2)
      })
  interface MiddleSeq2Seq {
    @LSTM(units = 5, returnState = true)
    Layer encoder(Layer x);

    @LSTM(units = 5, returnSequences = true, returnState = true)
    Layer decoder(Layer y, @InitialState Layer encoder);

    @Dense(units = 3, activation = "softmax")
    Layer head();

    Decoded predict(float[][] x, float[][] y);

    Decoded[] predict(float[][][] x, float[][][] y);

    float[][] heads(float[][] x, float[][] y);
  }
}
