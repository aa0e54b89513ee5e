package dev.rnnc.interop;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Packed;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * PyTorch modules over token ids that embed the padded batch and pack the embedded sequences
 * ({@code pack_padded_sequence(embed(ids), lengths)}), declared with {@code @Packed int[] lengths}
 * after {@code int[][]} ids (fixtures: tools/goldens/pytorch_packed_tokens.py). Layer names are the
 * modules' attribute names, so their state_dicts load by name.
 */
final class PackedTokensModels {
  private PackedTokensModels() {}

  /** The head's output per timestep and the encoder's h_n, c_n. */
  record Tagged(float[][] head, float[] encoderH, float[] encoderC) {}

  /** nn.Embedding(11, 3) -> nn.LSTM(3, 5) -> nn.Linear(5, 2) on the padded output sequence. */
  @RnnModel(input = @Input(timesteps = Input.VARIABLE, dtype = Input.Dtype.INT32))
  interface TokenTagger {
    @Embedding(inputDim = 11, outputDim = 3)
    Layer embed();

    @LSTM(units = 5, returnSequences = true, returnState = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    float[][][] tag(int[][] ids, @Packed int[] lengths);

    void tagInto(int[][] ids, @Packed int[] lengths, float[][][] out);

    Tagged[] tagWithStates(int[][] ids, @Packed int[] lengths);

    /** h_0, c_0 as PyTorch holds them: (1, batch, 5). */
    Tagged[] tagWithStates(int[][] ids, @Packed int[] lengths, float[][][] h0, float[][][] c0);

    /** Every id real: the form without lengths beside the packed ones. */
    float[][][] tag(int[][] ids);
  }

  /** The output sequence and PyTorch's h_n, a row per layer and direction. */
  record GruStates(float[][] encoder, float[][] encoderHN) {}

  /** nn.Embedding(11, 4) -> nn.GRU(4, 3, num_layers=2, bidirectional=True). */
  @RnnModel(input = @Input(timesteps = 7, dtype = Input.Dtype.INT32))
  interface TokenBiGru {
    @Embedding(inputDim = 11, outputDim = 4)
    Layer embed();

    @Bidirectional
    @GRU(units = 3, numLayers = 2, returnSequences = true, returnState = true)
    Layer encoder();

    GruStates[] run(int[][] ids, @Packed int[] lengths);

    /** h_0 as PyTorch holds it: (4, batch, 3). */
    GruStates[] run(int[][] ids, @Packed int[] lengths, float[][][] h0);
  }
}
