package dev.rnnc.processor.build;

import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.InputSpec;
import dev.rnnc.processor.spec.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;

/**
 * Where the masks of a call of a model with several inputs sit, as Keras' {@code model([a, b],
 * mask=[maskA, maskB])}: right after the float sequence input each masks, {@code int[]} lengths
 * (padding after them) or {@code boolean[][]} in a batch, {@code boolean[]} for one sample. Keras
 * attaches each mask to its input tensor ({@code Functional.call}), so each layer reads the mask of
 * the input it is called on; an input without a mask after it is unmasked ({@code None}). {@code
 * fit}/{@code evaluate} take {@code int[]} lengths only ({@link #training}).
 */
final class KerasMasks {
  private KerasMasks() {}

  /**
   * The call's leading parameters: one input each, some followed by their mask.
   *
   * @param masksAfter per input, whether its mask follows it
   * @param count how many parameters the inputs and their masks take
   * @param batch whether the inputs are batches
   * @param mask the kind of the masks: {@code int[]} lengths or {@code boolean} per timestep
   */
  record Leading(List<Boolean> masksAfter, int count, boolean batch, CallSpec.Mask mask) {}

  /**
   * Reads the inputs and masks at the start of {@code parameters}; null if they do not start so (a
   * parameter of another type, {@code @Packed} anywhere among them, masks of two kinds) or no input
   * has a mask.
   */
  static Leading leading(List<? extends VariableElement> parameters, List<InputSpec> inputs) {
    if (parameters.isEmpty()) {
      return null;
    }
    String first = CallMatcher.javaType(inputs.getFirst().shape());
    String type0 = parameters.getFirst().asType().toString();
    boolean batch = type0.equals(first + "[]");
    if (!batch && !type0.equals(first)) {
      return null;
    }
    List<Boolean> after = new ArrayList<>();
    CallSpec.Mask kind = null;
    int p = 0;
    for (InputSpec input : inputs) {
      String type = CallMatcher.javaType(input.shape()) + (batch ? "[]" : "");
      if (p >= parameters.size()
          || PackedLengths.packed(parameters.get(p))
          || !parameters.get(p).asType().toString().equals(type)) {
        return null;
      }
      p++;
      CallSpec.Mask mask =
          input.shape().kind() == Shape.Kind.SEQUENCE && p < parameters.size()
              ? maskKind(parameters.get(p), batch)
              : null;
      if (mask != null && kind != null && mask != kind) {
        return null; // one kind of mask in a call
      }
      if (mask != null) {
        kind = mask;
        p++;
      }
      after.add(mask != null);
    }
    return kind == null ? null : new Leading(List.copyOf(after), p, batch, kind);
  }

  /**
   * The inputs and lengths at the start of a {@code fit} ({@code fit} true) or {@code evaluate} of
   * a model with several inputs: {@code int[]} lengths after some float sequence inputs (Keras'
   * {@code mask=[maskA, maskB]}; a training call takes lengths only, as with one input), then
   * {@code y[, float[] sampleWeight]} and, for {@code fit}, the options. An {@code int[]} after the
   * last input is its lengths only if {@code y} still follows: {@code fit(a, b, int[] labels,
   * options)} passes labels. Null if the call does not start so or passes no lengths.
   */
  static Leading training(
      List<? extends VariableElement> parameters, List<InputSpec> inputs, boolean fit) {
    Leading greedy = leading(parameters, inputs);
    if (greedy == null || !greedy.batch() || greedy.mask() != CallSpec.Mask.LENGTHS) {
      return null;
    }
    if (trainingRest(parameters.subList(greedy.count(), parameters.size()), fit)) {
      return greedy;
    }
    if (!greedy.masksAfter().getLast()) {
      return null;
    }
    // the int[] after the last input is y: read the inputs without it
    Leading shorter = leading(parameters.subList(0, greedy.count() - 1), inputs);
    return shorter != null
            && trainingRest(parameters.subList(shorter.count(), parameters.size()), fit)
        ? shorter
        : null;
  }

  /**
   * Whether {@code rest} has the count of a training call's parameters after its inputs: {@code y[,
   * float[] sampleWeight]} (then the options for {@code fit}), {@code y} no {@code float[]}
   * (targets are {@code OUT[]}, labels or a record). The types are matched later.
   */
  private static boolean trainingRest(List<? extends VariableElement> rest, boolean fit) {
    int plain = fit ? 2 : 1;
    if (rest.size() != plain && rest.size() != plain + 1) {
      return false;
    }
    List<String> types = rest.stream().map(p -> p.asType().toString()).toList();
    return !types.getFirst().equals("float[]")
        && (types.size() == plain || types.get(1).equals("float[]"));
  }

  /** The kind of mask {@code parameter} is, or null if it is none. */
  private static CallSpec.Mask maskKind(VariableElement parameter, boolean batch) {
    if (PackedLengths.packed(parameter)) {
      return null;
    }
    String type = parameter.asType().toString();
    if (batch && type.equals("int[]")) {
      return CallSpec.Mask.LENGTHS;
    }
    return type.equals(batch ? "boolean[][]" : "boolean[]") ? CallSpec.Mask.TIMESTEPS : null;
  }

  /**
   * The inputs (by index) some call passes a mask after, read before the calls are matched: their
   * layers then carry a mask from the start.
   */
  static Set<Integer> declared(List<ExecutableElement> calls, List<InputSpec> inputs) {
    Set<Integer> masked = new TreeSet<>();
    for (ExecutableElement call : calls) {
      String returns = call.getReturnType().toString();
      boolean fit = returns.equals("dev.rnnc.runtime.train.History");
      Leading leading =
          fit || returns.equals("dev.rnnc.runtime.train.Logs")
              ? training(call.getParameters(), inputs, fit)
              : leading(call.getParameters(), inputs);
      for (int i = 0; leading != null && i < inputs.size(); i++) {
        if (leading.masksAfter().get(i)) {
          masked.add(i);
        }
      }
    }
    return masked;
  }
}
