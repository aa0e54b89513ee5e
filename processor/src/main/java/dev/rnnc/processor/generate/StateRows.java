package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The rows of states of a stateful model with a declared batch size ({@code @Input(batchSize =
 * B)}), as Keras' stateful layers keep one row of states per batch row: {@code stateRows[row]}
 * holds every stateful layer's carried states, one after the other. A call loads a row into the
 * layers' state arrays before it runs that row ({@code loadStateRow}) and stores them back after
 * ({@code storeStateRow}), so each row continues its own stream; every layer's reset method also
 * zeroes its part of every row.
 */
final class StateRows {
  static final String FIELD = "stateRows";
  static final String LOAD = "loadStateRow";
  static final String STORE = "storeStateRow";

  private StateRows() {}

  /** Adds the rows, their load and store methods, and the row zeroing of each reset; none if 0. */
  static void emit(int rows, ClassParts parts) {
    if (rows == 0) {
      return;
    }
    List<CarriedState> all = new ArrayList<>();
    parts.carriedStates.values().forEach(all::addAll);
    parts.constant("BATCH_SIZE", rows);
    parts.constant("STATE_ROW_SIZE", sum(all));
    parts.scratch.add(
        FieldSpec.builder(float[][].class, FIELD, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(
                "One row of carried states per batch row (@Input(batchSize)), every stateful layer's in"
                    + " turn.\n")
            .initializer("new float[BATCH_SIZE][STATE_ROW_SIZE]")
            .build());
    parts.forwardMethods.add(copy(LOAD, all, true));
    parts.forwardMethods.add(copy(STORE, all, false));
    int position = 0;
    for (Map.Entry<String, List<CarriedState>> layer : parts.carriedStates.entrySet()) {
      String start = sum(all.subList(0, position));
      String size = sum(layer.getValue());
      position += layer.getValue().size();
      for (int i = 0; i < parts.resetMethods.size(); i++) {
        MethodSpec reset = parts.resetMethods.get(i);
        if (reset.name().equals(layer.getKey())) {
          parts.resetMethods.set(
              i,
              reset.toBuilder()
                  .addComment("and in every batch row")
                  .beginControlFlow("for (float[] row : $N)", FIELD)
                  .addStatement("$T.fill(row, $L, $L + $L, 0f)", Arrays.class, start, start, size)
                  .endControlFlow()
                  .build());
        }
      }
    }
  }

  /** {@code loadStateRow}: the row into the layers' states; {@code storeStateRow}: back. */
  private static MethodSpec copy(String name, List<CarriedState> states, boolean load) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                load
                    ? "Loads batch row {@code row}'s carried states into the stateful layers.\n"
                    : "Stores the stateful layers' carried states as batch row {@code row}'s.\n")
            .addParameter(TypeName.INT, "row")
            .addStatement("float[] states = $N[row]", FIELD);
    String at = "0";
    for (CarriedState state : states) {
      if (load) {
        method.addStatement(
            "$T.arraycopy(states, $L, $L, 0, $L)", System.class, at, state.array(), state.size());
      } else {
        method.addStatement(
            "$T.arraycopy($L, 0, states, $L, $L)", System.class, state.array(), at, state.size());
      }
      at = at.equals("0") ? state.size() : at + " + " + state.size();
    }
    return method.build();
  }

  private static String sum(List<CarriedState> states) {
    return states.isEmpty()
        ? "0"
        : String.join(" + ", states.stream().map(CarriedState::size).toList());
  }

  /** {@code loadStateRow(row);} */
  static CodeBlock load(String row) {
    return CodeBlock.of("$N($L);\n", LOAD, row);
  }

  /** {@code storeStateRow(row);} */
  static CodeBlock store(String row) {
    return CodeBlock.of("$N($L);\n", STORE, row);
  }
}
