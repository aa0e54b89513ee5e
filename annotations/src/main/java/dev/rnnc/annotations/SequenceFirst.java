package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a batch call whose input and sequence output are sequence-first, {@code (timesteps, batch,
 * features)}: PyTorch's default layout ({@code batch_first=False}, {@code nn.LSTM}'s input {@code
 * (L, N, H_in)} and output {@code (L, N, H_out)}), so a caller holding PyTorch-shaped arrays passes
 * them as they are:
 *
 * <pre>{@code
 * @SequenceFirst float[][][] predict(float[][][] x);   // x[t][b][f] -> out[t][b][h]
 * }</pre>
 *
 * <p>A vector output stays one row per sample, {@code (batch, units)}, as PyTorch's {@code h_n} of
 * one layer or a head on the last step. The call takes the arrays' rows without copying their
 * values. It marks batch calls of a model with one float sequence input: the plain form, the {@code
 * into} form (whose output array is sequence-first too), calls passing {@code int[] lengths} or
 * {@link Packed} lengths and calls passing initial states (a row per sample, as in the batch-first
 * form); not calls returning a record per sample or passing a {@code boolean[][]} mask. Elsewhere
 * it is a {@code RnncSequenceFirst} compile error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface SequenceFirst {}
