package dev.rnnc.examples.images;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.examples.ExampleOptions;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Images as sequences (the Keras RNN guide's MNIST model, on Fashion-MNIST): each 28×28 image is
 * read row by row — 28 timesteps of 28 pixels — by an LSTM(64) whose last output a softmax Dense
 * layer classifies into ten kinds of clothing. Trained in Java with Adam and sparse categorical
 * cross-entropy; prints the test accuracy and the confusion matrix and draws it as a PNG.
 */
public final class FashionRows {

  /** The classifier: 28 rows of 28 pixels → probabilities of the 10 classes. */
  @RnnModel(input = @Input(timesteps = 28, features = 28))
  @Compile(
      optimizer = "adam",
      learningRate = 1e-3,
      loss = "sparse_categorical_crossentropy",
      metrics = "accuracy")
  public interface RowReader {
    @LSTM(units = 64)
    Layer rows();

    @Dense(units = 10, activation = "softmax")
    Layer classes();

    float[][] predict(float[][][] images);

    History fit(float[][][] images, int[] labels, FitOptions options);

    Logs evaluate(float[][][] images, int[] labels);
  }

  /** What a run found. */
  public record Result(double testAccuracy, int[][] confusion, History history) {}

  private FashionRows() {}

  /** Run-to-run variation: the test accuracy over seeds 0..N-1 (initial weights, shuffling). */
  private static void seedSweep(FashionData data, ExampleOptions options) {
    double[] accuracies =
        options.overSeeds(
            seed -> {
              RowReader model = RnncFashionRows_RowReader.create(seed);
              model.fit(data.trainX(), data.trainY(), fitOptions(options, seed).verbose(0));
              return model.evaluate(data.testX(), data.testY()).get("accuracy");
            });
    System.out.println(ExampleOptions.spread("test accuracy", accuracies, "%.4f"));
  }

  private static FitOptions fitOptions(ExampleOptions options, long seed) {
    return new FitOptions()
        .epochs(options.full() ? 10 : 8)
        .batchSize(64)
        .validationSplit(0.1)
        .seed(seed);
  }

  /**
   * Runs the example ({@code --full}: all 60,000 training images when Debian's package is there).
   */
  public static void main(String[] args) throws IOException {
    run(ExampleOptions.parse(args));
  }

  /** Trains, evaluates, prints and draws. */
  public static Result run(ExampleOptions options) throws IOException {
    options.banner("Images as sequences: Fashion-MNIST read row by row by an LSTM");
    FashionData data = options.full() ? FashionData.full() : null;
    if (options.full() && data == null) {
      System.out.println(
          "--full reads "
              + FashionData.DEBIAN
              + ", which is missing"
              + " (apt-get install dataset-fashion-mnist); running on the bundled subset");
    }
    if (data == null) {
      data = FashionData.bundled();
    }
    System.out.printf(
        "data: %d training and %d test images from %s%n",
        data.trainX().length, data.testX().length, data.source());

    if (options.seeds() > 1) {
      seedSweep(data, options);
    }
    RowReader model = RnncFashionRows_RowReader.create(42L);
    System.out.print(RnncModel.summary(model));
    History history = model.fit(data.trainX(), data.trainY(), fitOptions(options, 7));
    Logs test = model.evaluate(data.testX(), data.testY());
    int[][] confusion = Confusion.of(model.predict(data.testX()), data.testY(), 10);
    System.out.printf(
        "%ntest accuracy %.4f, loss %.4f (%d test images)%n",
        test.get("accuracy"), test.get("loss"), data.testX().length);
    System.out.println(Confusion.format(confusion, FashionData.CLASSES));
    Path png = options.file("fashion-confusion.png");
    Confusion.draw(confusion, FashionData.CLASSES, png);
    Path curves = options.file("fashion-history.png");
    history.plot(curves);
    System.out.println("wrote " + png + " and " + curves);
    return new Result(test.get("accuracy"), confusion, history);
  }
}
