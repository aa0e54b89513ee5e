package dev.rnnc.processor.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.testing.compile.Compilation;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random valid declarations ({@link Declarations}) compiled by the processor, loaded, given random
 * weights through the public API in Keras layout, and called on random input (padded and masked
 * steps included); every output must match {@link ScalarReference}, an independent double model.
 *
 * <p>Tolerance: {@code |rnnc - reference| <= 1e-6·(1 + |reference|) + 10·spread}. rnnc computes in
 * float32 (unit round-off 6e-8) through at most three recurrent layers of six steps, each a dot
 * product of at most 13 terms and an activation, then two Dense layers; over 700 tries (2026-12-06)
 * the largest error seen in well-conditioned models was 1.0e-7·(1 + |reference|), a tenth of the
 * first term. Some drawn models amplify round-off (a GRU with {@code recurrentActivation =
 * "linear"} and {@code selu}: gates unbounded, the recurrence not contractive; weights moved by
 * 6e-8 moved its outputs by up to 1.2e-4·(1 + |value|)), so {@code spread} measures that per
 * output: how far the reference moves when every weight moves by float round-off ({@link
 * #perturbed}). A semantic slip (a gate order, a mask, a flip; the reference's GRU with the reset
 * gate always after the product) moved an output by 8e-3 on the first try that had it.
 */
class ValidDeclarationsTest {
  private static final double TOLERANCE = 1e-6;

  /** float32's unit round-off, 2^-24. */
  private static final double ROUND_OFF = 0x1p-24;

  /** How many times the round-off spread a model shows its float32 result may be off. */
  private static final double AMPLIFIED = 10;

  /** 100 tries in CI ({@link GenerativeRun}); each feature of {@link Coverage} must turn up. */
  @Test
  void compiledModelsMatchTheScalarReference() {
    Coverage coverage = Coverage.ofFeatures();
    GenerativeRun.theory(100)
        .forAll(Declarations.any(), longs().all())
        .checkAssert(
            (decl, dataSeed) -> {
              coverage.count(decl);
              matchesTheScalarReference(decl, dataSeed);
            });
    coverage.check();
  }

  /** One try: {@code decl} compiled, given weights and input drawn from {@code dataSeed}. */
  private static void matchesTheScalarReference(Decl decl, long dataSeed) {
    DeclSource source = DeclSource.of(decl);
    Compilation compilation = Compiled.compile(source.file());
    if (compilation.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError(
          "a valid declaration did not compile:\n"
              + compilation.diagnostics().stream()
                  .map(d -> d.getKind() + " line " + d.getLineNumber() + ": " + d.getMessage(null))
                  .collect(Collectors.joining("\n"))
              + "\n--- source ---\n"
              + source.render());
    }
    Object instance = Compiled.create(Compiled.load(compilation), dataSeed);
    SplittableRandom random = new SplittableRandom(dataSeed);
    Map<String, Map<String, double[]>> weights =
        randomWeights(decl, Compiled.model(instance), random);
    ScalarReference reference = new ScalarReference(decl, weights);
    List<ScalarReference> perturbed = perturbed(decl, weights, new SplittableRandom(~dataSeed));

    int batch = 1 + random.nextInt(3);
    int steps =
        decl.input().timesteps() == Decl.Input.VARIABLE
            ? 1 + random.nextInt(6)
            : decl.input().timesteps();
    Inputs inputs = Inputs.draw(decl, batch, steps, random);

    Object single = Compiled.call(instance, "predict", inputs.sample(0));
    compare(source, reference, perturbed, inputs, 0, single, "predict");
    Object[] all = (Object[]) Compiled.call(instance, "predictBatch", inputs.batch());
    for (int b = 0; b < batch; b++) {
      compare(source, reference, perturbed, inputs, b, all[b], "predictBatch[" + b + "]");
    }
  }

  /**
   * Checks every layer's variables against Keras' names and shapes, then sets each to uniform
   * values in [-0.6, 0.6] (biases included, so they matter), returning what was set.
   */
  private static Map<String, Map<String, double[]>> randomWeights(
      Decl decl, RnncModel model, SplittableRandom random) {
    Map<String, List<ScalarReference.VariableShape>> expected = ScalarReference.variables(decl);
    List<Layer> layers = model.layers();
    assertEquals(
        decl.layers().stream().map(Decl.Layer::name).toList(),
        layers.stream().map(Layer::name).toList(),
        "layers()");
    Map<String, Map<String, double[]>> weights = new HashMap<>();
    for (Layer layer : layers) {
      List<ScalarReference.VariableShape> shapes = expected.get(layer.name());
      assertEquals(
          shapes.stream().map(s -> s.name() + List.of(box(s.shape()))).toList(),
          layer.variables().stream().map(v -> v.name() + List.of(box(v.shape()))).toList(),
          "variables of " + layer.name());
      Map<String, double[]> values = new HashMap<>();
      for (Variable v : layer.variables()) {
        float[] w = new float[v.size()];
        double[] d = new double[w.length];
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) (random.nextDouble(-0.6, 0.6));
          d[i] = w[i];
        }
        v.set(w);
        assertArrayEquals(w, v.get(), "Variable.get() after set() of " + v.name());
        values.put(v.name(), d);
      }
      weights.put(layer.name(), values);
    }
    return weights;
  }

  private static Integer[] box(int[] shape) {
    Integer[] boxed = new Integer[shape.length];
    for (int i = 0; i < shape.length; i++) {
      boxed[i] = shape[i];
    }
    return boxed;
  }

  /**
   * The reference on weights each moved by a relative ±6e-8, float32's unit round-off, three times:
   * how far its outputs move shows how much float round-off this model amplifies.
   */
  private static List<ScalarReference> perturbed(
      Decl decl, Map<String, Map<String, double[]>> weights, SplittableRandom random) {
    List<ScalarReference> references = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      Map<String, Map<String, double[]>> moved = new HashMap<>();
      weights.forEach(
          (layer, variables) -> {
            Map<String, double[]> m = new HashMap<>();
            variables.forEach(
                (name, values) -> {
                  double[] v = values.clone();
                  for (int i = 0; i < v.length; i++) {
                    v[i] *= 1 + random.nextDouble(-ROUND_OFF, ROUND_OFF);
                  }
                  m.put(name, v);
                });
            moved.put(layer, m);
          });
      references.add(new ScalarReference(decl, moved));
    }
    return references;
  }

  private static double[][] rows(ScalarReference reference, Inputs inputs, int b) {
    ScalarReference.Value v =
        inputs.tokens() == null
            ? reference.predict(inputs.floatsOf(b))
            : reference.predict(inputs.tokens()[b]);
    return v.sequence() != null ? v.sequence() : new double[][] {v.vector()};
  }

  private static void compare(
      DeclSource source,
      ScalarReference reference,
      List<ScalarReference> perturbed,
      Inputs inputs,
      int b,
      Object actual,
      String call) {
    double[][] want = rows(reference, inputs, b);
    List<double[][]> moved = perturbed.stream().map(r -> rows(r, inputs, b)).toList();
    float[][] got = actual instanceof float[][] seq ? seq : new float[][] {(float[]) actual};
    assertEquals(want.length, got.length, call + ": timesteps");
    for (int t = 0; t < want.length; t++) {
      assertEquals(want[t].length, got[t].length, call + ": width");
      for (int j = 0; j < want[t].length; j++) {
        double spread = 0;
        for (double[][] m : moved) {
          spread = Math.max(spread, Math.abs(m[t][j] - want[t][j]));
        }
        double error = Math.abs(got[t][j] - want[t][j]);
        double tolerance = TOLERANCE * (1 + Math.abs(want[t][j])) + AMPLIFIED * spread;
        if (!(error <= tolerance)) {
          throw new AssertionError(
              ("%s: output [%d][%d] is %s, the reference %s (error %.3g, tolerance %.3g, round-off"
                      + " spread %.3g)\ninput %s\n--- source ---\n%s")
                  .formatted(
                      call,
                      t,
                      j,
                      got[t][j],
                      want[t][j],
                      error,
                      tolerance,
                      spread,
                      inputs.describe(b),
                      source.render()));
        }
      }
    }
  }
}
