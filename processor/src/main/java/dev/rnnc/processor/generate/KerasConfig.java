package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import dev.rnnc.processor.spec.BidirectionalCellSpec;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.Cell;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.DropoutSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.MaskingSpec;
import dev.rnnc.processor.spec.MergeSpec;
import dev.rnnc.processor.spec.RecurrentOptions;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.SharedSpec;
import dev.rnnc.processor.spec.StackCell;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The declared options of a layer as a {@code Map} expression under Keras' config names, for {@code
 * Layer.config()}: what an exporter needs to write a Keras model config.
 */
final class KerasConfig {
  private KerasConfig() {}

  /**
   * {@code Map.ofEntries(Map.entry("units", 64), ...)} for {@code layer}; in a graph model, with
   * {@code rnnc_inbound}: the inputs and layers it consumes ({@code inbound}, non-null), and the
   * layer whose states start it, {@code rnnc_initial_state}, so that exporters can tell a graph
   * from a Sequential chain.
   */
  static CodeBlock of(LayerSpec layer, List<String> inbound, String initialState) {
    if (inbound == null) {
      return of(layer);
    }
    List<CodeBlock> entries = entries(layer);
    entries.add(
        CodeBlock.of(
            "$T.entry($S, $T.of($L))",
            Map.class,
            "rnnc_inbound",
            List.class,
            String.join(", ", inbound.stream().map(n -> "\"" + n + "\"").toList())));
    if (initialState != null) {
      entry(entries, "rnnc_initial_state", initialState);
    }
    return map(entries);
  }

  /** {@code Map.ofEntries(Map.entry("units", 64), ...)} for {@code layer}. */
  static CodeBlock of(LayerSpec layer) {
    return map(entries(layer));
  }

  private static List<CodeBlock> entries(LayerSpec layer) {
    List<CodeBlock> entries = new ArrayList<>();
    switch (layer) {
      case RecurrentSpec r -> recurrent(r, entries);
      case BidirectionalSpec b -> {
        entry(entries, "merge_mode", b.mergeMode().name().toLowerCase());
        entries.add(
            CodeBlock.of(
                "$T.entry($S, $L)",
                Map.class,
                "layer",
                wrapped(b.layer().kerasClass(), config(b.layer()))));
        if (b.backwardLayer() != null) {
          entries.add(
              CodeBlock.of(
                  "$T.entry($S, $L)",
                  Map.class,
                  "backward_layer",
                  wrapped(b.backwardLayer().kerasClass(), config(b.backwardLayer()))));
        }
      }
      case DenseSpec d -> {
        if (d.timeDistributed()) {
          entries.add(
              CodeBlock.of(
                  "$T.entry($S, $L)", Map.class, "layer", wrapped("Dense", denseConfig(d))));
        } else {
          entries.addAll(denseEntries(d));
        }
      }
      case EmbeddingSpec e -> {
        entry(entries, "input_dim", e.inputDim());
        entry(entries, "output_dim", e.outputDim());
        entry(entries, "mask_zero", e.maskZero());
      }
      case DropoutSpec d -> entry(entries, "rate", d.rate());
      case MaskingSpec m -> entry(entries, "mask_value", m.maskValue());
      case MergeSpec m -> {
        if (m.kind() == MergeSpec.Kind.CONCATENATE) {
          entry(entries, "axis", -1);
        }
      }
      case SharedSpec s -> entries.addAll(entries(s.layer()));
      case BidirectionalCellSpec b -> {
        entry(entries, "merge_mode", b.mergeMode().name().toLowerCase());
        entries.add(
            CodeBlock.of(
                "$T.entry($S, $L)", Map.class, "layer", wrapped("RNN", map(entries(b.layer())))));
      }
      case CellSpec c -> {
        if (c.stacked()) {
          List<CodeBlock> cells = c.cells().stream().map(KerasConfig::cell).toList();
          entries.add(
              CodeBlock.of(
                  "$T.entry($S, $L)",
                  Map.class,
                  "cell",
                  wrapped(
                      "StackedRNNCells",
                      CodeBlock.of(
                          "$T.of($S, $T.of(\n$>$L$<))",
                          Map.class,
                          "cells",
                          List.class,
                          CodeBlock.join(cells, ",\n")))));
        } else {
          entry(
              entries,
              "rnnc_cell",
              ((Cell.Custom) c.cells().getFirst().cell()).type().getQualifiedName().toString());
          entry(entries, "units", c.cells().getFirst().units());
        }
        entry(entries, "return_sequences", c.returnSequences());
        entry(entries, "return_state", c.returnState());
        entry(entries, "go_backwards", c.goBackwards());
        entry(entries, "stateful", c.stateful());
        entry(entries, "unroll", c.unroll());
        entry(entries, "zero_output_for_mask", c.zeroOutputForMask());
      }
    }
    return entries;
  }

  /**
   * One stacked cell: {@code class_name} and {@code config} as Keras writes them, plus {@code
   * rnnc_key} (its weight group, {@code lstm_cell_1}) and, for a custom cell, {@code rnnc_cell}
   * (its Java class).
   */
  private static CodeBlock cell(StackCell cell) {
    List<CodeBlock> config = new ArrayList<>();
    entry(config, "units", cell.units());
    if (cell.cell() instanceof Cell.BuiltIn builtIn) {
      cellOptions(builtIn, config);
    }
    List<CodeBlock> entries = new ArrayList<>();
    entry(entries, "class_name", cell.kerasClass());
    entries.add(CodeBlock.of("$T.entry($S, $L)", Map.class, "config", map(config)));
    entry(entries, "rnnc_key", cell.kerasKey());
    if (cell.cell() instanceof Cell.Custom custom) {
      entry(entries, "rnnc_cell", custom.type().getQualifiedName().toString());
    }
    return map(entries);
  }

  /**
   * A built-in cell's options after {@code units}: activation, the kind's own, {@code use_bias},
   * and {@code dropout}, {@code recurrent_dropout} when set.
   */
  private static void cellOptions(Cell.BuiltIn cell, List<CodeBlock> entries) {
    entry(entries, "activation", cell.activation().kerasName());
    CellKind.of(cell).kerasOptions().forEach((key, value) -> entry(entries, key, value));
    entry(entries, "use_bias", cell.useBias());
    // training only; stated when set, so that an exported .keras file trains as declared
    if (cell.dropout() > 0) {
      entry(entries, "dropout", cell.dropout());
    }
    if (cell.recurrentDropout() > 0) {
      entry(entries, "recurrent_dropout", cell.recurrentDropout());
    }
  }

  private static CodeBlock config(RecurrentSpec layer) {
    List<CodeBlock> entries = new ArrayList<>();
    recurrent(layer, entries);
    return map(entries);
  }

  private static void recurrent(RecurrentSpec layer, List<CodeBlock> entries) {
    RecurrentOptions o = layer.options();
    entry(entries, "units", layer.units());
    cellOptions(layer.cell(), entries);
    entry(entries, "return_sequences", o.returnSequences());
    entry(entries, "return_state", o.returnState());
    entry(entries, "go_backwards", o.goBackwards());
    entry(entries, "stateful", o.stateful());
    entry(entries, "unroll", o.unroll());
    entry(entries, "zero_output_for_mask", o.zeroOutputForMask());
  }

  private static CodeBlock denseConfig(DenseSpec d) {
    return map(denseEntries(d));
  }

  private static List<CodeBlock> denseEntries(DenseSpec d) {
    List<CodeBlock> entries = new ArrayList<>();
    entry(entries, "units", d.units());
    entry(entries, "activation", d.activation().kerasName());
    entry(entries, "use_bias", d.useBias());
    return entries;
  }

  private static CodeBlock wrapped(String className, CodeBlock config) {
    return CodeBlock.of(
        "$T.of($S, $S, $S, $L)", Map.class, "class_name", className, "config", config);
  }

  private static void entry(List<CodeBlock> entries, String key, Object value) {
    entries.add(
        value instanceof String
            ? CodeBlock.of("$T.entry($S, $S)", Map.class, key, value)
            : CodeBlock.of("$T.entry($S, $L)", Map.class, key, value));
  }

  private static CodeBlock map(List<CodeBlock> entries) {
    return entries.isEmpty()
        ? CodeBlock.of("$T.of()", Map.class)
        : CodeBlock.of("$T.ofEntries(\n$>$L$<)", Map.class, CodeBlock.join(entries, ",\n"));
  }
}
