package dev.rnnc.processor.read;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Stage 1: turns an annotated element into a {@link ModelDecl}, reporting what makes it unreadable
 * (not an interface, generic, private, a method with two layer annotations).
 */
public final class ModelReader {
  static final String RNN_MODEL = "dev.rnnc.annotations.RnnModel";
  static final String COMPILE = "dev.rnnc.annotations.Compile";

  private final Elements elements;

  /** A reader over the given element utilities. */
  public ModelReader(Elements elements) {
    this.elements = elements;
  }

  /** Reads {@code element}; returns null (having reported why) if it cannot be a model. */
  public ModelDecl read(Element element, Diagnostics diagnostics) {
    AnnotationMirror rnnModel = mirror(element, RNN_MODEL);
    if (element.getKind() != ElementKind.INTERFACE) {
      diagnostics.error(
          element,
          rnnModel,
          RnncMessage.NOT_AN_INTERFACE,
          element.getKind().toString().toLowerCase().replace('_', ' '));
      return null;
    }
    TypeElement type = (TypeElement) element;
    if (!type.getTypeParameters().isEmpty()) {
      diagnostics.error(type, rnnModel, RnncMessage.GENERIC_MODEL);
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)) {
      diagnostics.error(type, rnnModel, RnncMessage.MODEL_NOT_ACCESSIBLE);
    }
    AnnotationValues model = new AnnotationValues(rnnModel, elements);
    List<AnnotationValues> inputs =
        model.annotationList("input").stream().map(i -> new AnnotationValues(i, elements)).toList();

    List<LayerDecl> layers = new ArrayList<>();
    List<ExecutableElement> calls = new ArrayList<>();
    for (Element member : type.getEnclosedElements()) {
      if (member.getKind() != ElementKind.METHOD
          || !member.getModifiers().contains(Modifier.ABSTRACT)) {
        continue; // default, static and private methods are the user's own code
      }
      ExecutableElement method = (ExecutableElement) member;
      List<AnnotationMirror> layerAnnotations = new ArrayList<>();
      AnnotationMirror wrapper = null;
      for (AnnotationMirror annotation : method.getAnnotationMirrors()) {
        if (LayerKind.ofAnnotation(qualifiedName(annotation)) != null) {
          layerAnnotations.add(annotation);
        } else if (WrapperKind.ofAnnotation(qualifiedName(annotation)) != null) {
          if (wrapper != null) {
            diagnostics.error(
                method,
                annotation,
                RnncMessage.SEVERAL_LAYER_ANNOTATIONS,
                List.of("@" + simpleName(wrapper), "@" + simpleName(annotation)));
          } else {
            wrapper = annotation;
          }
        }
      }
      if (layerAnnotations.isEmpty() && wrapper != null) {
        diagnostics.error(
            method, wrapper, RnncMessage.WRAPPER_WITHOUT_LAYER, "@" + simpleName(wrapper));
      } else if (layerAnnotations.isEmpty()) {
        calls.add(method);
      } else {
        if (layerAnnotations.size() > 1) {
          diagnostics.error(
              method,
              layerAnnotations.get(1),
              RnncMessage.SEVERAL_LAYER_ANNOTATIONS,
              layerAnnotations.stream().map(a -> "@" + simpleName(a)).toList());
        }
        AnnotationMirror annotation = layerAnnotations.getFirst();
        layers.add(
            new LayerDecl(
                method,
                LayerKind.ofAnnotation(qualifiedName(annotation)),
                new AnnotationValues(annotation, elements),
                wrapper == null ? null : WrapperKind.ofAnnotation(qualifiedName(wrapper)),
                wrapper == null ? null : new AnnotationValues(wrapper, elements),
                null));
      }
    }
    calls.addAll(inheritedCalls(type, diagnostics));
    AnnotationValues compile =
        type.getAnnotationMirrors().stream()
            .filter(a -> qualifiedName(a).equals(COMPILE))
            .findFirst()
            .map(a -> new AnnotationValues(a, elements))
            .orElse(null);
    return new ModelDecl(
        type, model, inputs, attachBackwardLayers(layers), List.copyOf(calls), compile);
  }

  /**
   * The abstract methods {@code type} inherits from its super-interfaces and does not redeclare:
   * calls, so that models can share them ({@code interface WithLstm extends Forecaster}). Layers
   * must be declared in the model interface itself, where their order is the model's; an inherited
   * layer method is an error at that method.
   */
  private List<ExecutableElement> inheritedCalls(TypeElement type, Diagnostics diagnostics) {
    List<ExecutableElement> calls = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
      if (method.getEnclosingElement().equals(type)
          || !method.getModifiers().contains(Modifier.ABSTRACT)
          || method.getEnclosingElement().getKind() != ElementKind.INTERFACE) {
        continue;
      }
      AnnotationMirror layer =
          method.getAnnotationMirrors().stream()
              .filter(
                  a ->
                      LayerKind.ofAnnotation(qualifiedName(a)) != null
                          || WrapperKind.ofAnnotation(qualifiedName(a)) != null)
              .findFirst()
              .orElse(null);
      if (layer != null) {
        diagnostics.error(
            method,
            layer,
            RnncMessage.INHERITED_LAYER,
            method.getSimpleName(),
            method.getEnclosingElement().getSimpleName(),
            type.getSimpleName());
      } else {
        calls.add(method);
      }
    }
    return calls;
  }

  /**
   * Moves the layer methods that {@code @Bidirectional(backwardLayer)} names into the layers naming
   * them: a backward layer is part of its Bidirectional layer, not a layer of the graph. A name
   * that fits no plain layer method (unknown, the layer itself, a wrapped or claimed one) stays
   * unattached for {@code BackwardLayerRule} to report.
   */
  private static List<LayerDecl> attachBackwardLayers(List<LayerDecl> layers) {
    List<LayerDecl> result = new ArrayList<>(layers);
    for (LayerDecl layer : layers) {
      String name = layer.backwardLayerName();
      LayerDecl backward =
          result.stream()
              .filter(l -> l.name().equals(name) && l.wrapper() == null)
              .findFirst()
              .orElse(null);
      if (name.isEmpty() || backward == null || !result.contains(layer)) {
        continue;
      }
      result.set(result.indexOf(layer), layer.withBackward(backward));
      result.remove(backward);
    }
    return List.copyOf(result);
  }

  private static AnnotationMirror mirror(Element element, String qualifiedName) {
    for (AnnotationMirror annotation : element.getAnnotationMirrors()) {
      if (qualifiedName(annotation).equals(qualifiedName)) {
        return annotation;
      }
    }
    throw new IllegalStateException(element + " has no @" + qualifiedName);
  }

  private static String simpleName(AnnotationMirror annotation) {
    return annotation.getAnnotationType().asElement().getSimpleName().toString();
  }

  private static String qualifiedName(AnnotationMirror annotation) {
    return ((TypeElement) annotation.getAnnotationType().asElement()).getQualifiedName().toString();
  }
}
