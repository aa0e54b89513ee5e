package dev.rnnc.processor.generative;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of valid declarations: chains (an optional {@code @Embedding} or
 * {@code @Masking}, one to three recurrent layers, zero to two {@code @Dense}) and two-branch
 * graphs (two recurrent layers reading the same input, merged, then an optional {@code @Dense}).
 * Every option the generators draw is one the processor must accept for that shape; sizes stay
 * small so that a try compiles and runs in well under a second. A generator draws its parts in
 * order from one randomness source, which QuickTheories shrinks after a failure.
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

  static Gen<Decl> any() {
    return Generate.frequency(Pair.of(3, chains()), Pair.of(1, graphs()));
  }

  /** Timesteps: {@code Input.VARIABLE} or a fixed 1 to 6. */
  static Gen<Integer> timesteps() {
    return Generate.oneOf(Generate.constant(Decl.Input.VARIABLE), integers().between(1, 6));
  }

  static Gen<String> activation() {
    return Generate.frequency(
        Pair.of(3, Generate.constant("tanh")),
        Pair.of(4, Generate.pick(List.of(Activations.ELEMENTWISE))));
  }

  static Gen<String> recurrentActivation() {
    return Generate.frequency(
        Pair.of(3, Generate.constant("sigmoid")),
        Pair.of(4, Generate.pick(List.of(Activations.ELEMENTWISE))));
  }

  /** One of {@code values}, each as likely. */
  @SafeVarargs
  private static <T> Gen<T> of(T... values) {
    return Generate.pick(List.of(values));
  }

  /** A recurrent layer with every option drawn; callers fix the ones its place constrains. */
  static Gen<Decl.Recurrent> recurrent() {
    Gen<Decl.Cell> cell = Generate.enumValues(Decl.Cell.class);
    Gen<Integer> units = integers().between(1, 6);
    Gen<String> activation = activation();
    Gen<String> recurrentActivation = recurrentActivation();
    Gen<Boolean> bool = Generate.booleans();
    Gen<String> merge =
        Generate.frequency(
            Pair.of(3, Generate.constant((String) null)),
            Pair.of(2, of("concat", "sum", "mul", "ave")));
    Gen<Integer> projSize =
        Generate.frequency(Pair.of(2, Generate.constant(0)), Pair.of(1, integers().between(1, 5)));
    Gen<Integer> numLayers =
        Generate.frequency(Pair.of(4, Generate.constant(1)), Pair.of(1, Generate.constant(2)));
    Gen<Double> rate = rate();
    return in ->
        new Decl.Recurrent(
            cell.generate(in),
            units.generate(in),
            activation.generate(in),
            recurrentActivation.generate(in),
            bool.generate(in), // useBias
            bool.generate(in), // resetAfter
            bool.generate(in), // goBackwards
            bool.generate(in), // returnSequences
            bool.generate(in), // zeroOutputForMask
            bool.generate(in), // unroll
            merge.generate(in),
            projSize.generate(in),
            numLayers.generate(in),
            rate.generate(in), // dropout
            rate.generate(in)); // recurrentDropout
  }

  /** A dropout rate: mostly none; inference must ignore any. */
  static Gen<Double> rate() {
    return Generate.frequency(Pair.of(3, Generate.constant(0.0)), Pair.of(1, of(0.1, 0.5, 0.9)));
  }

  static Gen<Decl.Dense> dense() {
    Gen<String> activation =
        Generate.frequency(
            Pair.of(2, Generate.constant("linear")),
            Pair.of(1, Generate.constant("softmax")),
            Pair.of(3, Generate.pick(List.of(Activations.ELEMENTWISE))));
    return integers().between(1, 5).zip(activation, Generate.booleans(), Decl.Dense::new);
  }

  /**
   * Chains: front, 1–3 recurrent layers (each optionally followed by a {@code @Dropout}, and all
   * but the last by a {@code @Dense} on its sequence), 0–2 Dense; a Dense on a sequence now and
   * then written {@code @TimeDistributed @Dense}.
   */
  static Gen<Decl> chains() {
    Gen<Front> front = Generate.enumValues(Front.class);
    Gen<Integer> timesteps = timesteps();
    Gen<Integer> features = integers().between(1, 4);
    Gen<Integer> vocabulary = integers().between(2, 9);
    Gen<Double> maskValue = of(0.0, -1.0, 0.5);
    Gen<List<Decl.Recurrent>> recurrents = lists().of(recurrent()).ofSizeBetween(1, 3);
    Gen<List<Decl.Dense>> denses = lists().of(dense()).ofSizeBetween(0, 2);
    Gen<Integer> extras = integers().between(0, 255);
    return in ->
        chain(
            front.generate(in),
            timesteps.generate(in),
            features.generate(in),
            vocabulary.generate(in),
            maskValue.generate(in),
            recurrents.generate(in),
            denses.generate(in),
            extras.generate(in));
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
  static Gen<Decl> graphs() {
    Gen<Integer> timesteps = timesteps();
    Gen<Integer> features = integers().between(1, 4);
    Gen<Boolean> bool = Generate.booleans();
    Gen<Decl.Recurrent> recurrent = recurrent();
    Gen<String> merge = of("Concatenate", "Add", "Average", "Multiply", SKIP);
    Gen<List<Decl.Dense>> head = lists().of(dense()).ofSizeBetween(0, 1);
    return in ->
        graph(
            timesteps.generate(in),
            features.generate(in),
            bool.generate(in), // masking
            recurrent.generate(in), // first
            recurrent.generate(in), // second
            bool.generate(in), // sequences
            merge.generate(in),
            head.generate(in));
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
