package dev.rnnc.processor.generate;

import com.palantir.javapoet.FieldSpec;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.SharedSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emits a {@code @Shared} application: the shared layer's code once more, under the application's
 * name (its own constants, scratch and forward method), whose weight fields are the shared layer's
 * arrays, not copies. It adds no layer handle: {@code layers()} lists the shared layer once.
 */
final class SharedEmitter {
  private final ClassParts parts;
  private final int fixedTimesteps;
  private final LayerEmitter layers;

  SharedEmitter(ClassParts parts, int fixedTimesteps, LayerEmitter layers) {
    this.parts = parts;
    this.fixedTimesteps = fixedTimesteps;
    this.layers = layers;
  }

  Buffer shared(SharedSpec shared, Buffer in) {
    String name = shared.name();
    String target = shared.layer().name();
    LayerSpec applied = renamed(shared.layer(), name);
    int firstWeight = parts.weights.size();
    parts.applyingShared = true;
    Buffer out =
        switch (applied) {
          case RecurrentSpec r -> new RecurrentEmitter(parts, fixedTimesteps).layer(r, in);
          case DenseSpec d -> new DenseEmitter(parts).dense(d, in);
          case EmbeddingSpec e -> new EmbeddingEmitter(parts, layers).embedding(e);
          default ->
              throw new IllegalArgumentException("cannot share " + applied); // refused by GraphRule
        };
    parts.applyingShared = false;
    // The application's weight fields are the shared layer's arrays: loading or training one
    // updates both.
    List<FieldSpec> aliases = new ArrayList<>();
    for (FieldSpec weight : parts.weights.subList(firstWeight, parts.weights.size())) {
      String own = target + weight.name().substring(name.length());
      aliases.add(
          FieldSpec.builder(weight.type(), weight.name(), Modifier.PRIVATE, Modifier.FINAL)
              .addJavadoc("$L applies $L: the same array as {@code $L}.\n", name, target, own)
              .initializer("$N", own)
              .build());
    }
    parts.weights.subList(firstWeight, parts.weights.size()).clear();
    parts.weights.addAll(aliases);
    parts.sharedNames.put(name, target);
    return out;
  }

  /**
   * The shared layer's spec under the application's name, so its generated members get names of
   * their own.
   */
  static LayerSpec renamed(LayerSpec layer, String name) {
    return switch (layer) {
      case RecurrentSpec r -> r.renamed(name);
      case DenseSpec d -> d.renamed(name);
      case EmbeddingSpec e ->
          new EmbeddingSpec(name, e.inputDim(), e.outputDim(), e.maskZero(), e.input(), e.output());
      default -> layer;
    };
  }
}
