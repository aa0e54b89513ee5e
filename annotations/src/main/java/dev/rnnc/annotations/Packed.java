package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code int[] lengths} parameter of a batch call as PyTorch's packed variable-length
 * batch: the call computes what {@code pack_padded_sequence(x, lengths, batch_first=True,
 * enforce_sorted=False)} through the recurrent layers and {@code pad_packed_sequence(...,
 * total_length=T)} give a PyTorch user:
 *
 * <pre>{@code
 * float[][][] tag(float[][][] x, @Packed int[] lengths);
 * Tagged[] tag(float[][][] x, @Packed int[] lengths, float[][] h0, float[][] c0);
 * }</pre>
 *
 * <p>Each sample's first {@code lengths[b]} timesteps are real, the rest padding. A recurrent
 * layer's sequence output is zero past a sample's length; its last output and final states ({@code
 * h_n}, {@code c_n}) are those of the sample's last real timestep; a bidirectional layer's backward
 * direction starts at that last real timestep (from zeros or the given initial states). Layers
 * after a recurrent layer see those zeros, as a PyTorch head applied to the padded output does.
 * This differs from a plain {@code int[] lengths} (Keras' {@code mask=}), where a layer's sequence
 * output repeats its last real output past the length unless it declares {@code zeroOutputForMask}.
 * A length of 0 gives zero outputs and leaves the initial states as the final ones (PyTorch refuses
 * it). Lengths below 0 or beyond a sample's timesteps, or not one per sample, throw at the call.
 *
 * <p>It marks the second parameter of a batch call ({@code OUT[] m(IN[] x, @Packed int[] lengths,
 * ...)}: plain, {@code into}, with initial states, returning a record of states or several outputs)
 * of a model that can take a mask passed to a call, or of a training call ({@code History fit(IN[]
 * x, @Packed int[] lengths, y, FitOptions options)}, {@code Logs evaluate(IN[] x, @Packed int[]
 * lengths, y)}: the layers train as they predict here, the loss weighing the real timesteps of a
 * sequence output as Keras weighs a masked one); elsewhere it is a {@code RnncPacked} compile
 * error.
 *
 * <p>A model with several inputs takes one {@code @Packed int[]} right after each float sequence or
 * token ids input it packs, as a PyTorch module with two encoders packs each input with its own
 * lengths (token ids after their {@code @Embedding}, as {@code pack_padded_sequence(embed(ids),
 * lengths)}):
 *
 * <pre>{@code
 * float[][] classify(float[][][] a, @Packed int[] aLengths, float[][][] b, @Packed int[] bLengths);
 * History fit(float[][][] a, @Packed int[] aLengths, float[][][] b, float[][] y, FitOptions o);
 * float[][] classify(int[][] ids, @Packed int[] idsLengths, float[][][] b, @Packed int[] bLengths);
 * }</pre>
 *
 * <p>An input without lengths after it is read whole (every timestep real); initial states and an
 * {@code into} call's output array follow the last input and its lengths.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Packed {}
