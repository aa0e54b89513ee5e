package dev.rnnc.processor.read;

import javax.lang.model.element.ExecutableElement;

/**
 * A layer method as written: the method, its layer annotation and that annotation's values.
 *
 * @param method the interface method; its name is the layer name
 * @param kind which layer annotation it carries
 * @param values the annotation's values
 * @param wrapper the wrapping annotation on the same method ({@code @Bidirectional}), or null
 * @param wrapperValues its values, or null
 */
public record LayerDecl(ExecutableElement method, LayerKind kind, AnnotationValues values, WrapperKind wrapper,
    AnnotationValues wrapperValues) {
  /** The layer name: the method name. */
  public String name() {
    return method.getSimpleName().toString();
  }
}
