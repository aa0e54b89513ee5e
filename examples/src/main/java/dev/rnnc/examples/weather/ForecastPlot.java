package dev.rnnc.examples.weather;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.Day;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/** A PNG of forecasts against what happened, one line per series, dates on the x axis. */
final class ForecastPlot {
  private static final Color[] COLORS = {
    new Color(40, 40, 40), new Color(214, 39, 40), new Color(31, 119, 180), new Color(44, 160, 44)
  };

  private ForecastPlot() {}

  /** One named series of values, one per date. */
  record Series(String name, float[] celsius) {}

  static void write(Path png, String title, List<LocalDate> dates, List<Series> series)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    TimeSeriesCollection data = new TimeSeriesCollection();
    for (Series s : series) {
      TimeSeries line = new TimeSeries(s.name());
      for (int i = 0; i < dates.size(); i++) {
        LocalDate d = dates.get(i);
        line.add(new Day(d.getDayOfMonth(), d.getMonthValue(), d.getYear()), s.celsius()[i]);
      }
      data.addSeries(line);
    }
    JFreeChart chart =
        ChartFactory.createTimeSeriesChart(title, "day", "maximum temperature (°C)", data);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
      renderer.setSeriesStroke(i, new BasicStroke(i == 0 ? 2.0f : 1.3f));
    }
    plot.setRenderer(renderer);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1200, 500);
  }
}
