package dev.rnnc.processor.generative;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of valid declarations: chains (an optional {@code @Embedding} or
 * {@code @Masking}, one to three recurrent layers, zero to two {@code @Dense}) and two-branch
 * graphs (two recurrent layers reading the same input, merged, then an optional {@code @Dense}).
 * Every option the generators draw is one the processor must accept for that shape; sizes stay
 * small so that a try compiles and runs in well under a second.
 */
final class Declarations {
  private Declarations() {}

  /** What feeds the first recurrent layer. */
  enum Front {
    NONE,
    MASKING,
    EMBEDDING,
    EMBEDDING_MASK_ZERO
  }

  static Arbitrary<Decl> any() {
    return Arbitraries.frequencyOf(Tuple.of(3, chains()), Tuple.of(1, graphs()));
  }

  /** Timesteps: {@code Input.VARIABLE} or a fixed 1 to 6. */
  static Arbitrary<Integer> timesteps() {
    return Arbitraries.oneOf(
        Arbitraries.just(Decl.Input.VARIABLE), Arbitraries.integers().between(1, 6));
  }

  static Arbitrary<String> activation() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just("tanh")),
        Tuple.of(4, Arbitraries.of(Activations.ELEMENTWISE)));
  }

  static Arbitrary<String> recurrentActivation() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just("sigmoid")),
        Tuple.of(4, Arbitraries.of(Activations.ELEMENTWISE)));
  }

  /** A recurrent layer with every option drawn; callers fix the ones its place constrains. */
  static Arbitrary<Decl.Recurrent> recurrent() {
    Arbitrary<String> merge =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just((String) null)),
            Tuple.of(2, Arbitraries.of("concat", "sum", "mul", "ave")));
    return Combinators.combine(
            Arbitraries.of(Decl.Cell.class),
            Arbitraries.integers().between(1, 6),
            activation(),
            recurrentActivation(),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false))
        .flatAs(
            (cell, units, act, recAct, useBias, resetAfter, backwards, sequences) ->
                Combinators.combine(
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false),
                        merge,
                        Arbitraries.frequencyOf(
                            Tuple.of(2, Arbitraries.just(0)),
                            Tuple.of(1, Arbitraries.integers().between(1, 5))),
                        Arbitraries.frequencyOf(
                            Tuple.of(4, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2))),
                        rate(),
                        rate())
                    .as(
                        (zeroOutput, unroll, mergeMode, projSize, numLayers, dropout, recDropout) ->
                            new Decl.Recurrent(
                                cell,
                                units,
                                act,
                                recAct,
                                useBias,
                                resetAfter,
                                backwards,
                                sequences,
                                zeroOutput,
                                unroll,
                                mergeMode,
                                projSize,
                                numLayers,
                                dropout,
                                recDropout)));
  }

  /** A dropout rate: mostly none; inference must ignore any. */
  static Arbitrary<Double> rate() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(0.0)), Tuple.of(1, Arbitraries.of(0.1, 0.5, 0.9)));
  }

  static Arbitrary<Decl.Dense> dense() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 5),
            Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just("linear")),
                Tuple.of(1, Arbitraries.just("softmax")),
                Tuple.of(3, Arbitraries.of(Activations.ELEMENTWISE))),
            Arbitraries.of(true, false))
        .as(Decl.Dense::new);
  }

  /**
   * Chains: front, 1–3 recurrent layers (each optionally followed by a {@code @Dropout}, and all
   * but the last by a {@code @Dense} on its sequence), 0–2 Dense; a Dense on a sequence now and
   * then written {@code @TimeDistributed @Dense}.
   */
  static Arbitrary<Decl> chains() {
    return Combinators.combine(
            Arbitraries.of(Front.class),
            timesteps(),
            Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(2, 9),
            Arbitraries.of(0.0, -1.0, 0.5),
            recurrent().list().ofMinSize(1).ofMaxSize(3),
            dense().list().ofMaxSize(2),
            Arbitraries.integers().between(0, 255))
        .as(Declarations::chain);
  }

  private static Decl chain(
      Front front,
      int timesteps,
      int features,
      int vocabulary,
      double maskValue,
      List<Decl.Recurrent> recurrents,
      List<Decl.Dense> denses,
      int extras) {
    boolean tokens = front == Front.EMBEDDING || front == Front.EMBEDDING_MASK_ZERO;
    List<Decl.Kind> kinds = new ArrayList<>();
    switch (front) {
      case NONE -> {}
      case MASKING -> kinds.add(new Decl.Masking(maskValue));
      case EMBEDDING -> kinds.add(new Decl.Embedding(vocabulary, features, false));
      case EMBEDDING_MASK_ZERO -> kinds.add(new Decl.Embedding(vocabulary, features, true));
    }
    boolean masked = front == Front.MASKING || front == Front.EMBEDDING_MASK_ZERO;
    for (int i = 0; i < recurrents.size(); i++) {
      boolean last = i == recurrents.size() - 1;
      Decl.Recurrent r = recurrents.get(i);
      kinds.add(fit(r, !last || r.returnSequences(), masked, timesteps));
      if ((extras >> i & 1) != 0) {
        kinds.add(new Decl.Dropout(0.25 * (1 + i)));
      }
      if (!last && (extras >> (3 + i) & 1) != 0) { // Dense on the sequence; the mask passes
        Decl.Dense dense = new Decl.Dense(1 + r.units() % 4, r.activation(), r.useBias());
        kinds.add((extras >> 6 & 1) != 0 ? dense.wrapped() : dense);
      }
    }
    boolean sequence = recurrents.getLast().returnSequences();
    for (Decl.Dense dense : denses) {
      kinds.add(sequence && (extras >> 7 & 1) != 0 ? dense.wrapped() : dense);
    }
    List<Decl.Layer> layers = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      layers.add(new Decl.Layer("l" + i, List.of(), kinds.get(i)));
    }
    return new Decl(new Decl.Input(tokens, timesteps, tokens ? 0 : features, false), layers);
  }

  /**
   * {@code r} with the options its place constrains: {@code returnSequences} as given, {@code
   * zeroOutputForMask} only where a mask reaches it and not under Bidirectional (which forces it),
   * {@code unroll} only with fixed timesteps.
   */
  private static Decl.Recurrent fit(
      Decl.Recurrent r, boolean returnSequences, boolean masked, int timesteps) {
    boolean unroll = r.unroll() && timesteps != Decl.Input.VARIABLE;
    // projSize: an LSTM's, below units; numLayers: not with Bidirectional, projSize or unroll.
    int projSize = r.cell() == Decl.Cell.LSTM && r.projSize() < r.units() ? r.projSize() : 0;
    boolean stack = !r.bidirectional() && projSize == 0 && !unroll;
    return new Decl.Recurrent(
        r.cell(),
        r.units(),
        r.activation(),
        r.recurrentActivation(),
        r.useBias(),
        r.resetAfter(),
        r.goBackwards(),
        returnSequences,
        r.zeroOutputForMask() && masked && !r.bidirectional(),
        unroll,
        r.mergeMode(),
        projSize,
        stack ? r.numLayers() : 1,
        r.dropout(),
        r.recurrentDropout());
  }

  /** The graphs' skip connection: the input (or its masking) concatenated with one branch. */
  private static final String SKIP = "skip";

  /**
   * Graphs: a named float input, an optional {@code @Masking}, two recurrent branches reading it, a
   * merge of the two, an optional {@code @Dense}; or one branch returning sequences concatenated
   * with what it read (a skip connection).
   */
  static Arbitrary<Decl> graphs() {
    return Combinators.combine(
            timesteps(),
            Arbitraries.integers().between(1, 4),
            Arbitraries.of(true, false),
            recurrent(),
            recurrent(),
            Arbitraries.of(true, false),
            Arbitraries.of("Concatenate", "Add", "Average", "Multiply", SKIP),
            dense().list().ofMaxSize(1))
        .as(Declarations::graph);
  }

  private static Decl graph(
      int timesteps,
      int features,
      boolean masking,
      Decl.Recurrent first,
      Decl.Recurrent second,
      boolean sequences,
      String merge,
      List<Decl.Dense> head) {
    boolean skip = merge.equals(SKIP);
    if (skip) {
      merge = "Concatenate";
      sequences = true;
    }
    boolean maskReachesMerge = masking && sequences;
    if (merge.equals("Multiply") && maskReachesMerge) {
      merge = "Add"; // a mask reaching @Multiply is an error (not implemented, as Keras' differs)
    }
    Decl.Recurrent a = fit(first, sequences, masking, timesteps);
    Decl.Recurrent b = fit(second, sequences, masking, timesteps);
    if (!merge.equals("Concatenate")) { // equal widths: b outputs a's width, without concat
      b = b.withWidth(a.width(), "concat".equals(b.mergeMode()) ? "sum" : b.mergeMode());
    }
    List<Decl.Layer> layers = new ArrayList<>();
    String base = Decl.INPUT_NAME;
    if (masking) {
      layers.add(new Decl.Layer("m", List.of(base), new Decl.Masking(0.0)));
      base = "m";
    }
    layers.add(new Decl.Layer("a", List.of(base), a));
    if (skip) {
      layers.add(new Decl.Layer("merged", List.of(base, "a"), new Decl.Merge(merge)));
    } else {
      layers.add(new Decl.Layer("b", List.of(base), b));
      layers.add(new Decl.Layer("merged", List.of("a", "b"), new Decl.Merge(merge)));
    }
    for (Decl.Dense d : head) {
      layers.add(new Decl.Layer("head", List.of(), d));
    }
    return new Decl(new Decl.Input(false, timesteps, features, true), layers);
  }
}
