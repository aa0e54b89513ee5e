package dev.rnnc.processor.spec;

import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * An {@code @RNN(cell = ...)} layer around a custom cell, sizes resolved.
 *
 * @param cell the cell class
 * @param units the layer's units, passed to the cell's constructor
 * @param stateSizes the cell's state sizes
 * @param outputSize the cell's output size
 */
public record CellSpec(
    String name, TypeElement cell, int units, List<Integer> stateSizes, int outputSize, boolean returnSequences,
    boolean goBackwards, boolean stateful, Shape input, Shape output) implements LayerSpec {}
