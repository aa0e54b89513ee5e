package dev.rnnc.interop;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Packed;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SequenceFirst;
import dev.rnnc.runtime.Layer;

/**
 * PyTorch modules run on {@code pack_padded_sequence(x, lengths)}, declared with {@code @Packed
 * int[] lengths} calls (fixtures: tools/goldens/pytorch_packed.py). Layer names are the modules'
 * attribute names, so their state_dicts load by name.
 */
final class PackedModels {
  private PackedModels() {}

  /** The head's output per timestep and the encoder's h_n, c_n. */
  record Tagged(float[][] head, float[] encoderH, float[] encoderC) {}

  /** nn.LSTM(3, 5) -> nn.Linear(5, 2) on the padded output sequence. */
  @RnnModel(input = @Input(timesteps = Input.VARIABLE, features = 3))
  interface Tagger {
    @LSTM(units = 5, returnSequences = true, returnState = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    float[][][] tag(float[][][] x, @Packed int[] lengths);

    void tagInto(float[][][] x, @Packed int[] lengths, float[][][] out);

    Tagged[] tagWithStates(float[][][] x, @Packed int[] lengths);

    Tagged[] tagWithStates(float[][][] x, @Packed int[] lengths, float[][] h0, float[][] c0);

    /** h_0, c_0 as PyTorch holds them: (1, batch, 5). */
    Tagged[] tagWithStates(float[][][] x, @Packed int[] lengths, float[][][] h0, float[][][] c0);

    void tagInto(float[][][] x, @Packed int[] lengths, float[][] h0, float[][] c0, float[][][] out);

    /** Keras' mask=, for contrast: the output repeats past the length. */
    float[][][] tagKeras(float[][][] x, int[] lengths);
  }

  /** nn.GRU(4, 6) -> nn.Linear(6, 3) on h_n. */
  @RnnModel(input = @Input(timesteps = 7, features = 4))
  interface Classifier {
    @GRU(units = 6)
    Layer encoder();

    @Dense(units = 3)
    Layer head();

    float[][] classify(float[][][] x, @Packed int[] lengths);

    float[][] classify(float[][][] x, @Packed int[] lengths, float[][] h0);
  }

  /** The output sequence with each direction's h_n and c_n. */
  record BiStates(
      float[][] output, float[] forwardH, float[] forwardC, float[] backwardH, float[] backwardC) {}

  /** nn.LSTM(3, 4, bidirectional=True): the padded output sequence and h_n, c_n. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  interface BiLstm {
    @Bidirectional
    @LSTM(units = 4, returnSequences = true, returnState = true)
    Layer rnn();

    BiStates[] run(float[][][] x, @Packed int[] lengths);

    BiStates[] run(
        float[][][] x,
        @Packed int[] lengths,
        float[][] h0,
        float[][] c0,
        float[][] h0Reverse,
        float[][] c0Reverse);

    /** h_0, c_0 as PyTorch holds them: (2, batch, 4). */
    BiStates[] run(float[][][] x, @Packed int[] lengths, float[][][] h0, float[][][] c0);
  }

  /** The output sequence and PyTorch's h_n, a row per layer and direction. */
  record GruStates(float[][] rnn, float[][] rnnHN) {}

  /** nn.GRU(3, 4, num_layers=2, bidirectional=True). */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  interface BiGruLayers {
    @Bidirectional
    @GRU(units = 4, numLayers = 2, returnSequences = true, returnState = true)
    Layer rnn();

    GruStates[] run(float[][][] x, @Packed int[] lengths);

    GruStates[] run(
        float[][][] x,
        @Packed int[] lengths,
        float[][] h0,
        float[][] h0Reverse,
        float[][] h1,
        float[][] h1Reverse);

    /** h_0 as PyTorch holds it: (4, batch, 4). */
    GruStates[] run(float[][][] x, @Packed int[] lengths, float[][][] h0);
  }

  /** The output sequence and PyTorch's h_n, c_n. */
  record ProjStates(float[][] rnn, float[][] rnnHN, float[][] rnnCN) {}

  /** nn.LSTM(2, 5, num_layers=2, proj_size=3). */
  @RnnModel(input = @Input(timesteps = 7, features = 2))
  interface LstmProjLayers {
    @LSTM(units = 5, projSize = 3, numLayers = 2, returnSequences = true, returnState = true)
    Layer rnn();

    ProjStates[] run(float[][][] x, @Packed int[] lengths);

    ProjStates[] run(
        float[][][] x,
        @Packed int[] lengths,
        float[][] h0,
        float[][] c0,
        float[][] h1,
        float[][] c1);

    /** h_0 (2, batch, 3) and c_0 (2, batch, 5) as PyTorch holds them. */
    ProjStates[] run(float[][][] x, @Packed int[] lengths, float[][][] h0, float[][][] c0);
  }

  /** nn.GRU(3, 4) with batch_first=False: (T, B, 3) in, (T, B, 4) out. */
  @RnnModel(input = @Input(timesteps = 7, features = 3))
  interface GruSequenceFirst {
    @GRU(units = 4, returnSequences = true)
    Layer rnn();

    @SequenceFirst
    float[][][] run(float[][][] x, @Packed int[] lengths);

    @SequenceFirst
    float[][][] run(float[][][] x, @Packed int[] lengths, float[][] h0);

    @SequenceFirst
    void runInto(float[][][] x, @Packed int[] lengths, float[][][] out);
  }
}
