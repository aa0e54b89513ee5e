package dev.rnnc.interop;

import dev.rnnc.annotations.Add;
import dev.rnnc.annotations.Average;
import dev.rnnc.annotations.Backward;
import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Forward;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.Multiply;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.Shared;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.annotations.TimeDistributed;
import dev.rnnc.runtime.Layer;

/**
 * Graph models exported as whole {@code .keras} archives (Keras {@code Functional} configs) by
 * {@link KerasGraphExportTest}: several inputs and merges, {@code @InitialState}, {@code @Shared},
 * Bidirectional layers, final states and several outputs, {@code @RNN} stacks of built-in cells.
 */
final class KerasGraphArchiveModels {
  private KerasGraphArchiveModels() {}

  /** Two inputs: LSTM(a) and GRU(b), concatenated, then Dense(2, tanh). */
  @RnnModel(
      input = {
        @Input(name = "a", timesteps = 5, features = 3),
        @Input(name = "b", timesteps = 4, features = 2)
      })
  public interface TwoInputs {
    @LSTM(units = 4)
    Layer left(Layer a);

    @GRU(units = 3)
    Layer right(Layer b);

    @Concatenate
    Layer joined(Layer left, Layer right);

    @Dense(units = 2, activation = "tanh")
    Layer head();

    float[][] predict(float[][][] a, float[][][] b);
  }

  /**
   * Seq2seq: the encoder LSTM's final (h, c) start the decoder LSTM ({@code @InitialState}), a
   * softmax Dense per decoder step.
   */
  @RnnModel(
      input = {
        @Input(name = "encoderTokens", dtype = Input.Dtype.INT32),
        @Input(name = "decoderTokens", dtype = Input.Dtype.INT32)
      })
  public interface Translator {
    @Embedding(inputDim = 12, outputDim = 4)
    Layer encoderEmbedding(Layer encoderTokens);

    @LSTM(units = 5, returnState = true)
    Layer encoder();

    @Embedding(inputDim = 9, outputDim = 4)
    Layer decoderEmbedding(Layer decoderTokens);

    @LSTM(units = 5, returnSequences = true)
    Layer decoder(Layer decoderEmbedding, @InitialState Layer encoder);

    @TimeDistributed
    @Dense(units = 9, activation = "softmax")
    Layer head();

    float[][][] predict(int[][] encoderTokens, int[][] decoderTokens);
  }

  /** One LSTM applied to both inputs ({@code @Shared}), the two encodings averaged. */
  @RnnModel(
      input = {
        @Input(name = "left", timesteps = 5, features = 4),
        @Input(name = "right", timesteps = 7, features = 4)
      })
  public interface Siamese {
    @LSTM(units = 6)
    Layer encoder(Layer left);

    @Shared("encoder")
    Layer encodedRight(Layer right);

    @Average
    Layer mean(Layer encoder, Layer encodedRight);

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    float[][] predict(float[][][] left, float[][][] right);
  }

  /**
   * Bidirectional layers in a graph: a Bidirectional GRU sequence, a Bidirectional LSTM (sum) whose
   * four final states start a Bidirectional LSTM (ave) over the second input, the two added.
   */
  @RnnModel(
      input = {
        @Input(name = "x", timesteps = 6, features = 3),
        @Input(name = "y", timesteps = 4, features = 2)
      })
  public interface BidirectionalGraph {
    @Bidirectional
    @GRU(units = 3, returnSequences = true)
    Layer words(Layer x);

    @Bidirectional(mergeMode = "sum")
    @LSTM(units = 4, returnState = true)
    Layer summary();

    @Bidirectional(mergeMode = "ave")
    @SimpleRNN(units = 4)
    Layer reader(Layer y);

    @Bidirectional(mergeMode = "ave")
    @LSTM(units = 4)
    Layer decoder(Layer y, @InitialState Layer summary);

    @Add
    Layer both(Layer summary, Layer decoder, Layer reader);

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][][] x, float[][][] y);
  }

  /**
   * Two heads and an LSTM's final states as outputs: {@code keras.Model(window, [mean, spread, h,
   * c])}.
   */
  @RnnModel(input = @Input(name = "window", timesteps = 5, features = 2))
  public interface StatesAndHeads {
    @LSTM(units = 4, returnSequences = true, returnState = true)
    Layer encoder(Layer window);

    @GRU(units = 3)
    Layer summary();

    @Dense(units = 2)
    Layer mean();

    @Dense(units = 1, activation = "softplus")
    Layer spread(Layer summary);

    /** The two heads, then the encoder's final h and c. */
    record Outputs(float[] mean, float[] spread, float[] encoderH, float[] encoderC) {}

    Outputs[] predict(float[][][] window);
  }

  /**
   * {@code @RNN} stacks of built-in cells: an LSTM and a GRU cell whose final states (h0, c0, h1)
   * start the same stack over the second input.
   */
  @RnnModel(
      input = {
        @Input(name = "source", timesteps = 6, features = 3),
        @Input(name = "target", timesteps = 4, features = 2)
      })
  public interface CellStacks {
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)},
        returnState = true)
    Layer encoder(Layer source);

    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)},
        returnSequences = true)
    Layer decoder(Layer target, @InitialState Layer encoder);

    @Dense(units = 2)
    Layer head();

    float[][][] predict(float[][][] source, float[][][] target);
  }

  /**
   * A masked graph: Masking, an LSTM sequence concatenated with the masked input (Keras merges the
   * masks), another LSTM, Dense.
   */
  @RnnModel(input = @Input(name = "window", timesteps = 6, features = 2))
  public interface MaskedConcat {
    @Masking
    Layer pad(Layer window);

    @LSTM(units = 3, returnSequences = true)
    Layer features();

    @Concatenate
    Layer joined(Layer pad, Layer features);

    @LSTM(units = 4)
    Layer summary();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][][] window);
  }

  /** {@link Translator} with mask_zero embeddings: padded source and target tokens. */
  @RnnModel(
      input = {
        @Input(name = "encoderTokens", dtype = Input.Dtype.INT32),
        @Input(name = "decoderTokens", dtype = Input.Dtype.INT32)
      })
  public interface MaskedTranslator {
    @Embedding(inputDim = 12, outputDim = 4, maskZero = true)
    Layer encoderEmbedding(Layer encoderTokens);

    @GRU(units = 5, returnState = true)
    Layer encoder();

    @Embedding(inputDim = 9, outputDim = 4, maskZero = true)
    Layer decoderEmbedding(Layer decoderTokens);

    @GRU(units = 5, returnSequences = true)
    Layer decoder(Layer decoderEmbedding, @InitialState Layer encoder);

    @TimeDistributed
    @Dense(units = 9, activation = "softmax")
    Layer head();

    float[][][] predict(int[][] encoderTokens, int[][] decoderTokens);
  }

  /**
   * Bidirectional forms in a masked graph: mergeMode "none", its two directions averaged
   * ({@code @Forward}, {@code @Backward}), and a Bidirectional LSTM with a declared backward layer
   * (Keras' {@code backward_layer}); outputs the head and the first layer's backward final state.
   */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  public interface BidirectionalDirections {
    @Masking
    Layer padding(Layer x);

    @Bidirectional(mergeMode = "none")
    @GRU(units = 3, returnSequences = true)
    Layer encoder();

    @Average
    Layer mean(@Forward("encoder") Layer forward, @Backward("encoder") Layer backward);

    @Bidirectional(backwardLayer = "summaryReverse")
    @LSTM(units = 2)
    Layer summary();

    @LSTM(units = 2, goBackwards = true, activation = "relu")
    Layer summaryReverse();

    @Dense(units = 1)
    Layer head(Layer summary);

    float[][] predict(float[][][] x);
  }

  /**
   * A Bidirectional {@code @RNN} stack (LSTMCell, GRUCell) in a graph, concatenated with a Dense
   * projection of a second input, then an LSTM and Dense.
   */
  @RnnModel(
      input = {
        @Input(name = "x", timesteps = 5, features = 3),
        @Input(name = "y", timesteps = 5, features = 2)
      })
  public interface BidirectionalCells {
    @Bidirectional
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 3), @Cell(type = GRUCell.class, units = 2)},
        returnSequences = true)
    Layer encoder(Layer x);

    @Dense(units = 4)
    Layer project(Layer y);

    @Concatenate
    Layer joined(Layer encoder, Layer project);

    @LSTM(units = 3)
    Layer summary();

    @Dense(units = 1)
    Layer head();

    float[][] predict(float[][][] x, float[][][] y);
  }

  /**
   * A Bidirectional {@code @RNN} stack (LSTMCell, GRUCell) returning its sequence and states, which
   * start another such stack over that sequence (Keras' {@code initial_state}: the forward cells'
   * states, then the backward cells', nested per cell), then Dense.
   */
  @RnnModel(input = @Input(name = "x", timesteps = 5, features = 3))
  public interface BidirectionalStackStates {
    @Bidirectional
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 3), @Cell(type = GRUCell.class, units = 2)},
        returnSequences = true,
        returnState = true)
    Layer encoder(Layer x);

    @Bidirectional(mergeMode = "sum")
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 3), @Cell(type = GRUCell.class, units = 2)},
        returnSequences = true)
    Layer decoder(Layer encoder, @InitialState("encoder") Layer states);

    @Dense(units = 2)
    Layer head();

    float[][][] predict(float[][][] x);
  }

  /**
   * Stateful layers in a graph, on an input of a declared batch of 3 (Keras' stateful layers need
   * the batch shape): a stateful LSTM and a stateful GRU over it, added, then Dense.
   */
  @RnnModel(input = @Input(name = "x", timesteps = 4, features = 2, batchSize = 3))
  public interface StatefulGraph {
    @LSTM(units = 3, stateful = true)
    Layer left(Layer x);

    @GRU(units = 3, stateful = true)
    Layer right(Layer x);

    @Add
    Layer sum(Layer left, Layer right);

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][][] x);

    void resetStates();
  }

  /**
   * Dropout and Multiply inside a graph: an LSTM sequence through Dropout (the identity when
   * predicting), multiplied by a Dense projection of the second input, then a GRU and Dense.
   */
  @RnnModel(
      input = {
        @Input(name = "x", timesteps = 5, features = 3),
        @Input(name = "y", timesteps = 5, features = 2)
      })
  public interface DropoutMultiply {
    @LSTM(units = 4, returnSequences = true)
    Layer left(Layer x);

    @Dropout(rate = 0.3)
    Layer dropped();

    @Dense(units = 4)
    Layer right(Layer y);

    @Multiply
    Layer product(Layer dropped, Layer right);

    @GRU(units = 3)
    Layer summary();

    @Dense(units = 1)
    Layer head();

    float[][] predict(float[][][] x, float[][][] y);
  }
}
