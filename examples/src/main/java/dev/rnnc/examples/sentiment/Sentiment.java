package dev.rnnc.examples.sentiment;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.examples.ExampleOptions;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.data.TextVectorization;
import dev.rnnc.runtime.train.EarlyStopping;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Text classification from scratch (Keras' IMDB tutorial, on the UCI review sentences): raw text →
 * {@link TextVectorization} (Keras' standardisation, a 4,000-word vocabulary learnt from the
 * training sentences, padded to 32 tokens) → Embedding with {@code maskZero} → Bidirectional LSTM →
 * sigmoid. Trained in Java; prints the test accuracy and how it reads a few new sentences.
 */
public final class Sentiment {
  static final int MAX_TOKENS = 4000;
  static final int LENGTH = 32;

  /** The classifier: 32 token ids → the probability that the sentence is positive. */
  @RnnModel(input = @Input(timesteps = LENGTH, dtype = Input.Dtype.INT32))
  @Compile(
      optimizer = "adam",
      learningRate = 1e-3,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  public interface Classifier {
    @Embedding(inputDim = MAX_TOKENS, outputDim = 32, maskZero = true)
    Layer words();

    @Bidirectional
    @LSTM(units = 32)
    Layer reader();

    @Dense(units = 1, activation = "sigmoid")
    Layer positive();

    float[][] predict(int[][] ids);

    History fit(int[][] ids, float[][] labels, FitOptions options);

    Logs evaluate(int[][] ids, float[][] labels);
  }

  /** What a run found. */
  public record Result(double testAccuracy, History history) {}

  private Sentiment() {}

  /** Run-to-run variation: the test accuracy over seeds 0..N-1 (initial weights, shuffling). */
  private static void seedSweep(
      int[][] x, float[][] y, int[][] testX, float[][] testY, ExampleOptions options) {
    double[] accuracies =
        options.overSeeds(
            seed -> {
              Classifier model = RnncSentiment_Classifier.create(seed);
              model.fit(x, y, fitOptions(options, seed, earlyStopping()).verbose(0));
              return model.evaluate(testX, testY).get("accuracy");
            });
    System.out.println(ExampleOptions.spread("test accuracy", accuracies, "%.4f"));
  }

  private static EarlyStopping earlyStopping() {
    return EarlyStopping.builder().monitor("val_loss").patience(3).restoreBestWeights(true).build();
  }

  private static FitOptions fitOptions(ExampleOptions options, long seed, EarlyStopping early) {
    return new FitOptions()
        .epochs(options.full() ? 40 : 15)
        .batchSize(32)
        .validationSplit(0.2)
        .seed(seed)
        .callbacks(early);
  }

  /** Runs the example ({@code --full}: up to 40 epochs instead of 15). */
  public static void main(String[] args) throws IOException {
    run(ExampleOptions.parse(args));
  }

  /** Vectorizes, trains, evaluates. */
  public static Result run(ExampleOptions options) throws IOException {
    options.banner("Sentiment: review sentences, TextVectorization + Bidirectional LSTM");
    LabelledSentences all = LabelledSentences.bundled();
    // every fifth sentence tests: a split a Python script reproduces without a shared RNG
    LabelledSentences train = all.every(5, 4, false);
    LabelledSentences test = all.every(5, 4, true);
    System.out.printf(
        "data: %d labelled review sentences (UCI, CC BY 4.0): %d to train (last 20%% validate),"
            + " %d to test%n",
        all.texts().size(), train.texts().size(), test.texts().size());

    TextVectorization vectorize =
        TextVectorization.builder().maxTokens(MAX_TOKENS).outputSequenceLength(LENGTH).build();
    vectorize.adapt(train.texts());
    int[][] x = vectorize.vectorize(train.texts());
    int[][] testX = vectorize.vectorize(test.texts());
    System.out.printf(
        "vocabulary: %d tokens (0 padding, 1 [UNK]); most frequent: %s%n",
        vectorize.vocabularySize(), vectorize.vocabulary().subList(2, 12));

    if (options.seeds() > 1) {
      seedSweep(x, train.targets(), testX, test.targets(), options);
    }
    Classifier model = RnncSentiment_Classifier.create(42L);
    System.out.print(RnncModel.summary(model));
    EarlyStopping early = earlyStopping();
    History history = model.fit(x, train.targets(), fitOptions(options, 7, early));
    Logs scores = model.evaluate(testX, test.targets());
    System.out.printf(
        "%ntest accuracy %.4f, loss %.4f (%d sentences; best epoch %d restored)%n",
        scores.get("accuracy"), scores.get("loss"), test.texts().size(), early.bestEpoch() + 1);

    List<String> fresh =
        List.of(
            "The battery lasts all day and the screen is gorgeous.",
            "Worst service ever, the food was cold and the waiter rude.",
            "Not bad at all, I would come back.",
            "I wanted to like this movie, but it was boring.");
    float[][] p = model.predict(vectorize.vectorize(fresh));
    System.out.println("new sentences (probability positive):");
    for (int i = 0; i < fresh.size(); i++) {
      System.out.printf("  %.2f  %s%n", p[i][0], fresh.get(i));
    }
    Path curves = options.file("sentiment-history.png");
    history.plot(curves);
    System.out.println("wrote " + curves);
    return new Result(scores.get("accuracy"), history);
  }
}
