package dev.rnnc.processor.validate;

import java.util.List;

/** "Did you mean" for a near-miss name: the closest known name within a few edits. */
public final class Suggestion {
  private Suggestion() {}

  /**
   * {@code "; did you mean \"tanh\"?"} for the known name closest to {@code value} (case ignored)
   * when it is at most a third of its length away (at least 1, at most 3 edits), else {@code ""}.
   */
  public static String didYouMean(String value, List<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : known) {
      int d =
          distance(
              value.toLowerCase(java.util.Locale.ROOT), name.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    int allowed = Math.min(3, Math.max(1, value.length() / 3));
    return best != null && bestDistance > 0 && bestDistance <= allowed
        ? "; did you mean \"" + best + "\"?"
        : "";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
