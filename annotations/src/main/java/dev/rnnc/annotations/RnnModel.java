package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an interface as a recurrent model for rnnc to compile.
 *
 * <p>The processor generates {@code Rnnc<Interface>} in the same package (for a nested interface
 * {@code Outer.Model}: {@code RnncOuter_Model}) with static factories {@code create(long seed)}
 * (Keras-default initializers) and {@code load(Path)} (Keras 3 weights).
 *
 * <p>Only interfaces may carry it. Layers are the abstract methods with a layer annotation, in
 * declaration order; every other abstract method is a call method whose parameter and return types
 * must match the model's input and output shapes:
 *
 * <ul>
 *   <li>one sample: {@code float[][]} for a (timesteps, features) input, {@code int[]} for token
 *       ids; the result is {@code float[]} for a vector output or {@code float[][]} for a sequence;
 *   <li>a batch: one more array dimension on both sides;
 *   <li>allocation-free: {@code void name(input, output)} writes into a caller-owned array.
 * </ul>
 *
 * <p><b>Graphs.</b> A model may declare several inputs, each named: {@code input = {@Input(name =
 * "encoderTokens", ...), @Input(name = "decoderTokens", ...)}}; call methods then take one
 * parameter per input, in this order. A layer method's {@code Layer} parameters name the earlier
 * inputs or layers it consumes, the way a dependency-injection container wires providers; a layer
 * method without parameters takes the previous layer's output (see {@link InitialState}, {@link
 * Concatenate}, {@link Shared}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RnnModel {
  /**
   * The model inputs: the shape and type of one sample of each. One input ({@code input
   * = @Input(...)}) may stay unnamed; with several, each needs a distinct {@link Input#name()} that
   * layer parameters refer to.
   */
  Input[] input();

  /** The model name, as Keras' {@code Model(name=...)}; defaults to the interface's simple name. */
  String name() default "";
}
