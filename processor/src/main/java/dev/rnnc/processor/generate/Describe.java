package dev.rnnc.processor.generate;

import dev.rnnc.processor.spec.ActivationName;
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

/**
 * One-line descriptions of layers for generated Javadoc: {@code encoder: LSTM(16, returnSequences)
 * (10, 4) -> (10, 16)}.
 */
final class Describe {
  private Describe() {}

  static String layer(LayerSpec layer) {
    String input =
        layer instanceof CellSpec c && c.multiInput()
            ? String.join(
                " + ",
                c.inputs().stream().map(Object::toString).toList()) // one row of each per timestep
            : layer.input().toString();
    return layer.name() + ": " + annotation(layer) + ", " + input + " -> " + layer.output() + ".";
  }

  static String annotation(LayerSpec layer) {
    List<String> options = new ArrayList<>();
    String kind =
        switch (layer) {
          case RecurrentSpec r -> {
            options.add("units = " + r.units());
            options.addAll(CellKind.of(r.cell()).describedOptions());
            recurrent(options, r);
            yield "@" + r.kerasClass();
          }
          case BidirectionalSpec b -> {
            String backward =
                b.backwardLayer() == null
                    ? ""
                    : ", backwardLayer = \"" + b.backwardLayer().name() + "\"";
            String backwardAnnotation =
                b.backwardLayer() == null
                    ? ""
                    : "; backward: " + annotation(b.backwardLayer()).trim();
            yield "@Bidirectional(mergeMode = \""
                + b.mergeMode().name().toLowerCase()
                + "\""
                + backward
                + ") "
                + annotation(b.layer()).trim()
                + backwardAnnotation;
          }
          case BidirectionalCellSpec b ->
              "@Bidirectional(mergeMode = \""
                  + b.mergeMode().name().toLowerCase()
                  + "\") "
                  + annotation(b.layer()).trim();
          case CellSpec c -> {
            if (c.stacked()) {
              options.add(
                  "cells = {"
                      + String.join(", ", c.cells().stream().map(Describe::cell).toList())
                      + "}");
            } else {
              options.add("cell = " + c.cells().getFirst().kerasClass() + ".class");
              options.add("units = " + c.cells().getFirst().units());
            }
            flag(options, c.returnSequences(), "returnSequences = true");
            flag(options, c.returnState(), "returnState = true");
            flag(options, c.goBackwards(), "goBackwards = true");
            flag(options, c.stateful(), "stateful = true");
            flag(options, c.unroll(), "unroll = true");
            flag(options, c.zeroOutputForMask(), "zeroOutputForMask = true");
            yield "@RNN";
          }
          case MaskingSpec m -> {
            options.add("maskValue = " + m.maskValue());
            yield "@Masking";
          }
          case DenseSpec d -> {
            options.add("units = " + d.units());
            flag(
                options,
                d.activation() != ActivationName.LINEAR,
                "activation = \"" + d.activation().kerasName() + "\"");
            flag(options, !d.useBias(), "useBias = false");
            yield d.timeDistributed() ? "@TimeDistributed @Dense" : "@Dense";
          }
          case EmbeddingSpec e -> {
            options.add("inputDim = " + e.inputDim());
            options.add("outputDim = " + e.outputDim());
            flag(options, e.maskZero(), "maskZero = true");
            yield "@Embedding";
          }
          case DropoutSpec d -> {
            options.add("rate = " + d.rate());
            yield "@Dropout";
          }
          case MergeSpec m -> "@" + m.kind().kerasClass();
          case SharedSpec s -> "@Shared(\"" + s.layer().name() + "\")";
        };
    if (layer instanceof MergeSpec || layer instanceof SharedSpec) {
      return kind;
    }
    return options.isEmpty()
            && (layer instanceof BidirectionalSpec || layer instanceof BidirectionalCellSpec)
        ? kind
        : kind + "(" + String.join(", ", options) + ")";
  }

  /** {@code @Cell(type = LSTMCell.class, units = 8, resetAfter = false)}. */
  private static String cell(StackCell cell) {
    List<String> options = new ArrayList<>();
    options.add("type = " + cell.kerasClass() + ".class");
    options.add("units = " + cell.units());
    if (cell.cell() instanceof Cell.BuiltIn builtIn) {
      options.addAll(CellKind.of(builtIn).describedOptions());
      flag(options, !builtIn.useBias(), "useBias = false");
    }
    return "@Cell(" + String.join(", ", options) + ")";
  }

  private static void recurrent(List<String> options, RecurrentSpec r) {
    RecurrentOptions o = r.options();
    flag(options, !r.useBias(), "useBias = false");
    flag(options, o.returnSequences(), "returnSequences = true");
    flag(options, o.returnState(), "returnState = true");
    flag(options, o.goBackwards(), "goBackwards = true");
    flag(options, o.stateful(), "stateful = true");
    flag(options, o.unroll(), "unroll = true");
    flag(options, o.zeroOutputForMask(), "zeroOutputForMask = true");
  }

  private static void flag(List<String> options, boolean when, String text) {
    if (when) {
      options.add(text);
    }
  }
}
