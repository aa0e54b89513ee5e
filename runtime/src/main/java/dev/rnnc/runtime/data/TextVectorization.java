package dev.rnnc.runtime.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Keras {@code keras.layers.TextVectorization} with {@code output_mode="int"}
 * (keras/src/layers/preprocessing/text_vectorization.py and index_lookup.py, Keras 3.15, TensorFlow
 * backend): text to token ids for an {@code @Embedding} model.
 *
 * <pre>{@code
 * TextVectorization vectorize = TextVectorization.builder()
 *     .maxTokens(20000).outputSequenceLength(200).build();
 * vectorize.adapt(trainTexts);                       // vocabulary from the training texts
 * int[][] x = vectorize.vectorize(trainTexts);       // (n, 200) token ids, 0 = padding, 1 = OOV
 * }</pre>
 *
 * <h2>What Keras does, and so does this class</h2>
 *
 * <ul>
 *   <li><b>Standardize</b> ({@code standardize="lower_and_strip_punctuation"}, the default): {@code
 *       tf.strings.lower}, which lowercases ASCII {@code A-Z} only ({@code "ÉCOLE"} becomes {@code
 *       "École"}), then {@code tf.strings.regex_replace} of Keras' pattern {@code
 *       [!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']}: the 32 ASCII punctuation characters of Python's
 *       {@code string.punctuation} are removed; Unicode punctuation ({@code ’ — « ¿}) stays.
 *   <li><b>Split</b> ({@code split="whitespace"}): {@code tf.strings.split}, on runs of the six
 *       ASCII whitespace characters (space, tab, line feed, U+000B, form feed, carriage return);
 *       leading and trailing whitespace gives no token; other Unicode spaces (no-break space, em
 *       space, U+3000, NEL) stay inside tokens.
 *   <li><b>Vocabulary</b> ({@link #adapt}): index 0 is the padding token {@code ""}, 1 the OOV
 *       token {@code "[UNK]"}, then every token seen, by descending count; equal counts in
 *       <em>descending</em> order of their UTF-8 bytes (= code points), Keras' {@code
 *       np.lexsort((tokens, counts))[::-1]}; {@code maxTokens} keeps the first {@code maxTokens -
 *       2} of them. A token that is not in the vocabulary maps to 1.
 *   <li><b>Output</b>: with {@code outputSequenceLength} every row has that length, truncated or
 *       padded with 0 at the end; without it one text gives its own number of tokens, and a batch
 *       is padded with 0 at the end to its longest text (Keras' ragged {@code to_tensor}); with
 *       {@code ragged} a batch keeps each text's length.
 * </ul>
 *
 * <p>Other {@code standardize} values: {@code "lower"}, {@code "strip_punctuation"}, {@code null}
 * (none), and a function (Keras' callable; {@link #lower} and {@link #stripPunctuation} are the
 * built-in steps, to compose as Keras' tutorials do). Keras' other modes ({@code multi_hot}, {@code
 * count}, {@code tf_idf}), n-grams, and character, none or callable splits are not offered. Checked
 * against real Keras 3.15.1: {@code tools/goldens/data_fixtures.py}.
 *
 * <p>Text is Java strings; Keras reads UTF-8 bytes, so a string with an unpaired surrogate (which
 * has no UTF-8 form) is not something Keras can see; here it is ordered by its UTF-16 unit.
 *
 * <p>Not thread-safe while {@link #adapt} or {@link #setVocabulary} runs; once the vocabulary is
 * set, {@code vectorize} may be called from several threads.
 */
public final class TextVectorization {
  /** Keras' padding (mask) token, index 0. */
  public static final String PADDING_TOKEN = "";

  /** Keras' out-of-vocabulary token, index 1. */
  public static final String OOV_TOKEN = "[UNK]";

  /** Keras' default {@code standardize}. */
  public static final String LOWER_AND_STRIP_PUNCTUATION = "lower_and_strip_punctuation";

  private static final int PAD_INDEX = 0;
  private static final int OOV_INDEX = 1;
  private static final int TOKEN_START = 2;
  private static final String PUNCTUATION = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~'";
  private static final boolean[] IS_PUNCTUATION = new boolean[128];

  static {
    for (int i = 0; i < PUNCTUATION.length(); i++) {
      IS_PUNCTUATION[PUNCTUATION.charAt(i)] = true;
    }
  }

  private final Integer maxTokens;
  private final boolean lower;
  private final boolean stripPunctuation;
  private final String standardize;
  private final UnaryOperator<String> customStandardize;
  private final Integer outputSequenceLength;
  private final boolean ragged;
  private final boolean hasInputVocabulary;

  /** Token to index, tokens only (not the two special ones); replaced whole, never mutated. */
  private volatile Map<String, Integer> lookup = Map.of();

  private volatile List<String> vocabulary = List.of(PADDING_TOKEN, OOV_TOKEN);

  /** A layer with Keras' defaults: no token limit, lower and strip punctuation, no fixed length. */
  public TextVectorization() {
    this(builder());
  }

  private TextVectorization(Builder b) {
    this.maxTokens = b.maxTokens;
    this.standardize = b.standardize;
    this.lower = "lower".equals(b.standardize) || LOWER_AND_STRIP_PUNCTUATION.equals(b.standardize);
    this.stripPunctuation =
        "strip_punctuation".equals(b.standardize)
            || LOWER_AND_STRIP_PUNCTUATION.equals(b.standardize);
    this.customStandardize = b.customStandardize;
    this.outputSequenceLength = b.outputSequenceLength;
    this.ragged = b.ragged;
    this.hasInputVocabulary = b.vocabulary != null;
    if (b.vocabulary != null) {
      setVocabulary(b.vocabulary);
    }
  }

  /** Options with Keras' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Keras' {@code TextVectorization} arguments. */
  public static final class Builder {
    private Integer maxTokens;
    private String standardize = LOWER_AND_STRIP_PUNCTUATION;
    private UnaryOperator<String> customStandardize;
    private Integer outputSequenceLength;
    private boolean ragged;
    private List<String> vocabulary;

    private Builder() {}

    /**
     * Keras' {@code max_tokens}: the largest vocabulary, the padding and OOV tokens included (so
     * {@code maxTokens - 2} learned tokens). Keras' default is no limit.
     *
     * @throws IllegalArgumentException if {@code maxTokens <= 1} (Keras' rule)
     */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens <= 1) {
        throw new IllegalArgumentException(
            "maxTokens must be greater than 1 (it counts the padding and OOV tokens); got "
                + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Keras' {@code standardize}: {@code "lower_and_strip_punctuation"} (default), {@code "lower"},
     * {@code "strip_punctuation"}, or {@code null} for none.
     *
     * @throws IllegalArgumentException for any other value
     */
    public Builder standardize(String standardize) {
      if (standardize != null
          && !List.of(LOWER_AND_STRIP_PUNCTUATION, "lower", "strip_punctuation")
              .contains(standardize)) {
        throw new IllegalArgumentException(
            "standardize must be one of \"lower_and_strip_punctuation\", \"lower\","
                + " \"strip_punctuation\" or null; got \""
                + standardize
                + "\"");
      }
      this.standardize = standardize;
      this.customStandardize = null;
      return this;
    }

    /**
     * Keras' callable {@code standardize} (a name of its own so that {@code standardize(null)}
     * stays unambiguous): this function replaces the built-in step (Keras applies it to the batch
     * tensor; here to each text). Keras' IMDB tutorial's {@code custom_standardization} is {@code t
     * -> stripPunctuation(lower(t).replace("<br />", " "))} with {@link TextVectorization#lower}
     * and {@link TextVectorization#stripPunctuation}.
     */
    public Builder standardizeWith(UnaryOperator<String> standardize) {
      this.customStandardize = Objects.requireNonNull(standardize, "standardize");
      this.standardize = "custom";
      return this;
    }

    /**
     * Keras' {@code split}; only {@code "whitespace"} (the default) is offered.
     *
     * @throws IllegalArgumentException for any other value
     */
    public Builder split(String split) {
      if (!"whitespace".equals(split)) {
        throw new IllegalArgumentException(
            "split must be \"whitespace\" (Keras' character, None and callable splits are not"
                + " offered); got "
                + (split == null ? "null" : "\"" + split + "\""));
      }
      return this;
    }

    /**
     * Keras' {@code output_sequence_length}: every output row is truncated or zero-padded at the
     * end to this length.
     *
     * @throws IllegalArgumentException if {@code length < 0}
     */
    public Builder outputSequenceLength(int length) {
      if (length < 0) {
        throw new IllegalArgumentException("outputSequenceLength must be >= 0; got " + length);
      }
      this.outputSequenceLength = length;
      return this;
    }

    /**
     * Keras' {@code ragged}: a batch keeps each text's own number of tokens (no padding; still
     * truncated to {@code outputSequenceLength} if set), for {@link Sequences#pad} to pad as
     * wanted.
     */
    public Builder ragged(boolean ragged) {
      this.ragged = ragged;
      return this;
    }

    /**
     * Keras' {@code vocabulary}: a fixed vocabulary instead of {@link #adapt}; see {@link
     * TextVectorization#setVocabulary}.
     */
    public Builder vocabulary(List<String> vocabulary) {
      this.vocabulary = List.copyOf(vocabulary);
      return this;
    }

    /** The layer. */
    public TextVectorization build() {
      return new TextVectorization(this);
    }
  }

  /**
   * Keras' {@code adapt(data)}: builds the vocabulary from every token of the texts (after
   * standardize and split), replacing any earlier one. An empty corpus (or one with no tokens)
   * leaves the vocabulary as it was, as Keras does.
   *
   * @throws IllegalStateException if the vocabulary was given to the builder (Keras' rule; {@link
   *     #setVocabulary} does not prevent adapting)
   * @throws NullPointerException if the corpus or one of its texts is null
   */
  public void adapt(Collection<String> corpus) {
    Objects.requireNonNull(corpus, "corpus");
    if (hasInputVocabulary) {
      throw new IllegalStateException(
          "cannot adapt a TextVectorization built with a fixed vocabulary (Keras' rule); build it"
              + " without one, or call setVocabulary");
    }
    Map<String, long[]> counts = new HashMap<>();
    for (String text : corpus) {
      Objects.requireNonNull(text, "a text of the corpus is null");
      for (String token : tokenize(text)) {
        counts.computeIfAbsent(token, t -> new long[1])[0]++;
      }
    }
    if (counts.isEmpty()) {
      return; // Keras' finalize_state returns early on no tokens (before removing special ones)
    }
    counts.remove(PADDING_TOKEN);
    counts.remove(OOV_TOKEN);
    List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        (a, b) -> {
          int byCount = Long.compare(b.getValue()[0], a.getValue()[0]);
          return byCount != 0 ? byCount : compareCodePoints(b.getKey(), a.getKey());
        });
    int keep = entries.size();
    if (maxTokens != null) {
      keep = Math.min(keep, maxTokens - TOKEN_START);
    }
    List<String> tokens = new ArrayList<>(keep);
    for (int i = 0; i < keep; i++) {
      tokens.add(entries.get(i).getKey());
    }
    install(tokens);
  }

  /**
   * Keras' {@code set_vocabulary(vocabulary)}: uses the given tokens, in order, from index 2 on.
   * The list may start with Keras' two special tokens ({@code "", "[UNK]"}, as {@link
   * #vocabulary()} and Keras' {@code get_vocabulary()} return them), or leave them out.
   *
   * @throws IllegalArgumentException if the list is empty, repeats a token, holds {@code ""}
   *     elsewhere than first, or is larger than {@code maxTokens}
   */
  public void setVocabulary(List<String> vocabulary) {
    Objects.requireNonNull(vocabulary, "vocabulary");
    if (vocabulary.isEmpty()) {
      throw new IllegalArgumentException("cannot set an empty vocabulary");
    }
    List<String> tokens = vocabulary;
    if (vocabulary.size() >= TOKEN_START
        && PADDING_TOKEN.equals(vocabulary.get(0))
        && OOV_TOKEN.equals(vocabulary.get(1))) {
      tokens = vocabulary.subList(TOKEN_START, vocabulary.size());
    }
    Set<String> seen = new HashSet<>();
    List<String> repeated = new ArrayList<>();
    for (String token : tokens) {
      Objects.requireNonNull(token, "a vocabulary token is null");
      if (!seen.add(token) && !repeated.contains(token)) {
        repeated.add(token);
      }
    }
    if (!repeated.isEmpty()) {
      throw new IllegalArgumentException(
          "the vocabulary repeats these tokens: "
              + quoted(repeated)
              + "; each token must be unique");
    }
    if (seen.contains(PADDING_TOKEN)) {
      throw new IllegalArgumentException(
          "the padding token \"\" is at index "
              + (vocabulary.lastIndexOf(PADDING_TOKEN))
              + " of the vocabulary; include it only first, followed by \"[UNK]\", or leave both"
              + " out");
    }
    if (maxTokens != null && tokens.size() + TOKEN_START > maxTokens) {
      throw new IllegalArgumentException(
          "the vocabulary has "
              + (tokens.size() + TOKEN_START)
              + " tokens with the padding and OOV tokens; maxTokens is "
              + maxTokens);
    }
    install(tokens);
  }

  private void install(List<String> tokens) {
    Map<String, Integer> map = new HashMap<>(tokens.size() * 2);
    List<String> vocab = new ArrayList<>(tokens.size() + TOKEN_START);
    vocab.add(PADDING_TOKEN);
    vocab.add(OOV_TOKEN);
    for (String token : tokens) {
      map.put(token, vocab.size());
      vocab.add(token);
    }
    lookup = map;
    vocabulary = List.copyOf(vocab);
  }

  /** Keras' {@code get_vocabulary()}: the tokens by index, {@code ""} and {@code "[UNK]"} first. */
  public List<String> vocabulary() {
    return vocabulary;
  }

  /** Keras' {@code vocabulary_size()}: the number of tokens, the two special ones included. */
  public int vocabularySize() {
    return vocabulary.size();
  }

  /** The {@code output_sequence_length}, or {@code null} when rows keep their own lengths. */
  public Integer outputSequenceLength() {
    return outputSequenceLength;
  }

  /** The {@code max_tokens}, or {@code null} for no limit. */
  public Integer maxTokens() {
    return maxTokens;
  }

  /** The {@code standardize} mode, {@code "custom"} for a function, or {@code null} for none. */
  public String standardizeMode() {
    return standardize;
  }

  /** The index of one token ({@code ""} gives 0, a token not in the vocabulary 1). */
  public int indexOf(String token) {
    if (PADDING_TOKEN.equals(token)) {
      return PAD_INDEX;
    }
    return lookup.getOrDefault(token, OOV_INDEX);
  }

  /** The text after this layer's {@code standardize} step. */
  public String standardize(String text) {
    Objects.requireNonNull(text, "text");
    if (customStandardize != null) {
      return Objects.requireNonNull(
          customStandardize.apply(text), "the custom standardize function returned null");
    }
    return standardize(text, lower, stripPunctuation);
  }

  /**
   * {@code tf.strings.lower} as Keras calls it (no encoding): ASCII {@code A-Z} lowercased, every
   * other character kept. For a custom {@link Builder#standardizeWith(UnaryOperator)}.
   */
  public static String lower(String text) {
    return standardize(Objects.requireNonNull(text, "text"), true, false);
  }

  /**
   * Keras' punctuation strip, {@code tf.strings.regex_replace} of {@code
   * [!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']} with {@code ""}: the 32 ASCII characters of Python's
   * {@code string.punctuation} removed. For a custom {@link
   * Builder#standardizeWith(UnaryOperator)}.
   */
  public static String stripPunctuation(String text) {
    return standardize(Objects.requireNonNull(text, "text"), false, true);
  }

  private static String standardize(String text, boolean lower, boolean stripPunctuation) {
    if (!lower && !stripPunctuation) {
      return text;
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char mapped = c;
      boolean drop = false;
      if (c < 128) {
        if (lower && c >= 'A' && c <= 'Z') {
          mapped = (char) (c + ('a' - 'A'));
        } else if (stripPunctuation && IS_PUNCTUATION[c]) {
          drop = true;
        }
      }
      if (out == null && (drop || mapped != c)) {
        out = new StringBuilder(text.length());
        out.append(text, 0, i);
      }
      if (out != null && !drop) {
        out.append(mapped);
      }
    }
    return out == null ? text : out.toString();
  }

  /** The tokens of a text: {@link #standardize}, then the whitespace split. */
  public List<String> tokenize(String text) {
    String s = standardize(text);
    List<String> tokens = new ArrayList<>();
    int n = s.length();
    int i = 0;
    while (i < n) {
      while (i < n && isAsciiSpace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isAsciiSpace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        tokens.add(s.substring(start, i));
      }
    }
    return tokens;
  }

  /**
   * Keras' call on one text: its token ids, {@code outputSequenceLength} long if set (truncated, or
   * zero-padded at the end unless {@code ragged}), else one id per token.
   */
  public int[] vectorize(String text) {
    List<String> tokens = tokenize(text);
    return ids(tokens, rowLength(tokens.size(), tokens.size()));
  }

  /**
   * Keras' call on a batch of texts: one row per text, all of {@code outputSequenceLength} if set,
   * else of the longest text's token count (shorter rows zero-padded at the end). With {@code
   * ragged} each row keeps its own length (truncated to {@code outputSequenceLength} if set).
   *
   * @throws NullPointerException if the list or one of its texts is null
   */
  public int[][] vectorize(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    int[][] out = new int[texts.size()][];
    int longest = 0;
    for (int i = 0; i < out.length; i++) {
      String text = texts.get(i);
      if (text == null) {
        throw new NullPointerException("text " + i + " is null");
      }
      List<String> tokens = tokenize(text);
      int own =
          outputSequenceLength != null
              ? Math.min(tokens.size(), outputSequenceLength)
              : tokens.size();
      out[i] = ids(tokens, own);
      longest = Math.max(longest, tokens.size());
    }
    if (!ragged) {
      int length = outputSequenceLength != null ? outputSequenceLength : longest;
      for (int i = 0; i < out.length; i++) {
        if (out[i].length != length) {
          out[i] = Arrays.copyOf(out[i], length); // zero-padded at the end
        }
      }
    }
    return out;
  }

  private int rowLength(int tokens, int longest) {
    if (ragged) {
      return outputSequenceLength != null ? Math.min(tokens, outputSequenceLength) : tokens;
    }
    return outputSequenceLength != null ? outputSequenceLength : longest;
  }

  /** Keras' {@code ragged}: whether a batch keeps each text's own length. */
  public boolean ragged() {
    return ragged;
  }

  private int[] ids(List<String> tokens, int length) {
    Map<String, Integer> map = lookup;
    int[] out = new int[length]; // 0 = padding
    int n = Math.min(length, tokens.size());
    for (int t = 0; t < n; t++) {
      String token = tokens.get(t);
      out[t] = token.isEmpty() ? PAD_INDEX : map.getOrDefault(token, OOV_INDEX);
    }
    return out;
  }

  private static boolean isAsciiSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r'); // tab, LF, U+000B, FF, CR: C's isspace
  }

  /** Compares as UTF-8 bytes do, i.e. by code point (String.compareTo compares UTF-16 units). */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  private static String quoted(List<String> tokens) {
    List<String> q = new ArrayList<>();
    for (String t : tokens.subList(0, Math.min(10, tokens.size()))) {
      q.add("\"" + t + "\"");
    }
    return String.join(", ", q) + (tokens.size() > 10 ? ", ..." : "");
  }

  @Override
  public String toString() {
    return "TextVectorization(maxTokens="
        + maxTokens
        + ", standardize="
        + (standardize == null ? "null" : "\"" + standardize + "\"")
        + ", outputSequenceLength="
        + outputSequenceLength
        + (ragged ? ", ragged=true" : "")
        + ", vocabularySize="
        + vocabularySize()
        + ")"
        + (vocabulary.size() > TOKEN_START
            ? " " + Arrays.toString(vocabulary.subList(0, Math.min(8, vocabulary.size())).toArray())
            : "");
  }
}
