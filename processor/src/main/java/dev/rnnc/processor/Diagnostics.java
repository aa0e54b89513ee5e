package dev.rnnc.processor;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The report of one model interface: errors are collected as data and printed once, each at the
 * most precise position known (the annotation value, else the annotation, else the element).
 * Generation runs only from a clean report.
 */
public final class Diagnostics {
  private record Item(
      Diagnostic.Kind kind,
      String text,
      Element element,
      AnnotationMirror mirror,
      AnnotationValue value) {}

  private final List<Item> items = new ArrayList<>();

  /** Reports an error at an element. */
  public void error(Element element, RnncMessage message, Object... args) {
    items.add(new Item(Diagnostic.Kind.ERROR, message.format(args), element, null, null));
  }

  /** Reports an error at an annotation on an element. */
  public void error(Element element, AnnotationMirror mirror, RnncMessage message, Object... args) {
    items.add(new Item(Diagnostic.Kind.ERROR, message.format(args), element, mirror, null));
  }

  /** Reports an error at an annotation value ({@code value} may be null for a defaulted one). */
  public void error(
      Element element,
      AnnotationMirror mirror,
      AnnotationValue value,
      RnncMessage message,
      Object... args) {
    items.add(new Item(Diagnostic.Kind.ERROR, message.format(args), element, mirror, value));
  }

  /** Reports a warning at an annotation value (or the annotation when {@code value} is null). */
  public void warning(
      Element element,
      AnnotationMirror mirror,
      AnnotationValue value,
      RnncMessage message,
      Object... args) {
    items.add(new Item(Diagnostic.Kind.WARNING, message.format(args), element, mirror, value));
  }

  /** How many errors were reported so far. */
  public int errorCount() {
    return (int) items.stream().filter(item -> item.kind() == Diagnostic.Kind.ERROR).count();
  }

  /** Whether no error was reported (warnings do not count). */
  public boolean isClean() {
    return items.stream().noneMatch(item -> item.kind() == Diagnostic.Kind.ERROR);
  }

  /** Prints every item, in report order. */
  public void printTo(Messager messager) {
    for (Item item : items) {
      if (item.value() != null) {
        messager.printMessage(
            item.kind(), item.text(), item.element(), item.mirror(), item.value());
      } else if (item.mirror() != null) {
        messager.printMessage(item.kind(), item.text(), item.element(), item.mirror());
      } else {
        messager.printMessage(item.kind(), item.text(), item.element());
      }
    }
  }
}
