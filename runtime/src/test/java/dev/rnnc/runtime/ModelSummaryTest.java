package dev.rnnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelSummary}'s number formats and rich's word wrap (the whole tables are compared with
 * Keras' in the examples' {@code SummaryTest}). Expected values printed by Keras 3.15.1's {@code
 * readable_memory_size} and rich 15.
 */
class ModelSummaryTest {

  @Test
  void memorySizesRoundHalfToEvenAsPythonDoes() {
    assertEquals("0.00 B", ModelSummary.memory(0));
    assertEquals("1020.00 B", ModelSummary.memory(1020));
    assertEquals("1.00 KB", ModelSummary.memory(1024));
    assertEquals("1.12 KB", ModelSummary.memory(1152), "1.125 is a tie: to even");
    assertEquals("1.13 KB", ModelSummary.memory(1156));
    assertEquals("641.04 KB", ModelSummary.memory(656424));
    assertEquals("1.38 MB", ModelSummary.memory(1447464));
    assertEquals("3.73 GB", ModelSummary.memory(4e9));
    assertEquals("2.67 B", ModelSummary.memory(2.675), "2.675 is just below in binary");
  }

  @Test
  void wrapsAtSpacesAndCutsAWordTooLongWithAnEllipsis() {
    assertEquals(
        List.of("la[0][0],  ", "lb[0][0]   "), ModelSummary.wrap("la[0][0], lb[0][0]", 11, false));
    assertEquals(
        List.of("tokenEncod…", "features   "),
        ModelSummary.wrap("tokenEncoder features", 11, false));
    assertEquals(List.of("     98,816"), ModelSummary.wrap("98,816", 11, true));
    assertEquals(List.of("    "), ModelSummary.wrap("", 4, false));
  }

  @Test
  void totalsCountEachRowOnceAndTooNarrowALineIsRefused() {
    Layer dense =
        new Layer(
            "head",
            "Dense",
            Map.of(),
            List.of(
                new Variable(
                    "kernel", PackedLayout.matrix(3, 2, 0), new float[48], Initializer.zeros()),
                new Variable(
                    "bias", PackedLayout.vector(2, 0), new float[16], Initializer.zeros())));
    ModelSummary summary =
        ModelSummary.graph(
            "m",
            List.of(
                ModelSummary.input("x", "(None, 3)"),
                ModelSummary.row(dense, "(None, 2)", "x[0][0]")));
    assertEquals(8, summary.totalParams());
    assertEquals(summary.format(ModelSummary.DEFAULT_GRAPH_WIDTH), summary.toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> summary.format(13));
    assertEquals(
        "Insufficient console width to print summary: line length 13 gives a column of 3"
            + " characters, Keras needs at least 4",
        e.getMessage());
  }
}
