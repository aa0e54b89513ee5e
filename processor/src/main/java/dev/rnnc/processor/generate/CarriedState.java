package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * One array of a stateful layer's carried states, for its {@code Layer} handle ({@code
 * Layer.saveStates}/{@code restoreStates}): the expression naming the array and the expression of
 * how many of its leading floats are the state (a size constant, or a custom cell's state size).
 */
record CarriedState(String array, String size) {

  /**
   * The handle's two trailing constructor arguments: {@code new float[][] {a, b}, new int[] {A,
   * B}}.
   */
  static CodeBlock arguments(List<CarriedState> states) {
    return CodeBlock.of(
        "new float[][] {$L},$Wnew int[] {$L}",
        String.join(", ", states.stream().map(CarriedState::array).toList()),
        String.join(", ", states.stream().map(CarriedState::size).toList()));
  }
}
