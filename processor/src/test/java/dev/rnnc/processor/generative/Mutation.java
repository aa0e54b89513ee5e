package dev.rnnc.processor.generative;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One known-bad change to a valid declaration and the error it must cause: the id, on the line the
 * change marks with {@link #MARK} (the changed value's line, or for a shape error the annotation of
 * the layer that cannot take its input). A few are warnings ({@code RnncMaskUnused}: an option
 * without effect), errors under the tests' {@code -Werror}.
 */
record Mutation(
    String description, String expectedId, boolean warning, Consumer<DeclSource> change) {

  Mutation(String description, String expectedId, Consumer<DeclSource> change) {
    this(description, expectedId, false, change);
  }

  /** The comment that marks the line the error must point at. */
  static final String MARK = " /* expected error here */";

  /** Misspelled or unknown activation names. */
  private static final String[] BAD_ACTIVATIONS = {
    "tanhh", "sigmod", "Relu", "", "leaky_relu", "gelu_tanh"
  };

  /**
   * One mutation that applies to {@code decl}: {@code which} chooses the expected id among those
   * that apply (so rare ones are drawn as often as common ones), then its instance; {@code pick}
   * varies the bad value.
   */
  static Mutation choose(Decl decl, int which, int pick) {
    Map<String, List<Mutation>> byId = new TreeMap<>();
    for (Mutation m : applicable(decl, pick)) {
      byId.computeIfAbsent(m.expectedId(), id -> new ArrayList<>()).add(m);
    }
    List<List<Mutation>> groups = List.copyOf(byId.values());
    List<Mutation> group = groups.get(which % groups.size());
    return group.get(which / groups.size() % group.size());
  }

  /** Every mutation that applies to {@code decl}; {@code pick} varies the bad value chosen. */
  static List<Mutation> applicable(Decl decl, int pick) {
    List<Mutation> all = new ArrayList<>();
    Decl.Input in = decl.input();
    int badSize = -(pick % 3); // 0, -1 or -2
    if (!in.tokens()) {
      all.add(
          new Mutation(
              "features = " + badSize,
              "RnncFeaturesNotPositive",
              s -> mark(s.input, "features", badSize)));
    }
    int badTimesteps = pick % 2 == 0 ? 0 : -3 - pick % 5;
    all.add(
        new Mutation(
            "timesteps = " + badTimesteps,
            "RnncTimestepsInvalid",
            s -> mark(s.input, "timesteps", badTimesteps)));
    String badActivation = BAD_ACTIVATIONS[pick % BAD_ACTIVATIONS.length];
    boolean maskReaches = false;
    for (int i = 0; i < decl.layers().size(); i++) {
      int index = i;
      Decl.Layer layer = decl.layers().get(i);
      String name = layer.name();
      switch (layer.kind()) {
        case Decl.Embedding e -> {
          String size = pick % 2 == 0 ? "inputDim" : "outputDim";
          all.add(
              new Mutation(
                  name + " " + size + " = " + badSize,
                  "RnncUnitsNotPositive",
                  s -> mark(s.annotation(index, "Embedding"), size, badSize)));
          all.add(
              new Mutation(
                  name + " maskZero with inputDim = 1",
                  "RnncMaskZeroVocabulary",
                  s -> {
                    s.annotation(index, "Embedding").with("maskZero", true);
                    mark(s.annotation(index, "Embedding"), "inputDim", 1);
                  }));
          maskReaches = e.maskZero();
        }
        case Decl.Masking m -> {
          double bad =
              new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}
                  [pick % 3];
          all.add(
              new Mutation(
                  name + " maskValue = " + bad,
                  "RnncMaskValueNotFinite",
                  s -> mark(s.annotation(index, "Masking"), "maskValue", bad)));
          maskReaches = true;
        }
        case Decl.Dense d -> {
          all.add(
              new Mutation(
                  name + " units = " + badSize,
                  "RnncUnitsNotPositive",
                  s -> mark(s.annotation(index, "Dense"), "units", badSize)));
          all.add(
              new Mutation(
                  name + " activation = " + badActivation,
                  "RnncUnknownActivation",
                  s -> mark(s.annotation(index, "Dense"), "activation", badActivation)));
          all.add(
              new Mutation(
                  name + " kernelInitializer = glorot",
                  "RnncUnknownInitializer",
                  s -> mark(s.annotation(index, "Dense"), "kernelInitializer", "glorot")));
        }
        case Decl.Merge m -> merge(decl, index, m, all);
        case Decl.Dropout d -> {
          double bad = pick % 2 == 0 ? 1.0 : -0.5;
          all.add(
              new Mutation(
                  name + " rate = " + bad,
                  "RnncRateOutOfRange",
                  s -> mark(s.annotation(index, "Dropout"), "rate", bad)));
        }
        case Decl.Recurrent r ->
            recurrent(decl, index, r, maskReaches, pick, badSize, badActivation, all);
      }
    }
    String call = decl.outputIsSequence() ? "float[] predict(" : "float[][] predict(";
    String sample = in.tokens() ? "int[] x);" : "float[][] x);";
    all.add(
        new Mutation(
            "predict returns the other shape",
            "RnncCallSignature",
            s -> s.calls.set(0, call + sample + MARK)));
    return all;
  }

  private static void recurrent(
      Decl decl,
      int index,
      Decl.Recurrent r,
      boolean maskReaches,
      int pick,
      int badSize,
      String badActivation,
      List<Mutation> all) {
    String name = decl.layers().get(index).name();
    String a = r.cell().annotation;
    all.add(
        new Mutation(
            name + " units = " + badSize,
            "RnncUnitsNotPositive",
            s -> mark(s.annotation(index, a), "units", badSize)));
    all.add(
        new Mutation(
            name + " activation = " + badActivation,
            "RnncUnknownActivation",
            s -> mark(s.annotation(index, a), "activation", badActivation)));
    all.add(
        new Mutation(
            name + " activation = softmax",
            "RnncSoftmaxOnlyDense",
            s -> mark(s.annotation(index, a), "activation", "softmax")));
    if (r.cell() != Decl.Cell.SIMPLE_RNN) {
      all.add(
          new Mutation(
              name + " recurrentActivation = " + badActivation,
              "RnncUnknownActivation",
              s -> mark(s.annotation(index, a), "recurrentActivation", badActivation)));
    }
    String initializer =
        new String[] {"kernelInitializer", "recurrentInitializer", "biasInitializer"}[pick % 3];
    all.add(
        new Mutation(
            name + " " + initializer + " = he",
            "RnncUnknownInitializer",
            s -> mark(s.annotation(index, a), initializer, "he")));
    String rate = pick % 2 == 0 ? "dropout" : "recurrentDropout";
    double badRate = pick % 4 < 2 ? 1.0 : -0.25;
    all.add(
        new Mutation(
            name + " " + rate + " = " + badRate,
            "RnncRateOutOfRange",
            s -> mark(s.annotation(index, a), rate, badRate)));
    if (r.bidirectional()) {
      String badMode = new String[] {"average", "cat", "max", "None"}[pick % 4];
      all.add(
          new Mutation(
              name + " mergeMode = " + badMode,
              "RnncUnknownMergeMode",
              s -> mark(s.annotation(index, "Bidirectional"), "mergeMode", badMode)));
    }
    if (decl.input().timesteps() == Decl.Input.VARIABLE && !r.unroll() && r.numLayers() == 1) {
      all.add(
          new Mutation(
              name + " unroll with variable timesteps",
              "RnncUnrollNeedsFixedTimesteps",
              s -> mark(s.annotation(index, a), "unroll", true)));
    }
    if (!maskReaches && !r.bidirectional()) {
      all.add(
          new Mutation(
              name + " zeroOutputForMask without a mask",
              "RnncMaskUnused",
              true,
              s -> mark(s.annotation(index, a), "zeroOutputForMask", true)));
    }
    if (r.cell() == Decl.Cell.LSTM && !r.bidirectional() && r.numLayers() == 1) {
      int projSize = pick % 2 == 0 ? r.units() : -1;
      all.add(
          new Mutation(
              name + " projSize = " + projSize,
              "RnncProjSizeInvalid",
              s -> mark(s.annotation(index, a), "projSize", projSize)));
    }
    all.add(
        new Mutation(
            name + " numLayers = " + badSize,
            "RnncNumLayersInvalid",
            s -> mark(s.annotation(index, a), "numLayers", badSize)));
    // A chain's recurrent layer feeding another recurrent layer must return sequences.
    // In a chain, the next recurrent or @TimeDistributed layer (past any Dense or Dropout, which
    // take vectors too) needs a sequence: the error is that layer's, at its first annotation
    // (@Bidirectional or @TimeDistributed if any).
    int consumer = index + 1;
    while (consumer < decl.layers().size()
        && decl.layers().get(consumer).inputs().isEmpty()
        && (decl.layers().get(consumer).kind() instanceof Decl.Dense d && !d.timeDistributed()
            || decl.layers().get(consumer).kind() instanceof Decl.Dropout)) {
      consumer++;
    }
    if (decl.layers().get(index).inputs().isEmpty()
        && consumer < decl.layers().size()
        && decl.layers().get(consumer).inputs().isEmpty()
        && (decl.layers().get(consumer).kind() instanceof Decl.Recurrent
            || decl.layers().get(consumer).kind() instanceof Decl.Dense)) { // @TimeDistributed
      int at = consumer;
      all.add(
          new Mutation(
              name + " returnSequences = false before recurrent layer " + at,
              "RnncNotASequence",
              s -> {
                s.annotation(index, a).with("returnSequences", false);
                s.layers.get(at).annotations().getFirst().comment = MARK;
              }));
    }
  }

  /**
   * A graph's merge: inputs of different widths (one branch one unit wider), or a mask reaching
   * {@code @Multiply}; the error is the merge's, at its annotation.
   */
  private static void merge(Decl decl, int index, Decl.Merge m, List<Mutation> all) {
    String annotation = m.annotation();
    List<String> sources = decl.sources(index);
    int second = decl.layers().indexOf(decl.layer(sources.get(1)));
    if (!annotation.equals("Concatenate")
        && decl.layers().get(second).kind() instanceof Decl.Recurrent b
        && !"concat".equals(b.mergeMode())) {
      all.add(
          new Mutation(
              "@" + annotation + " of widths " + b.width() + " and " + (b.width() + 1),
              "RnncMergeShapes",
              s -> {
                s.annotation(second, b.cell().annotation).with("units", b.units() + 1);
                s.annotation(index, annotation).comment = MARK;
              }));
    }
    boolean masked =
        decl.layers().stream().anyMatch(l -> l.kind() instanceof Decl.Masking)
            && decl.isSequence(sources.getFirst());
    if (masked && !annotation.equals("Multiply")) {
      all.add(
          new Mutation(
              "@Multiply reached by a mask",
              "RnncMergeShapes",
              s -> {
                DeclSource.Annotation merge = s.annotation(index, annotation);
                merge.name = "Multiply";
                merge.comment = MARK;
              }));
    }
  }

  /** Sets {@code attribute} to {@code value} and marks its line. */
  private static void mark(DeclSource.Annotation annotation, String attribute, Object value) {
    annotation.attributes.put(attribute, DeclSource.literal(value) + MARK);
  }

  @Override
  public String toString() {
    return description + " -> " + expectedId;
  }
}
