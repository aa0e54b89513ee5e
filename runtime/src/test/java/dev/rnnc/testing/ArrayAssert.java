package dev.rnnc.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one strict comparison of numeric arrays that every module's tests use (runtime's test-jar
 * shares it with importer, examples and benchmarks).
 *
 * <p>Expected and actual values may be nested Java arrays ({@code float[]}, {@code double[]},
 * {@code int[]}, {@code Object[]} of those, ragged or not), boxed numbers, or, for the expected
 * side, a Jackson {@link JsonNode} (numbers; the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"} as Jackson writes non-finite floats). The comparison is strict:
 *
 * <ul>
 *   <li>the shape is checked at every level, row by row: a longer, shorter or ragged actual array
 *       fails, naming the index of the row whose length differs (a shape is never inferred from the
 *       first row);
 *   <li>an expected NaN matches only NaN, an actual NaN where a number is expected fails, and an
 *       infinity matches only the same infinity (their difference counts as infinite);
 *   <li>a non-numeric expected leaf (JSON {@code null}, text, objects) fails instead of reading as
 *       0;
 *   <li>a failure names the context, the largest absolute difference, the full index of the worst
 *       element (the first one, on a tie), both values there, the shape, and how many elements are
 *       out of tolerance.
 * </ul>
 */
public final class ArrayAssert {
  private ArrayAssert() {}

  /**
   * Asserts that {@code actual} has the shape of {@code expected} and that every element lies
   * within {@code tolerance} of it (see the class comment for NaN and infinities); returns the
   * largest absolute difference.
   *
   * @param context names the case and sample in the failure message
   */
  public static double assertClose(
      String context, Object expected, Object actual, double tolerance) {
    Walk walk = new Walk(context, tolerance);
    walk.compare(expected, actual, 0);
    if (!(walk.worst <= tolerance)) {
      fail(
          "%s: max |actual - expected| = %.3g > %.1e at %s of shape %s (actual %s, expected %s); %d of %d elements out of tolerance"
              .formatted(
                  context,
                  walk.worst,
                  tolerance,
                  Arrays.toString(walk.worstIndex),
                  walk.shape(),
                  walk.worstActual,
                  walk.worstExpected,
                  walk.outOfTolerance,
                  walk.elements));
    }
    return walk.worst;
  }

  /**
   * The largest absolute difference between two arrays after asserting that they have the same
   * shape at every level; {@code +Infinity} where a NaN meets a number (or an infinity anything but
   * itself), 0 where NaN meets NaN.
   */
  public static double maxAbsDifference(Object expected, Object actual) {
    return maxAbsDifference("maxAbsDifference", expected, actual);
  }

  /**
   * {@link #maxAbsDifference(Object, Object)}, with {@code context} in a shape failure's message.
   */
  public static double maxAbsDifference(String context, Object expected, Object actual) {
    Walk walk = new Walk(context, 0);
    walk.compare(expected, actual, 0);
    return walk.worst;
  }

  /**
   * Asserts that two arrays of the same shape (at every level) hold the same bits everywhere
   * ({@code float}s by {@link Float#floatToIntBits}, so any NaN equals any NaN but 0.0 differs from
   * -0.0), naming the first element that differs.
   */
  public static void assertBitIdentical(String context, Object expected, Object actual) {
    Walk walk = new Walk(context, 0);
    walk.bits = true;
    walk.compare(expected, actual, 0);
  }

  /** A depth-first walk over both trees that keeps the index of the current element. */
  private static final class Walk {
    private final String context;
    private final double tolerance;
    private final List<Integer> index = new ArrayList<>();

    /** The length seen at each depth, or -1 once rows of different lengths were seen there. */
    private final List<Integer> lengths = new ArrayList<>();

    private boolean bits;
    private double worst = 0;
    private int[] worstIndex = {};
    private String worstExpected = "-";
    private String worstActual = "-";
    private long elements;
    private long outOfTolerance;

    Walk(String context, double tolerance) {
      this.context = context;
      this.tolerance = tolerance;
    }

    void compare(Object expected, Object actual, int depth) {
      if (actual == null) {
        fail(
            context
                + ": null where a "
                + (isArray(expected) ? "row" : "number")
                + " was expected, at "
                + index);
      }
      boolean expectedArray = isArray(expected);
      if (expectedArray != isArray(actual)) {
        fail(
            context
                + ": expected "
                + (expectedArray ? "a row of " + length(expected) : "a number")
                + " but found "
                + (expectedArray ? "a number" : "a row of " + length(actual))
                + " at "
                + index);
      }
      if (!expectedArray) {
        leaf(value(expected, "expected"), value(actual, "actual"), expected, actual);
        return;
      }
      int n = length(expected);
      int m = length(actual);
      if (n != m) {
        fail(
            "%s: shape differs at %s: expected a row of %d, actual a row of %d (expected shape %s)"
                .formatted(
                    context,
                    index.isEmpty() ? "the top level" : "index " + index,
                    n,
                    m,
                    shapeOf(expected)));
      }
      if (lengths.size() == depth) {
        lengths.add(n);
      } else if (lengths.get(depth) != n) {
        lengths.set(depth, -1);
      }
      for (int i = 0; i < n; i++) {
        index.add(i);
        compare(child(expected, i), child(actual, i), depth + 1);
        index.removeLast();
      }
    }

    private void leaf(double e, double a, Object expected, Object actual) {
      elements++;
      if (bits) {
        boolean same =
            expected instanceof Float || actual instanceof Float
                ? Float.floatToIntBits((float) e) == Float.floatToIntBits((float) a)
                : Double.doubleToLongBits(e) == Double.doubleToLongBits(a);
        if (!same) {
          fail(
              "%s: not bit-identical at %s of shape %s (expected %s, actual %s, difference %.3g)"
                  .formatted(context, index, shape(), expected, actual, Math.abs(e - a)));
        }
        return;
      }
      double difference = difference(e, a);
      if (difference > tolerance) {
        outOfTolerance++;
      }
      if (difference > worst) {
        worst = difference;
        worstIndex = index.stream().mapToInt(Integer::intValue).toArray();
        worstExpected = String.valueOf(expected instanceof JsonNode ? e : expected);
        worstActual = String.valueOf(actual);
      }
    }

    /** The shape over every level walked so far ("*" where rows differ in length). */
    String shape() {
      StringBuilder s = new StringBuilder("(");
      for (int d = 0; d < lengths.size(); d++) {
        s.append(d == 0 ? "" : ", ").append(lengths.get(d) < 0 ? "*" : lengths.get(d));
      }
      return s.append(")").toString();
    }

    private double value(Object leaf, String side) {
      return switch (leaf) {
        case Number number -> number.doubleValue();
        case JsonNode node when node.isNumber() -> node.asDouble();
        case JsonNode node when node.isTextual() && NON_FINITE.contains(node.asText()) ->
            Double.parseDouble(node.asText());
        default -> {
          fail(context + ": the " + side + " value at " + index + " is not a number: " + leaf);
          yield Double.NaN;
        }
      };
    }
  }

  private static final List<String> NON_FINITE = List.of("NaN", "Infinity", "-Infinity");

  /** |a - e|, where NaN matches only NaN and an infinity only itself (+Infinity otherwise). */
  static double difference(double e, double a) {
    if (Double.isNaN(e) || Double.isNaN(a)) {
      return Double.isNaN(e) && Double.isNaN(a) ? 0 : Double.POSITIVE_INFINITY;
    }
    if (e == a) {
      return 0; // equal infinities too
    }
    return Math.abs(a - e); // +Infinity when either is infinite
  }

  private static boolean isArray(Object node) {
    return node instanceof JsonNode json
        ? json.isArray()
        : node != null && node.getClass().isArray();
  }

  private static int length(Object array) {
    return array instanceof JsonNode json ? json.size() : java.lang.reflect.Array.getLength(array);
  }

  private static Object child(Object array, int i) {
    return array instanceof JsonNode json ? json.get(i) : java.lang.reflect.Array.get(array, i);
  }

  /** The shape of {@code array} along its first rows, for messages. */
  private static String shapeOf(Object array) {
    List<Integer> dims = new ArrayList<>();
    Object node = array;
    while (isArray(node)) {
      dims.add(length(node));
      if (length(node) == 0) {
        break;
      }
      node = child(node, 0);
    }
    return dims.toString().replace('[', '(').replace(']', ')');
  }
}
