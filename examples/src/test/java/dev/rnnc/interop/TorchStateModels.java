package dev.rnnc.interop;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.annotations.TimeDistributed;
import dev.rnnc.runtime.Layer;
import java.util.List;

/**
 * rnnc declarations of the bidirectional and {@code proj_size} PyTorch models in {@code
 * tools/goldens/torch_fixtures.py}. The top layer returns its final states, so the tests compare
 * PyTorch's {@code h_n} and {@code c_n} as well as its output; a {@code ...Lower} twin declares
 * only layer 0 of a two-layer module, with its states, to compare that layer's.
 */
final class TorchStateModels {
  private TorchStateModels() {}

  /** A call's result: the output sequence, then the final states in Keras' order. */
  interface Returned {
    float[][] output();

    /** LSTM h, c; GRU/SimpleRNN h; Bidirectional the forward states, then the backward ones. */
    List<float[]> states();
  }

  /** LSTM: output, h, c. */
  record LstmOut(float[][] output, float[] h, float[] c) implements Returned {
    @Override
    public List<float[]> states() {
      return List.of(h, c);
    }
  }

  /** Bidirectional LSTM: output, forward h, c, backward h, c. */
  record BiLstmOut(
      float[][] output, float[] forwardH, float[] forwardC, float[] backwardH, float[] backwardC)
      implements Returned {
    @Override
    public List<float[]> states() {
      return List.of(forwardH, forwardC, backwardH, backwardC);
    }
  }

  /** Bidirectional GRU or SimpleRNN: output, forward h, backward h. */
  record BiOut(float[][] output, float[] forwardH, float[] backwardH) implements Returned {
    @Override
    public List<float[]> states() {
      return List.of(forwardH, backwardH);
    }
  }

  /** {@code bilstm}: nn.LSTM(3, 5, bidirectional=True). */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface BiLstm {
    @Bidirectional
    @LSTM(units = 5, returnSequences = true, returnState = true)
    Layer lstm();

    BiLstmOut encode(float[][] x);
  }

  /**
   * {@code bilstm2}: nn.LSTM(3, 4, num_layers=2, bidirectional=True); layer 1 takes the
   * concatenation.
   */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface BiLstm2 {
    @Bidirectional(mergeMode = "concat")
    @LSTM(units = 4, returnSequences = true)
    Layer lower();

    @Bidirectional
    @LSTM(units = 4, returnSequences = true, returnState = true)
    Layer upper();

    BiLstmOut encode(float[][] x);
  }

  /** Layer 0 of {@code bilstm2}. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface BiLstm2Lower {
    @Bidirectional
    @LSTM(units = 4, returnSequences = true, returnState = true)
    Layer lower();

    BiLstmOut encode(float[][] x);
  }

  /** {@code bigru}: a bare seq-major nn.GRU(4, 5, bidirectional=True). */
  @RnnModel(input = @Input(timesteps = 7, features = 4))
  public interface BiGru {
    @Bidirectional
    @GRU(units = 5, returnSequences = true, returnState = true)
    Layer gru();

    BiOut encode(float[][] x);
  }

  /** {@code bigru2}: nn.GRU(3, 4, num_layers=2, bidirectional=True). */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface BiGru2 {
    @Bidirectional
    @GRU(units = 4, returnSequences = true)
    Layer lower();

    @Bidirectional
    @GRU(units = 4, returnSequences = true, returnState = true)
    Layer upper();

    BiOut encode(float[][] x);
  }

  /** Layer 0 of {@code bigru2}. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface BiGru2Lower {
    @Bidirectional
    @GRU(units = 4, returnSequences = true, returnState = true)
    Layer lower();

    BiOut encode(float[][] x);
  }

  /** {@code birnn}: nn.RNN(3, 4, bidirectional=True), tanh. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface BiRnn {
    @Bidirectional
    @SimpleRNN(units = 4, returnSequences = true, returnState = true)
    Layer rnn();

    BiOut encode(float[][] x);
  }

  /** {@code lstm_proj}: nn.LSTM(3, 6, proj_size=3); h is 3 wide, c 6. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface LstmProj {
    @LSTM(units = 6, projSize = 3, returnSequences = true, returnState = true)
    Layer lstm();

    LstmOut encode(float[][] x);
  }

  /** {@code lstm_proj2}: nn.LSTM(3, 8, num_layers=2, proj_size=5). */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface LstmProj2 {
    @LSTM(units = 8, projSize = 5, returnSequences = true)
    Layer lower();

    @LSTM(units = 8, projSize = 5, returnSequences = true, returnState = true)
    Layer upper();

    LstmOut encode(float[][] x);
  }

  /** Layer 0 of {@code lstm_proj2}. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface LstmProj2Lower {
    @LSTM(units = 8, projSize = 5, returnSequences = true, returnState = true)
    Layer lower();

    LstmOut encode(float[][] x);
  }

  /** {@code bilstm_proj2}: nn.LSTM(3, 6, num_layers=2, proj_size=4, bidirectional=True). */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface BiLstmProj2 {
    @Bidirectional
    @LSTM(units = 6, projSize = 4, returnSequences = true)
    Layer lower();

    @Bidirectional
    @LSTM(units = 6, projSize = 4, returnSequences = true, returnState = true)
    Layer upper();

    BiLstmOut encode(float[][] x);
  }

  /** Layer 0 of {@code bilstm_proj2}. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface BiLstmProj2Lower {
    @Bidirectional
    @LSTM(units = 6, projSize = 4, returnSequences = true, returnState = true)
    Layer lower();

    BiLstmOut encode(float[][] x);
  }

  /** {@code bilstm_tagger}: nn.LSTM(3, 5, bidirectional=True) + nn.Linear(10, 4) per timestep. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  public interface BiLstmTagger {
    @Bidirectional
    @LSTM(units = 5, returnSequences = true)
    Layer lstm();

    @TimeDistributed
    @Dense(units = 4)
    Layer fc();

    float[][] tag(float[][] x);

    float[][][] tag(float[][][] batch);
  }
}
