package dev.rnnc.processor.generative;

import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * A declaration as the Java source a user would write: annotations with one attribute per line, so
 * that a diagnostic's line tells which value it points at. Mutable, so that {@link Mutation} can
 * change one value of a valid declaration (and mark its line with a comment) before rendering.
 */
final class DeclSource {
  /** The model interface's simple name; the processor generates {@code test.RnncGen}. */
  static final String INTERFACE = "Gen";

  /** The generated class's binary name. */
  static final String GENERATED = "test.Rnnc" + INTERFACE;

  /** An annotation: its simple name, a comment after it, its attributes as Java expressions. */
  static final class Annotation {
    String name;
    String comment = "";
    final Map<String, String> attributes = new LinkedHashMap<>();

    Annotation(String name) {
      this.name = name;
    }

    Annotation with(String attribute, Object value) {
      attributes.put(attribute, literal(value));
      return this;
    }

    Annotation copy() {
      Annotation a = new Annotation(name);
      a.comment = comment;
      a.attributes.putAll(attributes);
      return a;
    }
  }

  /** A layer method: its annotations, name and {@code Layer} parameters. */
  record LayerMethod(List<Annotation> annotations, String name, List<String> parameters) {}

  final Annotation input;
  final List<LayerMethod> layers = new ArrayList<>();

  /** Call method declarations, one per line. */
  final List<String> calls = new ArrayList<>();

  private DeclSource(Annotation input) {
    this.input = input;
  }

  /** The source of {@code decl}, with a single-sample {@code predict} and a batch call. */
  static DeclSource of(Decl decl) {
    Decl.Input in = decl.input();
    Annotation input = new Annotation("Input");
    if (in.named()) {
      input.with("name", Decl.INPUT_NAME);
    }
    input.with("timesteps", in.timesteps());
    if (in.tokens()) {
      input.attributes.put("dtype", "Input.Dtype.INT32");
    } else {
      input.with("features", in.features());
    }
    DeclSource source = new DeclSource(input);
    for (Decl.Layer layer : decl.layers()) {
      source.layers.add(new LayerMethod(annotations(layer.kind()), layer.name(), layer.inputs()));
    }
    String sample = in.tokens() ? "int[]" : "float[][]";
    String output = decl.outputIsSequence() ? "float[][]" : "float[]";
    source.calls.add(output + " predict(" + sample + " x);");
    source.calls.add(output + "[] predictBatch(" + sample + "[] xs);");
    return source;
  }

  private static List<Annotation> annotations(Decl.Kind kind) {
    return switch (kind) {
      case Decl.Embedding e ->
          List.of(
              new Annotation("Embedding")
                  .with("inputDim", e.inputDim())
                  .with("outputDim", e.outputDim())
                  .with("maskZero", e.maskZero()));
      case Decl.Masking m -> List.of(new Annotation("Masking").with("maskValue", m.maskValue()));
      case Decl.Dense d -> {
        Annotation dense =
            new Annotation("Dense")
                .with("units", d.units())
                .with("activation", d.activation())
                .with("useBias", d.useBias());
        yield d.timeDistributed()
            ? List.of(new Annotation("TimeDistributed"), dense)
            : List.of(dense);
      }
      case Decl.Merge m -> List.of(new Annotation(m.annotation()));
      case Decl.Dropout d -> List.of(new Annotation("Dropout").with("rate", d.rate()));
      case Decl.Recurrent r -> recurrent(r);
    };
  }

  private static List<Annotation> recurrent(Decl.Recurrent r) {
    Annotation layer =
        new Annotation(r.cell().annotation)
            .with("units", r.units())
            .with("activation", r.activation());
    if (r.cell() != Decl.Cell.SIMPLE_RNN) {
      layer.with("recurrentActivation", r.recurrentActivation());
    }
    layer.with("useBias", r.useBias());
    if (r.cell() == Decl.Cell.GRU) {
      layer.with("resetAfter", r.resetAfter());
    }
    layer
        .with("goBackwards", r.goBackwards())
        .with("returnSequences", r.returnSequences())
        .with("zeroOutputForMask", r.zeroOutputForMask())
        .with("unroll", r.unroll());
    if (r.projSize() > 0) {
      layer.with("projSize", r.projSize());
    }
    if (r.numLayers() > 1) {
      layer.with("numLayers", r.numLayers());
    }
    if (r.dropout() > 0) {
      layer.with("dropout", r.dropout());
    }
    if (r.recurrentDropout() > 0) {
      layer.with("recurrentDropout", r.recurrentDropout());
    }
    if (!r.bidirectional()) {
      return List.of(layer);
    }
    return List.of(new Annotation("Bidirectional").with("mergeMode", r.mergeMode()), layer);
  }

  /** A Java literal for an annotation value. */
  static String literal(Object value) {
    return switch (value) {
      case String s -> '"' + s + '"';
      case Double d when d.isNaN() -> "Double.NaN";
      case Double d when d.isInfinite() ->
          d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
      case Double d -> String.format(Locale.ROOT, "%s", d);
      default -> String.valueOf(value);
    };
  }

  /** A deep copy, for mutating. */
  DeclSource copy() {
    DeclSource copy = new DeclSource(input.copy());
    for (LayerMethod m : layers) {
      copy.layers.add(
          new LayerMethod(
              m.annotations().stream().map(Annotation::copy).toList(), m.name(), m.parameters()));
    }
    copy.calls.addAll(calls);
    return copy;
  }

  /** The annotation of layer {@code index} named {@code annotation}. */
  Annotation annotation(int index, String annotation) {
    return layers.get(index).annotations().stream()
        .filter(a -> a.name.equals(annotation))
        .findFirst()
        .orElseThrow();
  }

  /** The compilation unit {@code test/Gen.java}. */
  String render() {
    StringBuilder out = new StringBuilder();
    out.append("package test;\n");
    out.append("import dev.rnnc.annotations.*;\n");
    out.append("import dev.rnnc.runtime.Layer;\n");
    out.append("@RnnModel(input = ");
    render(input, "    ", out);
    out.append(")\n");
    out.append("public interface ").append(INTERFACE).append(" {\n");
    for (LayerMethod m : layers) {
      for (Annotation a : m.annotations()) {
        out.append("  ");
        render(a, "      ", out);
        out.append('\n');
      }
      out.append("  Layer ").append(m.name()).append('(');
      out.append(String.join(", ", m.parameters().stream().map(p -> "Layer " + p).toList()));
      out.append(");\n");
    }
    for (String call : calls) {
      out.append("  ").append(call).append('\n');
    }
    return out.append("}\n").toString();
  }

  private static void render(Annotation a, String indent, StringBuilder out) {
    out.append('@').append(a.name).append(a.comment);
    if (a.attributes.isEmpty()) {
      return;
    }
    out.append('(');
    int i = 0;
    for (Map.Entry<String, String> e : a.attributes.entrySet()) {
      out.append('\n').append(indent).append(e.getKey()).append(" = ").append(e.getValue());
      out.append(++i < a.attributes.size() ? "," : ")");
    }
  }

  /** {@link #render()} as a file for the compiler. */
  JavaFileObject file() {
    return JavaFileObjects.forSourceString("test." + INTERFACE, render());
  }
}
