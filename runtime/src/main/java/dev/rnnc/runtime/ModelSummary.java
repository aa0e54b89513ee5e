package dev.rnnc.runtime;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keras' {@code model.summary()} of a model: one row per layer with its type, output shape (batch
 * dimension first) and parameter count, and for a graph Keras' "Connected to" column; then the
 * totals. {@link #format()} prints it as Keras 3.15.1 does (through rich, box-drawing characters
 * included), byte for byte: the string Keras hands to {@code print_fn}.
 *
 * <p>Generated models build theirs from the spec the annotation processor checked ({@link
 * RnncModel#modelSummary()}); {@link RnncModel#summary(Object)} prints it.
 *
 * <pre>{@code
 * Model: "EmbeddingClassifier"
 * ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
 * ┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
 * ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
 * │ embedding (Embedding)                │ (None, None, 64)            │          64,000 │
 * ├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
 * │ encoder (LSTM)                       │ (None, 128)                 │          98,816 │
 * ├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
 * │ logits (Dense)                       │ (None, 10)                  │           1,290 │
 * └──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
 *  Total params: 164,106 (641.04 KB)
 *  Trainable params: 164,106 (641.04 KB)
 *  Non-trainable params: 0 (0.00 B)
 * }</pre>
 */
public final class ModelSummary {
  /** Keras' default width of a summary without "Connected to". */
  public static final int DEFAULT_WIDTH = 88;

  /** Keras' default width of a summary with "Connected to" (a graph). */
  public static final int DEFAULT_GRAPH_WIDTH = 108;

  /** Bytes per parameter: rnnc's weights are float32. */
  private static final int BYTES_PER_PARAM = 4;

  /**
   * One row.
   *
   * @param name the layer's name (an input's, for Keras' {@code InputLayer} rows of a graph)
   * @param kind the Keras class: {@code LSTM}, {@code Bidirectional}, {@code InputLayer}, ...
   * @param outputShape in Keras' notation, batch first: {@code (None, 30, 64)}; a list of shapes
   *     for a layer with several outputs ({@code [(None, 16), (None, 16), (None, 16)]}); {@code ?}
   *     when unknown
   * @param params the number of weight values (every variable's size)
   * @param connectedTo Keras' {@code layer[node][tensor]} of each input, comma-separated; {@code -}
   *     for an input; empty in a table without that column
   */
  public record Row(String name, String kind, String outputShape, long params, String connectedTo) {
    /** Checks the texts. */
    public Row {
      if (name == null || kind == null || outputShape == null || connectedTo == null) {
        throw new NullPointerException("summary row of " + name);
      }
    }
  }

  private final String modelName;
  private final boolean graph;
  private final List<Row> rows;

  private ModelSummary(String modelName, boolean graph, List<Row> rows) {
    this.modelName = modelName;
    this.graph = graph;
    this.rows = List.copyOf(rows);
  }

  /**
   * The summary of a model whose table has no "Connected to" column: a chain (Keras prints a {@code
   * Sequential} so), or a graph that Keras finds sequential-like (one input, each layer taking the
   * previous one).
   */
  public static ModelSummary sequential(String modelName, List<Row> rows) {
    return new ModelSummary(modelName, false, rows);
  }

  /** The summary of a graph: rows in Keras' order, with "Connected to". */
  public static ModelSummary graph(String modelName, List<Row> rows) {
    return new ModelSummary(modelName, true, rows);
  }

  /** The row of a layer, its parameters counted from its variables. */
  public static Row row(Layer layer, String outputShape) {
    return row(layer, outputShape, "");
  }

  /** The row of a layer in a graph, with Keras' "Connected to". */
  public static Row row(Layer layer, String outputShape, String connectedTo) {
    long params = 0;
    for (Variable variable : layer.variables()) {
      params += variable.size();
    }
    return new Row(layer.name(), layer.kind(), outputShape, params, connectedTo);
  }

  /** The row of a graph's input: Keras' {@code InputLayer}, no parameters. */
  public static Row input(String name, String outputShape) {
    return new Row(name, "InputLayer", outputShape, 0, "-");
  }

  /** The model name, as the header shows it. */
  public String modelName() {
    return modelName;
  }

  /** Whether the table has Keras' "Connected to" column. */
  public boolean isGraph() {
    return graph;
  }

  /** The rows, in Keras' order. */
  public List<Row> rows() {
    return rows;
  }

  /** All parameters; each layer has one row, a shared layer too, so each weight counts once. */
  public long totalParams() {
    long total = 0;
    for (Row row : rows) {
      total += row.params();
    }
    return total;
  }

  /**
   * The table at Keras' default width: 88 characters, 108 with "Connected to" (what Keras prints in
   * a terminal at least 4 characters wider).
   */
  public String format() {
    return format(graph ? DEFAULT_GRAPH_WIDTH : DEFAULT_WIDTH);
  }

  /**
   * The table {@code lineLength} characters wide (Keras' {@code line_length}): columns at Keras'
   * positions, reduced as rich reduces them, cells word-wrapped, a word too long for its column cut
   * with {@code …}. Ends with a line break, as the text Keras hands to {@code print_fn}.
   *
   * @throws IllegalArgumentException if a column would be narrower than 4, as Keras raises
   */
  public String format(int lineLength) {
    double[] positions =
        graph ? new double[] {0.3, 0.56, 0.74, 1.0} : new double[] {0.45, 0.80, 1.0};
    List<String> header =
        new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #", "Connected to"));
    int columns = positions.length;
    header = header.subList(0, columns);
    int[] widths = columnWidths(positions, lineLength);
    StringBuilder out = new StringBuilder();
    out.append("Model: \"").append(modelName).append("\"\n");
    out.append(rule(widths, '┏', '━', '┳', '┓'));
    out.append(cells(header, widths, '┃'));
    out.append(rule(widths, '┡', '━', '╇', '┩'));
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      List<String> fields =
          new ArrayList<>(
              List.of(
                  row.name() + " (" + row.kind() + ")",
                  row.outputShape(),
                  count(row.params()),
                  row.connectedTo()));
      out.append(cells(fields.subList(0, columns), widths, '│'));
      out.append(
          r < rows.size() - 1
              ? rule(widths, '├', '─', '┼', '┤')
              : rule(widths, '└', '─', '┴', '┘'));
    }
    long total = totalParams();
    String size = memory((double) total * BYTES_PER_PARAM);
    out.append(" Total params: ").append(count(total)).append(" (").append(size).append(")\n");
    out.append(" Trainable params: ").append(count(total)).append(" (").append(size).append(")\n");
    out.append(" Non-trainable params: 0 (0.00 B)\n");
    return out.toString();
  }

  /** {@link #format()}. */
  @Override
  public String toString() {
    return format();
  }

  /**
   * Each column's width, padding included: Keras' {@code int(position · lineLength)} steps, then
   * rich's reduction to fit the borders, each column losing {@code round(excess left / columns
   * left)} (Python's round: half to even).
   */
  private static int[] columnWidths(double[] positions, int lineLength) {
    int columns = positions.length;
    int[] widths = new int[columns];
    int current = 0;
    for (int i = 0; i < columns; i++) {
      int width = (int) (positions[i] * lineLength) - current;
      if (width < 4) {
        throw new IllegalArgumentException(
            "Insufficient console width to print summary: line length "
                + lineLength
                + " gives a column of "
                + width
                + " characters, Keras needs at least 4");
      }
      widths[i] = width;
      current += width;
    }
    int available = lineLength - (columns + 1); // the borders
    int total = 0;
    for (int i = 0; i < columns; i++) {
      widths[i] = Math.min(widths[i] + 2, available); // one space of padding on each side
      total += widths[i];
    }
    if (total > available) {
      int remaining = total - available;
      for (int i = 0, left = columns; i < columns; i++, left--) {
        int cut = Math.min(widths[i], (int) Math.rint((double) remaining / left));
        widths[i] -= cut;
        remaining -= cut;
      }
    }
    return widths;
  }

  private static String rule(int[] widths, char left, char line, char cross, char right) {
    StringBuilder s = new StringBuilder().append(left);
    for (int i = 0; i < widths.length; i++) {
      s.append(String.valueOf(line).repeat(widths[i]))
          .append(i < widths.length - 1 ? cross : right);
    }
    return s.append('\n').toString();
  }

  /** One table row: each cell wrapped into its column, the row as high as its highest cell. */
  private static String cells(List<String> texts, int[] widths, char border) {
    List<List<String>> wrapped = new ArrayList<>();
    int height = 0;
    for (int i = 0; i < texts.size(); i++) {
      // Param # is right-aligned, the other columns left-aligned.
      List<String> lines = wrap(texts.get(i), widths[i] - 2, i == 2);
      wrapped.add(lines);
      height = Math.max(height, lines.size());
    }
    StringBuilder s = new StringBuilder();
    for (int line = 0; line < height; line++) {
      s.append(border);
      for (int i = 0; i < texts.size(); i++) {
        List<String> lines = wrapped.get(i);
        String text = line < lines.size() ? lines.get(line) : " ".repeat(widths[i] - 2);
        s.append(' ').append(text).append(' ').append(border);
      }
      s.append('\n');
    }
    return s.toString();
  }

  private static final Pattern WORD = Pattern.compile("\\s*\\S+\\s*");

  /**
   * rich's word wrap ({@code divide_line} without folding, then {@code ellipsis} overflow): words
   * go on while they fit, a word longer than the line gets a line of its own and is cut with {@code
   * …}; each line padded to {@code width}, on the right or (right-aligned) on the left.
   */
  static List<String> wrap(String text, int width, boolean alignRight) {
    List<Integer> breaks = new ArrayList<>();
    int offset = 0;
    Matcher word = WORD.matcher(text);
    int position = 0;
    while (word.find(position) && word.start() == position) {
      int start = word.start();
      String w = word.group();
      int length = w.stripTrailing().length();
      if (width - offset >= length) {
        offset += w.length();
      } else if (length > width) {
        if (start > 0) {
          breaks.add(start);
        }
        offset = w.length();
      } else if (offset > 0 && start > 0) {
        breaks.add(start);
        offset = w.length();
      }
      position = word.end();
    }
    breaks.add(text.length());
    List<String> lines = new ArrayList<>();
    int from = 0;
    for (int end : breaks) {
      String line = text.substring(from, end);
      from = end;
      if (line.length() > width) { // rstrip_end: drop trailing spaces beyond the width
        int spaces = line.length() - line.stripTrailing().length();
        line = line.substring(0, line.length() - Math.min(spaces, line.length() - width));
      }
      if (alignRight) {
        line = line.stripTrailing();
      }
      if (line.length() > width) {
        line = line.substring(0, Math.max(0, width - 1)) + "…";
      }
      String pad = " ".repeat(Math.max(0, width - line.length()));
      lines.add(alignRight ? pad + line : line + pad);
    }
    return Collections.unmodifiableList(lines);
  }

  /** {@code 164,106}: Python's {@code f"{n:,}"}. */
  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * Keras' {@code readable_memory_size}: divided by 1024 until under 1024, two decimals rounded
   * half to even on the exact binary value, as Python's {@code "{:.2f}"} does.
   */
  static String memory(double bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    for (String unit : units) {
      if (bytes / 1024 < 1) {
        return twoDecimals(bytes) + " " + unit;
      }
      bytes /= 1024;
    }
    return twoDecimals(bytes) + " " + units[units.length - 1];
  }

  private static String twoDecimals(double value) {
    return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }
}
