package dev.rnnc.examples.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled sentences in the format of the UCI "Sentiment Labelled Sentences" files: one {@code
 * <sentence><TAB><label>} line per example, the label 0 (negative) or 1 (positive). The corpus and
 * its licence: {@code data/sentiment-labelled-sentences/README.md}.
 *
 * @param texts the sentences
 * @param labels their labels, 0 or 1
 */
public record LabelledSentences(List<String> texts, List<Integer> labels) {

  /** The three bundled files: 1,000 sentences each from amazon.com, imdb.com and yelp.com. */
  public static final List<String> FILES =
      List.of("amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt");

  /** All bundled sentences, file after file. */
  public static LabelledSentences bundled() {
    return bundled(FILES.toArray(String[]::new));
  }

  /** The bundled sentences of the given {@link #FILES}, file after file. */
  public static LabelledSentences bundled(String... files) {
    List<String> texts = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (String file : files) {
      String resource = "/data/sentiment-labelled-sentences/" + file;
      try (InputStream in = LabelledSentences.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is missing from the examples' classpath");
        }
        LabelledSentences part = read(new InputStreamReader(in, StandardCharsets.UTF_8));
        texts.addAll(part.texts());
        labels.addAll(part.labels());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new LabelledSentences(List.copyOf(texts), List.copyOf(labels));
  }

  /**
   * Reads {@code <sentence><TAB><label>} lines (the last tab separates; a sentence may hold tabs).
   *
   * @throws IllegalArgumentException naming the line and what was expected there
   */
  public static LabelledSentences read(Reader lines) throws IOException {
    List<String> texts = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    BufferedReader reader = new BufferedReader(lines);
    int number = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      int tab = line.lastIndexOf('\t');
      if (tab < 0) {
        throw new IllegalArgumentException(
            "line " + number + ": expected <sentence><TAB><label>, found no tab");
      }
      String label = line.substring(tab + 1).strip();
      if (!label.equals("0") && !label.equals("1")) {
        throw new IllegalArgumentException(
            "line " + number + ": expected the label 0 or 1 after the tab, found '" + label + "'");
      }
      texts.add(line.substring(0, tab));
      labels.add(Integer.parseInt(label));
    }
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("no labelled sentences");
    }
    return new LabelledSentences(List.copyOf(texts), List.copyOf(labels));
  }

  /** The labels as Keras' binary targets, one {@code [label]} row per sentence. */
  public float[][] targets() {
    float[][] y = new float[labels.size()][1];
    for (int i = 0; i < y.length; i++) {
      y[i][0] = labels.get(i);
    }
    return y;
  }

  /**
   * The sentences whose index {@code i} has {@code i % every == remainder} ({@code keep}) or not.
   */
  public LabelledSentences every(int every, int remainder, boolean keep) {
    List<String> t = new ArrayList<>();
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      if ((i % every == remainder) == keep) {
        t.add(texts.get(i));
        l.add(labels.get(i));
      }
    }
    return new LabelledSentences(List.copyOf(t), List.copyOf(l));
  }
}
