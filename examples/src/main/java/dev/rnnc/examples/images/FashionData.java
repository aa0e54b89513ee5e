package dev.rnnc.examples.images;

import dev.rnnc.examples.Resources;
import dev.rnnc.runtime.data.Idx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST as the images example reads it: each 28×28 image a sequence of 28 rows (timesteps)
 * of 28 pixels (features), scaled to [0, 1], with its class label.
 *
 * @param trainX training images, {@code [n][28][28]}
 * @param trainY their classes, 0..9
 * @param testX test images
 * @param testY their classes
 * @param source where the files came from
 */
public record FashionData(
    float[][][] trainX, int[] trainY, float[][][] testX, int[] testY, String source) {

  /** The ten classes, by label. */
  public static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** Where Debian's {@code dataset-fashion-mnist} package puts the full data. */
  public static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

  /** The subset bundled with the examples (3,000 training and 1,000 test images). */
  public static FashionData bundled() throws IOException {
    return read(
        Resources.path("/data/fashion-mnist/train-images-idx3-ubyte.gz").getParent(),
        "the bundled subset (examples/src/main/resources/data/fashion-mnist)");
  }

  /** The full data (60,000 + 10,000 images) if Debian's package is installed, else null. */
  public static FashionData full() throws IOException {
    return Files.isDirectory(DEBIAN)
        ? read(DEBIAN, DEBIAN + " (Debian's dataset-fashion-mnist)")
        : null;
  }

  /** The four IDX files of {@code directory}, with the original file names. */
  public static FashionData read(Path directory, String source) throws IOException {
    float[][][] trainX = Idx.readImages(directory.resolve("train-images-idx3-ubyte.gz"));
    int[] trainY = Idx.readLabels(directory.resolve("train-labels-idx1-ubyte.gz"));
    float[][][] testX = Idx.readImages(directory.resolve("t10k-images-idx3-ubyte.gz"));
    int[] testY = Idx.readLabels(directory.resolve("t10k-labels-idx1-ubyte.gz"));
    if (trainX.length != trainY.length || testX.length != testY.length) {
      throw new IllegalArgumentException(
          "expected one label per image, found %d images and %d labels (training), %d and %d (test)"
              .formatted(trainX.length, trainY.length, testX.length, testY.length));
    }
    return new FashionData(trainX, trainY, testX, testY, source);
  }
}
