package dev.rnnc.runtime.nn;

import dev.rnnc.runtime.simd.GradientKernels;
import dev.rnnc.runtime.simd.Kernels;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Keras' {@code dropout} and {@code recurrent_dropout} of recurrent layers and cells in training,
 * for generated training steps (keras/src/layers/rnn/dropout_rnn_cell.py): variational dropout, one
 * mask per sample drawn when the layer's call starts ({@code RNN._maybe_config_dropout_masks}) and
 * used at every timestep, values 0 or {@code 1/(1-rate)} (inverted dropout, as {@code
 * backend.random.dropout} of ones). A cell with {@code recurrent_dropout} runs Keras' {@code
 * implementation=1}, where an LSTM (GRU) draws 4 (3) masks of each kind, one per gate; otherwise
 * one input mask serves all gates.
 *
 * <p>Masks are {@code masks} rows of {@code stride} floats per sample (padding zero), sample {@code
 * b}'s mask {@code g} at {@code (b·masks + g)·stride}, in the kernels' packed gate order. The input
 * masks act on the projection {@code x·W + b} ({@link #project}, {@link #projectBackward}); the
 * recurrent ones inside the cells' steps ({@code CellGradients.xxxDropoutForward}).
 *
 * <p>{@link #replay} is a test hook: masks from another framework instead of the draws.
 */
public final class RecurrentDropouts {
  /**
   * The Keras gate each packed LSTM gate block holds (rnnc packs i, f, o, c; Keras orders its masks
   * i, f, c, o), for {@link #draw}'s {@code kerasGate}.
   */
  public static final int[] LSTM_GATES = {0, 1, 3, 2};

  /** Masks another framework drew, replayed instead of the draws: see {@link #replay}. */
  @FunctionalInterface
  public interface MaskSource {
    /**
     * The masks of one layer call: {@code count·masks·width} values, sample by sample, each
     * sample's masks in Keras' gate order ({@code masks} is 1, or the gate count), each mask's
     * {@code width} values 0 or {@code 1/(1-rate)}.
     *
     * @param layer the layer (or direction, or stacked cell) whose masks these are, as rnnc names
     *     its training fields ({@code encoder}, {@code biForward}, {@code stackCell1})
     * @param recurrent false for the input masks ({@code dropout}), true for the recurrent ones
     * @param count the batch's samples
     * @param masks the masks per sample
     * @param width the values per mask
     * @return the values
     */
    float[] next(String layer, boolean recurrent, int count, int masks, int width);
  }

  private static volatile MaskSource replayed;

  private RecurrentDropouts() {}

  /**
   * For tests: replay {@code source}'s masks instead of drawing (null: draw again). Process-wide;
   * the draws' random is not advanced while replaying.
   *
   * @param source the masks, or null
   */
  public static void replay(MaskSource source) {
    replayed = source;
  }

  /**
   * Whether masks are being replayed ({@link #replay}): a generated training step then runs on one
   * thread, as the source hands out each layer call's masks in call order, for the whole batch.
   */
  public static boolean replaying() {
    return replayed != null;
  }

  /**
   * Draws the masks of one layer call: for each sample, mask and value, 0 with probability {@code
   * rate}, else {@code 1/(1-rate)}; padding zero.
   *
   * @param layer the layer's name, for {@link #replay}
   * @param recurrent whether these are recurrent masks, for {@link #replay}
   * @param count the batch's samples
   * @param masks the masks per sample
   * @param width the values per mask
   * @param stride floats per mask row
   * @param rate the fraction dropped, in (0, 1)
   * @param kerasGate the Keras gate each packed mask block holds ({@link #LSTM_GATES}), or null
   *     when they agree
   * @param random the model's training random
   * @param out the masks, written
   */
  public static void draw(
      String layer,
      boolean recurrent,
      int count,
      int masks,
      int width,
      int stride,
      double rate,
      int[] kerasGate,
      RandomGenerator random,
      float[] out) {
    MaskSource source = replayed;
    float[] given = source == null ? null : source.next(layer, recurrent, count, masks, width);
    if (given != null && given.length != count * masks * width) {
      throw new IllegalArgumentException(
          "replayed masks of "
              + layer
              + ": "
              + given.length
              + " values, expected "
              + count * masks * width);
    }
    float keep = (float) (1 / (1 - rate));
    for (int b = 0; b < count; b++) {
      for (int g = 0; g < masks; g++) {
        int row = (b * masks + g) * stride;
        int keras = kerasGate == null || masks == 1 ? g : kerasGate[g];
        for (int j = 0; j < width; j++) {
          out[row + j] =
              given != null
                  ? given[(b * masks + keras) * width + j]
                  : random.nextDouble() < rate ? 0f : keep;
        }
        Arrays.fill(out, row + width, row + stride, 0f);
      }
    }
  }

  /**
   * The input projection with input masks: {@code projection[r][g] = (x_r ⊙ m_{b,g})·W[:, g] +
   * b[g]} for every row {@code r = b·timesteps + t} and mask block {@code g} ({@code masks} blocks
   * of {@code width / masks} columns; one mask covers all).
   *
   * @param count the batch's samples
   * @param timesteps rows per sample
   * @param x the input rows
   * @param xStride floats per input row
   * @param inputs the values per input row
   * @param mask the input masks ({@code masks} rows of {@code xStride} per sample)
   * @param masks the masks per sample
   * @param kernel the packed kernel, {@code inputs × width}
   * @param width the kernel's packed width
   * @param bias the bias row, or null
   * @param masked scratch of {@code count·timesteps·xStride} floats
   * @param projection the projection rows, {@code width} apart, written
   */
  public static void project(
      int count,
      int timesteps,
      float[] x,
      int xStride,
      int inputs,
      float[] mask,
      int masks,
      float[] kernel,
      int width,
      float[] bias,
      float[] masked,
      float[] projection) {
    int block = width / masks;
    for (int g = 0; g < masks; g++) {
      maskRows(count, timesteps, x, xStride, inputs, mask, masks, g, masked);
      Kernels.matmul(
          masked,
          0,
          xStride,
          count * timesteps,
          inputs,
          kernel,
          g * block,
          width,
          block,
          bias,
          g * block,
          projection,
          g * block,
          width);
    }
  }

  /**
   * The gradients of {@link #project}: {@code dW[:, g] += (x ⊙ m_g)ᵀ·dProjection[:, g]}, {@code db
   * += Σ_r dProjection[r]}, and {@code dx (=|+=) Σ_g (dProjection[:, g]·W[:, g]ᵀ) ⊙ m_g}.
   *
   * @param count the batch's samples
   * @param timesteps rows per sample
   * @param x the input rows the projection read
   * @param xStride floats per input row
   * @param inputs the values per input row
   * @param mask the input masks
   * @param masks the masks per sample
   * @param dProjection the projection's gradient rows, {@code width} apart
   * @param kernel the packed kernel
   * @param width its packed width
   * @param dKernel the kernel's gradient, accumulated
   * @param dBias the bias' gradient (first row), accumulated, or null
   * @param masked scratch of {@code count·timesteps·xStride} floats
   * @param dx the input's gradient rows, or null when nothing below learns
   * @param add whether to add to {@code dx} (an input with another reader) rather than set it
   */
  public static void projectBackward(
      int count,
      int timesteps,
      float[] x,
      int xStride,
      int inputs,
      float[] mask,
      int masks,
      float[] dProjection,
      float[] kernel,
      int width,
      float[] dKernel,
      float[] dBias,
      float[] masked,
      float[] dx,
      boolean add) {
    int rows = count * timesteps;
    int block = width / masks;
    var gradients = GradientKernels.INSTANCE;
    if (dBias != null) {
      gradients.addRows(rows, dProjection, 0, width, width, dBias, 0);
    }
    if (dx != null && !add) {
      for (int r = 0; r < rows; r++) {
        Arrays.fill(dx, r * xStride, r * xStride + inputs, 0f);
      }
    }
    for (int g = 0; g < masks; g++) {
      maskRows(count, timesteps, x, xStride, inputs, mask, masks, g, masked);
      gradients.mulAddOuter(
          rows,
          masked,
          0,
          xStride,
          inputs,
          dProjection,
          g * block,
          width,
          block,
          dKernel,
          g * block,
          width);
      if (dx == null) {
        continue;
      }
      Arrays.fill(masked, 0, rows * xStride, 0f);
      gradients.mulAddTransposed(
          rows,
          dProjection,
          g * block,
          width,
          block,
          kernel,
          g * block,
          width,
          inputs,
          masked,
          0,
          xStride);
      for (int b = 0; b < count; b++) {
        int m = (b * masks + g) * xStride;
        for (int t = 0; t < timesteps; t++) {
          int row = (b * timesteps + t) * xStride;
          for (int j = 0; j < inputs; j++) {
            dx[row + j] += masked[row + j] * mask[m + j];
          }
        }
      }
    }
  }

  /** {@code masked[r] = x_r ⊙ m_{b,g}} for every row, padding zero. */
  private static void maskRows(
      int count,
      int timesteps,
      float[] x,
      int xStride,
      int inputs,
      float[] mask,
      int masks,
      int g,
      float[] masked) {
    for (int b = 0; b < count; b++) {
      int m = (b * masks + g) * xStride;
      for (int t = 0; t < timesteps; t++) {
        int row = (b * timesteps + t) * xStride;
        for (int j = 0; j < inputs; j++) {
          masked[row + j] = x[row + j] * mask[m + j];
        }
        Arrays.fill(masked, row + inputs, row + xStride, 0f);
      }
    }
  }
}
