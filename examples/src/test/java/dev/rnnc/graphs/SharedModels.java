package dev.rnnc.graphs;

import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.Shared;
import dev.rnnc.runtime.Layer;

/** Models with shared layers (fixtures: tools/goldens/keras_graphs.py, stage C). */
final class SharedModels {
  private SharedModels() {}

  /** Two sequences of different lengths through one LSTM (Keras' functional API guide). */
  @RnnModel(
      input = {
        @Input(name = "left", timesteps = 5, features = 4),
        @Input(name = "right", timesteps = 7, features = 4)
      })
  interface Siamese {
    @LSTM(units = 6)
    Layer encoder(Layer left);

    @Shared("encoder")
    Layer encodedRight(Layer right);

    @Concatenate
    Layer joined(Layer encoder, Layer encodedRight);

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    float[] predict(float[][] left, float[][] right);
  }

  /** A masked Embedding shared by two token inputs of any length, and a shared Dense. */
  @RnnModel(
      input = {
        @Input(name = "question", dtype = Input.Dtype.INT32),
        @Input(name = "answer", dtype = Input.Dtype.INT32)
      })
  interface SharedEmbedding {
    @Embedding(inputDim = 30, outputDim = 6, maskZero = true)
    Layer embedding(Layer question);

    @GRU(units = 4)
    Layer questionEncoder();

    @Shared("embedding")
    Layer answerEmbedding(Layer answer);

    @GRU(units = 4)
    Layer answerEncoder();

    @Dense(units = 3, activation = "tanh")
    Layer project(Layer questionEncoder);

    @Shared("project")
    Layer projectAnswer(Layer answerEncoder);

    @Concatenate
    Layer joined(Layer project, Layer projectAnswer);

    @Dense(units = 2)
    Layer head();

    float[] predict(int[] question, int[] answer);
  }
}
