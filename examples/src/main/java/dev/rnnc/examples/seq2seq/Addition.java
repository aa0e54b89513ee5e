package dev.rnnc.examples.seq2seq;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.examples.ExampleOptions;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.train.EarlyStopping;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Sequence to sequence (Keras' "addition RNN", written as the RNN guide's encoder–decoder): the
 * encoder LSTM reads a question such as {@code "37+85"} character by character; its final states
 * start the decoder LSTM ({@code @InitialState}), which writes the answer {@code "122"} one
 * character at a time, fed the answer so far (teacher forcing while training, its own previous
 * characters when answering). Trained in Java; scored by exact match on sums it never saw.
 */
public final class Addition {
  /** The characters, by token id: the digits, '+', the padding space and the decoder's start. */
  static final String CHARACTERS = "0123456789+ >";

  static final int DIGITS = 2;
  static final int QUESTION = 2 * DIGITS + 1;
  static final int ANSWER = DIGITS + 1;
  private static final int START = CHARACTERS.indexOf('>');

  /** The encoder-decoder; the decoder's input is the answer so far, after a start token. */
  @RnnModel(
      input = {
        @Input(name = "question", timesteps = QUESTION, dtype = Input.Dtype.INT32),
        @Input(name = "answerSoFar", timesteps = ANSWER, dtype = Input.Dtype.INT32)
      })
  @Compile(
      optimizer = "adam",
      learningRate = 3e-3,
      loss = "sparse_categorical_crossentropy",
      metrics = "accuracy")
  public interface Adder {
    @Embedding(inputDim = 13, outputDim = 16)
    Layer questionEmbedding(Layer question);

    @LSTM(units = 96, returnState = true)
    Layer encoder();

    @Embedding(inputDim = 13, outputDim = 16)
    Layer answerEmbedding(Layer answerSoFar);

    @LSTM(units = 96, returnSequences = true)
    Layer decoder(Layer answerEmbedding, @InitialState Layer encoder);

    @Dense(units = 12, activation = "softmax")
    Layer character();

    float[][] predict(int[] question, int[] answerSoFar);

    History fit(int[][] question, int[][] answerSoFar, int[][] answer, FitOptions options);
  }

  /** Questions, the decoder's inputs and the answers, as token ids. */
  record Sums(int[][] questions, int[][] answersSoFar, int[][] answers) {}

  /** What a run found. */
  public record Result(double exactMatch, int tested, History history) {}

  private Addition() {}

  /** Runs the example ({@code --full}: 8,000 training sums and up to 80 epochs, not 50). */
  public static void main(String[] args) throws IOException {
    run(ExampleOptions.parse(args));
  }

  /** Trains on some sums, answers the others. */
  public static Result run(ExampleOptions options) throws IOException {
    options.banner("Sequence to sequence: an LSTM encoder-decoder learns two-digit addition");
    int trainCount = options.full() ? 8000 : 5000;
    List<int[]> pairs = shuffledPairs(1L);
    Sums train = encode(pairs.subList(0, trainCount));
    Sums test = encode(pairs.subList(trainCount, trainCount + 1000));
    System.out.printf(
        "data: %d of the 10,000 sums a+b with a, b < %d to train, 1,000 others to test%n",
        trainCount, (int) Math.pow(10, DIGITS));

    Adder model = RnncAddition_Adder.create(42L);
    System.out.print(RnncModel.summary(model));
    History history =
        model.fit(
            train.questions(),
            train.answersSoFar(),
            train.answers(),
            new FitOptions()
                .epochs(options.full() ? 80 : 50)
                .batchSize(64)
                .validationSplit(0.1)
                .seed(7)
                .verbose(2)
                .callbacks(
                    EarlyStopping.builder()
                        .monitor("val_loss")
                        .patience(6)
                        .restoreBestWeights(true)
                        .build()));

    int correct = 0;
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < test.questions().length; i++) {
      String answer = answer(model, test.questions()[i]);
      String expected = text(test.answers()[i]);
      if (answer.equals(expected)) {
        correct++;
      }
      if (i < 8) {
        shown.add(
            "%s = %-4s %s"
                .formatted(
                    text(test.questions()[i]),
                    answer.strip(),
                    answer.equals(expected) ? "✓" : "✗ (" + expected.strip() + ")"));
      }
    }
    double exact = (double) correct / test.questions().length;
    System.out.printf(
        "%nexact-match accuracy on %d unseen sums: %.3f%n", test.questions().length, exact);
    shown.forEach(line -> System.out.println("  " + line));
    Path curves = options.file("addition-history.png");
    history.plot(curves);
    System.out.println("wrote " + curves);
    return new Result(exact, test.questions().length, history);
  }

  /** Greedy decoding: each step's most probable character becomes the next step's input. */
  static String answer(Adder model, int[] question) {
    int[] soFar = new int[ANSWER];
    soFar[0] = START;
    StringBuilder answer = new StringBuilder();
    for (int t = 0; t < ANSWER; t++) {
      float[][] probabilities = model.predict(question, soFar);
      int best = argmax(probabilities[t]);
      answer.append(CHARACTERS.charAt(best));
      if (t + 1 < ANSWER) {
        soFar[t + 1] = best;
      }
    }
    return answer.toString();
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Every pair (a, b), a and b below 10^DIGITS, in a seeded random order. */
  static List<int[]> shuffledPairs(long seed) {
    int limit = (int) Math.pow(10, DIGITS);
    List<int[]> pairs = new ArrayList<>();
    for (int a = 0; a < limit; a++) {
      for (int b = 0; b < limit; b++) {
        pairs.add(new int[] {a, b});
      }
    }
    Collections.shuffle(pairs, new java.util.Random(seed));
    return pairs;
  }

  /** "a+b" padded with spaces; the answer padded with spaces; the decoder input after '>'. */
  static Sums encode(List<int[]> pairs) {
    int n = pairs.size();
    int[][] questions = new int[n][];
    int[][] soFar = new int[n][];
    int[][] answers = new int[n][];
    for (int i = 0; i < n; i++) {
      int a = pairs.get(i)[0];
      int b = pairs.get(i)[1];
      questions[i] = ids(pad(a + "+" + b, QUESTION));
      answers[i] = ids(pad(Integer.toString(a + b), ANSWER));
      soFar[i] = new int[ANSWER];
      soFar[i][0] = START;
      System.arraycopy(answers[i], 0, soFar[i], 1, ANSWER - 1);
    }
    return new Sums(questions, soFar, answers);
  }

  private static String pad(String s, int length) {
    return s + " ".repeat(length - s.length());
  }

  private static int[] ids(String s) {
    int[] ids = new int[s.length()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = CHARACTERS.indexOf(s.charAt(i));
    }
    return ids;
  }

  static String text(int[] ids) {
    StringBuilder s = new StringBuilder();
    for (int id : ids) {
      s.append(CHARACTERS.charAt(id));
    }
    return s.toString();
  }
}
