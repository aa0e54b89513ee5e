package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The timestep loop around a recurrent layer's cells, written once for every recurrent layer
 * ({@link RecurrentEmitter}, {@link CellEmitter}): the states started (from {@code @InitialState}
 * copies, from call-passed states, carried over when stateful, or zeroed), the loop forwards,
 * backwards ({@code goBackwards}) or written out ({@code unroll}), masked timesteps carrying every
 * state, and each step's output. It knows no cell kind: {@code step} is the cells' code for
 * timestep {@code t}.
 *
 * @param prefix the field prefix of the direction, under which {@code @InitialState} copies are
 *     kept
 * @param owner the layer the direction belongs to (the one a call's initial states may start)
 * @param reset the statements zeroing the states
 * @param carried what a stateful direction's comment says carries over ({@code h and c})
 * @param maskedCarried what a masked step keeps, for the comment in its branch
 * @param step the cells' code for input timestep {@code t} (a variable, or a literal when unrolled)
 * @param source the field holding a step's output (the last cell's h)
 * @param output the field of the layer's output: every step's rows, or the last output
 * @param width the constant naming the output's row width
 * @param unrolled timesteps to write out, or -1 for a loop
 */
record TimestepLoop(
    String prefix,
    String owner,
    CodeBlock reset,
    String carried,
    String maskedCarried,
    Function<String, CodeBlock> step,
    String source,
    String output,
    String width,
    boolean returnSequences,
    boolean masked,
    boolean zeroOutputForMask,
    boolean stateful,
    boolean goBackwards,
    int unrolled) {

  /** The loop, and the state start before it. */
  CodeBlock emit(ClassParts parts) {
    CodeBlock.Builder body = CodeBlock.builder();
    CodeBlock initialStates = parts.initialStateCopies.get(prefix);
    if (initialStates != null) {
      body.add(initialStates);
    } else if (stateful) {
      body.add("// stateful: $L carry over from the previous call.\n", carried);
    } else if (parts.initialStateLayers.contains(owner)) {
      body.beginControlFlow("if (!initialStates)").add(reset).endControlFlow();
    } else {
      body.add(reset);
    }
    if (!returnSequences && masked) {
      body.addStatement("$T.fill($N, 0f)", Arrays.class, output);
    }
    String timesteps = parts.timesteps();
    if (unrolled >= 0) {
      for (int s = 0; s < unrolled; s++) {
        int t = goBackwards ? unrolled - 1 - s : s;
        body.add("// timestep $L\n", t);
        body.add(step(parts, Integer.toString(s), Integer.toString(t)));
      }
    } else if (goBackwards) {
      body.beginControlFlow("for (int step = 0; step < $L; step++)", timesteps);
      body.addStatement("int t = $L - 1 - step", timesteps);
      body.add(step(parts, "step", "t"));
      body.endControlFlow();
    } else {
      body.beginControlFlow("for (int t = 0; t < $L; t++)", timesteps);
      body.add(step(parts, "t", "t"));
      body.endControlFlow();
    }
    return body.build();
  }

  /**
   * One timestep: the cells at input timestep {@code t}, and the output at processing step {@code
   * s}; a masked step carries the states and repeats (or zeroes) the output instead, as Keras.
   */
  private CodeBlock step(ClassParts parts, String s, String t) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (masked) {
      code.beginControlFlow("if ($N[$L])", parts.maskField, t);
    }
    code.add(step.apply(t));
    if (returnSequences) {
      code.addStatement(
          "$T.arraycopy($N, 0, $N, $L * $L, $L)", System.class, source, output, s, width, width);
    } else if (masked) {
      code.addStatement("$T.arraycopy($N, 0, $N, 0, $L)", System.class, source, output, width);
    }
    if (masked) {
      code.nextControlFlow("else");
      code.add("// masked: $L\n", maskedCarried);
      if (returnSequences) {
        // under @Packed lengths the sequence output is zero past the length, as PyTorch pads it
        String zero = zeroOutputForMask ? "true" : parts.packedCalls ? "packed" : "false";
        code.addStatement(
            "$T.skipStep($N, $L, $L, $L)", RuntimeTypes.MASKS, output, s, width, zero);
      } else if (zeroOutputForMask && parts.packedCalls) {
        // under @Packed lengths the last output stays the last real one (PyTorch's h_n)
        code.beginControlFlow("if (!packed)");
        code.addStatement("$T.fill($N, 0f)", Arrays.class, output);
        code.endControlFlow();
      } else if (zeroOutputForMask) {
        code.addStatement("$T.fill($N, 0f)", Arrays.class, output);
      }
      code.endControlFlow();
    }
    return code.build();
  }
}
