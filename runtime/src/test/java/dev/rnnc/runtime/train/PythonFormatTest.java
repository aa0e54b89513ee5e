package dev.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python's number formatting; the expected strings were printed by Python 3.11. */
class PythonFormatTest {

  @Test
  void reprMatchesPython() {
    Map<Double, String> cases =
        Map.ofEntries(
            Map.entry(0.5946000218391418, "0.5946000218391418"),
            Map.entry(0.123456789, "0.123456789"),
            Map.entry(1e-05, "1e-05"),
            Map.entry(1.25e-07, "1.25e-07"),
            Map.entry(1e20, "1e+20"),
            Map.entry(0.0001, "0.0001"),
            Map.entry(1234567890123456.0, "1234567890123456.0"),
            Map.entry(1e16, "1e+16"),
            Map.entry(2.5, "2.5"),
            Map.entry(-0.5, "-0.5"),
            Map.entry(0.1 + 0.2, "0.30000000000000004"),
            Map.entry(100.0, "100.0"),
            Map.entry(1.5e-5, "1.5e-05"),
            Map.entry(123456789012345678.0, "1.2345678901234568e+17"),
            Map.entry(-0.0, "-0.0"),
            Map.entry(Double.NaN, "nan"),
            Map.entry(Double.NEGATIVE_INFINITY, "-inf"));
    cases.forEach((x, expected) -> assertEquals(expected, PythonFormat.repr(x), "repr " + x));
  }

  @Test
  void fixedAndScientificMatchPython() {
    assertEquals("0.5946", PythonFormat.fixed(0.5946000218391418, 4));
    assertEquals("0.1235", PythonFormat.fixed(0.123456789, 4));
    assertEquals("100000000000000000000.0000", PythonFormat.fixed(1e20, 4));
    assertEquals("-0.0000", PythonFormat.fixed(-0.00001, 4));
    assertEquals("-0.0000", PythonFormat.fixed(-0.0, 4));
    assertEquals("0.0001", PythonFormat.fixed(0.00005, 4)); // the double is just above 0.00005
    assertEquals("0.0001", PythonFormat.fixed(0.00015, 4));
    assertEquals("2", PythonFormat.fixed(2.5, 0));
    assertEquals("-0", PythonFormat.fixed(-0.5, 0));
    assertEquals("0.12", PythonFormat.fixed(0.125, 2));
    assertEquals("5.9460e-01", PythonFormat.scientific(0.5946000218391418, 4));
    assertEquals("1.2500e-07", PythonFormat.scientific(1.25e-07, 4));
    assertEquals("1.0000e+20", PythonFormat.scientific(1e20, 4));
    assertEquals("1.2346e+17", PythonFormat.scientific(123456789012345678.0, 4));
    assertEquals("-5.0000e-01", PythonFormat.scientific(-0.5, 4));
    assertEquals("-0.0000e+00", PythonFormat.scientific(-0.0, 4));
    assertEquals("0.0000e+00", PythonFormat.scientific(0, 4));
    assertEquals("1.0000e+01", PythonFormat.scientific(9.99995, 4));
    assertEquals("nan", PythonFormat.fixed(Double.NaN, 4));
  }

  @Test
  void checkpointPathsFormatLikeStrFormat() {
    Map<String, Number> values = Map.of("epoch", 3, "val_loss", 0.12345, "loss", 0.5);
    assertEquals(
        "m-03-0.12-0.5-    3-3-{x}",
        PythonFormat.format(
            "m-{epoch:02d}-{val_loss:.2f}-{loss}-{epoch:5d}-{epoch}-{{x}}", values::get));
    assertThrows(
        IllegalArgumentException.class, () -> PythonFormat.format("{accuracy}", values::get));
    assertThrows(
        IllegalArgumentException.class, () -> PythonFormat.format("{loss:02d}", values::get));
  }
}
