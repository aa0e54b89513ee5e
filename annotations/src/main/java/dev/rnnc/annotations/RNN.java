package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The generic recurrent layer, as Keras 3 {@code keras.layers.RNN}: around one custom cell, or
 * around a list of cells stacked at every timestep ({@code StackedRNNCells}).
 *
 * <pre>{@code
 * @RNN(cell = MinimalRnnCell.class, units = 32, returnSequences = true)   // RNN(MinimalRNNCell(32))
 * Layer custom();
 *
 * @RNN(cells = {@Cell(type = LSTMCell.class, units = 32),                 // RNN([LSTMCell(32),
 *               @Cell(type = GRUCell.class, units = 16)})                 //      GRUCell(16)])
 * Layer stack();
 * }</pre>
 *
 * <p>Declare exactly one of {@link #cell} (with {@link #units}) and {@link #cells}. In a stack,
 * each cell's input is the previous cell's output (the first cell's is the layer input), the
 * layer's output is the last cell's, and the states are every cell's states in order — flattened
 * {@code h0, c0, h1, ...} as Keras returns them with {@code return_state}.
 *
 * <p>Weights: a single cell's {@code variables()} load from Keras' {@code layers/rnn/cell/vars}; a
 * stack's from {@code layers/rnn/cell/cells/<cell key>/vars} ({@code lstm_cell}, {@code gru_cell},
 * {@code simple_rnn_cell}, a custom cell's snake_case class name; {@code _1}, {@code _2} ... for
 * repeats), each cell's variables under its key ({@code lstm_cell/kernel}).
 *
 * <p>Masks (from {@code @Masking} or {@code @Embedding(maskZero = true)}) work as in Keras: at a
 * masked timestep no cell runs, the states carry over unchanged, and the output repeats the
 * previous one (zeros before the first real step), or is zeros with {@link #zeroOutputForMask}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RNN {
  /**
   * A single custom cell: a class annotated {@link RnnCell}, implementing {@code
   * dev.rnnc.runtime.Cell}. Leave it out when declaring {@link #cells}.
   */
  Class<?> cell() default void.class;

  /**
   * The units passed to the single {@link #cell}'s constructor; with {@link #cells} each cell has
   * its own.
   */
  int units() default 0;

  /** The stacked cells, first to last (Keras {@code RNN([cell1, cell2, ...])}). */
  Cell[] cells() default {};

  /** Return the output of every timestep instead of the last. */
  boolean returnSequences() default false;

  /**
   * Also return the final states (Keras {@code return_state}): every cell's states in order (an
   * LSTM cell's {@code h} then {@code c}). The call methods then return a record of the output,
   * then each state ({@code float[]}). On an earlier layer the states start a later layer
   * ({@code @InitialState}) or leave the model as several-outputs record components ({@code float[]
   * stackH0}, {@code stackC0}, ...).
   */
  boolean returnState() default false;

  /** Process the sequence backwards; sequence output stays in processing order, as Keras. */
  boolean goBackwards() default false;

  /** Keep the final states between calls (Keras {@code stateful}). */
  boolean stateful() default false;

  /**
   * Generate the timestep loop fully unrolled (Keras {@code unroll}); needs a fixed, small number
   * of timesteps ({@code -Arnnc.unrollLimit}, 32 by default). Same results as the loop, bit for
   * bit.
   */
  boolean unroll() default false;

  /**
   * Output zeros at masked timesteps instead of repeating the previous output (Keras {@code
   * zero_output_for_mask}); as in Keras 3.15 this also zeroes a last output whose final step is
   * masked. Has an effect only when a mask reaches the layer.
   */
  boolean zeroOutputForMask() default false;
}
