package dev.rnnc.processor.build;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Packing;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.Shape;

/**
 * Every weight array a layer's sizes imply fits in a Java array ({@code Integer.MAX_VALUE} floats),
 * so that a declaration too large for the JVM is a compile error at its size, not a {@code
 * NegativeArraySizeException} at {@code create()}. Counts the packed (padded) floats.
 */
final class ArraySizeCheck {
  private ArraySizeCheck() {}

  static void check(ModelDecl model, ModelSpec spec, Diagnostics diagnostics) {
    for (LayerSpec layer : spec.layers()) {
      String member = "units";
      long floats =
          switch (layer) {
            case RecurrentSpec r -> recurrent(r);
            case BidirectionalSpec b -> recurrent(b.layer());
            case DenseSpec d -> (long) width(d.input()) * Packing.padded(d.units());
            case EmbeddingSpec e -> {
              member = "inputDim";
              yield (long) e.inputDim() * Packing.padded(e.outputDim());
            }
            default -> 0;
          };
      if (floats > Integer.MAX_VALUE) {
        LayerDecl decl =
            model.layers().stream()
                .filter(l -> l.name().equals(declaredName(layer)))
                .findFirst()
                .orElseThrow();
        diagnostics.error(
            decl.method(),
            decl.values().mirror(),
            decl.values().written(member),
            RnncMessage.ARRAY_TOO_LARGE,
            layer.name(),
            floats,
            Integer.MAX_VALUE,
            member);
      }
    }
  }

  /** The largest of the kernel, the recurrent kernel and the projection of the input sequence. */
  private static long recurrent(RecurrentSpec r) {
    long gates = (long) r.cell().gateBlocks() * Packing.padded(r.units());
    long kernel = width(r.input()) * gates;
    long recurrent = (long) r.outputUnits() * gates;
    long projection =
        r.input().variableTimesteps() ? 0 : (long) Math.max(1, r.input().timesteps()) * gates;
    return Math.max(kernel, Math.max(recurrent, projection));
  }

  private static long width(Shape shape) {
    return shape.kind() == Shape.Kind.TOKENS ? 1 : shape.features();
  }

  /**
   * The declared layer a spec comes from: itself, or the numLayers layer it is a lower layer of.
   */
  private static String declaredName(LayerSpec layer) {
    return layer instanceof BidirectionalSpec b && b.lowerLayerOf() != null
        ? b.lowerLayerOf()
        : layer.name();
  }
}
