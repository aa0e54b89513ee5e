package dev.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TextDirectory} on the aclImdb-like tree of tools/goldens/data_fixtures.py, against what
 * real Keras 3.15.1's text_dataset_from_directory and index_directory read from it.
 */
class TextDirectoryTest {
  private static final JsonNode FIXTURE = DataFixtures.read("text_directory.json");

  @TempDir Path tmp;

  private Path writeTree() throws IOException {
    Path base = tmp.resolve("train");
    for (Map.Entry<String, JsonNode> e : FIXTURE.get("tree").properties()) {
      Path file = base.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, HexFormat.of().parseHex(e.getValue().asText()));
    }
    return base;
  }

  private static List<String> relative(Path base, List<Path> files) {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      out.add(base.relativize(f).toString().replace('\\', '/'));
    }
    return out;
  }

  @Test
  void sortedOrderLabelsAndTextsMatchKeras() throws IOException {
    Path base = writeTree();
    for (JsonNode run : FIXTURE.get("runs")) {
      JsonNode given = run.get("class_names_given");
      TextDirectory.Dataset ds =
          given.isNull()
              ? TextDirectory.read(base)
              : TextDirectory.read(base, DataFixtures.strings(given).toArray(String[]::new));
      String what = "class_names=" + given;
      assertEquals(DataFixtures.strings(run.get("class_names")), ds.classNames(), what);
      assertEquals(DataFixtures.strings(run.get("files")), relative(base, ds.files()), what);
      assertArrayEquals(DataFixtures.ints(run.get("labels")), ds.labels(), what);
      assertEquals(DataFixtures.strings(run.get("texts")), ds.texts(), what);
    }
  }

  @Test
  void seededOrderAndValidationSplitMatchKeras() throws IOException {
    Path base = writeTree();
    for (JsonNode s : FIXTURE.get("seeded")) {
      long seed = s.get("seed").asLong();
      double split = s.get("validation_split").asDouble();
      String what = "seed " + seed + " split " + split;
      TextDirectory.Dataset all =
          TextDirectory.builder(base).classNames("neg", "pos").seed(seed).read();
      assertEquals(DataFixtures.strings(s.get("files")), relative(base, all.files()), what);
      assertArrayEquals(DataFixtures.ints(s.get("labels")), all.labels(), what);

      TextDirectory.Split both =
          TextDirectory.builder(base)
              .classNames("neg", "pos")
              .seed(seed)
              .validationSplit(split)
              .readBoth();
      TextDirectory.Dataset training =
          TextDirectory.builder(base)
              .classNames("neg", "pos")
              .seed(seed)
              .validationSplit(split, "training")
              .read();
      TextDirectory.Dataset validation =
          TextDirectory.builder(base)
              .classNames("neg", "pos")
              .seed(seed)
              .validationSplit(split, "validation")
              .read();
      assertEquals(sorted(training.texts()), DataFixtures.strings(s.get("training_texts_sorted")));
      assertEquals(
          sorted(validation.texts()), DataFixtures.strings(s.get("validation_texts_sorted")));
      assertEquals(training.texts(), both.training().texts(), what);
      assertEquals(validation.texts(), both.validation().texts(), what);
      assertEquals(all.size(), training.size() + validation.size(), what);
    }
  }

  private static List<String> sorted(List<String> texts) {
    List<String> out = new ArrayList<>(texts);
    out.sort(TextVectorization::compareCodePoints);
    return out;
  }

  @Test
  void numpyRandomStateShuffleIsReproducedBitForBit() {
    for (JsonNode s : FIXTURE.get("random_state_shuffles")) {
      long seed = s.get("seed").asLong();
      int n = s.get("n").asInt();
      int[] perm = NumpyShuffle.permutation(seed, n);
      int[] first = DataFixtures.ints(s.get("first"));
      int[] last = DataFixtures.ints(s.get("last"));
      assertArrayEquals(first, java.util.Arrays.copyOf(perm, first.length), "seed " + seed);
      assertArrayEquals(
          last, java.util.Arrays.copyOfRange(perm, n - last.length, n), "seed " + seed);
      long sum = 0;
      for (int i = 0; i < n; i++) {
        sum += (long) i * perm[i];
      }
      assertEquals(s.get("sum_i_times_x").asLong(), sum, "seed " + seed + " n " + n);
    }
    assertThrows(IllegalArgumentException.class, () -> NumpyShuffle.permutation(-1, 3));
    assertThrows(IllegalArgumentException.class, () -> NumpyShuffle.permutation(1L << 32, 3));
  }

  @Test
  void labelModes() throws IOException {
    TextDirectory.Dataset ds = TextDirectory.read(writeTree(), "pos", "neg");
    float[][] binary = ds.binaryLabels();
    float[][] onehot = ds.categoricalLabels();
    int[] labels = ds.labels();
    for (int i = 0; i < labels.length; i++) {
      assertEquals(labels[i], binary[i][0]);
      assertEquals(1f, onehot[i][labels[i]]);
      assertEquals(1f, onehot[i][0] + onehot[i][1]);
    }
    assertArrayEquals(new int[] {5, 8}, ds.classCounts());
    TextDirectory.Dataset three = TextDirectory.read(tmp.resolve("train")); // neg, pos, unsup
    IllegalStateException e = assertThrows(IllegalStateException.class, three::binaryLabels);
    assertTrue(e.getMessage().contains("exactly 2"), e.getMessage());
  }

  @Test
  void anEmptyClassFolderIsAClassWithNoTextsAsInKeras() throws IOException {
    Path base = tmp.resolve("d");
    Files.createDirectories(base.resolve("neg"));
    Files.createDirectories(base.resolve("pos"));
    Files.writeString(base.resolve("pos/a.txt"), "good");
    TextDirectory.Dataset ds = TextDirectory.read(base);
    assertEquals(List.of("neg", "pos"), ds.classNames());
    assertArrayEquals(new int[] {1}, ds.labels());
    assertArrayEquals(new int[] {0, 1}, ds.classCounts());
  }

  @Test
  void malformedInputIsAClearError() throws IOException {
    NoSuchFileException missing =
        assertThrows(NoSuchFileException.class, () -> TextDirectory.read(tmp.resolve("nope")));
    assertTrue(missing.getMessage().contains("<class name>/*.txt"), missing.getMessage());

    Path file = tmp.resolve("file.txt");
    Files.writeString(file, "x");
    assertThrows(NotDirectoryException.class, () -> TextDirectory.read(file));

    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty.resolve("neg"));
    Files.createDirectories(empty.resolve("pos"));
    Files.writeString(empty.resolve("pos/notes.md"), "not text");
    Files.writeString(empty.resolve("top.txt"), "not in a class");
    MalformedDataException none =
        assertThrows(MalformedDataException.class, () -> TextDirectory.read(empty));
    assertTrue(none.getMessage().contains("no .txt files"), none.getMessage());
    assertEquals(empty, none.file());

    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class, () -> TextDirectory.read(empty, "neg", "unsup"));
    assertTrue(
        unknown.getMessage().contains("\"unsup\"") && unknown.getMessage().contains("[neg, pos]"),
        unknown.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> TextDirectory.builder(empty).classNames("neg", "neg"));

    Path latin1 = tmp.resolve("latin1");
    Files.createDirectories(latin1.resolve("pos"));
    Files.write(latin1.resolve("pos/1.txt"), "ok".getBytes(StandardCharsets.UTF_8));
    Files.write(latin1.resolve("pos/2.txt"), "caf\u00e9 ok".getBytes(StandardCharsets.ISO_8859_1));
    MalformedDataException bad =
        assertThrows(MalformedDataException.class, () -> TextDirectory.read(latin1));
    assertTrue(bad.getMessage().contains("2.txt"), bad.getMessage());
    assertTrue(bad.getMessage().contains("byte 3 (bytes e9)"), bad.getMessage());
    assertEquals(latin1.resolve("pos/2.txt"), bad.file());
    TextDirectory.Dataset replaced =
        TextDirectory.builder(latin1).replaceMalformedInput(true).read();
    assertEquals(List.of("ok", "caf\uFFFD ok"), replaced.texts());
  }

  @Test
  void badSplitsAreClearErrors() throws IOException {
    Path base = writeTree();
    assertThrows(
        IllegalArgumentException.class, () -> TextDirectory.builder(base).validationSplit(1.0));
    assertThrows(
        IllegalArgumentException.class, () -> TextDirectory.builder(base).validationSplit(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> TextDirectory.builder(base).validationSplit(0.2, "test"));
    assertThrows(IllegalArgumentException.class, () -> TextDirectory.builder(base).seed(-1));
    assertThrows(
        IllegalStateException.class, () -> TextDirectory.builder(base).validationSplit(0.2).read());
    assertThrows(IllegalStateException.class, () -> TextDirectory.builder(base).readBoth());
    // 13 files: int(0.05 * 13) = 0 validation files (Keras: no training files, or all as
    // validation)
    MalformedDataException e =
        assertThrows(
            MalformedDataException.class,
            () ->
                TextDirectory.builder(base)
                    .classNames("neg", "pos")
                    .validationSplit(0.05)
                    .readBoth());
    assertTrue(e.getMessage().contains("no validation"), e.getMessage());
  }

  @Test
  void symbolicLinksToFoldersAreFollowedOnlyWhenAsked() throws IOException {
    Path base = tmp.resolve("links");
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    Files.writeString(outside.resolve("far.txt"), "far away");
    Files.createDirectories(base.resolve("pos"));
    Files.writeString(base.resolve("pos/near.txt"), "near");
    try {
      Files.createSymbolicLink(base.resolve("pos/link"), outside);
      Files.createSymbolicLink(base.resolve("pos/loop"), base.resolve("pos"));
    } catch (UnsupportedOperationException | IOException e) {
      return; // no symbolic links on this file system
    }
    assertEquals(List.of("near"), TextDirectory.read(base).texts());
    assertEquals(
        List.of("near", "far away"), TextDirectory.builder(base).followLinks(true).read().texts());
  }
}
