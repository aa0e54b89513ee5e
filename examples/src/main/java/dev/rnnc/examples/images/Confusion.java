package dev.rnnc.examples.images;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** A confusion matrix: counting, printing as a table, drawing as a heat map. */
final class Confusion {
  private Confusion() {}

  /** {@code counts[actual][predicted]}, the prediction being the most probable class. */
  static int[][] of(float[][] probabilities, int[] labels, int classes) {
    int[][] counts = new int[classes][classes];
    for (int i = 0; i < labels.length; i++) {
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (probabilities[i][k] > probabilities[i][best]) {
          best = k;
        }
      }
      counts[labels[i]][best]++;
    }
    return counts;
  }

  /** The matrix as text: rows actual, columns predicted, with each class's recall. */
  static String format(int[][] counts, List<String> names) {
    StringBuilder out = new StringBuilder("confusion matrix (rows: actual, columns: predicted)\n");
    out.append(String.format("%-13s", ""));
    for (int k = 0; k < counts.length; k++) {
      out.append(String.format("%5d", k));
    }
    out.append("  recall\n");
    for (int actual = 0; actual < counts.length; actual++) {
      out.append(String.format("%d %-11s", actual, names.get(actual)));
      int total = 0;
      for (int predicted = 0; predicted < counts.length; predicted++) {
        out.append(String.format("%5d", counts[actual][predicted]));
        total += counts[actual][predicted];
      }
      out.append(
          String.format("  %5.1f%%%n", total == 0 ? 0 : 100.0 * counts[actual][actual] / total));
    }
    return out.toString();
  }

  /** A heat map of the matrix, each row shaded by its share of that row's images. */
  static void draw(int[][] counts, List<String> names, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int cell = 48;
    int left = 120;
    int top = 60;
    int n = counts.length;
    BufferedImage image =
        new BufferedImage(left + n * cell + 20, top + n * cell + 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.setColor(Color.BLACK);
    g.drawString("Fashion-MNIST test images: actual (rows) vs predicted (columns)", 10, 22);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics metrics = g.getFontMetrics();
    for (int actual = 0; actual < n; actual++) {
      int total = 0;
      for (int c : counts[actual]) {
        total += c;
      }
      g.setColor(Color.BLACK);
      g.drawString(names.get(actual), 8, top + actual * cell + cell / 2 + 4);
      for (int predicted = 0; predicted < n; predicted++) {
        double share = total == 0 ? 0 : (double) counts[actual][predicted] / total;
        int shade = (int) Math.round(255 * (1 - share));
        g.setColor(new Color(shade, shade, 255));
        int x = left + predicted * cell;
        int y = top + actual * cell;
        g.fillRect(x, y, cell - 1, cell - 1);
        g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
        String text = Integer.toString(counts[actual][predicted]);
        g.drawString(text, x + (cell - metrics.stringWidth(text)) / 2, y + cell / 2 + 4);
      }
    }
    g.setColor(Color.BLACK);
    for (int predicted = 0; predicted < n; predicted++) {
      String text = Integer.toString(predicted);
      g.drawString(text, left + predicted * cell + (cell - metrics.stringWidth(text)) / 2, top - 6);
    }
    g.drawString(
        "columns: predicted class 0-9, in the order of the rows", left, top + n * cell + 24);
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }
}
