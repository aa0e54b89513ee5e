package dev.rnnc.processor.read;

import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @RnnModel} interface as written, before any checking of its meaning.
 *
 * @param type the interface
 * @param model the {@code @RnnModel} values
 * @param inputs the nested {@code @Input} values, in declaration order (at least one: the member
 *     has no default)
 * @param layers layer methods in declaration order
 * @param calls every other abstract method
 * @param compile the {@code @Compile} values, or null when the interface has none
 */
public record ModelDecl(
    TypeElement type,
    AnnotationValues model,
    List<AnnotationValues> inputs,
    List<LayerDecl> layers,
    List<ExecutableElement> calls,
    AnnotationValues compile) {

  /** The first input: the only one of a chain model. */
  public AnnotationValues input() {
    return inputs.getFirst();
  }

  /** Whether the model declares several inputs. */
  public boolean severalInputs() {
    return inputs.size() > 1;
  }
}
