package dev.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link TextVectorization} against real Keras 3.15.1 (tools/goldens/data_fixtures.py). */
class TextVectorizationTest {
  private static final JsonNode FIXTURE = DataFixtures.read("text_vectorization.json");

  static Stream<JsonNode> cases() {
    List<JsonNode> cases = new ArrayList<>();
    FIXTURE.get("cases").forEach(cases::add);
    return cases.stream();
  }

  static TextVectorization layer(JsonNode options) {
    TextVectorization.Builder b = TextVectorization.builder();
    if (options.has("max_tokens")) {
      b.maxTokens(options.get("max_tokens").asInt());
    }
    if (options.has("output_sequence_length")) {
      b.outputSequenceLength(options.get("output_sequence_length").asInt());
    }
    if (options.has("ragged")) {
      b.ragged(options.get("ragged").asBoolean());
    }
    if (options.has("standardize")) {
      JsonNode s = options.get("standardize");
      if (s.isNull()) {
        b.standardize(null);
      } else if (s.asText().equals("imdb_tutorial")) {
        // Keras' IMDB tutorial's custom_standardization
        b.standardizeWith(
            t ->
                TextVectorization.stripPunctuation(
                    TextVectorization.lower(t).replace("<br />", " ")));
      } else {
        b.standardize(s.asText());
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesKeras(JsonNode c) {
    String name = c.get("name").asText();
    TextVectorization layer = layer(c.get("options"));
    layer.adapt(DataFixtures.strings(c.get("corpus")));
    assertEquals(
        DataFixtures.strings(c.get("vocabulary")), layer.vocabulary(), name + " vocabulary");
    assertEquals(c.get("vocabulary_size").asInt(), layer.vocabularySize(), name);
    List<String> queries = DataFixtures.strings(c.get("queries"));
    int[][] expected = DataFixtures.ints2(c.get("batch"));
    int[][] actual = layer.vectorize(queries);
    assertEquals(expected.length, actual.length, name);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], name + " batch row " + i + ": " + queries.get(i));
    }
    for (int i = 0; i < queries.size(); i++) {
      assertArrayEquals(
          DataFixtures.ints(c.get("singles").get(i)),
          layer.vectorize(queries.get(i)),
          name + " single " + i + ": " + queries.get(i));
    }
  }

  @Test
  void setVocabularyWithAndWithoutTheSpecialTokensAsKeras() {
    JsonNode sv = FIXTURE.get("set_vocabulary");
    List<String> queries = DataFixtures.strings(sv.get("queries"));
    for (String kind : List.of("without_special", "with_special")) {
      TextVectorization layer = new TextVectorization();
      layer.setVocabulary(DataFixtures.strings(sv.get(kind).get("given")));
      assertEquals(DataFixtures.strings(sv.get(kind).get("vocabulary")), layer.vocabulary(), kind);
      int[][] expected = DataFixtures.ints2(sv.get(kind).get("batch"));
      int[][] actual = layer.vectorize(queries);
      for (int i = 0; i < expected.length; i++) {
        assertArrayEquals(expected[i], actual[i], kind + " row " + i);
      }
    }
  }

  @Test
  void adaptingTextsWithoutTokensKeepsTheVocabularyAsKeras() {
    TextVectorization layer = new TextVectorization();
    assertEquals(DataFixtures.strings(FIXTURE.get("unadapted_vocabulary")), layer.vocabulary());
    layer.setVocabulary(List.of("", "[UNK]", "bad", "movie"));
    layer.adapt(List.of("x y y"));
    layer.adapt(List.of("", "  "));
    assertEquals(DataFixtures.strings(FIXTURE.get("adapt_x_y_y_then_empty")), layer.vocabulary());
    layer.adapt(List.of());
    assertEquals(List.of("", "[UNK]", "y", "x"), layer.vocabulary());
  }

  @Test
  void unadaptedLayerMapsEverythingToOov() {
    TextVectorization layer = TextVectorization.builder().outputSequenceLength(3).build();
    assertEquals(2, layer.vocabularySize());
    assertArrayEquals(new int[] {1, 1, 0}, layer.vectorize("hello world"));
  }

  @Test
  void standardizeAndTokenizeFollowTensorFlowsAsciiRules() {
    TextVectorization layer = new TextVectorization();
    assertEquals("École dont  ab", layer.standardize("ÉCOLE DON'T -- A.B"));
    assertEquals(List.of("a\u00a0b", "c"), layer.tokenize(" a\u00a0b\t\u000b\f\r\nC "));
    assertEquals(List.of(), layer.tokenize(" !?. ,"));
    String same = "already clean";
    assertSame(same, layer.standardize(same));
  }

  @Test
  void tiesAreBrokenByCodePointNotUtf16Order() {
    // U+1F600 is D83D DE00 in UTF-16, below U+FF21; its UTF-8 bytes (F0 ...) are above EF BC A1
    assertTrue(TextVectorization.compareCodePoints("\uD83D\uDE00", "\uFF21") > 0);
    assertTrue("\uD83D\uDE00".compareTo("\uFF21") < 0);
    assertTrue(TextVectorization.compareCodePoints("ab", "abc") < 0);
    assertEquals(0, TextVectorization.compareCodePoints("x", "x"));
    TextVectorization layer = new TextVectorization();
    layer.adapt(List.of("\uFF21 \uD83D\uDE00 b a"));
    assertEquals(List.of("", "[UNK]", "\uD83D\uDE00", "\uFF21", "b", "a"), layer.vocabulary());
  }

  @Test
  void onlySpecialTokensOrMaxTokensTwoGiveOnlyTheSpecialTokens() {
    // Keras fails here (TensorFlow cannot build an empty lookup table); rnnc keeps "" and [UNK]
    TextVectorization raw = TextVectorization.builder().standardize(null).build();
    raw.adapt(List.of("[UNK] [UNK]"));
    assertEquals(List.of("", "[UNK]"), raw.vocabulary());
    TextVectorization two = TextVectorization.builder().maxTokens(2).build();
    two.adapt(List.of("a b"));
    assertEquals(List.of("", "[UNK]"), two.vocabulary());
    assertArrayEquals(new int[] {1, 1}, two.vectorize("a b"));
  }

  @Test
  void badOptionsAndVocabulariesAreClearErrors() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TextVectorization.builder().maxTokens(1));
    assertTrue(e.getMessage().contains("greater than 1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> TextVectorization.builder().standardize("upper"));
    assertTrue(e.getMessage().contains("\"upper\""), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> TextVectorization.builder().split("character"));
    TextVectorization nullFunction = TextVectorization.builder().standardizeWith(t -> null).build();
    assertThrows(NullPointerException.class, () -> nullFunction.tokenize("x"));
    assertEquals("custom", nullFunction.standardizeMode());
    assertThrows(
        IllegalArgumentException.class, () -> TextVectorization.builder().outputSequenceLength(-1));

    TextVectorization layer = TextVectorization.builder().maxTokens(4).build();
    e = assertThrows(IllegalArgumentException.class, () -> layer.setVocabulary(List.of()));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> layer.setVocabulary(List.of("a", "b", "a")));
    assertTrue(e.getMessage().contains("\"a\""), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> layer.setVocabulary(List.of("a", "")));
    assertTrue(e.getMessage().contains("index 1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> layer.setVocabulary(List.of("a", "b", "c")));
    assertTrue(e.getMessage().contains("5 tokens") && e.getMessage().contains("maxTokens is 4"));

    TextVectorization fixed =
        TextVectorization.builder().vocabulary(List.of("good", "bad")).build();
    assertEquals(List.of("", "[UNK]", "good", "bad"), fixed.vocabulary());
    assertThrows(IllegalStateException.class, () -> fixed.adapt(List.of("x")));
    List<String> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> layer.adapt(withNull));
    NullPointerException npe =
        assertThrows(NullPointerException.class, () -> layer.vectorize(withNull));
    assertTrue(npe.getMessage().contains("text 0"), npe.getMessage());
  }

  @Test
  void indexOfMatchesTheVocabulary() {
    TextVectorization layer = new TextVectorization();
    layer.adapt(List.of("b b a"));
    assertEquals(0, layer.indexOf(""));
    assertEquals(1, layer.indexOf("zzz"));
    assertEquals(2, layer.indexOf("b"));
    assertEquals(3, layer.indexOf("a"));
  }
}
