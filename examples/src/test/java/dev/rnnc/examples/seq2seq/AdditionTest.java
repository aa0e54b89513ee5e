package dev.rnnc.examples.seq2seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.train.FitOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The addition example's encoding, and its encoder-decoder learning at a tiny size. */
class AdditionTest {

  @Test
  void encodesQuestionsAnswersAndTheTeacherForcedDecoderInput() {
    Addition.Sums sums = Addition.encode(List.of(new int[] {37, 85}, new int[] {2, 8}));
    assertEquals("37+85", Addition.text(sums.questions()[0]));
    assertEquals("122", Addition.text(sums.answers()[0]));
    assertEquals(">12", Addition.text(sums.answersSoFar()[0]));
    assertEquals("2+8  ", Addition.text(sums.questions()[1]));
    assertEquals("10 ", Addition.text(sums.answers()[1]));
    assertArrayEquals(new int[] {12, 1, 0}, sums.answersSoFar()[1]);
  }

  @Test
  void trainAndTestSumsDoNotOverlap() {
    List<int[]> pairs = Addition.shuffledPairs(1L);
    assertEquals(10_000, pairs.size());
    assertEquals(
        10_000, pairs.stream().map(p -> p[0] * 100 + p[1]).distinct().count(), "each sum once");
  }

  /** Twelve epochs on 5,000 sums: the loss falls to under a third of the first epoch's. */
  @Test
  void theEncoderDecoderLearns() {
    Addition.Sums train = Addition.encode(Addition.shuffledPairs(1L).subList(0, 5000));
    Addition.Adder model = RnncAddition_Adder.create(42L);
    List<Double> loss =
        model
            .fit(
                train.questions(),
                train.answersSoFar(),
                train.answers(),
                new FitOptions().epochs(12).batchSize(64).seed(7).verbose(0))
            .get("loss");
    assertTrue(loss.getLast() < loss.getFirst() / 3, "training loss per epoch " + loss);
  }
}
