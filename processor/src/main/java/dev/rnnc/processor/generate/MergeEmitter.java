package dev.rnnc.processor.generate;

import com.palantir.javapoet.MethodSpec;
import dev.rnnc.processor.spec.MergeSpec;
import dev.rnnc.processor.spec.Packing;
import java.util.List;
import java.util.Objects;

/**
 * Emits a merge layer ({@code @Concatenate}, {@code @Add}, {@code @Multiply}, {@code @Average}):
 * row by row over its inputs' buffers, each with its own stride, into one output buffer; and, when
 * masks from different layers reach it, the logical or of those masks (Keras 3.15).
 */
final class MergeEmitter {
  private final ClassParts parts;

  /** The mask array this merge made (the or of its inputs' masks), or null. */
  String maskMade;

  MergeEmitter(ClassParts parts) {
    this.parts = parts;
  }

  /**
   * @param masks each input's mask array, or null where an input carries none
   */
  Buffer merge(MergeSpec merge, List<Buffer> ins, List<String> masks) {
    String name = merge.name();
    String units = Names.constant(name, "UNITS");
    String stride = Names.constant(name, "STRIDE");
    String output = Names.field(name, "Output");
    boolean sequence = ins.getFirst().sequence();
    parts.constant(units, merge.output().features());
    parts.constant(stride, Packing.padded(merge.output().features()));
    if (sequence) {
      parts.perTimestep(output, stride);
    } else {
      parts.scratch(output, stride);
    }
    LayerEmitter.handle(parts, merge, merge.kind().kerasClass(), List.of(), null);

    String rows = sequence ? parts.timesteps() : "1";
    MethodSpec.Builder method =
        LayerEmitter.forwardMethod(parts, name, Describe.layer(merge) + "\n");
    switch (merge.kind()) {
      case CONCATENATE -> {
        method.addComment(
            "Concatenate(axis=-1): each input's columns side by side, in parameter order.");
        String offset = "0";
        for (Buffer in : ins) {
          method.addStatement(
              "$T.concatInto($N, $L, $L, $L,$W$N, $L, $L)",
              RuntimeTypes.MERGE,
              in.field(),
              rows,
              in.width(),
              in.stride(),
              output,
              stride,
              offset);
          offset = offset.equals("0") ? in.width() : offset + " + " + in.width();
        }
      }
      case ADD, MULTIPLY, AVERAGE -> {
        String op = merge.kind() == MergeSpec.Kind.MULTIPLY ? "multiply" : "add";
        method.addComment(
            "$L: folded left to right over the inputs, as Keras does.", merge.kind().kerasClass());
        Buffer first = ins.getFirst();
        method.addStatement(
            "$T.$L($N, $L, $N, $L, $L, $L,$W$N, $L)",
            RuntimeTypes.MERGE,
            op,
            first.field(),
            first.stride(),
            ins.get(1).field(),
            ins.get(1).stride(),
            rows,
            units,
            output,
            stride);
        for (Buffer in : ins.subList(2, ins.size())) {
          method.addStatement(
              "$T.$L($N, $L, $N, $L, $L, $L,$W$N, $L)",
              RuntimeTypes.MERGE,
              op,
              output,
              stride,
              in.field(),
              in.stride(),
              rows,
              units,
              output,
              stride);
        }
        if (merge.kind() == MergeSpec.Kind.AVERAGE) {
          method.addStatement(
              "$T.divide($N, $L, $L, $L, $Lf)",
              RuntimeTypes.MERGE,
              output,
              rows,
              units,
              stride,
              ins.size());
        }
      }
    }
    List<String> distinct = masks.stream().filter(Objects::nonNull).distinct().toList();
    if (sequence && masks.stream().allMatch(Objects::nonNull) && distinct.size() > 1) {
      maskMade = Names.field(name, "Mask");
      parts.mask(
          maskMade,
          "The mask of "
              + name
              + "'s output: real where some input is real (Keras 3.15 merges).\n");
      method.addComment("Every input carries a mask: the output's is their logical or.");
      method.addStatement(
          "$T.or($N, $N, $L, $N)",
          RuntimeTypes.MASKS,
          distinct.get(0),
          distinct.get(1),
          parts.timesteps(),
          maskMade);
      for (String mask : distinct.subList(2, distinct.size())) {
        method.addStatement(
            "$T.or($N, $N, $L, $N)",
            RuntimeTypes.MASKS,
            maskMade,
            mask,
            parts.timesteps(),
            maskMade);
      }
    }
    parts.forwardMethods.add(method.build());
    return new Buffer(output, units, stride, sequence);
  }
}
