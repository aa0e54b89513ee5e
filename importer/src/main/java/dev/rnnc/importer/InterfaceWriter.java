package dev.rnnc.importer;

import dev.rnnc.annotations.Backward;
import dev.rnnc.annotations.Forward;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.Shared;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes the Java source of an imported model's interface: package, imports, a Javadoc saying where
 * it came from, {@code @RnnModel}, one layer method per layer and the call methods: one sample, a
 * batch, and allocation-free into a caller's array; for a stateful model no batch (one instance
 * keeps one stream) but {@code resetStates()}, and {@code step} when it streams.
 *
 * <p>Annotation attributes equal to the annotation's own default are left out, read from the
 * annotation types themselves, so the result reads like a hand-written declaration. Output is
 * deterministic (no dates, no absolute paths), lines stay within 100 columns.
 */
final class InterfaceWriter {
  private static final int WIDTH = 100;

  /**
   * What {@code {@code ...}} can hold as is: printable ASCII without braces, backslashes or a
   * comment end.
   */
  private static final Pattern CODE_SAFE = Pattern.compile("(?!.*\\*/)[\\x20-\\x7e&&[^{}\\\\]]+");

  private static final Pattern HTML_SAFE = Pattern.compile("[A-Za-z0-9_.:, ()-]");
  private static final String LAYER_TYPE = "dev.rnnc.runtime.Layer";

  private final ImportedModel model;
  private final String packageName;
  private final String name;
  private final StringBuilder out = new StringBuilder();

  InterfaceWriter(ImportedModel model, String packageName, String name) {
    this.model = model;
    this.packageName = packageName;
    this.name = name;
  }

  String write() {
    out.append("package ").append(packageName).append(";\n\n");
    TreeSet<String> imports = new TreeSet<>();
    imports.add(Input.class.getName());
    imports.add(RnnModel.class.getName());
    imports.add(LAYER_TYPE);
    for (ImportedLayer layer : model.layers()) {
      if (layer.wrapper() != null) {
        imports.add(layer.wrapper().type().getName());
      }
      if (layer.shared() != null) {
        imports.add(Shared.class.getName());
      } else {
        addImports(layer.layer(), imports);
      }
      if (layer.backward() != null) {
        addImports(layer.backward().layer(), imports);
      }
      for (ImportedLayer.Parameter parameter : layer.parameters()) {
        switch (parameter.kind()) {
          case INITIAL_STATE -> imports.add(InitialState.class.getName());
          case FORWARD -> imports.add(Forward.class.getName());
          case BACKWARD -> imports.add(Backward.class.getName());
          case INPUT -> {}
        }
      }
    }
    imports.forEach(i -> out.append("import ").append(i).append(";\n"));
    out.append('\n');
    typeJavadoc();
    out.append(annotation("", RnnModel.class, modelAttributes())).append('\n');
    out.append("public interface ").append(name).append(" {\n");
    for (ImportedLayer layer : model.layers()) {
      layerMethod(layer);
    }
    callMethods();
    out.append("}\n");
    return out.toString();
  }

  /** The annotation's type and those its values name (cell classes, nested {@code @Cell}s). */
  private static void addImports(ImportedLayer.Annotated annotated, TreeSet<String> imports) {
    imports.add(annotated.type().getName());
    for (Object value : annotated.attributes().values()) {
      if (value instanceof Class<?> type) {
        imports.add(type.getName());
      } else if (value instanceof List<?> nested) {
        nested.forEach(n -> addImports((ImportedLayer.Annotated) n, imports));
      }
    }
  }

  private void typeJavadoc() {
    List<String> paragraphs = new ArrayList<>();
    String saved =
        model.savedBy() != null
            ? " (saved by "
                + model.savedBy()
                + (model.kerasVersion() == null
                    ? ""
                    : " in the Keras " + model.kerasVersion() + " format")
                + ")"
            : model.kerasVersion() == null ? "" : " (saved by Keras " + model.kerasVersion() + ")";
    paragraphs.add(
        "The Keras "
            + model.modelClass()
            + " model "
            + code(model.modelName())
            + ", imported from "
            + code(model.fileName())
            + saved
            + ": "
            + describeShapes(
                "input", model.inputs().stream().map(i -> i.shape().toString()).toList())
            + ", "
            + describeShapes(
                "output",
                model.components().isEmpty()
                    ? model.outputs().stream().map(o -> o.output().toString()).toList()
                    : model.components().stream().map(c -> c.shape().toString()).toList())
            + ".");
    String file = "\"" + model.fileName() + "\"";
    String path = CODE_SAFE.matcher(file).matches() ? "Path.of(" + file + ")" : "path";
    String byName =
        "Each layer method carries its Keras layer's name, which is how {@code Rnnc"
            + name
            + ".load("
            + path
            + ")} finds the layer's weights";
    List<ImportedLayer> renamed = model.layers().stream().filter(ImportedLayer::renamed).toList();
    if (renamed.isEmpty()) {
      paragraphs.add(byName + ".");
    } else {
      boolean clashes = renamed.stream().anyMatch(l -> l.clashesWith() != null);
      paragraphs.add(
          byName
              + ", except "
              + renamed.stream()
                  .map(l -> code(l.kerasName()) + " (" + code(l.methodName() + "()") + ")")
                  .collect(Collectors.joining(", "))
              + (clashes
                  ? ": renamed (each layer method says why)"
                  : ": not usable as Java method names")
              + ", so those load by order among the layers of their kind.");
    }
    model.notes().forEach(n -> paragraphs.add("Note: " + n + "."));
    paragraphs.add("Written by rnnc-importer from the model's {@code config.json}.");
    javadoc("", paragraphs);
  }

  private static String describeShapes(String what, List<String> shapes) {
    return shapes.size() == 1
        ? what + " " + code(shapes.getFirst())
        : what
            + "s "
            + shapes.stream().map(InterfaceWriter::code).collect(Collectors.joining(", "));
  }

  private List<String> modelAttributes() {
    List<String> declared = new ArrayList<>();
    for (ImportedModel.ModelInput in : model.inputs()) {
      Shape input = in.shape();
      List<String> inputAttributes = new ArrayList<>();
      if (model.namedInputs()) {
        inputAttributes.add("name = " + literal(in.name()));
      }
      inputAttributes.add(
          "timesteps = "
              + (input.kind() == Shape.Kind.VECTOR
                  ? "Input.VECTOR"
                  : input.timesteps() == null ? "Input.VARIABLE" : input.timesteps()));
      if (input.kind() == Shape.Kind.TOKENS) {
        inputAttributes.add("dtype = Input.Dtype.INT32");
      } else {
        inputAttributes.add("features = " + input.size());
      }
      declared.add("@Input(" + String.join(", ", inputAttributes) + ")");
    }
    List<String> attributes = new ArrayList<>();
    attributes.add(
        "input = "
            + (declared.size() == 1
                ? declared.getFirst()
                : "{\n      " + String.join(",\n      ", declared) + "\n    }"));
    if (!model.modelName().equals(name)) {
      attributes.add("name = " + literal(model.modelName()));
    }
    return attributes;
  }

  private void layerMethod(ImportedLayer layer) {
    List<String> paragraphs = new ArrayList<>();
    paragraphs.add(
        (layer.shared() == null
                ? "Keras layer " + code(layer.kerasName())
                : "A later call of Keras layer " + code(layer.kerasName()))
            + " ("
            + layer.kerasType()
            + "): "
            + layer.input()
            + " -> "
            + layer.output()
            + (layer.wrapper() != null
                    && "none".equals(layer.wrapper().attributes().get("mergeMode"))
                ? " per direction"
                : "")
            + ".");
    if (layer.shared() != null) {
      paragraphs.add(
          "The same weights as "
              + code(layer.shared() + "()")
              + ", as Keras calls one layer twice.");
    }
    if (layer.renamed()) {
      String why =
          layer.clashesWith() == null
              ? "the Keras name is not a usable Java method name"
              : "the Keras name and that of "
                  + code(layer.clashesWith() + "()")
                  + " give the same names in the code rnnc"
                  + " generates (they differ only in case, or in camelCase vs snake_case)";
      paragraphs.add(
          "Renamed: "
              + why
              + ", so its weights load by order among the "
              + layer.kerasClass()
              + " layers.");
    }
    if (!layer.ignored().isEmpty()) {
      paragraphs.add(
          "Ignored Keras options: "
              + layer.ignored().stream()
                  .map(i -> i.option() + " (" + i.reason() + ")")
                  .collect(Collectors.joining("; "))
              + ".");
    }
    javadoc("  ", paragraphs);
    if (layer.wrapper() != null) {
      out.append(annotation("  ", layer.wrapper())).append('\n');
    }
    if (layer.shared() != null) {
      out.append("  @Shared(").append(literal(layer.shared())).append(")\n");
    } else {
      out.append(annotation("  ", layer.layer())).append('\n');
    }
    String head = "  Layer " + layer.methodName() + "(";
    List<String> parameters = layer.parameters().stream().map(InterfaceWriter::parameter).toList();
    String oneLine = head + String.join(", ", parameters) + ");";
    if (oneLine.length() <= WIDTH) {
      out.append(oneLine).append("\n\n");
    } else {
      out.append(head)
          .append("\n      ")
          .append(String.join(",\n      ", parameters))
          .append(");\n\n");
    }
    if (layer.backward() != null) {
      backwardMethod(layer);
    }
  }

  private void backwardMethod(ImportedLayer layer) {
    ImportedLayer.Backward backward = layer.backward();
    List<String> paragraphs = new ArrayList<>();
    paragraphs.add(
        "The backward direction of "
            + code(layer.methodName() + "()")
            + ": its Keras backward_layer "
            + code(backward.kerasName())
            + ", whose weights load with that layer's.");
    if (!backward.ignored().isEmpty()) {
      paragraphs.add(
          "Ignored Keras options: "
              + backward.ignored().stream()
                  .map(i -> i.option() + " (" + i.reason() + ")")
                  .collect(Collectors.joining("; "))
              + ".");
    }
    javadoc("  ", paragraphs);
    out.append(annotation("  ", backward.layer())).append('\n');
    out.append("  Layer ").append(backward.methodName()).append("();\n\n");
  }

  /** {@code Layer encoder}, {@code @InitialState("encoder") Layer encoderStates}. */
  private static String parameter(ImportedLayer.Parameter parameter) {
    String annotation =
        switch (parameter.kind()) {
          case INPUT -> "";
          case INITIAL_STATE -> "@InitialState";
          case FORWARD -> "@Forward";
          case BACKWARD -> "@Backward";
        };
    if (!annotation.isEmpty() && !parameter.name().equals(parameter.target())) {
      annotation += "(" + literal(parameter.target()) + ")";
    }
    return (annotation.isEmpty() ? "" : annotation + " ") + "Layer " + parameter.name();
  }

  /** An annotation as written, leaving out attributes equal to the annotation's default. */
  private static String annotation(String indent, ImportedLayer.Annotated annotated) {
    return annotation(indent, annotated.type(), values(annotated, indent));
  }

  /** The attributes to write: name = value, nested annotations one per line. */
  private static List<String> values(ImportedLayer.Annotated annotated, String indent) {
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, Object> attribute : annotated.attributes().entrySet()) {
      Object value = attribute.getValue();
      if (value instanceof List<?> nested) {
        String inner = indent + "        ";
        List<String> items =
            nested.stream()
                .map(n -> (ImportedLayer.Annotated) n)
                .map(
                    n ->
                        "@"
                            + n.type().getSimpleName()
                            + "("
                            + String.join(", ", values(n, ""))
                            + ")")
                .toList();
        values.add(
            attribute.getKey()
                + " = "
                + (items.size() == 1
                    ? items.getFirst()
                    : "{\n" + inner + String.join(",\n" + inner, items) + "}"));
      } else if (!value.equals(defaultValue(annotated.type(), attribute.getKey()))) {
        values.add(attribute.getKey() + " = " + literal(value));
      }
    }
    return values;
  }

  /**
   * An annotation on one line when it fits, else one attribute per line; no parentheses without
   * attributes.
   */
  private static String annotation(
      String indent, Class<? extends Annotation> type, List<String> attributes) {
    if (attributes.isEmpty()) {
      return indent + "@" + type.getSimpleName();
    }
    String oneLine =
        indent + "@" + type.getSimpleName() + "(" + String.join(", ", attributes) + ")";
    if (oneLine.length() <= WIDTH && !oneLine.contains("\n")) {
      return oneLine;
    }
    String attributeIndent = indent + "    ";
    return indent
        + "@"
        + type.getSimpleName()
        + "(\n"
        + attributeIndent
        + String.join(",\n" + attributeIndent, attributes)
        + ")";
  }

  /** The attribute's declared default, or null when it has none (so it is always written). */
  private static Object defaultValue(Class<? extends Annotation> annotation, String attribute) {
    try {
      return annotation.getMethod(attribute).getDefaultValue();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          "@" + annotation.getSimpleName() + " has no attribute " + attribute, e);
    }
  }

  private void callMethods() {
    boolean returnsStates = !model.stateNames().isEmpty();
    if (!model.namedInputs() && !returnsStates && model.components().isEmpty()) {
      chainCallMethods();
      return;
    }
    List<ImportedModel.ModelInput> inputs = model.inputs();
    String in = inputs.stream().map(i -> i.shape().toString()).collect(Collectors.joining(", "));
    String inBatch =
        inputs.stream().map(i -> i.shape().batched()).collect(Collectors.joining(", "));
    List<ImportedModel.ModelInput> all = new ArrayList<>(inputs);
    all.addAll(model.callStates());
    String params =
        all.stream()
            .map(i -> i.shape().javaType() + " " + i.name())
            .collect(Collectors.joining(", "));
    String batchParams =
        all.stream()
            .map(i -> i.shape().javaType() + "[] " + i.name())
            .collect(Collectors.joining(", "));
    if (!model.callStates().isEmpty()) {
      in +=
          ", initial states "
              + model.callStates().stream()
                  .map(s -> s.name() + " " + s.shape())
                  .collect(Collectors.joining(", "));
      inBatch +=
          ", initial states "
              + model.callStates().stream()
                  .map(s -> s.name() + " " + s.shape().batched())
                  .collect(Collectors.joining(", "));
    }
    String outType;
    String result;
    String resultBatch;
    List<ImportedLayer> outputs = model.outputs();
    if (returnsStates) {
      outType = recordName();
      ImportedLayer last = outputs.getFirst();
      javadoc(
          "  ",
          List.of(
              "The output of "
                  + code(last.methodName() + "()")
                  + " "
                  + last.output()
                  + ", then its final states ("
                  + String.join(", ", model.stateNames())
                  + "), as Keras' return_state."));
      out.append("  record ")
          .append(outType)
          .append("(")
          .append(last.output().javaType())
          .append(" output, ")
          .append(
              model.stateNames().stream()
                  .map(s -> "float[] " + s)
                  .collect(Collectors.joining(", ")))
          .append(") {}\n\n");
      result = outType;
      resultBatch = "one " + outType + " per sample";
    } else if (!model.components().isEmpty()) {
      outType = recordName();
      javadoc(
          "  ",
          List.of(
              "The model's outputs in Keras' order: "
                  + model.components().stream()
                      .map(c -> code(c.name()) + " " + c.shape())
                      .collect(Collectors.joining(", "))
                  + componentsNote()
                  + "."));
      out.append("  record ")
          .append(outType)
          .append("(")
          .append(
              model.components().stream()
                  .map(c -> c.shape().javaType() + " " + c.name())
                  .collect(Collectors.joining(", ")))
          .append(") {}\n\n");
      result = outType;
      resultBatch = "one " + outType + " per sample";
    } else if (outputs.size() == 1) {
      outType = outputs.getFirst().output().javaType();
      result = outputs.getFirst().output().toString();
      resultBatch = outputs.getFirst().output().batched();
    } else {
      outType = recordName();
      javadoc(
          "  ",
          List.of(
              "The model's outputs, each named after its layer: "
                  + outputs.stream()
                      .map(o -> code(o.methodName()) + " " + o.output())
                      .collect(Collectors.joining(", "))
                  + "."));
      out.append("  record ")
          .append(outType)
          .append("(")
          .append(
              outputs.stream()
                  .map(o -> o.output().javaType() + " " + o.methodName())
                  .collect(Collectors.joining(", ")))
          .append(") {}\n\n");
      result = outType;
      resultBatch = "one " + outType + " per sample";
    }
    String states = model.stateful() ? ", continuing from the states the previous call left" : "";
    javadoc("  ", List.of("One sample: " + in + " -> " + result + states + "."));
    signature(outType + " predict(" + params + ");");
    if (!model.stateful()) {
      javadoc("  ", List.of("A batch: " + inBatch + " -> " + resultBatch + "."));
      signature(outType + "[] predict(" + batchParams + ");");
    }
    if (outputs.size() == 1 && !returnsStates && model.components().isEmpty()) {
      javadoc(
          "  ",
          List.of(
              "One sample into {@code out}, allocating nothing: "
                  + in
                  + " -> "
                  + result
                  + states
                  + "."));
      signature("void predictInto(" + params + ", " + outType + " out);");
    }
    if (model.stateful()) {
      javadoc("  ", List.of("Zeros the recurrent states: the next call starts a new stream."));
      signature("void resetStates();");
    }
    // drop the blank line after the last member
    out.setLength(out.length() - 1);
  }

  /** A call method's declaration, wrapped after its opening parenthesis when too long. */
  private void signature(String declaration) {
    String line = "  " + declaration;
    if (line.length() > WIDTH) {
      int open = line.indexOf('(');
      line = line.substring(0, open + 1) + "\n      " + line.substring(open + 1);
    }
    out.append(line).append("\n\n");
  }

  /** What the components of a record of states or directions are. */
  private String componentsNote() {
    boolean directions =
        model.components().size() == 2
            && model.components().get(0).name().equals("forward")
            && model.components().get(1).name().equals("backward");
    return directions
        ? " (the two directions of "
            + code(model.outputs().getFirst().methodName() + "()")
            + ", merge_mode = None)"
        : " (each layer's output named after the layer, a final state after its layer and the"
            + " state, as Keras' return_state"
            + (model.components().stream()
                    .anyMatch(c -> c.name().endsWith("Forward") || c.name().endsWith("Backward"))
                ? ", one direction of a merge_mode = None layer after its layer and the direction"
                : "")
            + ")";
  }

  /** The record of several outputs: {@code Outputs}, unless the interface has that name. */
  private String recordName() {
    return name.equals("Outputs") ? "ModelOutputs" : "Outputs";
  }

  private void chainCallMethods() {
    Shape in = model.input();
    Shape result = model.output();
    String inType = in.javaType();
    String outType = result.javaType();
    String sample = in.kind() == Shape.Kind.TOKENS ? "ids" : "input";
    String states = model.stateful() ? ", continuing from the states the previous call left" : "";
    javadoc("  ", List.of("One sample: " + in + " -> " + result + states + "."));
    out.append("  ")
        .append(outType)
        .append(" predict(")
        .append(inType)
        .append(' ')
        .append(sample)
        .append(");\n\n");
    if (!model.stateful()) {
      javadoc("  ", List.of("A batch: " + in.batched() + " -> " + result.batched() + "."));
      out.append("  ")
          .append(outType)
          .append("[] predict(")
          .append(inType)
          .append("[] batch);\n\n");
    }
    javadoc(
        "  ",
        List.of(
            "One sample into {@code out}, allocating nothing: "
                + in
                + " -> "
                + result
                + states
                + "."));
    out.append("  void predictInto(")
        .append(inType)
        .append(' ')
        .append(sample)
        .append(", ")
        .append(outType)
        .append(" out);\n");
    if (model.stateful()) {
      out.append('\n');
      javadoc("  ", List.of("Zeros the recurrent states: the next call starts a new stream."));
      out.append("  void resetStates();\n");
    }
    if (model.streaming()) {
      out.append('\n');
      javadoc(
          "  ",
          List.of(
              "One timestep of the stream: "
                  + Shape.vector(in.size())
                  + " -> "
                  + Shape.vector(result.size())
                  + ", the same as predict on a sample of one timestep."));
      out.append("  float[] step(float[] x);\n");
    }
  }

  /** A Javadoc comment of the given paragraphs, on one line when it fits. */
  private void javadoc(String indent, List<String> paragraphs) {
    String oneLine = indent + "/** " + paragraphs.getFirst() + " */";
    if (paragraphs.size() == 1 && oneLine.length() <= WIDTH) {
      out.append(oneLine).append('\n');
      return;
    }
    out.append(indent).append("/**\n");
    for (int p = 0; p < paragraphs.size(); p++) {
      if (p > 0) {
        out.append(indent).append(" *\n");
      }
      wrap(indent + " * ", (p > 0 ? "<p>" : "") + paragraphs.get(p));
    }
    out.append(indent).append(" */\n");
  }

  /** Wraps text at spaces outside inline tags ({@code {@code a b}} stays on one line). */
  private void wrap(String prefix, String text) {
    List<String> words = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      if (c == ' ' && depth == 0) {
        words.add(text.substring(start, i));
        start = i + 1;
      }
    }
    words.add(text.substring(start));
    StringBuilder line = new StringBuilder(prefix);
    for (String word : words) {
      if (line.length() > prefix.length() && line.length() + 1 + word.length() > WIDTH) {
        out.append(line).append('\n');
        line = new StringBuilder(prefix);
      }
      if (line.length() > prefix.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    out.append(line).append('\n');
  }

  /**
   * Text set as code in Javadoc. Keras names may hold anything: when one holds braces, a comment
   * end, a backslash (javac reads backslash-u escapes even in comments) or non-ASCII, every
   * character beyond letters, digits and plain punctuation becomes an HTML character reference.
   */
  static String code(String text) {
    if (CODE_SAFE.matcher(text).matches()) {
      return "{@code " + text + "}";
    }
    StringBuilder sb = new StringBuilder("<code>");
    text.codePoints()
        .forEach(
            c -> {
              if (c < 128 && HTML_SAFE.matcher(Character.toString(c)).matches()) {
                sb.appendCodePoint(c);
              } else {
                sb.append("&#").append(c).append(';');
              }
            });
    return sb.append("</code>").toString();
  }

  private static String literal(Object value) {
    if (value instanceof Class<?> type) {
      return type.getSimpleName() + ".class";
    }
    return value instanceof String s ? "\"" + javaString(s) + "\"" : value.toString();
  }

  /**
   * The body of a Java string literal; non-ASCII as {@code \\uXXXX} so any source encoding reads
   * it.
   */
  static String javaString(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
