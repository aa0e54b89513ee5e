package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import dev.rnnc.processor.spec.MergeSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The training step of a merge layer ({@code @Concatenate}, {@code @Add}, {@code @Multiply},
 * {@code @Average}) over the batch's rows: forwards as Keras merges, backwards each input's share
 * of the merged gradient ({@code MergeGradients.share}), set by the input's first writer in
 * backward order and added by the others.
 */
final class TrainingMerges {
  private final TrainingParts p;

  TrainingMerges(TrainingParts parts) {
    this.p = parts;
  }

  /**
   * The merge of {@code ins}, whose gradients are written with {@code inputGradients} ({@code
   * input}, {@code addInput}, or null where nothing below learns).
   */
  TrainingFlow merge(MergeSpec merge, List<TrainingFlow> ins, List<String> inputGradients) {
    String name = merge.name();
    TrainingFlow first = ins.getFirst();
    String width = Names.constant(name, "UNITS");
    String stride = Names.constant(name, "STRIDE");
    String out = Names.field(name, "TrainOutput");
    String dOut = Names.field(name, "TrainDOutput");
    String rows = first.rows();
    p.batchArray(out, first.batchSize(stride), name + ": the merged rows.");
    p.batchArray(dOut, first.batchSize(stride), name + ": the merged rows' gradient.");
    boolean learns = ins.stream().anyMatch(in -> in.gradient() != null);
    String kind = merge.kind().kerasClass();
    CodeBlock.Builder back = CodeBlock.builder();
    back.add("// $L: each input's share of the $L's gradient.\n", name, kind);
    switch (merge.kind()) {
      case CONCATENATE -> concatenate(ins, inputGradients, rows, out, dOut, stride, back);
      case ADD, AVERAGE -> sum(merge, ins, inputGradients, rows, width, out, dOut, stride, back);
      case MULTIPLY -> multiply(ins, inputGradients, rows, width, out, dOut, stride, back);
    }
    if (learns) {
      p.backward.add(back.build());
    }
    return new TrainingFlow(
        out,
        width,
        stride,
        first.sequence(),
        learns ? dOut : null,
        first.timesteps(),
        mask(name, ins));
  }

  /**
   * The merged rows' mask: the inputs' when they carry the same, their logical or when each carries
   * its own, none when one carries none (keras/src/layers/merging/base_merge.py {@code
   * compute_mask}; Concatenate's counts an unmasked input all real, so its or masks nothing
   * either).
   */
  private String mask(String name, List<TrainingFlow> ins) {
    List<String> masks = ins.stream().map(TrainingFlow::mask).distinct().toList();
    if (masks.contains(null) || masks.size() == 1) {
      return masks.contains(null) ? null : masks.getFirst();
    }
    String mask = Names.field(name, "TrainMask");
    String timesteps = ins.getFirst().timesteps();
    p.maskArray(
        mask,
        "batch * " + timesteps,
        name + ": real where some input is real (the or of the inputs' masks).");
    p.forward.add("// $L: every input carries its own mask; the merged rows' is their or.\n", name);
    p.forward.addStatement(
        "$T.or($N, $N, count * $L, $N)",
        RuntimeTypes.MASKS,
        masks.get(0),
        masks.get(1),
        timesteps,
        mask);
    for (String other : masks.subList(2, masks.size())) {
      p.forward.addStatement(
          "$T.or($N, $N, count * $L, $N)", RuntimeTypes.MASKS, mask, other, timesteps, mask);
    }
    return mask;
  }

  /** Each input's columns side by side; backwards each input's columns of the gradient. */
  private void concatenate(
      List<TrainingFlow> ins,
      List<String> inputGradients,
      String rows,
      String out,
      String dOut,
      String stride,
      CodeBlock.Builder back) {
    p.forward.add("// Concatenate(axis=-1): each input's columns side by side.\n");
    List<String> offsets = new ArrayList<>();
    String offset = "0";
    for (TrainingFlow in : ins) {
      offsets.add(offset);
      p.forward.addStatement(
          "$T.concatInto($N, $L, $L, $L, $N, $L, $L)",
          RuntimeTypes.MERGE,
          in.field(),
          rows,
          in.width(),
          in.stride(),
          out,
          stride,
          offset);
      offset = offset.equals("0") ? in.width() : offset + " + " + in.width();
    }
    for (int i = 0; i < ins.size(); i++) {
      share(back, ins.get(i), inputGradients.get(i), dOut, stride, offsets.get(i), rows, "1f");
    }
  }

  /** Add, or Average (the sum divided by the count); backwards the gradient (over the count). */
  private void sum(
      MergeSpec merge,
      List<TrainingFlow> ins,
      List<String> inputGradients,
      String rows,
      String width,
      String out,
      String dOut,
      String stride,
      CodeBlock.Builder back) {
    boolean average = merge.kind() == MergeSpec.Kind.AVERAGE;
    p.forward.add(
        "// $L: the inputs' sum$L.\n",
        merge.kind().kerasClass(),
        average ? " over their count" : "");
    elementwise("add", ins, rows, width, out, stride);
    if (average) {
      p.forward.addStatement(
          "$T.divide($N, $L, $L, $L, $Lf)",
          RuntimeTypes.MERGE,
          out,
          rows,
          width,
          stride,
          ins.size());
    }
    String scale = average ? "1f / " + ins.size() : "1f";
    for (int i = 0; i < ins.size(); i++) {
      share(back, ins.get(i), inputGradients.get(i), dOut, stride, "0", rows, scale);
    }
  }

  /**
   * Multiply; backwards each input's gradient is the merged gradient times the other inputs, their
   * product built in {@code TrainProduct}.
   */
  private void multiply(
      List<TrainingFlow> ins,
      List<String> inputGradients,
      String rows,
      String width,
      String out,
      String dOut,
      String stride,
      CodeBlock.Builder back) {
    p.forward.add("// Multiply: the inputs' product.\n");
    elementwise("multiply", ins, rows, width, out, stride);
    String product = out.replace("TrainOutput", "TrainProduct");
    p.batchArray(
        product, ins.getFirst().batchSize(stride), "The merged gradient times all inputs but one.");
    for (int i = 0; i < ins.size(); i++) {
      TrainingFlow in = ins.get(i);
      if (in.gradient() == null || inputGradients.get(i) == null) {
        continue;
      }
      back.addStatement(
          "$T.share($N, $L, 0, $L, $L, 1f, $N, $L, false)",
          RuntimeTypes.MERGE_GRADIENTS,
          dOut,
          stride,
          rows,
          width,
          product,
          stride);
      for (int j = 0; j < ins.size(); j++) {
        if (j != i) {
          TrainingFlow other = ins.get(j);
          back.addStatement(
              "$T.multiply($N, $L, $N, $L, $L, $L, $N, $L)",
              RuntimeTypes.MERGE,
              product,
              stride,
              other.field(),
              other.stride(),
              rows,
              width,
              product,
              stride);
        }
      }
      share(back, in, inputGradients.get(i), product, stride, "0", rows, "1f");
    }
  }

  /** {@code out = in0 ∘ in1 ∘ ...} with {@code Merge.add} or {@code Merge.multiply}. */
  private void elementwise(
      String operation,
      List<TrainingFlow> ins,
      String rows,
      String width,
      String out,
      String stride) {
    TrainingFlow a = ins.getFirst();
    for (int i = 1; i < ins.size(); i++) {
      TrainingFlow b = ins.get(i);
      p.forward.addStatement(
          "$T.$L($N, $L, $N, $L, $L, $L, $N, $L)",
          RuntimeTypes.MERGE,
          operation,
          i == 1 ? a.field() : out,
          i == 1 ? a.stride() : stride,
          b.field(),
          b.stride(),
          rows,
          width,
          out,
          stride);
    }
  }

  /**
   * The input's gradient from columns {@code offset ...} of {@code gradient}, times {@code scale}.
   */
  private static void share(
      CodeBlock.Builder back,
      TrainingFlow in,
      String inputGradient,
      String gradient,
      String stride,
      String offset,
      String rows,
      String scale) {
    if (in.gradient() == null || inputGradient == null) {
      return;
    }
    back.addStatement(
        "$T.share($N, $L, $L, $L, $L, $L, $N, $L, $L)",
        RuntimeTypes.MERGE_GRADIENTS,
        gradient,
        stride,
        offset,
        rows,
        in.width(),
        scale,
        in.gradient(),
        in.stride(),
        "addInput".equals(inputGradient));
  }
}
