package dev.rnnc.summary;

import dev.rnnc.annotations.Average;
import dev.rnnc.annotations.Backward;
import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Forward;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.Shared;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.annotations.SimpleRNNCell;
import dev.rnnc.annotations.TimeDistributed;
import dev.rnnc.cells.MinimalRnnCell;
import dev.rnnc.runtime.Layer;

/**
 * The models whose summaries are compared with Keras' (fixtures: tools/goldens/keras_summary.py,
 * which builds each in Keras under the same names).
 */
final class SummaryModels {
  private SummaryModels() {}

  /** Any number of timesteps, and a GRU with resetAfter = false (one bias row). */
  @RnnModel(input = @Input(features = 8))
  interface ChainLstmGruDense {
    @LSTM(units = 32, returnSequences = true)
    Layer encoder();

    @GRU(units = 16, resetAfter = false)
    Layer decoder();

    @Dense(units = 4, activation = "softmax")
    Layer classes();

    float[] predict(float[][] x);

    /** Declared, so callable on the interface: the generated class implements it. */
    String summary();
  }

  /** Embedding(1000, 64) → LSTM(128) → Dense(10): 164,106 parameters. */
  @RnnModel(input = @Input(dtype = Input.Dtype.INT32))
  interface EmbeddingClassifier {
    @Embedding(inputDim = 1000, outputDim = 64)
    Layer embedding();

    @LSTM(units = 128)
    Layer encoder();

    @Dense(units = 10)
    Layer logits();

    float[] predict(int[] tokens);
  }

  /** The Keras RNN guide's GRU(256) + SimpleRNN(128) model. */
  @RnnModel(input = @Input(dtype = Input.Dtype.INT32))
  interface RnnGuide {
    @Embedding(inputDim = 1000, outputDim = 64)
    Layer embedding();

    @GRU(units = 256, returnSequences = true)
    Layer gru();

    @SimpleRNN(units = 128)
    Layer simpleRnn();

    @Dense(units = 10)
    Layer dense();

    float[] predict(int[] tokens);
  }

  /** The Keras RNN guide's Bidirectional model. */
  @RnnModel(input = @Input(timesteps = 5, features = 10))
  interface BidirectionalGuide {
    @Bidirectional
    @LSTM(units = 64, returnSequences = true)
    Layer encoder();

    @Bidirectional
    @LSTM(units = 32)
    Layer summarizer();

    @Dense(units = 10)
    Layer head();

    float[] predict(float[][] x);
  }

  /** Stacked cells, a Bidirectional stack, a custom cell, TimeDistributed. */
  @RnnModel(input = @Input(timesteps = 12, features = 4))
  interface StackedCells {
    @RNN(
        cells = {
          @Cell(type = LSTMCell.class, units = 8),
          @Cell(type = GRUCell.class, units = 6),
          @Cell(type = SimpleRNNCell.class, units = 5)
        },
        returnSequences = true)
    Layer stack();

    @Bidirectional
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)},
        returnSequences = true)
    Layer both();

    @RNN(cell = MinimalRnnCell.class, units = 7, returnSequences = true)
    Layer custom();

    @TimeDistributed
    @Dense(units = 3)
    Layer head();

    float[][] predict(float[][] x);
  }

  /** A stateful LSTM: Keras' batch size is fixed (1). */
  @RnnModel(input = @Input(timesteps = 4, features = 3))
  interface StatefulStream {
    @LSTM(units = 8, stateful = true)
    Layer state();

    @Dense(units = 1)
    Layer head();

    float[] predict(float[][] x);

    void resetStates();
  }

  /** A chain from a named input: Keras' functional model, sequential-like. */
  @RnnModel(input = @Input(name = "x", timesteps = 30, features = 8))
  interface NamedChain {
    @LSTM(units = 4)
    Layer encoder(Layer x);

    @Dense(units = 3)
    Layer head();

    float[] predict(float[][] x);
  }

  /** A masked graph: Keras adds rows for its mask computations, rnnc does not. */
  @RnnModel(input = @Input(name = "x", timesteps = 5, features = 4))
  interface MaskedGraph {
    @Masking
    Layer padding(Layer x);

    @LSTM(units = 3)
    Layer encoder();

    float[] predict(float[][] x);
  }

  /** Two inputs, an Embedding on the tokens, a Concatenate. */
  @RnnModel(
      input = {
        @Input(name = "tokens", timesteps = 20, dtype = Input.Dtype.INT32),
        @Input(name = "features", timesteps = 10, features = 3)
      })
  interface TwoInputs {
    @Embedding(inputDim = 500, outputDim = 16)
    Layer tokenEmbeddingLookup(Layer tokens);

    @LSTM(units = 32)
    Layer tokenEncoder();

    @GRU(units = 16)
    Layer featuresEncoder(Layer features);

    @Concatenate
    Layer joined(Layer tokenEncoder, Layer featuresEncoder);

    @Dense(units = 5, activation = "softmax")
    Layer head();

    float[] predict(int[] tokens, float[][] features);
  }

  /** Keras' functional guide's shared LSTM. */
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

  /** A shared LSTM applied at two depths, a skip connection, an Average. */
  @RnnModel(
      input = {
        @Input(name = "left", timesteps = 5, features = 4),
        @Input(name = "right", timesteps = 7, features = 4)
      })
  interface Matcher {
    @Dense(units = 4)
    Layer project(Layer left);

    @GRU(units = 4, returnSequences = true)
    Layer features();

    @Concatenate
    Layer joined(Layer project, Layer features);

    @LSTM(units = 6)
    Layer encoder();

    @Dense(units = 8)
    Layer widen(Layer right);

    @Shared("encoder")
    Layer encodedRight(Layer widen);

    @Average
    Layer mean(Layer encoder, Layer encodedRight);

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    float[] predict(float[][] left, float[][] right);
  }

  /** returnState and @InitialState. */
  @RnnModel(input = {@Input(name = "source", features = 5), @Input(name = "target", features = 4)})
  interface Seq2Seq {
    @LSTM(units = 16, returnState = true)
    Layer encoder(Layer source);

    @LSTM(units = 16, returnSequences = true)
    Layer decoder(Layer target, @InitialState Layer encoder);

    @TimeDistributed
    @Dense(units = 4)
    Layer head();

    float[][] predict(float[][] source, float[][] target);
  }

  /** Bidirectional mergeMode "none" read apart, and two outputs. */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  interface TwoOutputs {
    record Prediction(float[][] tags, float[] score) {}

    @Bidirectional(mergeMode = "none")
    @LSTM(units = 4, returnSequences = true)
    Layer encoder();

    @Dense(units = 3, activation = "softmax")
    Layer tags(@Forward Layer encoder);

    @GRU(units = 2)
    Layer pooled(@Backward("encoder") Layer backward);

    @Dense(units = 1, activation = "sigmoid")
    Layer score();

    Prediction predict(float[][] x);
  }
}
