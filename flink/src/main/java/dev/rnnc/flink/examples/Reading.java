package dev.rnnc.flink.examples;

import java.time.LocalDate;

/**
 * One station's daily observation: the event of the examples' streams. A public class with public
 * fields and a no-argument constructor, so that Flink serializes it as a POJO (no Kryo).
 */
public class Reading implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** The station, the stream's key. */
  public String station;

  /** The day's index in the station's series (0, 1, ...). */
  public int day;

  /** The day, as {@code LocalDate.toEpochDay()}. */
  public long epochDay;

  /** Precipitation, mm. */
  public float precipitation;

  /** Maximum temperature, °C. */
  public float tempMax;

  /** Minimum temperature, °C. */
  public float tempMin;

  /** Mean wind speed, m/s. */
  public float wind;

  /** For Flink's POJO serializer. */
  public Reading() {}

  /** A reading. */
  public Reading(
      String station,
      int day,
      LocalDate date,
      float precipitation,
      float tempMax,
      float tempMin,
      float wind) {
    this.station = station;
    this.day = day;
    this.epochDay = date.toEpochDay();
    this.precipitation = precipitation;
    this.tempMax = tempMax;
    this.tempMin = tempMin;
    this.wind = wind;
  }

  /** The day. */
  public LocalDate date() {
    return LocalDate.ofEpochDay(epochDay);
  }

  /** The four readings in the order the models see them, raw. */
  public float[] features() {
    return new float[] {precipitation, tempMax, tempMin, wind};
  }

  @Override
  public String toString() {
    return station + " " + date() + " (day " + day + ")";
  }
}
