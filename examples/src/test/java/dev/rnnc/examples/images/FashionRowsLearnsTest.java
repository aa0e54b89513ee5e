package dev.rnnc.examples.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The images example's data and, at a tiny size, that its model learns. */
class FashionRowsLearnsTest {

  @Test
  void theBundledSubsetHasItsImagesAndBalancedLabels() throws IOException {
    FashionData data = FashionData.bundled();
    assertEquals(3000, data.trainX().length);
    assertEquals(1000, data.testX().length);
    assertEquals(28, data.trainX()[0].length);
    assertEquals(28, data.trainX()[0][0].length);
    int[] perClass = new int[10];
    for (int label : data.trainY()) {
      perClass[label]++;
    }
    assertTrue(Arrays.stream(perClass).allMatch(n -> n >= 250), Arrays.toString(perClass));
  }

  @Test
  void imagesAndLabelsOfDifferentCountsAreRefused(@TempDir Path dir) throws IOException {
    writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), new int[] {2, 28, 28});
    writeIdx(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {3});
    writeIdx(dir.resolve("t10k-images-idx3-ubyte.gz"), new int[] {1, 28, 28});
    writeIdx(dir.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {1});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FashionData.read(dir, "test"));
    assertEquals(
        "expected one label per image, found 2 images and 3 labels (training), 1 and 1 (test)",
        e.getMessage());
  }

  @Test
  void fourEpochsOnTwoThousandImagesLearnTheClasses() throws IOException {
    FashionData data = FashionData.bundled();
    float[][][] x = Arrays.copyOf(data.trainX(), 2000);
    int[] y = Arrays.copyOf(data.trainY(), 2000);
    FashionRows.RowReader model = RnncFashionRows_RowReader.create(42L);
    History history = model.fit(x, y, new FitOptions().epochs(4).batchSize(64).seed(7).verbose(0));
    List<Double> loss = history.get("loss");
    assertTrue(loss.getLast() < 0.6 * loss.getFirst(), "training loss per epoch " + loss);
    double accuracy = model.evaluate(data.testX(), data.testY()).get("accuracy");
    assertTrue(accuracy > 0.5, "test accuracy " + accuracy + " (chance: 0.1)");
  }

  /** An unsigned-byte IDX file of zeros with the given dimensions (not gzipped: Idx detects it). */
  private static void writeIdx(Path file, int[] dims) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeShort(0);
    out.writeByte(0x08);
    out.writeByte(dims.length);
    int size = 1;
    for (int d : dims) {
      out.writeInt(d);
      size *= d;
    }
    out.write(new byte[size]);
    Files.write(file, bytes.toByteArray());
  }
}
