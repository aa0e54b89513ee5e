package dev.rnnc.processor.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Where the {@code @Packed int[]} lengths of a call of a model with several inputs sit: right after
 * the sequence input they measure, as a PyTorch module with two encoders takes {@code forward(a,
 * a_lengths, b, b_lengths)} and packs each input with its own lengths (token ids after their
 * embedding). An input without lengths after it is read whole (every timestep real).
 */
final class PackedLengths {
  private static final String PACKED = "dev.rnnc.annotations.Packed";

  /**
   * The batch types lengths may follow: float sequences, and token ids, packed after their
   * embedding as PyTorch's {@code pack_padded_sequence(embed(ids), lengths)}.
   */
  private static final List<String> MEASURED = List.of("float[][][]", "int[][]");

  private PackedLengths() {}

  /**
   * The call's leading parameters: one batch per input, each followed by its lengths or not.
   *
   * @param lengthsAfter per input, whether {@code @Packed int[]} lengths follow it
   * @param count how many parameters the inputs and their lengths take
   */
  record Leading(List<Boolean> lengthsAfter, int count) {}

  /**
   * Reads the inputs and lengths at the start of {@code parameters}, with {@code batches} the batch
   * type of each input ({@code float[][][]} for a float sequence, {@code int[][]} for token ids,
   * the kinds that take lengths); null if they do not start so (a parameter of another type,
   * {@code @Packed} on other than an {@code int[]} after a float sequence or token ids), or no
   * input has lengths.
   */
  static Leading leading(List<? extends VariableElement> parameters, List<String> batches) {
    List<Boolean> after = new ArrayList<>();
    int p = 0;
    for (String batch : batches) {
      if (p >= parameters.size()
          || packed(parameters.get(p))
          || !parameters.get(p).asType().toString().equals(batch)) {
        return null;
      }
      p++;
      boolean lengths = p < parameters.size() && packed(parameters.get(p));
      if (lengths
          && (!MEASURED.contains(batch)
              || !parameters.get(p).asType().toString().equals("int[]"))) {
        return null;
      }
      after.add(lengths);
      p += lengths ? 1 : 0;
    }
    return after.contains(true) ? new Leading(List.copyOf(after), p) : null;
  }

  /**
   * The inputs (by index, of {@code inputs}) some call passes {@code @Packed} lengths after, read
   * before the calls are matched: their layers then carry a mask from the start. Each
   * {@code @Packed} parameter measures the input parameter before it.
   */
  static Set<Integer> declared(List<ExecutableElement> calls, int inputs) {
    Set<Integer> measured = new TreeSet<>();
    for (ExecutableElement call : calls) {
      int input = -1;
      for (VariableElement parameter : call.getParameters()) {
        if (packed(parameter)) {
          if (input >= 0) {
            measured.add(input);
          }
        } else if (++input >= inputs) {
          break;
        }
      }
    }
    return measured;
  }

  /** Whether the parameter is marked {@code @Packed}. */
  static boolean packed(VariableElement parameter) {
    return parameter.getAnnotationMirrors().stream()
        .anyMatch(
            m ->
                ((TypeElement) m.getAnnotationType().asElement())
                    .getQualifiedName()
                    .contentEquals(PACKED));
  }
}
