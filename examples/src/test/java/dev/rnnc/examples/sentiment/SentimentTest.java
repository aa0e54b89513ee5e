package dev.rnnc.examples.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.data.TextVectorization;
import dev.rnnc.runtime.train.EarlyStopping;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import java.io.StringReader;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The sentiment example's reader, and its model learning and restoring its best epoch. */
class SentimentTest {

  @Test
  void readsTheBundledCorpus() {
    LabelledSentences all = LabelledSentences.bundled();
    assertEquals(3000, all.texts().size());
    assertEquals(1500, all.labels().stream().mapToInt(Integer::intValue).sum());
    LabelledSentences test = all.every(5, 4, true);
    LabelledSentences train = all.every(5, 4, false);
    assertEquals(600, test.texts().size());
    assertEquals(2400, train.texts().size());
    assertEquals(all.texts().get(4), test.texts().getFirst());
  }

  @Test
  void refusesALineWithoutATab() {
    assertEquals(
        "line 2: expected <sentence><TAB><label>, found no tab",
        error("Great phone.\t1\nNo tab here 0\n"));
  }

  @Test
  void refusesALabelOtherThanZeroOrOne() {
    assertEquals(
        "line 1: expected the label 0 or 1 after the tab, found 'positive'",
        error("Great phone.\tpositive\n"));
  }

  @Test
  void refusesAnEmptyFile() {
    assertEquals("no labelled sentences", error("\n\n"));
  }

  /**
   * Trains on a part of the sentences with early stopping: the loss fell, and the weights left in
   * the model are the best epoch's — evaluating the validation sentences again gives the best
   * val_loss the callback saw.
   */
  @Test
  void learnsAndKeepsTheBestEpochsWeights() {
    LabelledSentences train = LabelledSentences.bundled().every(5, 4, false);
    TextVectorization vectorize =
        TextVectorization.builder()
            .maxTokens(Sentiment.MAX_TOKENS)
            .outputSequenceLength(Sentiment.LENGTH)
            .build();
    vectorize.adapt(train.texts());
    int[][] x = vectorize.vectorize(train.texts());
    float[][] y = train.targets();
    Sentiment.Classifier model = RnncSentiment_Classifier.create(42L);
    EarlyStopping early =
        EarlyStopping.builder().monitor("val_loss").patience(1).restoreBestWeights(true).build();
    History history =
        model.fit(
            x,
            y,
            new FitOptions().epochs(8).validationSplit(0.2).seed(7).verbose(0).callbacks(early));
    assertTrue(
        history.last("loss") < 0.5 * history.get("loss").getFirst(),
        "training loss " + history.get("loss"));
    int validation = x.length - (int) (x.length * 0.8); // Keras' split: the last 20%
    int[][] valX = Arrays.copyOfRange(x, x.length - validation, x.length);
    float[][] valY = Arrays.copyOfRange(y, y.length - validation, y.length);
    assertEquals(early.best(), model.evaluate(valX, valY).get("loss"), 1e-5);
  }

  private static String error(String text) {
    return assertThrows(
            IllegalArgumentException.class, () -> LabelledSentences.read(new StringReader(text)))
        .getMessage();
  }
}
