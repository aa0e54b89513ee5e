package dev.rnnc.runtime.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Keras' progress bar (keras/src/utils/progbar.py), as Keras' {@code ProgbarLogger} drives it:
 * every value is shown as given (the fit loop's logs are already running means). {@code verbose =
 * 1} redraws one line in place ({@code \b…\r}, ANSI bold and colours, at most every 0.05 s except
 * the final draw):
 *
 * <pre>
 *  100/938 ━━━━━━━━━━━━━━━━━━━━ 4s 5ms/step - accuracy: 0.5000 - loss: 1.5000
 * </pre>
 *
 * {@code verbose = 2} prints one plain line at the end: {@code 7/7 - 1s - 67ms/step - loss:
 * 0.8000}. Time per step ignores the first step once there are more; values print as {@code %.4f},
 * or {@code %.4e} when {@code |v| <= 1e-3}.
 */
final class Progbar {
  private static final int WIDTH = 20;
  private static final double INTERVAL = 0.05;

  private final int target;
  private final int verbose;
  private final String unitName;
  private final PrintStream out;
  private final DoubleSupplier clock;
  private final List<String> order = new ArrayList<>();
  private final Map<String, Double> values = new HashMap<>();
  private final double start;
  private double lastUpdate = Double.NEGATIVE_INFINITY;
  private double timeAfterFirstStep = Double.NaN;
  private int previousWidth;

  /**
   * A bar over {@code target} steps.
   *
   * @param verbose 1 (redrawn in place) or 2 (one line when finalized)
   * @param clock seconds, for durations
   */
  Progbar(int target, int verbose, String unitName, PrintStream out, DoubleSupplier clock) {
    if (target <= 0) {
      throw new IllegalArgumentException("target must be > 0, was " + target);
    }
    this.target = target;
    this.verbose = verbose;
    this.unitName = unitName;
    this.out = out;
    this.clock = clock;
    this.start = clock.getAsDouble();
  }

  /** The target step count. */
  int target() {
    return target;
  }

  /** Shows step {@code current} with these values; {@code finalize} ends the line. */
  void update(int current, Logs logs, boolean finalize) {
    if (logs != null) {
      for (int i = 0; i < logs.size(); i++) {
        String name = logs.name(i);
        if (!values.containsKey(name)) {
          order.add(name);
        }
        values.put(name, logs.value(i));
      }
    }
    double now = clock.getAsDouble();
    double timePerUnit = estimateStepDuration(current, now);
    if (verbose == 1) {
      if (now - lastUpdate < INTERVAL && !finalize) {
        return;
      }
      out.print(dynamicLine(current, now, timePerUnit, finalize));
      out.flush();
    } else if (verbose == 2 && finalize) {
      out.print(plainLine(current, now, timePerUnit));
      out.flush();
    }
    lastUpdate = now;
  }

  private String dynamicLine(int current, double now, double timePerUnit, boolean finalize) {
    StringBuilder message = new StringBuilder();
    message.append("\b".repeat(previousWidth)).append('\r');
    int digits = Integer.toString(target).length();
    String bar =
        "\u001b[1m"
            + String.format(Locale.ROOT, "%" + digits + "d/%d", current, target)
            + "\u001b[0m ";
    int special = 8;
    int progress = (int) (WIDTH * ((double) current / target));
    if (progress > 0) {
      bar += "\u001b[32m" + "━".repeat(progress) + "\u001b[0m";
      special += 9;
    }
    bar += "\u001b[37m" + "━".repeat(WIDTH - progress) + "\u001b[0m";
    special += 9;
    StringBuilder info = new StringBuilder();
    if (!finalize) {
      info.append(" \u001b[1m").append(eta(timePerUnit * (target - current))).append("\u001b[0m");
    } else {
      info.append(" \u001b[1m").append(PythonFormat.fixed(now - start, 0)).append("s\u001b[0m");
    }
    special += 8;
    info.append(formatTime(timePerUnit));
    for (String name : order) {
      double value = values.get(name);
      info.append(" - ")
          .append(name)
          .append(": ")
          .append(
              Math.abs(value) > 1e-3
                  ? PythonFormat.fixed(value, 4)
                  : PythonFormat.scientific(value, 4));
    }
    message.append(bar).append(info);
    int totalWidth = bar.length() + info.length() - special;
    if (previousWidth > totalWidth) {
      message.append(" ".repeat(previousWidth - totalWidth));
    }
    if (finalize) {
      message.append('\n');
    }
    previousWidth = totalWidth;
    return message.toString();
  }

  private String plainLine(int current, double now, double timePerUnit) {
    int digits = Integer.toString(target).length();
    StringBuilder info =
        new StringBuilder(String.format(Locale.ROOT, "%" + digits + "d/%d", current, target));
    info.append(" - ").append(PythonFormat.fixed(now - start, 0)).append('s');
    info.append(" -").append(formatTime(timePerUnit));
    for (String name : order) {
      double value = values.get(name);
      // Keras tests avg > 1e-3 here, without abs(): negative values print in e-notation
      info.append(" - ")
          .append(name)
          .append(": ")
          .append(value > 1e-3 ? PythonFormat.fixed(value, 4) : PythonFormat.scientific(value, 4));
    }
    return info.append('\n').toString();
  }

  private static String eta(double eta) {
    if (eta > 3600) {
      return PythonFormat.truncated(Math.floor(eta / 3600))
          + ":"
          + twoDigits((eta % 3600) / 60)
          + ":"
          + twoDigits(eta % 60);
    } else if (eta > 60) {
      return PythonFormat.truncated(Math.floor(eta / 60)) + ":" + twoDigits(eta % 60);
    }
    return PythonFormat.truncated(eta) + "s";
  }

  private static String twoDigits(double value) {
    String digits = PythonFormat.truncated(value);
    return digits.length() < 2 ? "0" + digits : digits;
  }

  private String formatTime(double timePerUnit) {
    if (timePerUnit >= 1 || timePerUnit == 0) {
      return " " + PythonFormat.fixed(timePerUnit, 0) + "s/" + unitName;
    } else if (timePerUnit >= 1e-3) {
      return " " + PythonFormat.fixed(timePerUnit * 1000.0, 0) + "ms/" + unitName;
    }
    return " " + PythonFormat.fixed(timePerUnit * 1000000.0, 0) + "us/" + unitName;
  }

  /** Keras' estimate: after the first step, the first step's time is left out. */
  private double estimateStepDuration(int current, double now) {
    if (current == 0) {
      return 0;
    }
    double timePerUnit =
        !Double.isNaN(timeAfterFirstStep) && current > 1
            ? (now - timeAfterFirstStep) / (current - 1)
            : (now - start) / current;
    if (current == 1) {
      timeAfterFirstStep = now;
    }
    return timePerUnit;
  }
}
