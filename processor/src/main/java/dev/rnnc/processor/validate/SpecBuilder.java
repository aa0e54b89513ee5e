package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.AnnotationValues;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.spec.ActivationName;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.DropoutSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.GruSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.LstmSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Shape;
import dev.rnnc.processor.spec.SimpleRnnSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Stage 2: infers every layer's shapes from a declaration that passed the {@link DeclarationRule}s,
 * reporting layers that cannot take what flows into them, then matches the call methods.
 * Keeps going after an error (with the best guess of a shape) so one pass reports everything.
 */
public final class SpecBuilder {
  private final Elements elements;

  /** A builder over the given element utilities. */
  public SpecBuilder(Elements elements) {
    this.elements = elements;
  }

  /** The spec of {@code model}; meaningful only if {@code diagnostics} stays clean. */
  public ModelSpec build(ModelDecl model, Diagnostics diagnostics) {
    Shape input = inputShape(model.input());
    List<LayerSpec> layers = new ArrayList<>();
    Shape flowing = input;
    String previous = "the model input";
    for (int i = 0; i < model.layers().size(); i++) {
      LayerDecl layer = model.layers().get(i);
      checkInputFits(layer, i, flowing, previous, diagnostics);
      LayerSpec spec = spec(layer, flowing);
      layers.add(spec);
      flowing = spec.output();
      previous = layer.name();
    }
    List<CallSpec> calls = new CallMatcher(input, flowing).match(model.calls(), diagnostics);
    TypeElement type = model.type();
    String modelName = model.model().stringValue("name");
    return new ModelSpec(type, elements.getPackageOf(type).getQualifiedName().toString(), generatedName(type),
        modelName.isEmpty() ? type.getSimpleName().toString() : modelName, input, List.copyOf(layers), calls);
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

  private static void checkInputFits(
      LayerDecl layer, int index, Shape flowing, String previous, Diagnostics diagnostics) {
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
    } else if (layer.kind().isRecurrent() && flowing.kind() == Shape.Kind.VECTOR) {
      diagnostics.error(method, mirror, RnncMessage.NOT_A_SEQUENCE, layer.kind().simpleName(), previous, flowing, previous);
    }
  }

  private static LayerSpec spec(LayerDecl layer, Shape in) {
    AnnotationValues v = layer.values();
    // After an error the input may not fit; carry on with a sequence so later layers get checked.
    int timesteps = in.kind() == Shape.Kind.VECTOR ? Shape.VARIABLE : in.timesteps();
    int features = in.features();
    return switch (layer.kind()) {
      case LSTM -> {
        int units = v.intValue("units");
        boolean sequences = v.booleanValue("returnSequences");
        yield new LstmSpec(layer.name(), units, activation(v, "activation"), activation(v, "recurrentActivation"),
            v.booleanValue("useBias"), v.booleanValue("unitForgetBias"), sequences, in, out(timesteps, units, sequences));
      }
      case GRU -> {
        int units = v.intValue("units");
        boolean sequences = v.booleanValue("returnSequences");
        yield new GruSpec(layer.name(), units, activation(v, "activation"), activation(v, "recurrentActivation"),
            v.booleanValue("useBias"), v.booleanValue("resetAfter"), sequences, in, out(timesteps, units, sequences));
      }
      case SIMPLE_RNN -> {
        int units = v.intValue("units");
        boolean sequences = v.booleanValue("returnSequences");
        yield new SimpleRnnSpec(layer.name(), units, activation(v, "activation"), v.booleanValue("useBias"), sequences,
            in, out(timesteps, units, sequences));
      }
      case DENSE -> {
        int units = v.intValue("units");
        Shape out = in.kind() == Shape.Kind.VECTOR ? Shape.vector(units) : Shape.sequence(timesteps, units);
        yield new DenseSpec(layer.name(), units, activation(v, "activation"), v.booleanValue("useBias"), in, out);
      }
      case EMBEDDING -> new EmbeddingSpec(layer.name(), v.intValue("inputDim"), v.intValue("outputDim"), in,
          Shape.sequence(in.timesteps(), v.intValue("outputDim")));
      case DROPOUT -> new DropoutSpec(layer.name(), v.doubleValue("rate"), in, in.kind() == Shape.Kind.TOKENS
          ? Shape.sequence(in.timesteps(), features) : in);
    };
  }

  private static Shape out(int timesteps, int units, boolean sequences) {
    return sequences ? Shape.sequence(timesteps, units) : Shape.vector(units);
  }

  private static ActivationName activation(AnnotationValues values, String member) {
    return ActivationName.ofKeras(values.stringValue(member));
  }
}
