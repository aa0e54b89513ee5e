package dev.rnnc.processor.read;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;

/**
 * The options of one annotation as written, defaults filled in: a layer's ({@link
 * AnnotationValues}) or a nested {@code @Cell}'s ({@link CellDecl}), which share member names, so
 * one reader serves both.
 */
public interface OptionValues {
  /** The annotation these values belong to. */
  AnnotationMirror mirror();

  /**
   * The value as written, or null when the default applies (errors then point at the annotation).
   */
  AnnotationValue written(String name);

  /** Whether the annotation has this member at all. */
  boolean has(String name);

  /** An int member. */
  int intValue(String name);

  /** A double member. */
  double doubleValue(String name);

  /** A boolean member. */
  boolean booleanValue(String name);

  /** A String member. */
  String stringValue(String name);
}
