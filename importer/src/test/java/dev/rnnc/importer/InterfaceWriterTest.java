package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Keras names can hold anything; the source written around them must stay valid Java. */
class InterfaceWriterTest {

  @Test
  void plainTextIsCode() {
    assertEquals("{@code gru-encoder}", InterfaceWriter.code("gru-encoder"));
    assertEquals("{@code (T, 3)}", InterfaceWriter.code("(T, 3)"));
  }

  @Test
  void bracesCommentEndsBackslashesAndNonAsciiBecomeCharacterReferences() {
    assertEquals("<code>a&#123;b&#125;</code>", InterfaceWriter.code("a{b}"));
    assertEquals("<code>x&#42;&#47;y</code>", InterfaceWriter.code("x*/y"));
    assertEquals("<code>&#92;u0041</code>", InterfaceWriter.code("\\u0041"));
    assertEquals("<code>caf&#233;</code>", InterfaceWriter.code("café"));
  }

  @Test
  void stringLiterals() {
    assertEquals("a\\\"b\\\\c\\n\\u00e9", InterfaceWriter.javaString("a\"b\\c\né"));
  }
}
