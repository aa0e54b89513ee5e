package dev.rnnc.processor.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/**
 * Makes one generated instance safe to call from many threads. The arrays a call computes in and
 * the methods that run the layers live in an inner class, {@code Workspace} (non-static: inside it
 * the weights are the model's fields by their plain names, so the layer emitters' code reads the
 * same there). Each public call method takes a workspace, runs its body there and gives it back:
 *
 * <ul>
 *   <li>a model without carried states takes one from a {@code WorkspacePool}, so calls that
 *       overlap each have their own and the pool keeps as many as have ever run at once;
 *   <li>a stateful model has one workspace, which holds its carried states (one stream); an {@code
 *       ExclusiveCalls} guard makes an overlapping call throw instead of mixing two streams.
 * </ul>
 */
final class Workspaces {
  static final String TYPE = "Workspace";
  private static final ClassName WORKSPACE = ClassName.get("", TYPE);
  private static final ClassName POOL = ClassName.get("dev.rnnc.runtime.nn", "WorkspacePool");
  private static final ClassName GUARD = ClassName.get("dev.rnnc.runtime.nn", "ExclusiveCalls");

  private final String modelName;
  private final boolean stateful;

  Workspaces(String modelName, boolean stateful) {
    this.modelName = modelName;
    this.stateful = stateful;
  }

  boolean stateful() {
    return stateful;
  }

  /**
   * The model's field: the pool ({@code workspaces}), or the stateful model's one ({@code state}).
   */
  FieldSpec field() {
    if (stateful) {
      return FieldSpec.builder(WORKSPACE, "state", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("The workspace of every call, which carries the states from call to call.\n")
          .initializer("new $T()", WORKSPACE)
          .build();
    }
    return FieldSpec.builder(
            ParameterizedTypeName.get(POOL, WORKSPACE),
            "workspaces",
            Modifier.PRIVATE,
            Modifier.FINAL)
        .addJavadoc("The workspaces of calls; one per call running at once.\n")
        .initializer("new $T<>($T::new)", POOL, WORKSPACE)
        .build();
  }

  /** A stateful model's guard against overlapping calls, {@code exclusive}. */
  FieldSpec guard() {
    return FieldSpec.builder(GUARD, "exclusive", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Makes a call throw while another runs: the states are one stream.\n")
        .initializer("new $T($S)", GUARD, modelName)
        .build();
  }

  /** The inner class, to which the caller adds the scratch fields and layer methods. */
  TypeSpec.Builder type() {
    return TypeSpec.classBuilder(TYPE)
        .addModifiers(Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc(
            stateful
                ? "The arrays a call computes in, the carried states among them, and the methods that run\n"
                    + "the layers (over the model's weights).\n"
                : "The arrays one call computes in and the methods that run the layers (over the model's\n"
                    + "weights). A call has a workspace to itself from taking it to giving it back.\n");
  }

  /** The body of a call as a method of the workspace: same name and parameters, not public. */
  static MethodSpec body(MethodSpec call) {
    return MethodSpec.methodBuilder(call.name())
        .addParameters(call.parameters())
        .returns(call.returnType())
        .addExceptions(call.exceptions())
        .varargs(call.varargs())
        .addCode(call.code())
        .build();
  }

  /** The public call: takes a workspace, runs the body there, gives the workspace back. */
  MethodSpec call(MethodSpec call) {
    String local = local(call);
    CodeBlock arguments =
        CodeBlock.join(
            call.parameters().stream().map(p -> CodeBlock.of("$N", p.name())).toList(), ", ");
    CodeBlock run =
        call.returnType().equals(TypeName.VOID)
            ? CodeBlock.of("$N.$N($L)", stateful ? "state" : local, call.name(), arguments)
            : CodeBlock.of("return $N.$N($L)", stateful ? "state" : local, call.name(), arguments);
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(call.name())
            .addJavadoc(call.javadoc())
            .addAnnotations(call.annotations())
            .addModifiers(call.modifiers())
            .addParameters(call.parameters())
            .returns(call.returnType())
            .addExceptions(call.exceptions())
            .varargs(call.varargs());
    if (stateful) {
      return method
          .addStatement("exclusive.enter()")
          .beginControlFlow("try")
          .addStatement(run)
          .nextControlFlow("finally")
          .addStatement("exclusive.exit()")
          .endControlFlow()
          .build();
    }
    return method
        .addStatement("$T $N = workspaces.acquire()", WORKSPACE, local)
        .beginControlFlow("try")
        .addStatement(run)
        .nextControlFlow("finally")
        .addStatement("workspaces.release($N)", local)
        .endControlFlow()
        .build();
  }

  /**
   * The local variable holding the workspace: {@code workspace}, unless a parameter is so named.
   */
  private static String local(MethodSpec call) {
    String name = "workspace";
    while (true) {
      String candidate = name;
      if (call.parameters().stream().map(ParameterSpec::name).noneMatch(candidate::equals)) {
        return name;
      }
      name = "_" + name;
    }
  }
}
