package dev.rnnc.interop;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * rnnc declarations of the PyTorch models in {@code tools/goldens/torch_fixtures.py}; each compiles
 * to {@code RnncTorchModels_<Name>}. Layer names deliberately differ from the PyTorch module names
 * where the test is about matching by kind, order or shape.
 */
final class TorchModels {
  private TorchModels() {}

  /**
   * {@code lstm_stack}: nn.LSTM(3, 5, num_layers=2) → two layers; nn.Linear(5, 2) "fc" per
   * timestep.
   */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface LstmStack {
    @LSTM(units = 5, returnSequences = true)
    Layer lower();

    @LSTM(units = 5, returnSequences = true)
    Layer upper();

    @Dense(units = 2)
    Layer fc();

    float[][] predict(float[][] sample);

    float[][][] predict(float[][][] batch);
  }

  /**
   * {@code lstm_stack} without the head: the top layer's per-timestep output (load ignoring "fc").
   */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface LstmTop {
    @LSTM(units = 5, returnSequences = true)
    Layer lower();

    @LSTM(units = 5, returnSequences = true)
    Layer upper();

    float[][] predict(float[][] sample);
  }

  /** {@code lstm_stack} on the last step: fc(h_n[-1]); "head" takes "fc" as the only Linear. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface LstmLast {
    @LSTM(units = 5, returnSequences = true)
    Layer lower();

    @LSTM(units = 5)
    Layer upper();

    @Dense(units = 2)
    Layer head();

    float[] predict(float[][] sample);
  }

  /** {@code gru}: a bare seq-major nn.GRU(4, 6) (tensors without a module prefix). */
  @RnnModel(input = @Input(timesteps = 7, features = 4))
  public interface Gru {
    @GRU(units = 6, returnSequences = true)
    Layer gru();

    float[][] predict(float[][] sample);
  }

  /** {@code gru} into a reset-before GRU, which PyTorch cannot express: must be refused. */
  @RnnModel(input = @Input(timesteps = 7, features = 4))
  public interface GruResetBefore {
    @GRU(units = 6, resetAfter = false, returnSequences = true)
    Layer gru();

    float[][] predict(float[][] sample);
  }

  /** {@code rnn_tanh}: a bare nn.RNN(3, 5). */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface RnnTanh {
    @SimpleRNN(units = 5, returnSequences = true)
    Layer rnn();

    float[][] predict(float[][] sample);
  }

  /** {@code rnn_relu}: nn.RNN(3, 4, nonlinearity='relu', num_layers=2). */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface RnnRelu {
    @SimpleRNN(units = 4, activation = "relu", returnSequences = true)
    Layer first();

    @SimpleRNN(units = 4, activation = "relu", returnSequences = true)
    Layer second();

    float[][] predict(float[][] sample);
  }

  /** {@code embedding_lstm}: names equal the PyTorch module names. */
  @RnnModel(input = @Input(timesteps = 7, dtype = Input.Dtype.INT32))
  public interface EmbeddingLstm {
    @Embedding(inputDim = 20, outputDim = 8)
    Layer embed();

    @LSTM(units = 6)
    Layer lstm();

    @Dense(units = 3)
    Layer head();

    float[] predict(int[] ids);
  }

  /** {@code gru_mlp}: two Linear modules named unlike the layers, told apart by shape. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface GruMlp {
    @GRU(units = 7)
    Layer encoder();

    @Dense(units = 5, activation = "relu")
    Layer fc1();

    @Dense(units = 2)
    Layer fc2();

    float[] predict(float[][] sample);
  }

  /** {@code lstm_no_bias}: bias=False in PyTorch, useBias = false here. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface LstmNoBias {
    @LSTM(units = 4, useBias = false, returnSequences = true)
    Layer lstm();

    @Dense(units = 2, useBias = false)
    Layer fc();

    float[][] predict(float[][] sample);
  }

  /** {@code lstm_no_bias} into layers with biases (useBias = true, the default): refused. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface LstmWithBias {
    @LSTM(units = 4, returnSequences = true)
    Layer lstm();

    @Dense(units = 2)
    Layer fc();

    float[][] predict(float[][] sample);
  }

  /**
   * {@code lstm_cell}: nn.LSTMCell(3, 5); also a plain layer the bilstm and lstm_proj files do not
   * fit.
   */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface LstmSingle {
    @LSTM(units = 5, returnSequences = true)
    Layer cell();

    float[][] predict(float[][] sample);
  }
}
