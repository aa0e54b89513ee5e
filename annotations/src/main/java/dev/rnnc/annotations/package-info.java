/**
 * The annotations a recurrent model is declared with.
 *
 * <p>A model is an interface annotated {@link dev.rnnc.annotations.RnnModel @RnnModel}. Each
 * abstract method that carries a layer annotation ({@link dev.rnnc.annotations.LSTM @LSTM}, {@link
 * dev.rnnc.annotations.GRU @GRU}, {@link dev.rnnc.annotations.SimpleRNN @SimpleRNN}, {@link
 * dev.rnnc.annotations.Dense @Dense}, {@link dev.rnnc.annotations.Embedding @Embedding}, {@link
 * dev.rnnc.annotations.Dropout @Dropout}) is a layer; layers run in declaration order and the
 * method name is the layer name. Every other abstract method is a call method ({@code predict}),
 * typed by shape. Names and defaults are those of Keras 3.
 *
 * <pre>{@code
 * @RnnModel(input = @Input(timesteps = 30, features = 1))
 * public interface Forecaster {
 *   @LSTM(units = 64, returnSequences = true) Layer encoder();
 *   @LSTM(units = 32)                         Layer summary();
 *   @Dense(units = 1)                         Layer head();
 *
 *   float[] predict(float[][] window);
 *   float[][] predict(float[][][] windows);
 * }
 * }</pre>
 *
 * <p>The annotation processor checks every declaration at compile time and generates {@code
 * Rnnc<Interface>}, the specialized implementation.
 */
package dev.rnnc.annotations;
