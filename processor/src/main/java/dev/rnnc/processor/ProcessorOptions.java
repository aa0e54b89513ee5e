package dev.rnnc.processor;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/**
 * The typed {@code -Arnnc.*} options, parsed and checked once per compilation.
 *
 * @param unrollLimit the most timesteps {@code unroll = true} may write out ({@code -Arnnc.unrollLimit}, default 32)
 */
public record ProcessorOptions(int unrollLimit) {
  /** The option key of {@link #unrollLimit}. */
  public static final String UNROLL_LIMIT = "rnnc.unrollLimit";
  /** Every option rnnc reads. */
  public static final Set<String> KEYS = Set.of(UNROLL_LIMIT);
  static final int DEFAULT_UNROLL_LIMIT = 32;

  /** Parses the options; a bad value or an unknown {@code rnnc.*} key is reported and the default used. */
  public static ProcessorOptions parse(Map<String, String> options, Messager messager) {
    for (String key : new TreeSet<>(options.keySet())) {
      if (key.startsWith("rnnc.") && !KEYS.contains(key)) {
        messager.printMessage(Diagnostic.Kind.WARNING, RnncMessage.UNKNOWN_OPTION.format(key, KEYS));
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
        messager.printMessage(Diagnostic.Kind.ERROR, RnncMessage.BAD_OPTION.format(UNROLL_LIMIT, value, "expected a positive integer"));
        unrollLimit = DEFAULT_UNROLL_LIMIT;
      }
    }
    return new ProcessorOptions(unrollLimit);
  }
}
