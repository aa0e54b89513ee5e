package dev.rnnc.processor.read;

import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @RnnModel} interface as written, before any checking of its meaning.
 *
 * @param type the interface
 * @param model the {@code @RnnModel} values
 * @param input the nested {@code @Input} values
 * @param layers layer methods in declaration order
 * @param calls every other abstract method
 */
public record ModelDecl(
    TypeElement type, AnnotationValues model, AnnotationValues input, List<LayerDecl> layers, List<ExecutableElement> calls) {}
