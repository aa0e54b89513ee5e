package dev.rnnc.processor.build;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.AnnotationValues;
import dev.rnnc.processor.read.CellDecl;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.spec.Cell;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.Shape;
import dev.rnnc.processor.spec.StackCell;
import dev.rnnc.processor.validate.CellRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.Elements;

/**
 * The spec of an {@code @RNN} layer that passed {@link CellRule}: each cell's sizes resolved
 * ({@code RnnCell.UNITS} → the cell's units), each cell's input width (the layer input, then the
 * previous cell's output), Keras' weight-file key of each stacked cell; then the size checks.
 */
final class CellSpecs {
  private final Elements elements;

  CellSpecs(Elements elements) {
    this.elements = elements;
  }

  /** The layer's spec; {@code timesteps} of its input, {@code masked} whether a mask reaches it. */
  CellSpec build(LayerDecl layer, Shape in, int timesteps, boolean masked) {
    return build(layer, List.of(in), timesteps, masked);
  }

  /**
   * The spec of an {@code @RNN} layer reading {@code ins} (several for a {@code MultiInputCell}).
   */
  CellSpec build(LayerDecl layer, List<Shape> ins, int timesteps, boolean masked) {
    AnnotationValues v = layer.values();
    Shape in = ins.getFirst();
    int width =
        ins.stream().mapToInt(s -> s.kind() == Shape.Kind.SEQUENCE ? s.features() : 0).sum();
    List<StackCell> cells = new ArrayList<>();
    boolean stacked = v.written("cell") == null;
    if (!stacked) {
      TypeElement cell = (TypeElement) ((DeclaredType) v.typeValue("cell")).asElement();
      cells.add(custom(cell, v.intValue("units"), width, null));
    } else {
      Map<String, Integer> keys = new HashMap<>();
      for (Object element : v.listValue("cells")) {
        CellDecl decl = CellDecl.of((AnnotationMirror) element);
        StackCell cell = stacked(decl, width, keys);
        cells.add(cell);
        width = cell.outputSize();
      }
    }
    int outputSize = cells.getLast().outputSize();
    boolean sequences = v.booleanValue("returnSequences");
    Shape out = sequences ? Shape.sequence(timesteps, outputSize) : Shape.vector(outputSize);
    return new CellSpec(
        layer.name(),
        cells,
        stacked,
        sequences,
        v.booleanValue("returnState"),
        v.booleanValue("goBackwards"),
        v.booleanValue("stateful"),
        v.booleanValue("unroll"),
        v.booleanValue("zeroOutputForMask"),
        masked,
        in,
        out,
        ins);
  }

  /**
   * An {@code @LSTM}/{@code @GRU}/{@code @SimpleRNN} with {@code numLayers > 1}: that many copies
   * of its cell, stacked (Keras {@code RNN([LSTMCell(u), LSTMCell(u), ...])}).
   */
  CellSpec layers(LayerDecl layer, Shape in, int timesteps, boolean masked) {
    AnnotationValues v = layer.values();
    Cell.BuiltIn cell = SpecBuilder.builtInCell(layer);
    String keyBase = snakeCase(cell.kerasClass());
    Map<String, Integer> keys = new HashMap<>();
    List<StackCell> cells = new ArrayList<>();
    int width = in.kind() == Shape.Kind.SEQUENCE ? in.features() : 0;
    for (int k = 0; k < v.intValue("numLayers"); k++) {
      cells.add(new StackCell(cell, width, numbered(keyBase, keys)));
      width = cell.outputSize();
    }
    boolean sequences = v.booleanValue("returnSequences");
    Shape out = sequences ? Shape.sequence(timesteps, width) : Shape.vector(width);
    return new CellSpec(
        layer.name(),
        cells,
        true,
        sequences,
        v.booleanValue("returnState"),
        v.booleanValue("goBackwards"),
        v.booleanValue("stateful"),
        v.booleanValue("unroll"),
        v.booleanValue("zeroOutputForMask"),
        masked,
        in,
        out,
        List.of(in));
  }

  private StackCell stacked(CellDecl decl, int inputWidth, Map<String, Integer> keys) {
    TypeElement type = decl.type();
    Cell.Type kind = Cell.Type.ofClass(type.getQualifiedName().toString());
    int units = decl.intValue("units");
    String className =
        kind == Cell.Type.CUSTOM ? type.getSimpleName().toString() : kind.kerasClass();
    String key = numbered(snakeCase(className), keys);
    if (kind == Cell.Type.CUSTOM) {
      return custom(type, units, inputWidth, key);
    }
    Cell cell = CellReader.builtIn(kind, decl);
    return new StackCell(cell, inputWidth, key);
  }

  private StackCell custom(TypeElement cell, int units, int inputWidth, String key) {
    List<Integer> stateSizes = new ArrayList<>();
    int outputSize = units;
    AnnotationMirror shape = CellRule.shape(cell);
    if (shape != null) {
      AnnotationValues sizes = new AnnotationValues(shape, elements);
      for (Object size : sizes.listValue("stateSizes")) {
        stateSizes.add(resolve((Integer) size, units));
      }
      outputSize = resolve(sizes.intValue("outputSize"), units);
    }
    return new StackCell(
        new Cell.Custom(cell, units, stateSizes, outputSize),
        inputWidth,
        key == null ? snakeCase(cell.getSimpleName().toString()) : key);
  }

  /**
   * Each custom cell's sizes are positive and its declared input width fits what reaches it (a
   * {@code MultiInputCell}'s inputs are checked by {@link SpecBuilder} against its {@code
   * inputSizes}).
   */
  void check(LayerDecl layer, CellSpec spec, String previous, Diagnostics diagnostics) {
    if (layer.kind() != LayerKind.RNN) {
      return; // numLayers: built-in cells only, sized by the layer
    }
    List<Object> decls = spec.stacked() ? layer.values().listValue("cells") : null;
    for (int k = 0; k < spec.cells().size(); k++) {
      StackCell cell = spec.cells().get(k);
      AnnotationMirror mirror = layer.values().mirror();
      AnnotationValue at = layer.values().written("cell");
      if (decls != null) {
        mirror = (AnnotationMirror) decls.get(k);
        at = CellDecl.of(mirror).written("type");
      }
      AnnotationMirror shape =
          cell.cell() instanceof Cell.Custom custom ? CellRule.shape(custom.type()) : null;
      if (shape == null) {
        continue;
      }
      String name = cell.kerasClass();
      for (int i = 0; i < cell.stateSizes().size(); i++) {
        if (cell.stateSizes().get(i) <= 0) {
          diagnostics.error(
              layer.method(),
              mirror,
              at,
              RnncMessage.CELL_SIZE,
              name,
              "stateSizes[" + i + "]",
              cell.stateSizes().get(i));
        }
      }
      if (cell.outputSize() <= 0) {
        diagnostics.error(
            layer.method(),
            mirror,
            at,
            RnncMessage.CELL_SIZE,
            name,
            "outputSize",
            cell.outputSize());
      }
      int inputSize = new AnnotationValues(shape, elements).intValue("inputSize");
      if (spec.multiInput()
          || inputSize <= 0
          || spec.input().kind() != Shape.Kind.SEQUENCE
          || inputSize == cell.inputWidth()) {
        continue;
      }
      if (k == 0) {
        diagnostics.error(
            layer.method(),
            mirror,
            at,
            RnncMessage.CELL_INPUT_SIZE,
            name,
            inputSize,
            previous,
            spec.input());
      } else {
        StackCell before = spec.cells().get(k - 1);
        diagnostics.error(
            layer.method(),
            mirror,
            at,
            RnncMessage.CELL_INPUT_SIZE,
            name,
            inputSize,
            "cell " + (k - 1) + " (" + before.kerasClass() + ") of " + layer.name(),
            "(" + before.outputSize() + ",) per timestep");
      }
    }
  }

  private static int resolve(int size, int units) {
    return size == -1 ? units : size; // RnnCell.UNITS
  }

  /**
   * Keras' {@code naming.to_snake_case}, which names a stacked cell's weight group after its class.
   */
  static String snakeCase(String className) {
    String s = className.replaceAll("\\W+", "");
    s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** {@code base}, then {@code base_1}, {@code base_2}, ... (Keras' container naming). */
  private static String numbered(String base, Map<String, Integer> counts) {
    int repeat = counts.merge(base, 1, Integer::sum) - 1;
    return repeat == 0 ? base : base + "_" + repeat;
  }
}
