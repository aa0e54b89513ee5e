package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One cell of a stacked {@link RNN @RNN(cells = ...)} layer, as an element of the list Keras 3's
 * {@code keras.layers.RNN([cell1, cell2, ...])} wraps in {@code StackedRNNCells}: at every timestep
 * the input runs through the cells in order, each cell's output feeding the next.
 *
 * <pre>{@code
 * @RNN(cells = {
 *     @Cell(type = LSTMCell.class, units = 32),
 *     @Cell(type = GRUCell.class, units = 16, resetAfter = false),
 *     @Cell(type = MinimalRnnCell.class, units = 8)},   // a custom cell
 *     returnSequences = true)
 * Layer stack();
 * }</pre>
 *
 * <p>{@link #type} is a built-in Keras cell ({@link LSTMCell}, {@link GRUCell}, {@link
 * SimpleRNNCell}) or a custom cell class (annotated {@link RnnCell}, implementing {@code
 * dev.rnnc.runtime.Cell}). The other members are the built-in cells' Keras options, with Keras'
 * defaults; setting one the cell does not have (say {@code resetAfter} on an LSTM cell, or any of
 * them on a custom cell) is a compile-time error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Cell {
  /** The cell: {@link LSTMCell}, {@link GRUCell}, {@link SimpleRNNCell}, or a custom cell class. */
  Class<?> type();

  /** The cell's units (its output size for the built-in cells); must be positive. */
  int units();

  /**
   * The candidate / output activation (Keras name), {@code "tanh"} by default; built-in cells only.
   */
  String activation() default "tanh";

  /**
   * The gate activation (Keras name), {@code "sigmoid"} by default; {@link LSTMCell} and {@link
   * GRUCell} only.
   */
  String recurrentActivation() default "sigmoid";

  /** Whether the cell has a bias; built-in cells only. */
  boolean useBias() default true;

  /**
   * A built-in cell's: how {@code kernel} starts in {@code create(seed)}: a Keras initializer name,
   * with Keras' default arguments: {@code zeros}, {@code ones}, {@code constant} (0), {@code
   * glorot_uniform}, {@code glorot_normal}, {@code he_uniform}, {@code he_normal}, {@code
   * lecun_uniform}, {@code lecun_normal}, {@code variance_scaling}, {@code orthogonal}, {@code
   * random_normal}, {@code random_uniform}, {@code truncated_normal}, {@code identity}. Loaded
   * weights replace it.
   */
  String kernelInitializer() default "glorot_uniform";

  /** How {@code recurrent_kernel} starts in {@code create(seed)}, as {@link #kernelInitializer}. */
  String recurrentInitializer() default "orthogonal";

  /** How {@code bias} starts in {@code create(seed)}, as {@link #kernelInitializer}. */
  String biasInitializer() default "zeros";

  /** Initialize the forget gate's bias to 1 ({@code create} only); {@link LSTMCell} only. */
  boolean unitForgetBias() default true;

  /** Keras' {@code reset_after} (bias shape (2, 3·units)); {@link GRUCell} only. */
  boolean resetAfter() default true;

  /**
   * A built-in cell's Keras {@code dropout}: the fraction of the cell's input features dropped
   * while training, in {@code [0, 1)}, as {@link LSTM#dropout()} (one mask per sample for the whole
   * sequence; per gate when {@link #recurrentDropout} is above 0 on an LSTM or GRU cell). Inference
   * ignores it.
   */
  double dropout() default 0;

  /**
   * A built-in cell's Keras {@code recurrent_dropout}: the fraction of {@code h_{t-1}}'s units
   * dropped where it enters the recurrent kernel while training, in {@code [0, 1)}, as {@link
   * LSTM#recurrentDropout()}. Inference ignores it.
   */
  double recurrentDropout() default 0;
}
