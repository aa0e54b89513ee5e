package dev.rnnc.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.rnnc.processor.build.SpecBuilder;
import dev.rnnc.processor.generate.ModelGenerator;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.read.ModelReader;
import dev.rnnc.processor.read.UnresolvedValues;
import dev.rnnc.processor.read.WrapperKind;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Node;
import dev.rnnc.processor.validate.DeclarationRule;
import dev.rnnc.processor.validate.GeneratedNamesCheck;
import dev.rnnc.processor.validate.GraphRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The rnnc annotation processor. For each {@code @RnnModel} interface: read → check the declaration
 * → infer shapes → generate, where each stage runs only if the previous one left the report clean.
 * Every interface is handled on its own: an error in one never stops the others.
 */
@AutoService(Processor.class)
public final class RnncProcessor extends AbstractProcessor {
  private static final String ANNOTATIONS = "dev.rnnc.annotations.";
  private ProcessorOptions options;

  /**
   * Models whose annotations name a type javac has not resolved yet: read again next round, when
   * another processor may have generated it, and reported in the last round if still unresolved.
   */
  private final Set<String> unresolved = new java.util.LinkedHashSet<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    // derived from the layer and wrapper kinds, so a new layer annotation is claimed where it is
    // declared
    Set<String> types =
        new java.util.TreeSet<>(Set.of(ANNOTATIONS + "RnnModel", ANNOTATIONS + "InitialState"));
    Arrays.stream(LayerKind.values()).map(LayerKind::annotation).forEach(types::add);
    Arrays.stream(WrapperKind.values()).map(WrapperKind::annotation).forEach(types::add);
    return Set.copyOf(types);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return ProcessorOptions.KEYS;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement rnnModel = processingEnv.getElementUtils().getTypeElement(ANNOTATIONS + "RnnModel");
    if (rnnModel == null) {
      return false;
    }
    if (options == null) {
      options = ProcessorOptions.parse(processingEnv.getOptions(), processingEnv.getMessager());
    }
    Set<Element> models = new java.util.LinkedHashSet<>(round.getElementsAnnotatedWith(rnnModel));
    unresolved.stream()
        .map(processingEnv.getElementUtils()::getTypeElement)
        .filter(java.util.Objects::nonNull)
        .forEach(models::add);
    unresolved.clear();
    for (Element element : models) {
      try {
        if (resolved(element, round.processingOver())) {
          process(element);
        }
      } catch (RuntimeException e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        processingEnv
            .getMessager()
            .printMessage(
                Diagnostic.Kind.ERROR,
                RnncMessage.INTERNAL_ERROR.format(element, e) + "\n" + trace,
                element);
      }
    }
    return true; // only rnnc's own annotations are claimed
  }

  /**
   * Whether {@code element}'s annotation values all resolve; if not, it is deferred to the next
   * round, or its unresolved values are reported in the last.
   */
  private boolean resolved(Element element, boolean lastRound) {
    Diagnostics diagnostics = new Diagnostics();
    if (!(element instanceof TypeElement type) || UnresolvedValues.check(type, diagnostics)) {
      return true;
    }
    if (lastRound) {
      diagnostics.printTo(processingEnv.getMessager());
    } else {
      unresolved.add(type.getQualifiedName().toString());
    }
    return false;
  }

  private void process(Element element) {
    Diagnostics diagnostics = new Diagnostics();
    ModelDecl declaration =
        new ModelReader(processingEnv.getElementUtils()).read(element, diagnostics);
    List<Node> nodes = null;
    if (declaration != null) {
      DeclarationRule.all().forEach(rule -> rule.check(declaration, diagnostics));
      nodes = GraphRule.nodes(declaration, diagnostics); // the wiring, checked as it is read
    }
    if (declaration == null || !diagnostics.isClean()) {
      diagnostics.printTo(processingEnv.getMessager());
      return;
    }
    ModelSpec spec =
        new SpecBuilder(processingEnv.getElementUtils(), options)
            .build(declaration, nodes, diagnostics);
    diagnostics.printTo(
        processingEnv.getMessager()); // warnings, or the errors that stop generation
    if (!diagnostics.isClean()) {
      return;
    }
    JavaFile file = new ModelGenerator().generate(spec);
    Diagnostics names = new Diagnostics();
    if (!GeneratedNamesCheck.check(file.typeSpec(), declaration, names)) {
      names.printTo(processingEnv.getMessager());
      return;
    }
    try {
      file.writeTo(processingEnv.getFiler());
    } catch (IOException e) {
      processingEnv
          .getMessager()
          .printMessage(
              Diagnostic.Kind.ERROR,
              RnncMessage.INTERNAL_ERROR.format(
                  element, "could not write " + spec.generatedName() + ": " + e.getMessage()),
              element);
    }
  }
}
