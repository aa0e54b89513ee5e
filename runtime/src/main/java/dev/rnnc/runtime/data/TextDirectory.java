package dev.rnnc.runtime.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads labelled texts laid out as Keras' {@code keras.utils.text_dataset_from_directory} reads
 * them (keras/src/utils/text_dataset_utils.py and dataset_utils.py, Keras 3.15) — the layout of the
 * IMDB archive {@code aclImdb}:
 *
 * <pre>
 * train/
 *   neg/0_3.txt  neg/1_1.txt ...     class "neg" = label 0
 *   pos/0_9.txt  ...                 class "pos" = label 1
 *   unsup/...                        a third folder: leave it out with classNames("neg", "pos")
 * </pre>
 *
 * <pre>{@code
 * TextDirectory.Dataset train = TextDirectory.read(Path.of("aclImdb/train"), "neg", "pos");
 * TextDirectory.Split split = TextDirectory.builder(Path.of("aclImdb/train"))
 *     .classNames("neg", "pos").seed(1337).validationSplit(0.2).readBoth();  // Keras' subset="both"
 * }</pre>
 *
 * <h2>Keras' rules, followed here</h2>
 *
 * <ul>
 *   <li>The classes are the sub-folders of the directory whose names do not start with {@code "."},
 *       sorted by code point; their positions are the labels {@code 0..n-1}. Given {@code
 *       classNames} must be some of those folders; their order then gives the labels, and the other
 *       folders are not read. Files directly in the directory are not read.
 *   <li>Each class folder is read recursively (sub-folders too, hidden ones included; folders
 *       reached through a symbolic link only with {@link Builder#followLinks}); a file counts when
 *       its name ends in {@code .txt} in any case ({@code .TXT} too), hidden files included.
 *   <li><b>Order</b> (Keras' {@code shuffle=False}): class by class in label order; within a class
 *       by folder path, then by file name, both compared by code point ({@code "B.txt"} before
 *       {@code "a.txt"}, {@code "10.txt"} before {@code "9.txt"}; the folder {@code a-b} before
 *       {@code a/x}, as Keras sorts {@code os.walk}'s folder paths).
 *   <li>With {@link Builder#seed} the files are shuffled as Keras' {@code index_directory} does
 *       with that seed ({@code np.random.RandomState(seed).shuffle}, reproduced bit for bit), so a
 *       {@link Builder#validationSplit} keeps the same files for training and for validation as
 *       Keras with the same seed: validation is the last {@code int(split * n)} files. (Keras'
 *       dataset then also shuffles batches on the fly; that order is not reproduced — {@code fit}
 *       shuffles anyway.)
 *   <li>A class folder with no text files is still a class (no error, as Keras); no text files at
 *       all is an error.
 * </ul>
 *
 * <h2>Text</h2>
 *
 * Each file is one text, decoded as UTF-8 (a byte-order mark, if any, stays as U+FEFF, as in the
 * bytes Keras reads). Keras hands the raw bytes on and never decodes them; here a file that is not
 * valid UTF-8 is a {@link MalformedDataException} naming the file and the byte offset, unless
 * {@link Builder#replaceMalformedInput} asks for U+FFFD replacement characters (Java's decoder's
 * replacement, one per malformed sequence). Keras' {@code max_length} and {@code label_mode=None}
 * are not offered; {@link Dataset#binaryLabels} and {@link Dataset#categoricalLabels} give the
 * labels as Keras' {@code label_mode="binary"} and {@code "categorical"} do.
 */
public final class TextDirectory {
  private TextDirectory() {}

  /**
   * Every class folder of {@code directory}, in Keras' sorted order ({@code shuffle=False}).
   *
   * @throws NoSuchFileException if the directory does not exist
   * @throws NotDirectoryException if it is a file
   * @throws MalformedDataException if there is no text file, or one is not UTF-8
   */
  public static Dataset read(Path directory) throws IOException {
    return builder(directory).read();
  }

  /**
   * The given class folders, labelled in the given order (Keras' {@code class_names}), in Keras'
   * sorted order ({@code shuffle=False}). For IMDB: {@code read(dir, "neg", "pos")}.
   *
   * @throws IllegalArgumentException if a name is not a class folder of the directory
   * @throws NoSuchFileException if the directory does not exist
   * @throws MalformedDataException if there is no text file, or one is not UTF-8
   */
  public static Dataset read(Path directory, String... classNames) throws IOException {
    return builder(directory).classNames(classNames).read();
  }

  /** Options for reading {@code directory}; by default as {@link #read(Path)}. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /**
   * Keras' {@code text_dataset_from_directory} arguments that decide which files, and in what
   * order.
   */
  public static final class Builder {
    private final Path directory;
    private List<String> classNames;
    private Long seed;
    private double validationSplit;
    private String subset;
    private boolean followLinks;
    private boolean replaceMalformed;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** Keras' {@code class_names}: which class folders, and their labels by position. */
    public Builder classNames(String... classNames) {
      return classNames(Arrays.asList(classNames));
    }

    /** Keras' {@code class_names}: which class folders, and their labels by position. */
    public Builder classNames(List<String> classNames) {
      Objects.requireNonNull(classNames, "classNames");
      if (classNames.isEmpty()) {
        throw new IllegalArgumentException("classNames is empty; give at least one class folder");
      }
      Set<String> seen = new HashSet<>();
      for (String name : classNames) {
        Objects.requireNonNull(name, "a class name is null");
        if (!seen.add(name)) {
          throw new IllegalArgumentException(
              "class name \"" + name + "\" is given twice in " + classNames);
        }
      }
      this.classNames = List.copyOf(classNames);
      return this;
    }

    /**
     * Keras' {@code shuffle=True, seed=seed}: the files in the order Keras' {@code index_directory}
     * shuffles them to with this seed. Without a seed the order is Keras' {@code shuffle=False}
     * order (sorted).
     *
     * @throws IllegalArgumentException if the seed is outside {@code [0, 2^32 - 1]} (NumPy's)
     */
    public Builder seed(long seed) {
      if (seed < 0 || seed > 0xFFFFFFFFL) {
        throw new IllegalArgumentException(
            "seed must be between 0 and 2**32 - 1 (NumPy's RandomState); got " + seed);
      }
      this.seed = seed;
      return this;
    }

    /**
     * Keras' {@code validation_split} and {@code subset}: {@link #read} returns the {@code
     * "training"} files (all but the last {@code int(fraction * n)}) or the {@code "validation"}
     * ones (those last); {@link #readBoth} returns both, Keras' {@code subset="both"}.
     *
     * @throws IllegalArgumentException if {@code fraction} is not strictly between 0 and 1, or
     *     {@code subset} is not {@code "training"}, {@code "validation"} or {@code "both"}
     */
    public Builder validationSplit(double fraction, String subset) {
      if (!(fraction > 0 && fraction < 1)) {
        throw new IllegalArgumentException(
            "validation split must be between 0 and 1 (exclusive); got " + fraction);
      }
      if (!List.of("training", "validation", "both").contains(subset)) {
        throw new IllegalArgumentException(
            "subset must be \"training\", \"validation\" or \"both\"; got "
                + (subset == null ? "null" : "\"" + subset + "\""));
      }
      this.validationSplit = fraction;
      this.subset = subset;
      return this;
    }

    /** {@code validationSplit(fraction, "both")}, for {@link #readBoth}. */
    public Builder validationSplit(double fraction) {
      return validationSplit(fraction, "both");
    }

    /** Keras' {@code follow_links}: descend into folders reached through symbolic links. */
    public Builder followLinks(boolean followLinks) {
      this.followLinks = followLinks;
      return this;
    }

    /**
     * Decode bytes that are not UTF-8 to U+FFFD instead of failing (the default: a {@link
     * MalformedDataException} naming the file and byte offset).
     */
    public Builder replaceMalformedInput(boolean replace) {
      this.replaceMalformed = replace;
      return this;
    }

    /**
     * Reads the texts: all of them, or the {@code subset} of a {@link #validationSplit}.
     *
     * @throws IllegalStateException if the split asked for {@code "both"}: use {@link #readBoth}
     * @throws IllegalArgumentException if a class name is not a class folder
     * @throws NoSuchFileException if the directory does not exist
     * @throws NotDirectoryException if it is a file
     * @throws MalformedDataException if there is no text file (in the subset), or one is not UTF-8
     */
    public Dataset read() throws IOException {
      if ("both".equals(subset)) {
        throw new IllegalStateException(
            "the validation split asks for both subsets: call readBoth(), or give \"training\" or"
                + " \"validation\"");
      }
      Index index = index();
      if (subset == null) {
        return index.load(0, index.files.size());
      }
      int validation = validationCount(index);
      int training = index.files.size() - validation;
      return "training".equals(subset)
          ? index.load(0, training)
          : index.load(training, index.files.size());
    }

    /**
     * Keras' {@code subset="both"}: the training files and the validation files (the last {@code
     * int(fraction * n)}).
     *
     * @throws IllegalStateException if no {@link #validationSplit} was given
     * @throws MalformedDataException if either subset would be empty, or a file is not UTF-8
     */
    public Split readBoth() throws IOException {
      if (subset == null) {
        throw new IllegalStateException("readBoth needs a validationSplit");
      }
      Index index = index();
      int validation = validationCount(index);
      int training = index.files.size() - validation;
      return new Split(index.load(0, training), index.load(training, index.files.size()));
    }

    private int validationCount(Index index) throws MalformedDataException {
      int n = index.files.size();
      int validation = (int) (validationSplit * n); // Python's int(validation_split * n)
      if (validation == 0 || validation == n) {
        throw new MalformedDataException(
            directory,
            "a validation split of "
                + validationSplit
                + " of "
                + n
                + " text files leaves "
                + (validation == 0 ? "no validation" : "no training")
                + " files (Keras: int(split * n) = "
                + validation
                + ")");
      }
      return validation;
    }

    private Index index() throws IOException {
      if (!Files.exists(directory)) {
        throw new NoSuchFileException(
            directory.toString(),
            null,
            "no such directory (expected <directory>/<class name>/*.txt, the layout of Keras'"
                + " text_dataset_from_directory)");
      }
      if (!Files.isDirectory(directory)) {
        throw new NotDirectoryException(directory.toString());
      }
      List<String> folders = new ArrayList<>();
      try (Stream<Path> entries = Files.list(directory)) {
        for (Path p : (Iterable<Path>) entries::iterator) {
          String name = p.getFileName().toString();
          if (Files.isDirectory(p) && !name.startsWith(".")) {
            folders.add(name);
          }
        }
      }
      folders.sort(TextVectorization::compareCodePoints);
      List<String> classes = folders;
      if (classNames != null) {
        for (String name : classNames) {
          if (!folders.contains(name)) {
            throw new IllegalArgumentException(
                "class name \""
                    + name
                    + "\" is not a folder of "
                    + directory
                    + "; the class folders are "
                    + folders
                    + " (classNames must be some of them)");
          }
        }
        classes = classNames;
      }
      List<Path> files = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      for (int label = 0; label < classes.size(); label++) {
        Path classDir = directory.resolve(classes.get(label));
        List<String[]> found = new ArrayList<>(); // {folder path relative to the class, file name}
        walk(classDir, "", found, new HashSet<>());
        found.sort(
            (a, b) -> {
              int byFolder = TextVectorization.compareCodePoints(a[0], b[0]);
              return byFolder != 0 ? byFolder : TextVectorization.compareCodePoints(a[1], b[1]);
            });
        for (String[] f : found) {
          Path folder = f[0].isEmpty() ? classDir : classDir.resolve(f[0]);
          files.add(folder.resolve(f[1]));
          labels.add(label);
        }
      }
      if (files.isEmpty()) {
        throw new MalformedDataException(
            directory,
            "no .txt files in the class folders "
                + classes
                + " (expected <directory>/<class name>/*.txt)");
      }
      if (seed != null) {
        int[] order = NumpyShuffle.permutation(seed, files.size());
        List<Path> shuffledFiles = new ArrayList<>(files.size());
        List<Integer> shuffledLabels = new ArrayList<>(files.size());
        for (int k : order) {
          shuffledFiles.add(files.get(k));
          shuffledLabels.add(labels.get(k));
        }
        files = shuffledFiles;
        labels = shuffledLabels;
      }
      return new Index(files, labels, List.copyOf(classes), replaceMalformed);
    }

    /** os.walk: folders in {@code found} by their path below the class folder ("" = itself). */
    private void walk(Path dir, String relative, List<String[]> found, Set<Path> visited)
        throws IOException {
      if (followLinks && !visited.add(dir.toRealPath())) {
        return; // a link cycle: os.walk would loop; visit each real folder once
      }
      List<Path> entries;
      try (Stream<Path> s = Files.list(dir)) {
        entries = s.toList();
      }
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (Files.isDirectory(p)) { // follows links, as os.walk's is_dir()
          if (followLinks || !Files.isSymbolicLink(p)) {
            walk(p, relative.isEmpty() ? name : relative + "/" + name, found, visited);
          }
        } else if (name.toLowerCase(Locale.ROOT).endsWith(".txt")) {
          found.add(new String[] {relative, name});
        }
      }
    }
  }

  private record Index(
      List<Path> files, List<Integer> labels, List<String> classNames, boolean replace) {
    Dataset load(int from, int to) throws IOException {
      List<String> texts = new ArrayList<>(to - from);
      int[] out = new int[to - from];
      for (int i = from; i < to; i++) {
        texts.add(decode(files.get(i), replace));
        out[i - from] = labels.get(i);
      }
      return new Dataset(texts, out, classNames, files.subList(from, to));
    }
  }

  static String decode(Path file, boolean replace) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    CodingErrorAction action = replace ? CodingErrorAction.REPLACE : CodingErrorAction.REPORT;
    CharsetDecoder decoder =
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(action).onUnmappableCharacter(action);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int at = in.position();
      int end = Math.min(bytes.length, at + result.length());
      StringBuilder hex = new StringBuilder();
      for (int i = at; i < end; i++) {
        hex.append(String.format(" %02x", bytes[i] & 0xff));
      }
      throw new MalformedDataException(
          file,
          "not UTF-8 at byte "
              + at
              + " (bytes"
              + hex
              + "); expected UTF-8 text (re-encode the file, or read with"
              + " replaceMalformedInput(true) to get U+FFFD there)");
    }
    out.flip();
    return out.toString();
  }

  /**
   * Texts with their labels, in the order read. Keras' dataset elements, all at once: {@code
   * texts().get(i)} is labelled {@code labels()[i]}, class {@code classNames().get(labels()[i])},
   * read from {@code files().get(i)}.
   */
  public static final class Dataset {
    private final List<String> texts;
    private final int[] labels;
    private final List<String> classNames;
    private final List<Path> files;

    Dataset(List<String> texts, int[] labels, List<String> classNames, List<Path> files) {
      this.texts = List.copyOf(texts);
      this.labels = labels;
      this.classNames = classNames;
      this.files = List.copyOf(files);
    }

    /** The texts, one per file. */
    public List<String> texts() {
      return texts;
    }

    /** The labels (Keras' {@code label_mode="int"}), a copy. */
    public int[] labels() {
      return labels.clone();
    }

    /**
     * Keras' {@code label_mode="binary"}: {@code (n, 1)} floats 0 and 1, the target of a {@code
     * binary_crossentropy} model with one sigmoid output.
     *
     * @throws IllegalStateException unless there are exactly 2 classes (Keras' rule)
     */
    public float[][] binaryLabels() {
      if (classNames.size() != 2) {
        throw new IllegalStateException(
            "binary labels need exactly 2 class names; got " + classNames);
      }
      float[][] y = new float[labels.length][1];
      for (int i = 0; i < labels.length; i++) {
        y[i][0] = labels[i];
      }
      return y;
    }

    /** Keras' {@code label_mode="categorical"}: one-hot {@code (n, classes)} floats. */
    public float[][] categoricalLabels() {
      float[][] y = new float[labels.length][classNames.size()];
      for (int i = 0; i < labels.length; i++) {
        y[i][labels[i]] = 1f;
      }
      return y;
    }

    /** Keras' {@code class_names}: the class of each label, by label. */
    public List<String> classNames() {
      return classNames;
    }

    /** The file each text was read from. */
    public List<Path> files() {
      return files;
    }

    /** The number of texts. */
    public int size() {
      return texts.size();
    }

    /** How many texts each class has, by label. */
    public int[] classCounts() {
      int[] counts = new int[classNames.size()];
      for (int label : labels) {
        counts[label]++;
      }
      return counts;
    }

    @Override
    public String toString() {
      return "TextDirectory.Dataset("
          + size()
          + " texts, classes "
          + classNames
          + ", counts "
          + Arrays.toString(classCounts())
          + ")";
    }
  }

  /**
   * Keras' {@code subset="both"}: the training and validation datasets.
   *
   * @param training all but the last {@code int(split * n)} files
   * @param validation the last {@code int(split * n)} files
   */
  public record Split(Dataset training, Dataset validation) {}
}
