package dev.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@link Sequences#pad} against real Keras 3.15.1's pad_sequences (data_fixtures.py). */
class SequencesTest {
  private static final JsonNode FIXTURE = DataFixtures.read("pad_sequences.json");

  private static Integer maxlen(JsonNode c) {
    return c.get("maxlen").isNull() ? null : c.get("maxlen").asInt();
  }

  private static String describe(JsonNode c) {
    return c.get("input").asText()
        + " maxlen="
        + maxlen(c)
        + " padding="
        + c.get("padding").asText()
        + " truncating="
        + c.get("truncating").asText()
        + " value="
        + c.get("value").asText();
  }

  @Test
  void everyOptionMatchesKeras() {
    int checked = 0;
    for (JsonNode c : FIXTURE.get("cases")) {
      String padding = c.get("padding").asText();
      String truncating = c.get("truncating").asText();
      int[] shape = DataFixtures.ints(c.get("shape"));
      if (c.get("dtype").asText().equals("int32")) {
        int[][] out =
            Sequences.pad(
                DataFixtures.ints2(c.get("sequences")),
                maxlen(c),
                padding,
                truncating,
                c.get("value").asInt());
        int[][] expected = DataFixtures.ints2(c.get("expected"));
        assertEquals(shape[0], out.length, describe(c));
        for (int i = 0; i < out.length; i++) {
          assertEquals(shape[1], out[i].length, describe(c));
          assertArrayEquals(expected[i], out[i], describe(c) + " row " + i);
        }
      } else {
        float[][] out =
            Sequences.pad(
                DataFixtures.floats2(c.get("sequences")),
                maxlen(c),
                padding,
                truncating,
                (float) c.get("value").asDouble());
        float[][] expected = DataFixtures.floats2(c.get("expected"));
        assertEquals(shape[0], out.length, describe(c));
        for (int i = 0; i < out.length; i++) {
          assertEquals(shape[1], out[i].length, describe(c));
          assertArrayEquals(expected[i], out[i], describe(c) + " row " + i);
        }
      }
      checked++;
    }
    assertTrue(checked > 100, "cases: " + checked);
  }

  @Test
  void sequencesOfVectorsMatchKeras() {
    for (JsonNode c : FIXTURE.get("vector_cases")) {
      float[][][] out =
          Sequences.pad(
              DataFixtures.floats3(c.get("sequences")),
              maxlen(c),
              c.get("padding").asText(),
              c.get("truncating").asText(),
              (float) c.get("value").asDouble());
      float[][][] expected = DataFixtures.floats3(c.get("expected"));
      String what = "maxlen=" + maxlen(c) + " " + c.get("padding") + " " + c.get("truncating");
      assertEquals(expected.length, out.length, what);
      for (int i = 0; i < out.length; i++) {
        assertEquals(expected[i].length, out[i].length, what);
        for (int t = 0; t < out[i].length; t++) {
          assertArrayEquals(expected[i][t], out[i][t], what + " [" + i + "][" + t + "]");
        }
      }
    }
  }

  @Test
  void defaultsArePrePaddingAndPreTruncatingWithZero() {
    int[][] in = {{1, 2, 3}, {4}};
    assertArrayEquals(new int[][] {{1, 2, 3}, {0, 0, 4}}, Sequences.pad(in));
    assertArrayEquals(new int[][] {{2, 3}, {0, 4}}, Sequences.pad(in, 2));
    assertArrayEquals(
        new float[][] {{0f, 0.5f}, {0f, 0f}}, Sequences.pad(new float[][] {{0.5f}, {}}, 2));
    assertArrayEquals(new float[][] {{1f}, {0f}}, Sequences.pad(new float[][] {{1f}, {}}));
    assertEquals(2, Sequences.pad(new float[][][] {{{1f, 2f}}, {}})[1][0].length);
  }

  @Test
  void theResultNeverSharesRowsWithTheInput() {
    int[][] in = {{1, 2}};
    int[][] out = Sequences.pad(in);
    assertNotSame(in[0], out[0]);
    out[0][0] = 9;
    assertEquals(1, in[0][0]);
  }

  @Test
  void whereKerasFailsTheErrorSaysWhy() {
    JsonNode failures = FIXTURE.get("keras_failures");
    // Keras: "could not broadcast input array from shape (2,) into shape (0,)"
    assertTrue(failures.get("maxlen_0_pre").asText().contains("broadcast"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Sequences.pad(new int[][] {{1, 2}}, 0));
    assertTrue(e.getMessage().contains("maxlen is 0"), e.getMessage());
    assertTrue(failures.get("no_sequences_no_maxlen").asText().contains("zero-size"));
    e = assertThrows(IllegalArgumentException.class, () -> Sequences.pad(new int[0][]));
    assertTrue(e.getMessage().contains("no sequences"), e.getMessage());
    assertEquals(0, Sequences.pad(new int[0][], 5, "pre", "pre", 0).length);
    assertTrue(failures.get("bad_padding").asText().contains("\"middle\" not understood"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Sequences.pad(new int[][] {{1}}, null, "middle", "pre", 0));
    assertTrue(e.getMessage().contains("padding") && e.getMessage().contains("\"middle\""));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Sequences.pad(new int[][] {{1, 2}}, 1, "pre", "both", 0));
    assertTrue(e.getMessage().contains("truncating"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Sequences.pad(new int[][] {{1}}, -1, "pre", "pre", 0));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Sequences.pad(new int[][] {{1}, null}));
    assertTrue(e.getMessage().contains("sequence 1 is null"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Sequences.pad(new float[][][] {{{1f, 2f}}, {{1f, 2f}, {3f}}}));
    assertTrue(e.getMessage().contains("sequence 1 step 1 has 1 features; expected 2"));
  }
}
