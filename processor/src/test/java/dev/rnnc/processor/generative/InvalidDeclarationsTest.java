package dev.rnnc.processor.generative;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * Random valid declarations with one value changed to a known-bad one ({@link Mutation}): the
 * compilation must fail with exactly one error (a warning for the few {@link Mutation#warning()}s),
 * carrying the expected id, on the line of the bad value (or of the layer that cannot take it), and
 * the processor must not crash ({@code RnncInternalError}, an uncaught exception) or report an
 * error without an id.
 */
@AddLifecycleHook(value = GenerativeRun.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class InvalidDeclarationsTest {

  @Provide
  Arbitrary<Decl> declarations() {
    return Declarations.any();
  }

  @Property(tries = 150)
  void oneBadValueGivesOneErrorWithItsIdAtThatValue(
      @ForAll("declarations") Decl decl,
      @ForAll @IntRange(min = 0, max = 9999) int which,
      @ForAll @IntRange(min = 0, max = 9999) int pick) {
    List<Mutation> mutations = Mutation.applicable(decl, pick);
    Mutation mutation = mutations.get(which % mutations.size());
    DeclSource source = DeclSource.of(decl).copy();
    mutation.change().accept(source);
    JavaFileObject file = source.file();
    Compilation compilation = Compiled.compile(file);
    String report =
        mutation + "\n" + diagnostics(compilation) + "\n--- source ---\n" + source.render();

    // A warning fails the build under -Werror with javac's own error, which has no location.
    List<Diagnostic<? extends JavaFileObject>> reported =
        mutation.warning() ? compilation.warnings() : compilation.errors();
    List<Diagnostic<? extends JavaFileObject>> errors = compilation.errors();
    assertEquals(Compilation.Status.FAILURE, compilation.status(), () -> "compiled:\n" + report);
    for (Diagnostic<? extends JavaFileObject> d : reported) {
      String message = d.getMessage(Locale.ROOT);
      assertTrue(
          message.startsWith("[Rnnc") && !message.startsWith("[RnncInternalError]"),
          () -> "a diagnostic without an id, or a processor failure:\n" + report);
    }
    assertEquals(1, reported.size(), () -> "expected exactly one diagnostic:\n" + report);
    if (mutation.warning()) {
      assertEquals(1, errors.size(), () -> "expected -Werror's error only:\n" + report);
      assertTrue(errors.getFirst().getMessage(Locale.ROOT).contains("-Werror"), report);
    }
    try {
      (mutation.warning()
              ? assertThat(compilation).hadWarningContaining("[" + mutation.expectedId() + "]")
              : assertThat(compilation).hadErrorContaining("[" + mutation.expectedId() + "]"))
          .inFile(file)
          .onLineContaining(Mutation.MARK.strip());
    } catch (AssertionError e) {
      throw new AssertionError(report, e);
    }
  }

  private static String diagnostics(Compilation compilation) {
    return compilation.diagnostics().stream()
        .map(d -> d.getKind() + " line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
  }
}
