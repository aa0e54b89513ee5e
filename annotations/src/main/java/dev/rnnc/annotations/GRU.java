package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A gated recurrent unit layer, as Keras 3 {@code keras.layers.GRU}.
 *
 * <p>Gates, in Keras' weight order: update {@code z}, reset {@code r}, candidate {@code h}: {@code
 * h' = z*h + (1-z)*hh}. Weights: {@code kernel} (features, 3·units), {@code recurrent_kernel}
 * (units, 3·units), {@code bias} (2, 3·units) with {@code resetAfter}, else (3·units).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface GRU {
  /** Dimensionality of the output space; must be positive. */
  int units();

  /** Activation of the candidate (Keras name); {@code "tanh"} by default. */
  String activation() default "tanh";

  /** Activation of the z and r gates (Keras name); {@code "sigmoid"} by default. */
  String recurrentActivation() default "sigmoid";

  /** Whether the layer has bias vectors. */
  boolean useBias() default true;

  /**
   * How {@code kernel} starts in {@code create(seed)}: a Keras initializer name, with Keras'
   * default arguments: {@code zeros}, {@code ones}, {@code constant} (0), {@code glorot_uniform},
   * {@code glorot_normal}, {@code he_uniform}, {@code he_normal}, {@code lecun_uniform}, {@code
   * lecun_normal}, {@code variance_scaling}, {@code orthogonal}, {@code random_normal}, {@code
   * random_uniform}, {@code truncated_normal}, {@code identity}. Loaded weights replace it.
   */
  String kernelInitializer() default "glorot_uniform";

  /** How {@code recurrent_kernel} starts in {@code create(seed)}, as {@link #kernelInitializer}. */
  String recurrentInitializer() default "orthogonal";

  /** How {@code bias} starts in {@code create(seed)}, as {@link #kernelInitializer}. */
  String biasInitializer() default "zeros";

  /**
   * Apply the reset gate after the recurrent matrix product (Keras 3 default, cuDNN- and
   * PyTorch-compatible, two bias vectors) rather than before it (one bias vector).
   */
  boolean resetAfter() default true;

  /**
   * PyTorch's {@code num_layers}: this many layers of {@code units} stacked at every timestep, each
   * reading the one below (nn.GRU(num_layers = N) at inference, where its inter-layer dropout is
   * the identity). The layer is then Keras' {@code RNN([GRUCell(units), ...])}: kind {@code RNN},
   * variables {@code gru_cell/kernel}, {@code gru_cell_1/kernel}, ...; it loads PyTorch's {@code
   * weight_ih_l0} ... {@code weight_ih_l<N-1>} and Keras' {@code RNN(StackedRNNCells)} weights.
   * {@code returnState} gives every layer's states in Keras' order (h0, h1, ...). Not with
   * {@code @Bidirectional} or {@code unroll}. 1 (the default) is a plain layer.
   */
  int numLayers() default 1;

  /** Return the output of every timestep (timesteps, units) instead of the last (units). */
  boolean returnSequences() default false;

  /**
   * Also return the final states (Keras {@code return_state}): LSTM {@code h} and {@code c}, GRU
   * and SimpleRNN {@code h}; a Bidirectional layer the forward then the backward states. The
   * model's call methods then return a record whose components are the output, then each state
   * ({@code float[]}), in that order. On an earlier layer the states start a later layer
   * ({@code @InitialState}) or leave the model beside other outputs as components of a
   * several-outputs record named after the layer and the state ({@code float[] decoderH}).
   */
  boolean returnState() default false;

  /**
   * Process the sequence backwards (last timestep first); sequence output stays in processing
   * order, as Keras.
   */
  boolean goBackwards() default false;

  /**
   * Keep the final states between calls as the initial states of the next call (Keras {@code
   * stateful}). A stateful model keeps one stream's state; reset it with {@code resetStates()}.
   */
  boolean stateful() default false;

  /**
   * Generate the timestep loop fully unrolled (Keras {@code unroll}); needs a fixed, small number
   * of timesteps ({@code -Arnnc.unrollLimit}, 32 by default). Same results as the loop.
   */
  boolean unroll() default false;

  /**
   * At masked timesteps output zeros instead of repeating the previous output (Keras {@code
   * zero_output_for_mask}).
   */
  boolean zeroOutputForMask() default false;

  /**
   * Keras' {@code dropout}: the fraction of the layer's input features dropped while training, in
   * {@code [0, 1)}; 0 (the default) drops nothing. Variational, as Keras: the masks are drawn when
   * a training batch starts (from the model's seeded training random) and kept for every timestep,
   * kept values scaled by {@code 1/(1-rate)}. One mask of the input's features per sample, shared
   * by the gates; with {@link #recurrentDropout} above 0, one per gate (z, r, h), as Keras' {@code
   * implementation=1}, which a recurrent dropout forces. Inference ({@code predict}, {@code
   * evaluate}) ignores it.
   */
  double dropout() default 0;

  /**
   * Keras' {@code recurrent_dropout}: the fraction of {@code h_{t-1}}'s units dropped where it
   * enters the recurrent kernel while training, in {@code [0, 1)}; 0 (the default) drops nothing.
   * Variational as {@link #dropout}. One mask of {@code h} per sample and gate (z, r, h); the
   * candidate's applies to {@code h} before the reset gate either way ({@code r·((h·m)·U_h)} with
   * {@link #resetAfter}, {@code (r·h·m)·U_h} without), and the blend {@code z·h} reads {@code h}
   * unmasked. Inference ignores it.
   */
  double recurrentDropout() default 0;
}
