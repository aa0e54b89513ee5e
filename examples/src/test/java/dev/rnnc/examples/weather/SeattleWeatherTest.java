package dev.rnnc.examples.weather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV reader: the bundled file, and malformed input refused with the line and the reason. */
class SeattleWeatherTest {

  @Test
  void readsTheBundledObservations() {
    List<SeattleWeather.Day> days = SeattleWeather.bundled();
    assertEquals(1461, days.size());
    assertEquals(LocalDate.of(2012, 1, 1), days.getFirst().date());
    assertEquals(LocalDate.of(2015, 12, 31), days.getLast().date());
    // the file's first line: 2012/01/01,0.0,12.8,5.0,4.7,drizzle
    SeattleWeather.Day first = days.getFirst();
    assertEquals(0.0f, first.precipitation());
    assertEquals(12.8f, first.tempMax());
    assertEquals(5.0f, first.tempMin());
    assertEquals(4.7f, first.wind());
  }

  @Test
  void refusesAWrongHeader() {
    String message = error("date,precip,temp_max\n2012/01/01,0,1,2,3,sun\n");
    assertTrue(message.startsWith("line 1: expected the header"), message);
  }

  @Test
  void refusesAMissingField() {
    assertEquals(
        "line 3: expected 6 comma-separated fields, found 5",
        error(
            SeattleWeather.HEADER
                + "\n2012/01/01,0.0,12.8,5.0,4.7,drizzle\n2012/01/02,10.9,10.6,2.8,rain\n"));
  }

  @Test
  void refusesANumberThatDoesNotParse() {
    assertEquals(
        "line 2: expected a number for temp_min, found 'n/a'",
        error(SeattleWeather.HEADER + "\n2012/01/01,0.0,12.8,n/a,4.7,drizzle\n"));
  }

  @Test
  void refusesANonFiniteNumber() {
    assertEquals(
        "line 2: expected a finite number for wind, found NaN",
        error(SeattleWeather.HEADER + "\n2012/01/01,0.0,12.8,5.0,NaN,drizzle\n"));
  }

  @Test
  void refusesABadDate() {
    assertEquals(
        "line 2: expected a date as yyyy/MM/dd, found '2012-01-01'",
        error(SeattleWeather.HEADER + "\n2012-01-01,0.0,12.8,5.0,4.7,drizzle\n"));
  }

  @Test
  void refusesAGapBetweenDays() {
    assertEquals(
        "line 3: expected 2012-01-02 (the day after the previous line), found 2012-01-03",
        error(
            SeattleWeather.HEADER
                + "\n2012/01/01,0.0,12.8,5.0,4.7,drizzle\n2012/01/03,0.0,12.8,5.0,4.7,sun\n"));
  }

  @Test
  void refusesAFileWithoutObservations() {
    assertEquals("no observations after the header", error(SeattleWeather.HEADER + "\n\n"));
  }

  private static String error(String csv) {
    return assertThrows(
            IllegalArgumentException.class, () -> SeattleWeather.read(new StringReader(csv)))
        .getMessage();
  }
}
