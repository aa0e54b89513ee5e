package dev.rnnc.examples.weather;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Seattle daily weather observations (NOAA, 2012–2015; {@code
 * data/seattle-weather/README.md} names the source and licence): one {@link Day} per line of {@code
 * date,precipitation,temp_max,temp_min,wind,weather}.
 */
public final class SeattleWeather {
  /** The header the file must start with. */
  static final String HEADER = "date,precipitation,temp_max,temp_min,wind,weather";

  private static final String RESOURCE = "/data/seattle-weather/seattle-weather.csv";
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");

  /**
   * One day's observations.
   *
   * @param date the day
   * @param precipitation precipitation, mm
   * @param tempMax maximum temperature, °C
   * @param tempMin minimum temperature, °C
   * @param wind mean wind speed, m/s
   */
  public record Day(LocalDate date, float precipitation, float tempMax, float tempMin, float wind) {

    /** The four readings in the order the models see them. */
    public float[] features() {
      return new float[] {precipitation, tempMax, tempMin, wind};
    }
  }

  /** The names of {@link Day#features()}, in order. */
  public static final List<String> FEATURES =
      List.of("precipitation", "temp_max", "temp_min", "wind");

  private SeattleWeather() {}

  /** The 1,461 days bundled with the examples. */
  public static List<Day> bundled() {
    try (InputStream in = SeattleWeather.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the examples' classpath");
      }
      return read(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the CSV, checking it as it goes: the header, six fields per line, numbers that parse and
   * are finite, and days that follow one another without gaps (the windows assume consecutive
   * days).
   *
   * @throws IllegalArgumentException naming the line and what was expected there
   */
  public static List<Day> read(Reader csv) throws IOException {
    BufferedReader lines = new BufferedReader(csv);
    String header = lines.readLine();
    if (!HEADER.equals(header == null ? null : header.strip())) {
      throw new IllegalArgumentException(
          "line 1: expected the header '" + HEADER + "', found '" + header + "'");
    }
    List<Day> days = new ArrayList<>();
    int number = 1;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      Day day = parse(line, number);
      if (!days.isEmpty() && !day.date().equals(days.getLast().date().plusDays(1))) {
        throw new IllegalArgumentException(
            "line "
                + number
                + ": expected "
                + days.getLast().date().plusDays(1)
                + " (the day after the previous line), found "
                + day.date());
      }
      days.add(day);
    }
    if (days.isEmpty()) {
      throw new IllegalArgumentException("no observations after the header");
    }
    return List.copyOf(days);
  }

  private static Day parse(String line, int number) {
    String[] fields = line.split(",", -1);
    if (fields.length != 6) {
      throw new IllegalArgumentException(
          "line " + number + ": expected 6 comma-separated fields, found " + fields.length);
    }
    LocalDate date;
    try {
      date = LocalDate.parse(fields[0].strip(), DATE);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "line " + number + ": expected a date as yyyy/MM/dd, found '" + fields[0] + "'");
    }
    return new Day(
        date,
        number(fields[1], "precipitation", number),
        number(fields[2], "temp_max", number),
        number(fields[3], "temp_min", number),
        number(fields[4], "wind", number));
  }

  private static float number(String field, String column, int line) {
    float value;
    try {
      value = Float.parseFloat(field.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "line " + line + ": expected a number for " + column + ", found '" + field + "'");
    }
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException(
          "line " + line + ": expected a finite number for " + column + ", found " + field);
    }
    return value;
  }
}
