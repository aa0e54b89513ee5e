package dev.rnnc.processor.validate;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.ModelDecl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The last gate before writing: generated member names derive from layer names (layer {@code enc}
 * gets {@code encForwardKernel}, {@code ENC_OUTPUT_STRIDE}, {@code runEnc()}), so two layer names
 * can produce one member ({@code enc} in a Bidirectional and a layer {@code encForward}). Rather
 * than mirror every naming rule, this looks at the generated class itself and reports a clash at
 * the layer whose name the member starts with.
 */
public final class GeneratedNamesCheck {
  private GeneratedNamesCheck() {}

  /**
   * Reports every field or method signature {@code type} declares twice; true when there is none.
   */
  public static boolean check(TypeSpec type, ModelDecl model, Diagnostics diagnostics) {
    List<String> clashes = new ArrayList<>();
    clashes(type, clashes);
    // the inner Workspace holds the layer methods and the calls' bodies
    type.typeSpecs().forEach(inner -> clashes(inner, clashes));
    for (String clash : clashes) {
      LayerDecl layer = owner(clash, model);
      if (layer != null) {
        diagnostics.error(
            layer.method(),
            RnncMessage.GENERATED_NAME_CLASH,
            clash,
            "layer " + layer.name() + "'s members and another layer's");
      } else {
        diagnostics.error(
            model.type(),
            RnncMessage.GENERATED_NAME_CLASH,
            clash,
            "a call method of "
                + model.type().getSimpleName()
                + " has the name of a generated private method");
      }
    }
    return clashes.isEmpty();
  }

  /** Adds each field or method signature that {@code type} itself declares twice. */
  private static void clashes(TypeSpec type, List<String> clashes) {
    Set<String> seen = new HashSet<>();
    for (FieldSpec field : type.fieldSpecs()) {
      if (!seen.add("field " + field.name())) {
        clashes.add(field.name());
      }
    }
    for (MethodSpec method : type.methodSpecs()) {
      String signature =
          method.name() + method.parameters().stream().map(ParameterSpec::type).toList();
      if (!seen.add("method " + signature)) {
        clashes.add(method.name() + "()");
      }
    }
  }

  /** The layer with the longest name that the member's name starts with (case-insensitively). */
  private static LayerDecl owner(String member, ModelDecl model) {
    String plain = member.replace("_", "").toLowerCase();
    LayerDecl owner = null;
    for (LayerDecl layer : model.layers()) {
      String name = layer.name().replace("_", "").toLowerCase();
      if ((plain.startsWith(name)
              || plain.startsWith("run" + name)
              || plain.startsWith("reset" + name))
          && (owner == null || name.length() > owner.name().length())) {
        owner = layer;
      }
    }
    return owner;
  }
}
