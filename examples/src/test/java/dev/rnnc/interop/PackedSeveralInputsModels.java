package dev.rnnc.interop;

import dev.rnnc.annotations.Backward;
import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Forward;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Packed;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * A PyTorch module with two encoders over two packed inputs, {@code forward(a, a_lengths, b,
 * b_lengths)}, declared with one {@code @Packed int[]} right after each sequence input (fixtures:
 * tools/goldens/pytorch_packed_several_inputs.py). Layer names are the module's attribute names, so
 * its state_dict loads by name.
 */
final class PackedSeveralInputsModels {
  private PackedSeveralInputsModels() {}

  /** Each encoder's h_n (right's forward then reverse) and the head. */
  record Parts(float[] left, float[] right, float[] head) {}

  /**
   * nn.LSTM(3, 4) on a, nn.GRU(2, 5, bidirectional=True) on b, nn.Linear(14, 3) on both h_n
   * concatenated.
   */
  @RnnModel(
      input = {
        @Input(name = "a", timesteps = Input.VARIABLE, features = 3),
        @Input(name = "b", timesteps = 6, features = 2)
      })
  interface TwoEncoders {
    @LSTM(units = 4)
    Layer left(Layer a);

    @Bidirectional
    @GRU(units = 5)
    Layer right(Layer b);

    @Concatenate
    Layer both(Layer left, Layer right);

    @Dense(units = 3)
    Layer head();

    float[][] classify(
        float[][][] a, @Packed int[] aLengths, float[][][] b, @Packed int[] bLengths);

    void classifyInto(
        float[][][] a,
        @Packed int[] aLengths,
        float[][][] b,
        @Packed int[] bLengths,
        float[][] out);

    Parts[] parts(float[][][] a, @Packed int[] aLengths, float[][][] b, @Packed int[] bLengths);

    /** b read whole: every timestep of it real. */
    float[][] classify(float[][][] a, @Packed int[] aLengths, float[][][] b);

    /** left starts from h_0, c_0: a row per sample. */
    float[][] classify(
        float[][][] a,
        @Packed int[] aLengths,
        float[][][] b,
        @Packed int[] bLengths,
        float[][] h0,
        float[][] c0);

    /** left starts from h_0, c_0 as PyTorch holds them: (1, batch, 4). */
    float[][] classify(
        float[][][] a,
        @Packed int[] aLengths,
        float[][][] b,
        @Packed int[] bLengths,
        float[][][] h0,
        float[][][] c0);

    /** Both inputs read whole, for contrast. */
    float[][] classifyWhole(float[][][] a, float[][][] b);
  }

  /** Each direction's output sequence. */
  record Directions(float[][] forward, float[][] backward) {}

  /**
   * nn.GRU(5, 4, bidirectional=True) on two feature streams of the same sequences, concatenated per
   * timestep; its directions apart, as {@code y[..., :4]} and {@code y[..., 4:]} of the padded
   * output.
   */
  @RnnModel(
      input = {
        @Input(name = "a", timesteps = 6, features = 3),
        @Input(name = "b", timesteps = 6, features = 2)
      })
  interface TwoStreams {
    @Concatenate
    Layer streams(Layer a, Layer b);

    @Bidirectional(mergeMode = "none")
    @GRU(units = 4, returnSequences = true)
    Layer rnn();

    Directions[] run(float[][][] a, @Packed int[] aLengths, float[][][] b, @Packed int[] bLengths);

    @Forward
    float[][][] forward(
        float[][][] a, @Packed int[] aLengths, float[][][] b, @Packed int[] bLengths);

    @Backward
    float[][][] backward(
        float[][][] a, @Packed int[] aLengths, float[][][] b, @Packed int[] bLengths);

    /** h_0 as PyTorch holds it: (2, batch, 4), forward then reverse. */
    @Backward
    float[][][] backward(
        float[][][] a,
        @Packed int[] aLengths,
        float[][][] b,
        @Packed int[] bLengths,
        float[][][] h0);

    @Forward
    void forwardInto(
        float[][][] a,
        @Packed int[] aLengths,
        float[][][] b,
        @Packed int[] bLengths,
        float[][][] h0,
        float[][][] out);

    /** One sample, unpacked, from h_0 as PyTorch holds it for one sample: (2, 4). */
    @Forward
    float[][] forwardWhole(float[][] a, float[][] b, float[][] h0);

    /** Unpacked: one direction of a batch of two inputs. */
    @Backward
    float[][][] backwardWhole(float[][][] a, float[][][] b);
  }

  /**
   * A PyTorch seq2seq: nn.GRU(2, 4) on the packed source, its h_n (at each row's last real source
   * step) starting nn.GRU(3, 4) on the packed target.
   */
  @RnnModel(
      input = {
        @Input(name = "source", timesteps = 5, features = 2),
        @Input(name = "target", timesteps = 4, features = 3)
      })
  interface Seq2Seq {
    @GRU(units = 4, returnState = true)
    Layer encoder(Layer source);

    @GRU(units = 4, returnSequences = true)
    Layer decoder(Layer target, @InitialState Layer encoder);

    float[][][] decode(
        float[][][] source,
        @Packed int[] sourceLengths,
        float[][][] target,
        @Packed int[] targetLengths);
  }

  /**
   * Token ids and a float sequence, each packed by its own lengths, the ids after their embedding
   * ({@code pack_padded_sequence(embed(ids), ids_lengths)}): nn.Embedding(11, 3) -> nn.LSTM(3, 5)
   * on the ids, nn.GRU(2, 4) on the series, nn.Linear(9, 2) on both h_n concatenated.
   */
  @RnnModel(
      input = {
        @Input(name = "ids", timesteps = 7, dtype = Input.Dtype.INT32),
        @Input(name = "series", timesteps = 6, features = 2)
      })
  interface IdsAndSeries {
    @Embedding(inputDim = 11, outputDim = 3)
    Layer embed(Layer ids);

    @LSTM(units = 5)
    Layer words();

    @GRU(units = 4)
    Layer values(Layer series);

    @Concatenate
    Layer both(Layer words, Layer values);

    @Dense(units = 2)
    Layer head();

    float[][] classify(
        int[][] ids, @Packed int[] idsLengths, float[][][] series, @Packed int[] seriesLengths);

    void classifyInto(
        int[][] ids,
        @Packed int[] idsLengths,
        float[][][] series,
        @Packed int[] seriesLengths,
        float[][] out);

    /** The series read whole: every timestep of it real. */
    float[][] classify(int[][] ids, @Packed int[] idsLengths, float[][][] series);

    /** words starts from h_0, c_0 as PyTorch holds them: (1, batch, 5). */
    float[][] classify(
        int[][] ids,
        @Packed int[] idsLengths,
        float[][][] series,
        @Packed int[] seriesLengths,
        float[][][] h0,
        float[][][] c0);

    /** Both inputs read whole, for contrast. */
    float[][] classifyWhole(int[][] ids, float[][][] series);
  }
}
