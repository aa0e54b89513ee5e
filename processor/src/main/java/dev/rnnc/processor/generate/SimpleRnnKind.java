package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import dev.rnnc.processor.spec.Cell;

/**
 * SimpleRNN cells: one gate block. The step is a {@code static final SimpleRnnStep} made once for
 * the cell's sizes ({@code Cells.simpleRnnStep}), which the kernels may specialise to them.
 */
final class SimpleRnnKind extends CellKind {
  private final Cell.SimpleRnn cell;

  SimpleRnnKind(Cell.SimpleRnn cell) {
    this.cell = cell;
  }

  @Override
  Cell.SimpleRnn cell() {
    return cell;
  }

  @Override
  String order() {
    return "0";
  }

  @Override
  String blockNames() {
    return "(one)";
  }

  /** Declares {@code PREFIX_STEP}, the cell's sized step. */
  @Override
  void declareExtras(ClassParts parts, CellNames n, boolean panels) {
    declareStep(
        parts,
        n,
        RuntimeTypes.SIMPLE_RNN_STEP,
        CodeBlock.of(
            "$T.simpleRnnStep($L, $L, $L)",
            RuntimeTypes.CELLS,
            n.units(),
            n.stride(),
            activation(cell.activation())));
  }

  @Override
  CodeBlock step(CellNames n, String offset, boolean panels) {
    return CodeBlock.of(
        "$N.step($N, $L,$W$N, $N, $N)",
        stepConstant(n),
        n.projection(),
        offset,
        n.recurrentKernel(),
        n.state("H"),
        n.gateScratch());
  }

  @Override
  CodeBlock lockstepStep(CellNames n, boolean panels) {
    return CodeBlock.of(
        "$T.simpleRnnSteps(n, $N, t * $L, TIMESTEPS * $L,$W$N, $L, $L,$W$N, $N, $L,$W$L)",
        RuntimeTypes.CELLS,
        n.field("ChunkProjection"),
        n.gates(),
        n.gates(),
        n.recurrentKernel(),
        n.units(),
        n.stride(),
        n.field("ChunkGates"),
        n.field("ChunkH"),
        n.stride(),
        activation(cell.activation()));
  }

  @Override
  CodeBlock trainingRecord(CellNames n) {
    return CodeBlock.of("$T.simpleRnnRecord($L)", RuntimeTypes.CELL_GRADIENTS, n.stride());
  }

  @Override
  CodeBlock trainingScratch(CellNames n, String batch) {
    return CodeBlock.of(
        "$T.simpleRnnScratch($L, $L)", RuntimeTypes.CELL_GRADIENTS, batch, n.stride());
  }

  @Override
  CodeBlock trainingForward(CellNames n) {
    return CodeBlock.of(
        "$T.simpleRnnForward(count, $N, t * $L, $L * $L,$W$N, $L, $L,$W$N, $N, $L,$W$L,$W$N, $L)",
        RuntimeTypes.CELL_GRADIENTS,
        n.field("TrainProjection"),
        n.gates(),
        n.timesteps(),
        n.gates(),
        n.trainingRecurrentKernel(),
        n.units(),
        n.stride(),
        n.field("TrainGates"),
        n.field("TrainH"),
        n.stride(),
        activation(cell.activation()),
        n.field("TrainSaved"),
        savedOffset(n));
  }

  @Override
  CodeBlock trainingBackward(CellNames n, String mask, String recurrentMasks) {
    // without recurrent dropout, dh_{t-1} = dz·Uᵀ is a product over U transposed once per step
    boolean transposed = recurrentMasks == null;
    return CodeBlock.of(
        "$T.$L(count, $N, t * $L, $L * $L,$W$N, $L, $L,$W$N, $L, $L,$W$N, $L,$W$N,"
            + " $N,$W$N, $L$L)",
        RuntimeTypes.CELL_GRADIENTS,
        transposed ? "simpleRnnBackwardTransposed" : "simpleRnnBackward",
        n.field("TrainProjection"),
        n.gates(),
        n.timesteps(),
        n.gates(),
        n.trainingRecurrentKernel(),
        n.units(),
        n.stride(),
        n.field("TrainSaved"),
        savedOffset(n),
        maskArguments(mask, n),
        n.field("TrainDh"),
        n.stride(),
        trainingDProjection(n),
        n.trainingRecurrentKernelGradient(),
        n.field("TrainScratch"),
        activation(cell.activation()),
        transposed
            ? CodeBlock.of(",$W$N", n.field("TrainRecurrentTransposed"))
            : masksArgument(recurrentMasks));
  }

  @Override
  CodeBlock trainingBackwardBuffer(CellNames n, boolean recurrentDropout) {
    return recurrentDropout
        ? null
        : CodeBlock.of("$T.simpleRnnTransposedSize($L)", RuntimeTypes.CELL_GRADIENTS, n.stride());
  }

  @Override
  CodeBlock trainingBackwardSetup(CellNames n) {
    return CodeBlock.of(
        "$T.simpleRnnTranspose($N, $L, $L, $N)",
        RuntimeTypes.CELL_GRADIENTS,
        n.trainingRecurrentKernel(),
        n.units(),
        n.stride(),
        n.field("TrainRecurrentTransposed"));
  }

  @Override
  CodeBlock trainingDropoutForward(CellNames n, String recurrentMasks) {
    return CodeBlock.of(
        "$T.simpleRnnDropoutForward(count, $N, t * $L, $L * $L,$W$N, $L, $L,$W$N, $L,$W$L,$W$N, $L,"
            + "$W$N, $N)",
        RuntimeTypes.CELL_GRADIENTS,
        n.field("TrainProjection"),
        n.gates(),
        n.timesteps(),
        n.gates(),
        n.trainingRecurrentKernel(),
        n.units(),
        n.stride(),
        n.field("TrainH"),
        n.stride(),
        activation(cell.activation()),
        n.field("TrainSaved"),
        savedOffset(n),
        recurrentMasks,
        n.field("TrainScratch"));
  }

  @Override
  CodeBlock trainingDropoutScratch(CellNames n, String batch) {
    return CodeBlock.of(
        "$T.simpleRnnDropoutScratch($L, $L)", RuntimeTypes.CELL_GRADIENTS, batch, n.stride());
  }
}
