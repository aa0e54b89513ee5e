package dev.rnnc.flink.examples;

/**
 * A station's forecast of tomorrow's maximum temperature, made on {@link #day}: a POJO for Flink.
 */
public class Forecast {
  /** The station. */
  public String station;

  /** The day the forecast was made (its index in the station's series). */
  public int day;

  /** The observed maximum temperature of that day, °C. */
  public float observedMax;

  /** The model's output: tomorrow's maximum temperature, standardised. */
  public float output;

  /** For Flink's POJO serializer. */
  public Forecast() {}

  /** A forecast. */
  public Forecast(String station, int day, float observedMax, float output) {
    this.station = station;
    this.day = day;
    this.observedMax = observedMax;
    this.output = output;
  }

  @Override
  public String toString() {
    return station + " day " + day + ": " + output;
  }
}
