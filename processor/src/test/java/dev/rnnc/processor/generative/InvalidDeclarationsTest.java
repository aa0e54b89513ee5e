package dev.rnnc.processor.generative;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random valid declarations with one value changed to a known-bad one ({@link Mutation}): the
 * compilation must fail with exactly one error (a warning for the few {@link Mutation#warning()}s),
 * carrying the expected id, on the line of the bad value (or of the layer that cannot take it), and
 * the processor must not crash ({@code RnncInternalError}, an uncaught exception) or report an
 * error without an id.
 */
class InvalidDeclarationsTest {

  /**
   * The choice of a mutation and of its bad value: uniform over 0 to 9999 (after QuickTheories'
   * first tries at the bounds), so that every expected id turns up in CI's tries.
   */
  private static final Gen<Integer> CHOICES = integers().between(0, 9999);

  /** 150 tries in CI ({@link GenerativeRun}); every id {@link Mutation} expects must turn up. */
  @Test
  void oneBadValueGivesOneErrorWithItsIdAtThatValue() {
    Coverage coverage = Coverage.ofIds();
    GenerativeRun.theory(150)
        .forAll(Declarations.any(), CHOICES, CHOICES)
        .checkAssert(
            (decl, which, pick) -> {
              Mutation mutation = Mutation.choose(decl, which, pick);
              coverage.countId(mutation.expectedId());
              givesOneErrorWithItsId(decl, mutation);
            });
    coverage.check();
  }

  /** One try: {@code decl} changed by {@code mutation}, compiled. */
  private static void givesOneErrorWithItsId(Decl decl, Mutation mutation) {
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

  /**
   * Found by this property (random seed -4336107547630144735 of its first generators, shrunk):
   * {@code units = -2} with {@code projSize = 1} also reported {@code RnncProjSizeInvalid},
   * "between 1 and units - 1 = -3".
   */
  @Test
  void unitsBelowOneWithAProjectionIsOneError() {
    JavaFileObject file =
        JavaFileObjects.forSourceLines(
            "test.Gen",
            "package test;",
            "import dev.rnnc.annotations.*;",
            "import dev.rnnc.runtime.Layer;",
            "@RnnModel(input = @Input(features = 2))",
            "interface Gen {",
            "  @LSTM(",
            "      units = -2,",
            "      projSize = 1)",
            "  Layer l0();",
            "}");
    Compilation compilation = Compiled.compile(file);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[RnncUnitsNotPositive]")
        .inFile(file)
        .onLineContaining("units = -2");
  }

  /**
   * Found by this property (random seed 8880231715143395489 of its first generators): a vector into
   * {@code @TimeDistributed @Dense} made it output a vector, so the recurrent layer after it
   * reported a second {@code RnncNotASequence}.
   */
  @Test
  void aVectorIntoTimeDistributedIsOneError() {
    JavaFileObject file =
        JavaFileObjects.forSourceLines(
            "test.Gen",
            "package test;",
            "import dev.rnnc.annotations.*;",
            "import dev.rnnc.runtime.Layer;",
            "@RnnModel(input = @Input(features = 2))",
            "interface Gen {",
            "  @SimpleRNN(units = 3) Layer l0();",
            "  @TimeDistributed",
            "  @Dense(units = 2) Layer l1();",
            "  @GRU(units = 2) Layer l2();",
            "}");
    Compilation compilation = Compiled.compile(file);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[RnncNotASequence]")
        .inFile(file)
        .onLineContaining("@TimeDistributed");
  }

  private static String diagnostics(Compilation compilation) {
    return compilation.diagnostics().stream()
        .map(d -> d.getKind() + " line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
  }
}
