package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.Shape;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;

/**
 * Matches call methods to the model's shapes. Four forms are accepted, with {@code IN} the Java type
 * of one input sample and {@code OUT} of one output: {@code OUT m(IN)}, {@code OUT[] m(IN[])},
 * {@code void m(IN, OUT)} and {@code void m(IN[], OUT[])}.
 */
final class CallMatcher {
  private final Shape input;
  private final Shape output;

  CallMatcher(Shape input, Shape output) {
    this.input = input;
    this.output = output;
  }

  List<CallSpec> match(List<ExecutableElement> methods, Diagnostics diagnostics) {
    List<CallSpec> calls = new ArrayList<>();
    for (ExecutableElement method : methods) {
      CallSpec call = match(method);
      if (call == null) {
        diagnostics.error(method, RnncMessage.CALL_SIGNATURE, signature(method), input, output, accepted(method.getSimpleName().toString()));
      } else {
        calls.add(call);
      }
    }
    return List.copyOf(calls);
  }

  private CallSpec match(ExecutableElement method) {
    String in = javaType(input);
    String out = javaType(output);
    String returns = method.getReturnType().toString();
    List<String> params = method.getParameters().stream().map(p -> p.asType().toString()).toList();
    List<String> names = method.getParameters().stream().map(VariableElement::getSimpleName).map(Object::toString).toList();
    String name = method.getSimpleName().toString();
    if (params.equals(List.of(in)) && returns.equals(out)) {
      return new CallSpec(name, names, false, false);
    }
    if (params.equals(List.of(in + "[]")) && returns.equals(out + "[]")) {
      return new CallSpec(name, names, true, false);
    }
    if (returns.equals("void") && params.equals(List.of(in, out))) {
      return new CallSpec(name, names, false, true);
    }
    if (returns.equals("void") && params.equals(List.of(in + "[]", out + "[]"))) {
      return new CallSpec(name, names, true, true);
    }
    return null;
  }

  private String accepted(String name) {
    String in = javaType(input);
    String out = javaType(output);
    return String.join(", ", List.of(
        out + " " + name + "(" + in + ")",
        out + "[] " + name + "(" + in + "[])",
        "void " + name + "(" + in + ", " + out + ")",
        "void " + name + "(" + in + "[], " + out + "[])"));
  }

  private static String signature(ExecutableElement method) {
    return method.getReturnType() + " " + method.getSimpleName() + "("
        + String.join(", ", method.getParameters().stream().map(p -> p.asType().toString()).toList()) + ")";
  }

  /** The Java type of one sample of this shape. */
  static String javaType(Shape shape) {
    return switch (shape.kind()) {
      case SEQUENCE -> "float[][]";
      case VECTOR -> "float[]";
      case TOKENS -> "int[]";
    };
  }
}
