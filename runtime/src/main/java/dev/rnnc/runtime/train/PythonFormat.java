package dev.rnnc.runtime.train;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.Function;

/**
 * Numbers formatted as Python formats them, so that progress lines, CSV logs and checkpoint names
 * read exactly as Keras writes them: {@code f"{x:.4f}"}, {@code f"{x:.4e}"}, {@code repr(x)} and
 * the {@code str.format} fields of checkpoint paths. Python rounds the exact binary value
 * half-to-even; {@link BigDecimal} of a double is that exact value.
 */
final class PythonFormat {
  private PythonFormat() {}

  /** {@code f"{x:.<decimals>f}"}. */
  static String fixed(double x, int decimals) {
    if (!Double.isFinite(x)) {
      return special(x);
    }
    String digits =
        new BigDecimal(Math.abs(x)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    return negative(x) ? "-" + digits : digits;
  }

  /**
   * {@code f"{x:.<decimals>e}"}: mantissa with {@code decimals} decimals, a signed exponent of two
   * digits or more.
   */
  static String scientific(double x, int decimals) {
    if (!Double.isFinite(x)) {
      return special(x);
    }
    String sign = negative(x) ? "-" : "";
    if (x == 0) {
      return sign + fixed(0, decimals) + "e+00";
    }
    BigDecimal rounded =
        new BigDecimal(Math.abs(x)).round(new MathContext(decimals + 1, RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    String mantissa =
        rounded.movePointLeft(exponent).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    return sign + mantissa + "e" + exponent(exponent);
  }

  /** {@code repr(x)} of a Python float: the shortest digits that read back as {@code x}. */
  static String repr(double x) {
    if (!Double.isFinite(x)) {
      return special(x);
    }
    if (x == 0) {
      return negative(x) ? "-0.0" : "0.0";
    }
    // Double.toString gives the shortest round-trip digits (JDK 19+); only the layout differs from
    // Python's
    BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(x))).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int exponent = digits.length() - 1 - shortest.scale(); // of the first digit
    String sign = x < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + exponent(exponent);
    }
    String plain = shortest.toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }

  /** {@code "%d" % x} of a float: truncated toward zero. */
  static String truncated(double x) {
    return Long.toString((long) x);
  }

  /**
   * Python {@code str.format} for checkpoint paths: {@code {name}} and {@code {name:spec}} with a
   * spec of {@code [0][width][.precision][d|f|e]}; {@code {{}} and {@code }}} are literal braces.
   *
   * @param values a field's value: an {@link Integer} or {@link Double}, or null when there is none
   * @throws IllegalArgumentException for an unknown field or an unsupported spec (Python's KeyError
   *     and ValueError)
   */
  static String format(String pattern, Function<String, Number> values) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char ch = pattern.charAt(i);
      if (ch == '{' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '{') {
        out.append('{');
        i += 2;
      } else if (ch == '}' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '}') {
        out.append('}');
        i += 2;
      } else if (ch == '{') {
        int end = pattern.indexOf('}', i);
        if (end < 0) {
          throw new IllegalArgumentException("Single '{' encountered in format string: " + pattern);
        }
        String field = pattern.substring(i + 1, end);
        int colon = field.indexOf(':');
        String name = colon < 0 ? field : field.substring(0, colon);
        Number value = values.apply(name);
        if (value == null) {
          throw new IllegalArgumentException(
              "Failed to format this callback filepath: \""
                  + pattern
                  + "\". Reason: '"
                  + name
                  + "'");
        }
        out.append(field(value, colon < 0 ? "" : field.substring(colon + 1), pattern));
        i = end + 1;
      } else {
        out.append(ch);
        i++;
      }
    }
    return out.toString();
  }

  private static String field(Number value, String spec, String pattern) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(0?)(\\d*)(?:\\.(\\d+))?([dfe]?)").matcher(spec);
    if (!m.matches()) {
      throw new IllegalArgumentException("unsupported format spec '" + spec + "' in " + pattern);
    }
    boolean zeros = !m.group(1).isEmpty();
    int width = m.group(2).isEmpty() ? 0 : Integer.parseInt(m.group(2));
    int precision = m.group(3) == null ? 6 : Integer.parseInt(m.group(3));
    String text =
        switch (m.group(4)) {
          case "d" -> {
            if (!(value instanceof Integer || value instanceof Long)) {
              throw new IllegalArgumentException(
                  "Unknown format code 'd' for object of type 'float' in " + pattern);
            }
            yield Long.toString(value.longValue());
          }
          case "f" -> fixed(value.doubleValue(), precision);
          case "e" -> scientific(value.doubleValue(), precision);
          default -> value instanceof Double d ? repr(d) : value.toString();
        };
    if (text.length() >= width) {
      return text;
    }
    if (zeros) {
      boolean signed = text.startsWith("-");
      String body = signed ? text.substring(1) : text;
      return (signed ? "-" : "") + "0".repeat(width - text.length()) + body;
    }
    return " ".repeat(width - text.length()) + text; // Python right-aligns numbers
  }

  private static boolean negative(double x) {
    return x < 0 || (x == 0 && 1 / x < 0);
  }

  private static String exponent(int exponent) {
    String digits = Integer.toString(Math.abs(exponent));
    return (exponent < 0 ? "-" : "+") + (digits.length() < 2 ? "0" + digits : digits);
  }

  private static String special(double x) {
    return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  }
}
