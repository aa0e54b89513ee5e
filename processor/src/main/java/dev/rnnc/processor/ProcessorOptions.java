package dev.rnnc.processor;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/**
 * The typed {@code -Arnnc.*} options, parsed and checked once per compilation.
 *
 * @param unrollLimit the most timesteps {@code unroll = true} may write out ({@code
 *     -Arnnc.unrollLimit}, default 32)
 * @param foldEmbeddingMaxBytes the largest folded embedding table to generate, in bytes ({@code
 *     -Arnnc.foldEmbeddingMaxBytes}, default {@value #DEFAULT_FOLD_EMBEDDING_MAX_BYTES}: 32 MiB,
 *     one table that every copy of the model shares; 0 never folds); see {@code
 *     docs/performance.md}
 */
public record ProcessorOptions(int unrollLimit, long foldEmbeddingMaxBytes) {
  /** The option key of {@link #unrollLimit}. */
  public static final String UNROLL_LIMIT = "rnnc.unrollLimit";

  /** The option key of {@link #foldEmbeddingMaxBytes}. */
  public static final String FOLD_EMBEDDING_MAX_BYTES = "rnnc.foldEmbeddingMaxBytes";

  /** Every option rnnc reads. */
  public static final Set<String> KEYS = Set.of(UNROLL_LIMIT, FOLD_EMBEDDING_MAX_BYTES);

  static final int DEFAULT_UNROLL_LIMIT = 32;

  /**
   * Folding M2's Embedding(10000, 64) into its LSTM(128) (a 20 MB table) made it 1.55× faster
   * (docs/performance.md); 32 MiB allows that and a vocabulary of about 16,000 tokens into 128
   * units, for one table however many copies of the model run.
   */
  static final long DEFAULT_FOLD_EMBEDDING_MAX_BYTES = 32L << 20;

  /**
   * Parses the options; a bad value or an unknown {@code rnnc.*} key is reported and the default
   * used.
   */
  public static ProcessorOptions parse(Map<String, String> options, Messager messager) {
    for (String key : new TreeSet<>(options.keySet())) {
      if (key.startsWith("rnnc.") && !KEYS.contains(key)) {
        messager.printMessage(
            Diagnostic.Kind.WARNING, RnncMessage.UNKNOWN_OPTION.format(key, KEYS));
      }
    }
    int unrollLimit = DEFAULT_UNROLL_LIMIT;
    String value = options.get(UNROLL_LIMIT);
    if (value != null) {
      try {
        unrollLimit = Integer.parseInt(value.trim());
        if (unrollLimit < 1) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        messager.printMessage(
            Diagnostic.Kind.ERROR,
            RnncMessage.BAD_OPTION.format(UNROLL_LIMIT, value, "expected a positive integer"));
        unrollLimit = DEFAULT_UNROLL_LIMIT;
      }
    }
    long foldMaxBytes = DEFAULT_FOLD_EMBEDDING_MAX_BYTES;
    String fold = options.get(FOLD_EMBEDDING_MAX_BYTES);
    if (fold != null) {
      try {
        foldMaxBytes = Long.parseLong(fold.trim());
        if (foldMaxBytes < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        messager.printMessage(
            Diagnostic.Kind.ERROR,
            RnncMessage.BAD_OPTION.format(
                FOLD_EMBEDDING_MAX_BYTES, fold, "expected a byte count >= 0"));
        foldMaxBytes = DEFAULT_FOLD_EMBEDDING_MAX_BYTES;
      }
    }
    return new ProcessorOptions(unrollLimit, foldMaxBytes);
  }
}
