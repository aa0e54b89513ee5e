package dev.rnnc.runtime.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a {@link History} with JFreeChart: one panel per quantity, epochs (1-based) on a shared
 * axis.
 */
final class HistoryPlot {
  private static final Color TRAIN = new Color(31, 119, 180);
  private static final Color VALIDATION = new Color(255, 127, 14);

  private HistoryPlot() {}

  static void write(History history, Path png, int width, int height) throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty(
          "java.awt.headless", "true"); // servers have no display; AWT must not look for one
    }
    NumberAxis epochAxis = new NumberAxis("epoch");
    epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    epochAxis.setAutoRangeIncludesZero(false);
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
    plot.setGap(12);
    for (String name : quantities(history)) {
      plot.add(panel(history, name), 1);
    }
    JFreeChart chart =
        new JFreeChart("Training history", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
  }

  /**
   * The training quantities, loss first; a {@code val_} quantity joins its training twin's panel.
   */
  private static List<String> quantities(History history) {
    List<String> names = new ArrayList<>();
    for (String key : history.keys()) {
      String base = key.startsWith("val_") ? key.substring(4) : key;
      if (!names.contains(base)) {
        names.add(base);
      }
    }
    if (names.remove("loss")) {
      names.addFirst("loss");
    }
    return names;
  }

  private static XYPlot panel(History history, String name) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    int series = 0;
    boolean validated = history.keys().contains("val_" + name);
    for (String key : List.of(name, "val_" + name)) {
      if (history.keys().contains(key)) {
        String label =
            !validated ? name : key.startsWith("val_") ? "validation " + name : "training " + name;
        XYSeries curve = new XYSeries(label);
        List<Integer> epochs = history.epochsOf(key);
        List<Double> values = history.get(key);
        for (int i = 0; i < values.size(); i++) {
          curve.add(epochs.get(i) + 1, values.get(i));
        }
        data.addSeries(curve);
        renderer.setSeriesPaint(series, key.startsWith("val_") ? VALIDATION : TRAIN);
        renderer.setSeriesStroke(series, new BasicStroke(2f));
        series++;
      }
    }
    NumberAxis valueAxis = new NumberAxis(name);
    valueAxis.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, null, valueAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }
}
