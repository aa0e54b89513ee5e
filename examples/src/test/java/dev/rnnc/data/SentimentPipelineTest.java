package dev.rnnc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.examples.sentiment.LabelledSentences;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.data.Sequences;
import dev.rnnc.runtime.data.TextVectorization;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "Data utilities" pipeline on the shipped corpus (UCI Sentiment Labelled Sentences,
 * examples/src/main/resources/data/sentiment-labelled-sentences): TextVectorization adapted on the
 * training sentences, ragged ids pre-padded by Sequences.pad, an Embedding + LSTM classifier
 * trained in Java. Checks the corpus as documented and that the model learns it.
 */
class SentimentPipelineTest {
  static final int MAX_TOKENS = 2000;
  static final int MAXLEN = 32;

  @RnnModel(input = @Input(timesteps = MAXLEN, dtype = Input.Dtype.INT32))
  @Compile(
      optimizer = "adam",
      learningRate = 0.01,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  interface Sentiment {
    @Embedding(inputDim = MAX_TOKENS, outputDim = 16, maskZero = true)
    Layer embed();

    @LSTM(units = 16)
    Layer encoder();

    @Dense(units = 1, activation = "sigmoid")
    Layer positive();

    float[] predict(int[] ids);

    History fit(int[][] x, float[][] y, FitOptions options);

    Logs evaluate(int[][] x, float[][] y);
  }

  @Test
  void theCorpusIsAsDocumented() throws IOException {
    for (String file :
        List.of("amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt")) {
      LabelledSentences data = LabelledSentences.bundled(file);
      assertEquals(1000, data.texts().size(), file);
      double positive = 0;
      for (float[] y : data.targets()) {
        assertTrue(y[0] == 0f || y[0] == 1f, file);
        positive += y[0];
      }
      assertEquals(500, positive, file);
    }
  }

  @Test
  void vectorizePadAndFitLearnsTheSentences() throws IOException {
    LabelledSentences train =
        LabelledSentences.bundled("amazon_cells_labelled.txt", "yelp_labelled.txt");
    LabelledSentences test = LabelledSentences.bundled("imdb_labelled.txt"); // held out whole

    TextVectorization vectorize =
        TextVectorization.builder().maxTokens(MAX_TOKENS).ragged(true).build();
    vectorize.adapt(train.texts());
    int[][] x = Sequences.pad(vectorize.vectorize(train.texts()), MAXLEN); // pre-pad with 0
    int[][] testX = Sequences.pad(vectorize.vectorize(test.texts()), MAXLEN);
    assertEquals(MAX_TOKENS, vectorize.vocabularySize());

    Sentiment model = RnncSentimentPipelineTest_Sentiment.create(42L);
    History history =
        model.fit(x, train.targets(), new FitOptions().epochs(4).batchSize(32).seed(7).verbose(0));
    double first = history.get("accuracy").get(0);
    double last = history.last("accuracy");
    double testAccuracy = model.evaluate(testX, test.targets()).get("accuracy");
    assertTrue(last > 0.85 && last > first, "training accuracy " + history.get("accuracy"));
    assertTrue(testAccuracy > 0.6, "accuracy on the imdb sentences " + testAccuracy);
  }
}
