package dev.rnnc.processor.generative;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a run of a generative property covered, counted try by try and checked at its end, so that a
 * change to the generators cannot quietly stop drawing a feature of the valid declarations or an
 * error of the invalid ones: each must appear in at least one try. A run made short ({@code
 * -Drnnc.generative.tries} below 100, a quick local run) is not checked.
 */
final class Coverage {

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

  /** What is counted: a feature's name or an expected id, and the tries that had it. */
  private final Map<String, Integer> counts = new TreeMap<>();

  /** Everything that must turn up. */
  private final List<String> required;

  private int tries;

  private Coverage(List<String> required) {
    this.required = required;
    required.forEach(name -> counts.put(name, 0));
  }

  /** The coverage of the valid declarations' features. */
  static Coverage ofFeatures() {
    return new Coverage(List.copyOf(new TreeMap<>(FEATURES).keySet()));
  }

  /** The coverage of the ids the mutations expect. */
  static Coverage ofIds() {
    return new Coverage(IDS);
  }

  /** Counts a try of {@code decl} under each feature it has. */
  void count(Decl decl) {
    tries++;
    FEATURES.forEach(
        (feature, test) -> counts.merge(feature, test.test(decl) ? 1 : 0, Integer::sum));
  }

  /** Counts a try whose mutation expects {@code id}. */
  void countId(String id) {
    tries++;
    counts.merge(id, 1, Integer::sum);
  }

  /**
   * Fails unless every required feature or id turned up in at least one try; a run made short is
   * not checked.
   */
  void check() {
    if (GenerativeRun.tries(SHORT_RUN) < SHORT_RUN) {
      return;
    }
    List<String> missing = required.stream().filter(name -> counts.get(name) == 0).toList();
    if (!missing.isEmpty()) {
      throw new AssertionError(
          "not covered in %d tries: %s (counts: %s)".formatted(tries, missing, counts));
    }
  }

  @Override
  public String toString() {
    return tries + " tries: " + counts;
  }
}
