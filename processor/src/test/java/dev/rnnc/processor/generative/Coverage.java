package dev.rnnc.processor.generative;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import net.jqwik.api.statistics.Statistics;

/**
 * What the generative properties cover, collected as jqwik statistics and checked, so that a change
 * to the generators cannot quietly stop drawing a feature of the valid declarations or an error of
 * the invalid ones: each must appear in at least one try.
 */
final class Coverage {
  private Coverage() {}

  private static final Map<String, Predicate<Decl>> FEATURES =
      Map.ofEntries(
          Map.entry("graph", d -> d.input().named()),
          Map.entry("token input", d -> d.input().tokens()),
          Map.entry("mask", d -> d.layers().stream().anyMatch(l -> masks(l.kind()))),
          Map.entry("sequence output", Decl::outputIsSequence),
          Map.entry("bidirectional", d -> recurrent(d, Decl.Recurrent::bidirectional)),
          Map.entry("goBackwards", d -> recurrent(d, Decl.Recurrent::goBackwards)),
          Map.entry("zeroOutputForMask", d -> recurrent(d, Decl.Recurrent::zeroOutputForMask)),
          Map.entry("unroll", d -> recurrent(d, Decl.Recurrent::unroll)),
          Map.entry("numLayers 2", d -> recurrent(d, r -> r.numLayers() > 1)),
          Map.entry("projSize", d -> recurrent(d, r -> r.projSize() > 0)),
          Map.entry(
              "GRU reset before",
              d -> recurrent(d, r -> r.cell() == Decl.Cell.GRU && !r.resetAfter())),
          Map.entry(
              "dropout options", d -> recurrent(d, r -> r.dropout() + r.recurrentDropout() > 0)),
          Map.entry(
              "@TimeDistributed",
              d ->
                  d.layers().stream()
                      .anyMatch(l -> l.kind() instanceof Decl.Dense x && x.timeDistributed())),
          Map.entry(
              "skip connection",
              d -> d.input().named() && d.layers().stream().noneMatch(l -> l.name().equals("b"))),
          Map.entry(
              "@Dropout", d -> d.layers().stream().anyMatch(l -> l.kind() instanceof Decl.Dropout)),
          Map.entry(
              "softmax",
              d ->
                  d.layers().stream()
                      .anyMatch(
                          l ->
                              l.kind() instanceof Decl.Dense x
                                  && x.activation().equals("softmax"))));

  /** Records the id a mutation expects and, unless the run was made short, checks each was seen. */
  static void collectId(String id) {
    var collector = Statistics.label("expected id").collect(id);
    if (Integer.getInteger("rnnc.generative.tries", SHORT_RUN) >= SHORT_RUN) {
      for (String expected : IDS) {
        collector.coverage(c -> c.check(expected).count(n -> n >= 1));
      }
    }
  }

  private static boolean masks(Decl.Kind kind) {
    return kind instanceof Decl.Masking || kind instanceof Decl.Embedding e && e.maskZero();
  }

  private static boolean recurrent(Decl decl, Predicate<Decl.Recurrent> test) {
    return decl.layers().stream()
        .anyMatch(l -> l.kind() instanceof Decl.Recurrent r && test.test(r));
  }

  /** Every id {@link Mutation} expects; each must turn up in a run of the invalid property. */
  private static final List<String> IDS =
      List.of(
          "RnncFeaturesNotPositive",
          "RnncTimestepsInvalid",
          "RnncUnitsNotPositive",
          "RnncMaskZeroVocabulary",
          "RnncMaskValueNotFinite",
          "RnncUnknownActivation",
          "RnncUnknownInitializer",
          "RnncSoftmaxOnlyDense",
          "RnncRateOutOfRange",
          "RnncUnknownMergeMode",
          "RnncUnrollNeedsFixedTimesteps",
          "RnncMaskUnused",
          "RnncProjSizeInvalid",
          "RnncNumLayersInvalid",
          "RnncNotASequence",
          "RnncMergeShapes",
          "RnncCallSignature");

  /** Tries below which a run is too short for every feature to turn up (a quick local run). */
  private static final int SHORT_RUN = 100;

  /**
   * Records which features {@code decl} has and, unless the run was made short ({@code
   * -Drnnc.generative.tries} below 100), checks that each was seen by the property's end.
   */
  static void collect(Decl decl) {
    boolean check = Integer.getInteger("rnnc.generative.tries", SHORT_RUN) >= SHORT_RUN;
    for (String feature : List.copyOf(FEATURES.keySet())) {
      var collector = Statistics.label(feature).collect(FEATURES.get(feature).test(decl));
      if (check) {
        collector.coverage(c -> c.check(true).count(n -> n >= 1));
      }
    }
  }
}
