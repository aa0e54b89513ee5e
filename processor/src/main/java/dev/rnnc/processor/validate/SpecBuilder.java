package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.ProcessorOptions;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.AnnotationValues;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.read.WrapperKind;
import dev.rnnc.processor.spec.ActivationName;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.DropoutSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.GruSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.LstmSpec;
import dev.rnnc.processor.spec.MaskingSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.RecurrentOptions;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.Shape;
import dev.rnnc.processor.spec.SimpleRnnSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.Elements;

/**
 * Stage 2: infers every layer's shapes and which layers a mask reaches, from a declaration that
 * passed the {@link DeclarationRule}s, reporting layers that cannot take what flows into them;
 * then matches the call methods and checks what depends on them (unroll, stateful calls). Keeps
 * going after an error (with the best guess of a shape) so one pass reports everything.
 */
public final class SpecBuilder {
  private final Elements elements;
  private final ProcessorOptions options;

  /** A builder over the given element utilities and processor options. */
  public SpecBuilder(Elements elements, ProcessorOptions options) {
    this.elements = elements;
    this.options = options;
  }

  /** The spec of {@code model}; meaningful only if {@code diagnostics} stays clean. */
  public ModelSpec build(ModelDecl model, Diagnostics diagnostics) {
    Shape input = inputShape(model.input());
    List<LayerSpec> layers = new ArrayList<>();
    Shape flowing = input;
    boolean masked = false;
    String previous = "the model input";
    for (int i = 0; i < model.layers().size(); i++) {
      LayerDecl layer = model.layers().get(i);
      checkInputFits(layer, i, flowing, previous, diagnostics);
      LayerSpec spec = spec(layer, flowing, masked);
      if (spec instanceof CellSpec cell) {
        checkCell(layer, cell, masked, previous, diagnostics);
      }
      if (spec instanceof RecurrentSpec r && r.options().zeroOutputForMask() && !masked) {
        diagnostics.warning(layer.method(), layer.values().mirror(), layer.values().written("zeroOutputForMask"),
            RnncMessage.MASK_UNUSED, layer.name());
      }
      layers.add(spec);
      masked = maskAfter(spec, masked);
      flowing = spec.output();
      previous = layer.name();
    }
    TypeElement type = model.type();
    String name = model.model().stringValue("name");
    ModelSpec spec = new ModelSpec(type, elements.getPackageOf(type).getQualifiedName().toString(), generatedName(type),
        name.isEmpty() ? type.getSimpleName().toString() : name, input, List.copyOf(layers), List.of());
    List<CallSpec> calls = new CallMatcher(spec).match(model.calls(), diagnostics);
    spec = new ModelSpec(spec.type(), spec.packageName(), spec.generatedName(), spec.modelName(), input, spec.layers(), calls);
    checkUnroll(model, spec, diagnostics);
    checkReturnState(model, diagnostics);
    return spec;
  }

  /** {@code RnncForecaster}; for a nested interface {@code RnncOuter_Forecaster}. */
  static String generatedName(TypeElement type) {
    String name = type.getSimpleName().toString();
    for (var e = type.getEnclosingElement(); e instanceof TypeElement outer; e = outer.getEnclosingElement()) {
      name = outer.getSimpleName() + "_" + name;
    }
    return "Rnnc" + name;
  }

  private static Shape inputShape(AnnotationValues input) {
    int timesteps = input.intValue("timesteps");
    return input.enumValue("dtype").equals("INT32")
        ? Shape.tokens(timesteps)
        : Shape.sequence(timesteps, input.intValue("features"));
  }

  private static void checkInputFits(LayerDecl layer, int index, Shape flowing, String previous, Diagnostics diagnostics) {
    var method = layer.method();
    var mirror = layer.values().mirror();
    if (layer.kind() == LayerKind.EMBEDDING) {
      if (index > 0) {
        diagnostics.error(method, mirror, RnncMessage.EMBEDDING_NOT_FIRST, previous);
      } else if (flowing.kind() != Shape.Kind.TOKENS) {
        diagnostics.error(method, mirror, RnncMessage.EMBEDDING_NEEDS_TOKENS, flowing);
      }
      return;
    }
    if (flowing.kind() == Shape.Kind.TOKENS) {
      diagnostics.error(method, mirror, RnncMessage.TOKENS_NEED_EMBEDDING, layer.kind().simpleName(), layer.name());
      return;
    }
    boolean needsSequence = layer.kind().isRecurrent() || layer.kind() == LayerKind.MASKING || layer.kind() == LayerKind.RNN
        || layer.wrapper() != null;
    if (needsSequence && flowing.kind() == Shape.Kind.VECTOR) {
      String kind = layer.wrapper() != null ? layer.wrapper().simpleName() : layer.kind().simpleName();
      String hint = index == 0 ? "" : "; set returnSequences = true on " + previous;
      diagnostics.error(method, layer.wrapper() != null ? layer.wrapperValues().mirror() : mirror, RnncMessage.NOT_A_SEQUENCE,
          kind, previous, flowing, hint);
    }
  }

  private LayerSpec spec(LayerDecl layer, Shape in, boolean masked) {
    AnnotationValues v = layer.values();
    // After an error the input may not fit; carry on with a sequence so later layers get checked.
    int timesteps = in.kind() == Shape.Kind.VECTOR ? Shape.VARIABLE : in.timesteps();
    return switch (layer.kind()) {
      case LSTM, GRU, SIMPLE_RNN -> {
        RecurrentSpec recurrent = recurrent(layer, in, masked, timesteps);
        if (layer.wrapper() != WrapperKind.BIDIRECTIONAL) {
          yield recurrent;
        }
        var mode = BidirectionalSpec.MergeMode.ofKeras(layer.wrapperValues().stringValue("mergeMode"));
        int width = mode == BidirectionalSpec.MergeMode.CONCAT ? 2 * recurrent.outputUnits() : recurrent.outputUnits();
        Shape out = recurrent.returnSequences() ? Shape.sequence(timesteps, width) : Shape.vector(width);
        yield new BidirectionalSpec(layer.name(), recurrent, mode, in, out);
      }
      case DENSE -> {
        int units = v.intValue("units");
        Shape out = in.kind() == Shape.Kind.VECTOR ? Shape.vector(units) : Shape.sequence(timesteps, units);
        yield new DenseSpec(layer.name(), units, activation(v, "activation"), v.booleanValue("useBias"),
            layer.wrapper() == WrapperKind.TIME_DISTRIBUTED, in, out);
      }
      case EMBEDDING -> new EmbeddingSpec(layer.name(), v.intValue("inputDim"), v.intValue("outputDim"),
          v.booleanValue("maskZero"), in, Shape.sequence(in.timesteps(), v.intValue("outputDim")));
      case DROPOUT -> new DropoutSpec(layer.name(), v.doubleValue("rate"), in, in);
      case MASKING -> new MaskingSpec(layer.name(), v.doubleValue("maskValue"), in, in);
      case RNN -> cell(layer, in, timesteps);
    };
  }

  /** An {@code @RNN} layer with its cell's sizes resolved ({@code RnnCell.UNITS} → the layer's units). */
  private CellSpec cell(LayerDecl layer, Shape in, int timesteps) {
    AnnotationValues v = layer.values();
    TypeElement cell = (TypeElement) ((DeclaredType) v.typeValue("cell")).asElement();
    int units = v.intValue("units");
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
    boolean sequences = v.booleanValue("returnSequences");
    Shape out = sequences ? Shape.sequence(timesteps, outputSize) : Shape.vector(outputSize);
    return new CellSpec(layer.name(), cell, units, List.copyOf(stateSizes), outputSize, sequences, v.booleanValue("goBackwards"),
        v.booleanValue("stateful"), in, out);
  }

  private static int resolve(int size, int units) {
    return size == -1 ? units : size; // RnnCell.UNITS
  }

  /** A cell's sizes are positive and its input fits; masks cannot reach it yet. */
  private void checkCell(LayerDecl layer, CellSpec cell, boolean masked, String previous, Diagnostics diagnostics) {
    String name = cell.cell().getSimpleName().toString();
    var at = layer.values().written("cell");
    AnnotationMirror shape = CellRule.shape(cell.cell());
    if (shape != null) {
      for (int i = 0; i < cell.stateSizes().size(); i++) {
        if (cell.stateSizes().get(i) <= 0) {
          diagnostics.error(layer.method(), layer.values().mirror(), at, RnncMessage.CELL_SIZE, name, "stateSizes[" + i + "]",
              cell.stateSizes().get(i));
        }
      }
      if (cell.outputSize() <= 0) {
        diagnostics.error(layer.method(), layer.values().mirror(), at, RnncMessage.CELL_SIZE, name, "outputSize", cell.outputSize());
      }
      int inputSize = new AnnotationValues(shape, elements).intValue("inputSize");
      if (inputSize > 0 && cell.input().kind() == Shape.Kind.SEQUENCE && inputSize != cell.input().features()) {
        diagnostics.error(layer.method(), layer.values().mirror(), at, RnncMessage.CELL_INPUT_SIZE, name, inputSize, previous,
            cell.input());
      }
    }
    if (masked) {
      diagnostics.error(layer.method(), layer.values().mirror(), RnncMessage.CELL_MASK, name);
    }
  }

  private static RecurrentSpec recurrent(LayerDecl layer, Shape in, boolean masked, int timesteps) {
    AnnotationValues v = layer.values();
    int units = v.intValue("units");
    boolean sequences = v.booleanValue("returnSequences");
    RecurrentOptions options = new RecurrentOptions(units, activation(v, "activation"), v.booleanValue("useBias"), sequences,
        v.booleanValue("returnState"), v.booleanValue("goBackwards"), v.booleanValue("stateful"), v.booleanValue("unroll"),
        v.booleanValue("zeroOutputForMask"), masked);
    int width = layer.kind() == LayerKind.LSTM && v.intValue("projSize") > 0 ? v.intValue("projSize") : units;
    Shape out = sequences ? Shape.sequence(timesteps, width) : Shape.vector(width);
    return switch (layer.kind()) {
      case LSTM -> new LstmSpec(layer.name(), options, activation(v, "recurrentActivation"), v.booleanValue("unitForgetBias"),
          v.intValue("projSize"), in, out);
      case GRU -> new GruSpec(layer.name(), options, activation(v, "recurrentActivation"), v.booleanValue("resetAfter"), in, out);
      default -> new SimpleRnnSpec(layer.name(), options, in, out);
    };
  }

  /**
   * Whether a mask flows on after {@code layer} (Keras 3.15 propagation): made by Masking and
   * Embedding(maskZero), kept by Dense and Dropout, kept by recurrent layers only when they return
   * sequences. (Keras master drops it after recurrent layers; rnnc pins 3.15.)
   */
  private static boolean maskAfter(LayerSpec layer, boolean masked) {
    return switch (layer) {
      case MaskingSpec m -> true;
      case EmbeddingSpec e -> e.maskZero();
      case RecurrentSpec r -> masked && r.returnSequences();
      case BidirectionalSpec b -> masked && b.layer().returnSequences();
      case DenseSpec d -> masked;
      case DropoutSpec d -> masked;
      case CellSpec c -> false;
    };
  }

  private void checkUnroll(ModelDecl model, ModelSpec spec, Diagnostics diagnostics) {
    for (LayerDecl layer : model.layers()) {
      if (!layer.kind().isRecurrent() || !layer.values().booleanValue("unroll")) {
        continue;
      }
      var at = layer.values().written("unroll");
      if (spec.input().variableTimesteps()) {
        diagnostics.error(layer.method(), layer.values().mirror(), at, RnncMessage.UNROLL_NEEDS_FIXED_TIMESTEPS,
            "the input has timesteps = Input.VARIABLE");
      } else if (spec.hasStepCalls()) {
        diagnostics.error(layer.method(), layer.values().mirror(), at, RnncMessage.UNROLL_NEEDS_FIXED_TIMESTEPS,
            "the model has a step call method, which runs one timestep at a time");
      } else if (spec.input().timesteps() > options.unrollLimit()) {
        diagnostics.error(layer.method(), layer.values().mirror(), at, RnncMessage.UNROLL_TOO_LONG,
            spec.input().timesteps(), options.unrollLimit());
      }
    }
  }

  /** States can only leave the model as outputs until layers can consume them, so only the last layer returns them. */
  private static void checkReturnState(ModelDecl model, Diagnostics diagnostics) {
    for (int i = 0; i < model.layers().size() - 1; i++) {
      LayerDecl layer = model.layers().get(i);
      if (layer.kind().isRecurrent() && layer.values().booleanValue("returnState")) {
        diagnostics.error(layer.method(), layer.values().mirror(), layer.values().written("returnState"),
            RnncMessage.RETURN_STATE_NOT_LAST, layer.name(), model.layers().getLast().name());
      }
    }
  }

  private static ActivationName activation(AnnotationValues values, String member) {
    return ActivationName.ofKeras(values.stringValue(member));
  }
}
