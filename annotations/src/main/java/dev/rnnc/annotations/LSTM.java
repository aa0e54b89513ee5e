package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A long short-term memory layer, as Keras 3 {@code keras.layers.LSTM}.
 *
 * <p>Gates, in Keras' weight order: input {@code i}, forget {@code f}, candidate {@code c}, output
 * {@code o}: {@code c' = f*c + i*g}, {@code h' = o*activation(c')}. Weights: {@code kernel}
 * (features, 4·units), {@code recurrent_kernel} (units, 4·units), {@code bias} (4·units).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface LSTM {
  /** Dimensionality of the output space; must be positive. */
  int units();

  /** Activation of the candidate and the cell output (Keras name); {@code "tanh"} by default. */
  String activation() default "tanh";

  /** Activation of the i, f and o gates (Keras name); {@code "sigmoid"} by default. */
  String recurrentActivation() default "sigmoid";

  /** Whether the layer has a bias vector. */
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

  /**
   * How {@code bias} starts in {@code create(seed)}, as {@link #kernelInitializer}; with {@link
   * #unitForgetBias} the forget gate's block is ones, as in Keras.
   */
  String biasInitializer() default "zeros";

  /** Initialize the forget gate's bias to 1 (Jozefowicz et al.); affects {@code create} only. */
  boolean unitForgetBias() default true;

  /**
   * PyTorch's {@code proj_size}: when positive, {@code h} is projected to this many units after
   * each step ({@code h = (o*tanh(c))·projection_kernel}), and the layer outputs and feeds back the
   * projected {@code h}; {@code c} keeps {@code units}. Must be below {@code units}. Keras has no
   * equivalent: such layers load from PyTorch ({@code weight_hr}) or rnnc weight files. 0 (the
   * default) means no projection.
   */
  int projSize() default 0;

  /**
   * PyTorch's {@code num_layers}: this many layers of {@code units} stacked at every timestep, each
   * reading the one below (nn.LSTM(num_layers = N) at inference, where its inter-layer dropout is
   * the identity). The layer is then Keras' {@code RNN([c0, ell(units), ...])}: kind {@code RNN},
   * variables {@code lstm_cell/kernel}, {@code lstm_cell_1/kernel}, ...; it loads PyTorch's {@code
   * weight_ih_l0} ... {@code weight_ih_l<N-1>} and Keras' {@code RNN(StackedRNNCells)} weights.
   * {@code returnState} gives every layer's states in Keras' order (h0, c0, h1, ...). Not with
   * {@code @Bidirectional}, {@code projSize} or {@code unroll}. 1 (the default) is a plain layer.
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
   * by the gates; with {@link #recurrentDropout} above 0, one per gate (i, f, c, o), as Keras'
   * {@code implementation=1}, which a recurrent dropout forces. Inference ({@code predict}, {@code
   * evaluate}) ignores it.
   */
  double dropout() default 0;

  /**
   * Keras' {@code recurrent_dropout}: the fraction of {@code h_{t-1}}'s units dropped where it
   * enters the recurrent kernel while training, in {@code [0, 1)}; 0 (the default) drops nothing.
   * Variational as {@link #dropout}. One mask of {@code h} per sample and gate (i, f, c, o); the
   * carry {@code c} is never masked. Inference ignores it.
   */
  double recurrentDropout() default 0;
}
