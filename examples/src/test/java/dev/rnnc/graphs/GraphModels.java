package dev.rnnc.graphs;

import dev.rnnc.annotations.Add;
import dev.rnnc.annotations.Average;
import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.Multiply;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/** Graph models with one input (fixtures: tools/goldens/keras_graphs.py, stage A). */
final class GraphModels {
  private GraphModels() {}

  /** An encoder's final states start a decoder reading the same input. */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  interface SameInputSeq2Seq {
    @LSTM(units = 5, returnState = true)
    Layer encoder(Layer x);

    @LSTM(units = 5, returnSequences = true)
    Layer decoder(Layer x, @InitialState Layer encoder);

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);

    float[][][] predict(float[][][] batch);
  }

  /** A skip connection: the input concatenated with an LSTM's sequence. */
  @RnnModel(input = @Input(name = "x", timesteps = 7, features = 3))
  interface SkipConcat {
    @LSTM(units = 4, returnSequences = true)
    Layer features();

    @Concatenate
    Layer joined(Layer x, Layer features);

    @GRU(units = 3)
    Layer summary();

    @Dense(units = 2)
    Layer head();

    float[] predict(float[][] x);

    void predictInto(float[][] x, float[] out);
  }

  /** Two recurrent branches added. */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 2))
  interface AddBranches {
    @GRU(units = 4, returnSequences = true)
    Layer left();

    @SimpleRNN(units = 4, returnSequences = true)
    Layer right(Layer x);

    @Add
    Layer total(Layer left, Layer right);

    @LSTM(units = 3)
    Layer summary();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    float[] predict(float[][] x);
  }

  /** Multiply, Average and Add of last outputs, concatenated. */
  @RnnModel(input = @Input(name = "x", timesteps = 5, features = 3))
  interface VectorMerges {
    @LSTM(units = 4)
    Layer a();

    @GRU(units = 4)
    Layer b(Layer x);

    @SimpleRNN(units = 4)
    Layer c(Layer x);

    @Multiply
    Layer prod(Layer a, Layer b);

    @Average
    Layer avg(Layer a, Layer b, Layer c);

    @Add
    Layer total(Layer a, Layer b, Layer c);

    @Concatenate
    Layer joined(Layer prod, Layer avg, Layer total);

    @Dense(units = 3)
    Layer head();

    float[] predict(float[][] x);
  }

  /** A masked skip connection: the mask passes through the Concatenate to the next LSTM. */
  @RnnModel(input = @Input(name = "x", timesteps = 8, features = 2))
  interface MaskedConcat {
    @Masking
    Layer padding();

    @LSTM(units = 3, returnSequences = true)
    Layer features();

    @Concatenate
    Layer joined(Layer padding, Layer features);

    @LSTM(units = 4)
    Layer summary();

    @Dense(units = 2)
    Layer head();

    float[] predict(float[][] x);
  }

  /** A Bidirectional encoder's forward and backward states start a Bidirectional decoder. */
  @RnnModel(input = @Input(name = "x", timesteps = 5, features = 3))
  interface BidirectionalStates {
    @Bidirectional
    @LSTM(units = 3, returnState = true)
    Layer encoder();

    @Bidirectional(mergeMode = "sum")
    @LSTM(units = 3, returnSequences = true)
    Layer decoder(Layer x, @InitialState Layer encoder);

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);
  }

  /** A decoder reads an encoder's sequence and starts from that encoder's state. */
  @RnnModel(input = @Input(timesteps = 6, features = 2))
  interface GruStateChain {
    @GRU(units = 4, returnSequences = true, returnState = true)
    Layer encoder();

    @GRU(units = 4)
    Layer decoder(Layer encoder, @InitialState("encoder") Layer encoderState);

    float[] predict(float[][] x);
  }

  /** Several outputs: the call returns a record whose components name layers. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  interface TwoOutputs {
    /** A tag distribution per timestep and a score per sequence. */
    record Prediction(float[][] tags, float[] score) {}

    @LSTM(units = 5, returnSequences = true)
    Layer encoder();

    @Dense(units = 3, activation = "softmax")
    Layer tags();

    @GRU(units = 4)
    Layer summary(Layer encoder);

    @Dense(units = 1, activation = "sigmoid")
    Layer score();

    Prediction predict(float[][] x);

    Prediction[] predict(float[][][] batch);
  }
}
