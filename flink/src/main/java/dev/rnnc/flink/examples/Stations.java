package dev.rnnc.flink.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The Seattle daily observations (NOAA 2012–2015, {@code data/seattle-weather/README.md}; the same
 * file as the examples' weather data) as several weather stations: each year is one station's
 * series ({@code station-2012} ... {@code station-2015}), and the stations report day by day,
 * interleaved, as a stream of readings would arrive from a fleet of sensors.
 */
public final class Stations {
  private static final String RESOURCE = "/data/seattle-weather/seattle-weather.csv";
  private static final String HEADER = "date,precipitation,temp_max,temp_min,wind,weather";
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");

  /** Feature index of the maximum temperature, the forecast target. */
  public static final int TEMP_MAX = 1;

  /** The four stations' series, one list per station, each in day order. */
  public static List<List<Reading>> series() {
    List<List<Reading>> stations = new ArrayList<>();
    int year = -1;
    for (String[] row : rows()) {
      LocalDate date = LocalDate.parse(row[0], DATE);
      if (date.getYear() != year) {
        year = date.getYear();
        stations.add(new ArrayList<>());
      }
      List<Reading> station = stations.getLast();
      station.add(
          new Reading(
              "station-" + year,
              station.size(),
              date,
              Float.parseFloat(row[1]),
              Float.parseFloat(row[2]),
              Float.parseFloat(row[3]),
              Float.parseFloat(row[4])));
    }
    return stations;
  }

  /**
   * The readings as they arrive: day 0 of every station, then day 1, ...; a station whose series
   * has ended (2012 has 366 days, the others 365) simply stops reporting.
   */
  public static List<Reading> interleaved(List<List<Reading>> stations) {
    List<Reading> stream = new ArrayList<>();
    int longest = stations.stream().mapToInt(List::size).max().orElse(0);
    for (int day = 0; day < longest; day++) {
      for (List<Reading> station : stations) {
        if (day < station.size()) {
          stream.add(station.get(day));
        }
      }
    }
    return stream;
  }

  private static List<String[]> rows() {
    try (InputStream in = Stations.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = lines.readLine();
      if (!HEADER.equals(header == null ? null : header.strip())) {
        throw new IllegalStateException("expected the header " + HEADER + ", found " + header);
      }
      List<String[]> rows = new ArrayList<>();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank()) {
          String[] fields = line.strip().split(",");
          if (fields.length != 6) {
            throw new IllegalStateException("expected 6 fields, found: " + line);
          }
          rows.add(fields);
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Per-feature standardisation fitted on some readings; serializable, so a job's functions carry
   * it.
   */
  public record Scale(float[] mean, float[] std) implements Serializable {

    /** The mean and population standard deviation of each feature over {@code readings}. */
    public static Scale fit(List<Reading> readings) {
      double[] sum = new double[4];
      double[] squares = new double[4];
      for (Reading r : readings) {
        float[] f = r.features();
        for (int i = 0; i < 4; i++) {
          sum[i] += f[i];
          squares[i] += (double) f[i] * f[i];
        }
      }
      float[] mean = new float[4];
      float[] std = new float[4];
      for (int i = 0; i < 4; i++) {
        double m = sum[i] / readings.size();
        double variance = squares[i] / readings.size() - m * m;
        mean[i] = (float) m;
        std[i] = variance > 1e-12 ? (float) Math.sqrt(variance) : 1f;
      }
      return new Scale(mean, std);
    }

    /** Writes {@code r}'s standardised features into {@code into} (4 floats); allocates nothing. */
    public void write(Reading r, float[] into) {
      into[0] = (r.precipitation - mean[0]) / std[0];
      into[1] = (r.tempMax - mean[1]) / std[1];
      into[2] = (r.tempMin - mean[2]) / std[2];
      into[3] = (r.wind - mean[3]) / std[3];
    }

    /** Feature {@code index}'s standardised value back in its unit. */
    public float unscale(int index, float value) {
      return value * std[index] + mean[index];
    }
  }

  private Stations() {}
}
