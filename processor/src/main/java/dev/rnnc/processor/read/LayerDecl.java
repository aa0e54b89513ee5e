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
 * @param backward the layer method a {@code @Bidirectional(backwardLayer)} names, or null: it is
 *     part of this layer, not a layer of the graph
 */
public record LayerDecl(
    ExecutableElement method,
    LayerKind kind,
    AnnotationValues values,
    WrapperKind wrapper,
    AnnotationValues wrapperValues,
    LayerDecl backward) {
  /** The name {@code @Bidirectional(backwardLayer)} gives, or {@code ""}. */
  public String backwardLayerName() {
    return wrapper == WrapperKind.BIDIRECTIONAL ? wrapperValues.stringValue("backwardLayer") : "";
  }

  /** This layer with the backward layer it names. */
  public LayerDecl withBackward(LayerDecl backward) {
    return new LayerDecl(method, kind, values, wrapper, wrapperValues, backward);
  }

  /** The layer name: the method name. */
  public String name() {
    return method.getSimpleName().toString();
  }
}
