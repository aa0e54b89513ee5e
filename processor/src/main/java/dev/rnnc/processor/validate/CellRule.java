package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.CellDecl;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.spec.Cell;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * {@code @RNN}: exactly one of {@code cell} (with {@code units}) and {@code cells}; a custom cell
 * class implements {@code dev.rnnc.runtime.Cell}, carries {@code @RnnCell} and has a public {@code
 * (int inputSize, int units)} constructor; a built-in cell in {@code cells} sets only the options
 * its Keras class has, with known activations and positive units.
 */
public final class CellRule implements DeclarationRule {
  static final String CELL = "dev.rnnc.runtime.Cell";
  static final String MULTI_INPUT_CELL = "dev.rnnc.runtime.MultiInputCell";
  static final String RNN_CELL = "dev.rnnc.annotations.RnnCell";
  static final String TRAINABLE_CELL = "dev.rnnc.runtime.TrainableCell";
  static final String TRAINABLE_MULTI_INPUT_CELL = "dev.rnnc.runtime.TrainableMultiInputCell";

  /** Every option some cell type takes besides {@code type} and {@code units}. */
  private static final List<String> ALL_OPTIONS =
      java.util.Arrays.stream(Cell.Type.values())
          .flatMap(t -> t.options().stream())
          .distinct()
          .toList();

  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    String training = training(model);
    for (LayerDecl layer : model.layers()) {
      if (layer.kind() == LayerKind.RNN) {
        checkLayer(layer, training, diagnostics);
      }
    }
  }

  /**
   * What makes the model train ({@code @Compile}, or a {@code fit}/{@code evaluate} call), for the
   * message; null when nothing does.
   */
  private static String training(ModelDecl model) {
    if (model.compile() != null) {
      return "@Compile";
    }
    for (ExecutableElement call : model.calls()) {
      String returned = call.getReturnType().toString();
      if (returned.equals("dev.rnnc.runtime.train.History")
          || returned.equals("dev.rnnc.runtime.train.Logs")) {
        return call.getSimpleName() + "(...)";
      }
    }
    return null;
  }

  private static void checkLayer(LayerDecl layer, String training, Diagnostics diagnostics) {
    var values = layer.values();
    List<Object> cells = values.listValue("cells");
    boolean single = values.written("cell") != null;
    if (single && !cells.isEmpty()) {
      diagnostics.error(
          layer.method(),
          values.mirror(),
          values.written("cells"),
          RnncMessage.RNN_CELL_OR_CELLS,
          "both are given; move the single cell into cells or drop cells");
      return;
    }
    if (!single && cells.isEmpty()) {
      diagnostics.error(
          layer.method(),
          values.mirror(),
          values.written("cells"),
          RnncMessage.RNN_CELL_OR_CELLS,
          "neither is given");
      return;
    }
    if (single) {
      TypeElement cell = (TypeElement) ((DeclaredType) values.typeValue("cell")).asElement();
      Cell.Type kind = Cell.Type.ofClass(cell.getQualifiedName().toString());
      if (kind != Cell.Type.CUSTOM) {
        diagnostics.error(
            layer.method(),
            values.mirror(),
            values.written("cell"),
            RnncMessage.BUILTIN_CELL_ALONE,
            kind.kerasClass(),
            kind.kerasClass(),
            kind.kerasClass().replace("Cell", ""));
      } else {
        checkCustom(
            cell, layer, values.mirror(), values.written("cell"), false, training, diagnostics);
      }
      return;
    }
    if (values.written("units") != null) {
      diagnostics.error(
          layer.method(),
          values.mirror(),
          values.written("units"),
          RnncMessage.RNN_CELL_OR_CELLS,
          "with cells, each @Cell has its own units; remove units from @RNN");
    }
    for (Object element : cells) {
      checkStacked(CellDecl.of((AnnotationMirror) element), layer, training, diagnostics);
    }
  }

  /** One {@code @Cell} of a stack. */
  private static void checkStacked(
      CellDecl cell, LayerDecl layer, String training, Diagnostics diagnostics) {
    var method = layer.method();
    TypeElement type = cell.type();
    Cell.Type kind = Cell.Type.ofClass(type.getQualifiedName().toString());
    String className =
        kind == Cell.Type.CUSTOM ? type.getSimpleName().toString() : kind.kerasClass();
    if (cell.intValue("units") <= 0) {
      diagnostics.error(
          method,
          cell.mirror(),
          cell.written("units"),
          RnncMessage.UNITS_NOT_POSITIVE,
          "units",
          cell.intValue("units"));
    }
    List<String> allowed = kind.options();
    for (String option : ALL_OPTIONS) {
      if (cell.written(option) != null && !allowed.contains(option)) {
        String hint =
            kind == Cell.Type.CUSTOM
                ? "a custom cell takes only type and units (its options are its own code)"
                : className
                    + " takes units"
                    + allowed.stream().map(o -> ", " + o).reduce("", String::concat);
        diagnostics.error(
            method,
            cell.mirror(),
            cell.written(option),
            RnncMessage.CELL_OPTION,
            className,
            option,
            hint);
      }
    }
    if (kind == Cell.Type.CUSTOM) {
      checkCustom(
          type,
          layer,
          cell.mirror(),
          cell.written("type"),
          true,
          training,
          diagnostics); // built-in cells' names: NameRule
    }
  }

  /**
   * A custom cell class: implements Cell (or, declaring {@code inputSizes}, MultiInputCell),
   * carries @RnnCell and has the constructor; a cell with several inputs cannot sit in a stack. In
   * a model that trains ({@code training} says why; null when it does not), a cell implements the
   * trainable interface of its kind.
   */
  private static void checkCustom(
      TypeElement cell,
      LayerDecl layer,
      AnnotationMirror mirror,
      AnnotationValue at,
      boolean stacked,
      String training,
      Diagnostics diagnostics) {
    String name = cell.getSimpleName().toString();
    AnnotationMirror shape = shape(cell);
    List<Integer> inputSizes = shape == null ? List.of() : inputSizes(shape);
    boolean multi = implementsType(cell, MULTI_INPUT_CELL);
    if (!inputSizes.isEmpty() || (multi && !implementsType(cell, CELL))) {
      checkMultiInput(cell, layer, mirror, at, stacked, inputSizes, multi, diagnostics);
      if (multi && training != null && !implementsType(cell, TRAINABLE_MULTI_INPUT_CELL)) {
        notTrainable(cell, layer, mirror, at, TRAINABLE_MULTI_INPUT_CELL, training, diagnostics);
      }
      return;
    }
    if (!implementsType(cell, CELL)) {
      diagnostics.error(layer.method(), mirror, at, RnncMessage.CELL_NOT_A_CELL, name);
    } else if (training != null && !implementsType(cell, TRAINABLE_CELL)) {
      notTrainable(cell, layer, mirror, at, TRAINABLE_CELL, training, diagnostics);
    }
    if (shape == null) {
      diagnostics.error(layer.method(), mirror, at, RnncMessage.CELL_WITHOUT_SHAPE, name);
    }
    if (cell.getModifiers().contains(Modifier.ABSTRACT) || !hasConstructor(cell, TypeKind.INT)) {
      diagnostics.error(layer.method(), mirror, at, RnncMessage.CELL_CONSTRUCTOR, name);
    }
  }

  private static void notTrainable(
      TypeElement cell,
      LayerDecl layer,
      AnnotationMirror mirror,
      AnnotationValue at,
      String needed,
      String training,
      Diagnostics diagnostics) {
    String name = cell.getSimpleName().toString();
    diagnostics.error(
        layer.method(),
        mirror,
        at,
        RnncMessage.CELL_NOT_TRAINABLE,
        name,
        needed,
        ((TypeElement) layer.method().getEnclosingElement()).getSimpleName(),
        training,
        name);
  }

  /**
   * A cell with several inputs per timestep: MultiInputCell, two or more input sizes, its
   * constructor, alone.
   */
  private static void checkMultiInput(
      TypeElement cell,
      LayerDecl layer,
      AnnotationMirror mirror,
      AnnotationValue at,
      boolean stacked,
      List<Integer> inputSizes,
      boolean multi,
      Diagnostics diagnostics) {
    String name = cell.getSimpleName().toString();
    List<String> problems = new java.util.ArrayList<>();
    if (!multi) {
      problems.add(
          "declares @RnnCell(inputSizes = ...), so it must implement "
              + MULTI_INPUT_CELL
              + " (not "
              + CELL
              + ")");
    }
    if (shape(cell) == null) {
      problems.add(
          "implements " + MULTI_INPUT_CELL + ", so it needs @RnnCell(inputSizes = {...}, ...)");
    } else if (inputSizes.isEmpty()) {
      problems.add(
          "implements "
              + MULTI_INPUT_CELL
              + ", so its @RnnCell must declare inputSizes, one width per input");
    } else if (inputSizes.size() == 1) {
      problems.add(
          "declares inputSizes with one entry; a cell with one input implements "
              + CELL
              + " and declares inputSize");
    }
    for (int k = 0; k < inputSizes.size(); k++) {
      if (inputSizes.get(k) < 0) {
        problems.add(
            "declares inputSizes["
                + k
                + "] = "
                + inputSizes.get(k)
                + "; widths must be positive, or 0 for any");
      }
    }
    if (cell.getModifiers().contains(Modifier.ABSTRACT) || !hasConstructor(cell, TypeKind.ARRAY)) {
      problems.add(
          "needs a public constructor (int[] inputSizes, int units) and must not be abstract");
    }
    if (stacked) {
      problems.add(
          "takes several inputs per timestep, so it cannot be a cell of a stack (each cell of @RNN(cells) reads the"
              + " previous cell's output); use @RNN(cell = "
              + name
              + ".class, units = ...)");
    }
    problems.forEach(
        p -> diagnostics.error(layer.method(), mirror, at, RnncMessage.CELL_INPUT_SIZES, name, p));
  }

  /** The {@code inputSizes} of an {@code @RnnCell} mirror, as written (empty when absent). */
  public static List<Integer> inputSizes(AnnotationMirror shape) {
    for (var entry : shape.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals("inputSizes")) {
        return ((List<?>) entry.getValue().getValue())
            .stream().map(v -> ((Number) ((AnnotationValue) v).getValue()).intValue()).toList();
      }
    }
    return List.of();
  }

  /** The {@code @RnnCell} on {@code cell}, or null. */
  public static AnnotationMirror shape(TypeElement cell) {
    for (AnnotationMirror annotation : cell.getAnnotationMirrors()) {
      if (((TypeElement) annotation.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(RNN_CELL)) {
        return annotation;
      }
    }
    return null;
  }

  private static boolean implementsType(TypeElement type, String qualifiedName) {
    for (TypeMirror parent : type.getInterfaces()) {
      TypeElement element = (TypeElement) ((DeclaredType) parent).asElement();
      if (element.getQualifiedName().contentEquals(qualifiedName)
          || implementsType(element, qualifiedName)) {
        return true;
      }
    }
    TypeMirror superclass = type.getSuperclass();
    return superclass.getKind() == TypeKind.DECLARED
        && implementsType((TypeElement) ((DeclaredType) superclass).asElement(), qualifiedName);
  }

  /**
   * A public constructor {@code (int, int)} ({@code first} INT) or {@code (int[], int)} ({@code
   * first} ARRAY).
   */
  private static boolean hasConstructor(TypeElement cell, TypeKind first) {
    for (var member : cell.getEnclosedElements()) {
      if (member.getKind() == ElementKind.CONSTRUCTOR
          && member.getModifiers().contains(Modifier.PUBLIC)) {
        var params = ((ExecutableElement) member).getParameters();
        if (params.size() == 2
            && params.get(1).asType().getKind() == TypeKind.INT
            && fits(params.get(0).asType(), first)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean fits(TypeMirror type, TypeKind first) {
    return first == TypeKind.INT
        ? type.getKind() == TypeKind.INT
        : type instanceof javax.lang.model.type.ArrayType array
            && array.getComponentType().getKind() == TypeKind.INT;
  }
}
