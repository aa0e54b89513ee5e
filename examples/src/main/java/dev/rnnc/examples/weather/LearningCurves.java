package dev.rnnc.examples.weather;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A PNG of several models' training and validation loss per epoch, one colour per model. */
final class LearningCurves {
  private static final Color[] COLORS = {
    new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44)
  };
  private static final BasicStroke DASHED =
      new BasicStroke(
          1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {5f, 4f}, 0);

  private LearningCurves() {}

  static void write(Path png, String title, List<RecurrentKinds.Row> rows) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection data = new XYSeriesCollection();
    for (RecurrentKinds.Row row : rows) {
      for (String key : List.of("val_loss", "loss")) {
        XYSeries curve =
            new XYSeries(row.kind() + (key.equals("loss") ? " training" : " validation"));
        List<Double> values = row.history().get(key);
        for (int epoch = 0; epoch < values.size(); epoch++) {
          curve.add(epoch + 1, values.get(epoch));
        }
        data.addSeries(curve);
      }
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title,
            "epoch",
            "loss (MSE, standardised)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, COLORS[(i / 2) % COLORS.length]);
      renderer.setSeriesStroke(i, i % 2 == 0 ? new BasicStroke(2f) : DASHED);
    }
    plot.setRenderer(renderer);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 550);
  }
}
