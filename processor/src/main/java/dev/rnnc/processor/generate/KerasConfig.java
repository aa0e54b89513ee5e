package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.DropoutSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.GruSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.LstmSpec;
import dev.rnnc.processor.spec.MaskingSpec;
import dev.rnnc.processor.spec.RecurrentOptions;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.SimpleRnnSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The declared options of a layer as a {@code Map} expression under Keras' config names, for
 * {@code Layer.config()}: what an exporter needs to write a Keras model config.
 */
final class KerasConfig {
  private KerasConfig() {}

  /** {@code Map.ofEntries(Map.entry("units", 64), ...)} for {@code layer}. */
  static CodeBlock of(LayerSpec layer) {
    List<CodeBlock> entries = new ArrayList<>();
    switch (layer) {
      case RecurrentSpec r -> recurrent(r, entries);
      case BidirectionalSpec b -> {
        entry(entries, "merge_mode", b.mergeMode().name().toLowerCase());
        entries.add(CodeBlock.of("$T.entry($S, $L)", Map.class, "layer", wrapped(b.layer().kerasClass(), config(b.layer()))));
      }
      case DenseSpec d -> {
        CodeBlock dense = denseConfig(d);
        if (d.timeDistributed()) {
          entries.add(CodeBlock.of("$T.entry($S, $L)", Map.class, "layer", wrapped("Dense", dense)));
        } else {
          return dense;
        }
      }
      case EmbeddingSpec e -> {
        entry(entries, "input_dim", e.inputDim());
        entry(entries, "output_dim", e.outputDim());
        entry(entries, "mask_zero", e.maskZero());
      }
      case DropoutSpec d -> entry(entries, "rate", d.rate());
      case MaskingSpec m -> entry(entries, "mask_value", m.maskValue());
      case CellSpec c -> {
        entry(entries, "rnnc_cell", c.cell().getQualifiedName().toString());
        entry(entries, "units", c.units());
        entry(entries, "return_sequences", c.returnSequences());
        entry(entries, "go_backwards", c.goBackwards());
        entry(entries, "stateful", c.stateful());
      }
    }
    return map(entries);
  }

  private static CodeBlock config(RecurrentSpec layer) {
    List<CodeBlock> entries = new ArrayList<>();
    recurrent(layer, entries);
    return map(entries);
  }

  private static void recurrent(RecurrentSpec layer, List<CodeBlock> entries) {
    RecurrentOptions o = layer.options();
    entry(entries, "units", o.units());
    entry(entries, "activation", o.activation().kerasName());
    switch (layer) {
      case LstmSpec l -> {
        entry(entries, "recurrent_activation", l.recurrentActivation().kerasName());
        entry(entries, "unit_forget_bias", l.unitForgetBias());
        if (l.projSize() > 0) {
          entry(entries, "rnnc_proj_size", l.projSize());
        }
      }
      case GruSpec g -> {
        entry(entries, "recurrent_activation", g.recurrentActivation().kerasName());
        entry(entries, "reset_after", g.resetAfter());
      }
      case SimpleRnnSpec s -> { }
    }
    entry(entries, "use_bias", o.useBias());
    entry(entries, "return_sequences", o.returnSequences());
    entry(entries, "return_state", o.returnState());
    entry(entries, "go_backwards", o.goBackwards());
    entry(entries, "stateful", o.stateful());
    entry(entries, "unroll", o.unroll());
    entry(entries, "zero_output_for_mask", o.zeroOutputForMask());
  }

  private static CodeBlock denseConfig(DenseSpec d) {
    List<CodeBlock> entries = new ArrayList<>();
    entry(entries, "units", d.units());
    entry(entries, "activation", d.activation().kerasName());
    entry(entries, "use_bias", d.useBias());
    return map(entries);
  }

  private static CodeBlock wrapped(String className, CodeBlock config) {
    return CodeBlock.of("$T.of($S, $S, $S, $L)", Map.class, "class_name", className, "config", config);
  }

  private static void entry(List<CodeBlock> entries, String key, Object value) {
    entries.add(value instanceof String
        ? CodeBlock.of("$T.entry($S, $S)", Map.class, key, value)
        : CodeBlock.of("$T.entry($S, $L)", Map.class, key, value));
  }

  private static CodeBlock map(List<CodeBlock> entries) {
    return entries.isEmpty()
        ? CodeBlock.of("$T.of()", Map.class)
        : CodeBlock.of("$T.ofEntries(\n$>$L$<)", Map.class, CodeBlock.join(entries, ",\n"));
  }
}
