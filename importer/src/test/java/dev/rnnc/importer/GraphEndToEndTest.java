package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * import → compile → load → predict for Keras models that are more than a chain (several inputs or
 * outputs, merges, shared layers, initial states, RNN over cells, Bidirectional forms): each real
 * {@code .keras} file is imported, the interface compiled in-process with the rnnc processor, the
 * generated class loaded with the file's weights, and its outputs compared with Keras' predictions
 * ({@code <case>.json}: the inputs by Keras input, the outputs in Keras' order), ≤ 1e-5 per
 * element, through the batch call and the call on one sample.
 */
class GraphEndToEndTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "two_inputs",
        "two_outputs",
        "residual",
        "shared_layer",
        "siamese",
        "encoder_decoder",
        "gru_state_chain",
        "masked_concat",
        "sequence_and_vector",
        "rnn_stacked_cells",
        "stacked_cells_states",
        "bidirectional_backward_layer",
        "bidirectional_merge_none",
        "bidirectional_none_masked",
        "bidirectional_states",
        "bidirectional_cells",
        "states_output",
        "bidirectional_states_output",
        "call_states",
        "sequential_states",
        "rnn_single_cells",
        "sequential_merge_none",
        "one_direction_output",
        "direction_beside_head",
        "middle_states",
        "decoder_states",
        "some_states_output",
        "inference_decoder",
      })
  void reproducesKeras(String name, @TempDir Path dir) throws Exception {
    Path model = Fixtures.keras(name + ".keras");
    KerasImporter.Result imported = KerasImporter.importModel(model, "com.acme", null);
    ClassLoader loader;
    try {
      loader = InProcessCompiler.compile(imported, dir);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + imported.source(), e);
    }
    Class<?> api = loader.loadClass("com.acme." + imported.interfaceName());
    Class<?> generated = loader.loadClass("com.acme.Rnnc" + imported.interfaceName());
    Object instance = invoke(generated.getMethod("load", Path.class), null, model);

    JsonNode fixture = Fixtures.json(name + ".json");
    List<JsonNode> inputs = new ArrayList<>();
    fixture.path("inputs").forEach(i -> inputs.add(i.path("value")));
    List<JsonNode> expected = new ArrayList<>();
    fixture.path("outputs").forEach(expected::add);

    Method batch = callWithArity(api, inputs.size(), true);
    Object[] batchArgs = new Object[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      batchArgs[i] = Fixtures.array(inputs.get(i), batch.getParameterTypes()[i]);
    }
    Object batchResult = invoke(batch, instance, batchArgs);
    int samples = Array.getLength(batchArgs[0]);
    assertEquals(samples, Array.getLength(batchResult), name + ": batch size");
    double worst = 0;
    Method one = callWithArity(api, inputs.size(), false);
    for (int b = 0; b < samples; b++) {
      Object[] sampleArgs = new Object[inputs.size()];
      for (int i = 0; i < inputs.size(); i++) {
        sampleArgs[i] = Array.get(batchArgs[i], b);
      }
      Object fromBatch = Array.get(batchResult, b);
      Object fromOne = invoke(one, instance, sampleArgs);
      List<Object> batchOutputs = outputs(fromBatch, expected.size());
      List<Object> oneOutputs = outputs(fromOne, expected.size());
      for (int o = 0; o < expected.size(); o++) {
        String what = name + ", output " + o + ", sample " + b;
        JsonNode want = expected.get(o).get(b);
        worst = Math.max(worst, Fixtures.assertClose(want, batchOutputs.get(o), what + " (batch)"));
        Fixtures.assertClose(want, oneOutputs.get(o), what + " (one sample)");
      }
    }
    System.out.printf(
        "%s -> %s: max |rnnc - keras| = %.2e%n", name, imported.interfaceName(), worst);
  }

  /**
   * The outputs of one sample: the array itself, or a record's components in order (one output that
   * is one direction of a merge_mode=None layer comes as a record of that one component).
   */
  static List<Object> outputs(Object result, int count) throws Exception {
    if (count == 1 && !result.getClass().isRecord()) {
      return List.of(result);
    }
    List<Object> values = new ArrayList<>();
    for (RecordComponent component : result.getClass().getRecordComponents()) {
      values.add(component.getAccessor().invoke(result));
    }
    assertEquals(count, values.size(), "record components " + values);
    return values;
  }

  /**
   * The predict call on batches or on one sample: of the two predict calls taking one parameter per
   * input, the batch call's first parameter has one array level more.
   */
  static Method callWithArity(Class<?> api, int inputs, boolean batch) {
    List<Method> calls =
        Arrays.stream(api.getMethods())
            .filter(m -> m.getName().equals("predict") && m.getParameterCount() == inputs)
            .sorted(Comparator.comparingInt(m -> depth(m.getParameterTypes()[0])))
            .toList();
    assertEquals(2, calls.size(), "predict calls " + calls);
    return batch ? calls.getLast() : calls.getFirst();
  }

  private static int depth(Class<?> type) {
    int depth = 0;
    for (Class<?> c = type; c.isArray(); c = c.getComponentType()) {
      depth++;
    }
    return depth;
  }

  static Object invoke(Method method, Object target, Object... args) throws Exception {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
