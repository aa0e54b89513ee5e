package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import dev.rnnc.processor.spec.Cell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GRU cells: gate blocks z, r, h in Keras' order (z and r share the recurrent activation). {@code
 * reset_after} ({@code Cells.gruResetAfter}) keeps a second, recurrent bias row; reset-before
 * ({@code Cells.gruResetBefore}) needs a fourth scratch block for r·h.
 */
final class GruKind extends CellKind {
  private final Cell.Gru cell;

  GruKind(Cell.Gru cell) {
    this.cell = cell;
  }

  @Override
  Cell.Gru cell() {
    return cell;
  }

  @Override
  String order() {
    return "0, 1, 2";
  }

  @Override
  String blockNames() {
    return "z, r, h";
  }

  @Override
  boolean twoBiasRows() {
    return cell.resetAfter() && cell.useBias();
  }

  @Override
  String gateScratchSize(CellNames n) {
    return cell.resetAfter()
        ? n.gates()
        : "4 * " + n.stride(); // reset-before: z, r, r*h, candidate
  }

  /**
   * Declares {@code prefixStep}, a step of the model's own ({@link #declareModelStep}), for {@code
   * reset_after} cells: the kernels may specialise it to the layer's sizes and read the recurrent
   * kernel from an aligned copy, in panels (or one panel wide) or row-major.
   */
  @Override
  void declareExtras(ClassParts parts, CellNames n, boolean panels) {
    if (!cell.resetAfter()) {
      return;
    }
    declareModelStep(
        parts,
        n,
        RuntimeTypes.GRU_STEP,
        panels || onePanel(cell.units()) ? "gruPanelsStep" : "gruStep",
        CodeBlock.of(
            "$L, $L, $L, $L, $L",
            n.units(),
            n.stride(),
            activation(cell.activation()),
            activation(cell.recurrentActivation()),
            cell.useBias()));
  }

  /** The recurrent bias row (the bias's second row) the reset-after kernels add to h·U. */
  private CodeBlock recurrentBias(CellNames n) {
    return cell.useBias() ? CodeBlock.of("$N, $L", n.bias(), n.gates()) : CodeBlock.of("null, 0");
  }

  @Override
  CodeBlock step(CellNames n, String offset, boolean panels) {
    if (!cell.resetAfter()) {
      return CodeBlock.of(
          "$T.gruResetBefore($N, $L,$W$N, $L, $L,$W$N, $N,$W$L, $L)",
          RuntimeTypes.CELLS,
          n.projection(),
          offset,
          n.recurrentKernel(),
          n.units(),
          n.stride(),
          n.gateScratch(),
          n.state("H"),
          activation(cell.activation()),
          activation(cell.recurrentActivation()));
    }
    // reset_after cells step through the model's own step (declareExtras)
    return CodeBlock.of(
        "$N.step($N, $L,$W$N, $L,$W$N, $N)",
        modelStep(n),
        n.projection(),
        offset,
        n.recurrentKernel(),
        recurrentBias(n),
        n.gateScratch(),
        n.state("H"));
  }

  @Override
  CodeBlock lockstepStep(CellNames n, boolean panels) {
    return CodeBlock.of(
        "$T.$L(n, $N, t * $L, TIMESTEPS * $L,$W$N, $L,$W$L, $L,$W$N, $N, $L,$W$L, $L)",
        RuntimeTypes.CELLS,
        panels ? "gruStepsPanels" : "gruSteps",
        n.field("ChunkProjection"),
        n.gates(),
        n.gates(),
        n.recurrentKernel(),
        recurrentBias(n),
        n.units(),
        n.stride(),
        n.field("ChunkGates"),
        n.field("ChunkH"),
        n.stride(),
        activation(cell.activation()),
        activation(cell.recurrentActivation()));
  }

  @Override
  Map<String, Object> kerasOptions() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("recurrent_activation", cell.recurrentActivation().kerasName());
    options.put("reset_after", cell.resetAfter());
    return options;
  }

  @Override
  List<String> describedOptions() {
    List<String> options =
        new ArrayList<>(activations(cell.activation(), cell.recurrentActivation()));
    if (!cell.resetAfter()) {
      options.add("resetAfter = false");
    }
    return options;
  }

  /** Reset-before: the step's r·h, {@code TrainState}. */
  @Override
  List<String> trainingStateScratch() {
    return cell.resetAfter() ? List.of() : List.of("TrainState");
  }

  @Override
  CodeBlock trainingRecord(CellNames n) {
    return CodeBlock.of(
        "$T.$L($L)",
        RuntimeTypes.CELL_GRADIENTS,
        cell.resetAfter() ? "gruRecord" : "gruResetBeforeRecord",
        n.stride());
  }

  @Override
  CodeBlock trainingScratch(CellNames n, String batch) {
    return CodeBlock.of(
        "$T.$L($L, $L)",
        RuntimeTypes.CELL_GRADIENTS,
        cell.resetAfter() ? "gruScratch" : "gruResetBeforeScratch",
        batch,
        n.stride());
  }

  @Override
  CodeBlock trainingForward(CellNames n) {
    CodeBlock act = activation(cell.activation());
    CodeBlock ract = activation(cell.recurrentActivation());
    if (!cell.resetAfter()) {
      return CodeBlock.of(
          "$T.gruResetBeforeForward(count, $N, t * $L, $L * $L,$W$N, $L, $L,$W$N, $N, $N, $L,$W$L,"
              + " $L,$W$N, $L)",
          RuntimeTypes.CELL_GRADIENTS,
          n.field("TrainProjection"),
          n.gates(),
          n.timesteps(),
          n.gates(),
          n.trainingRecurrentKernel(),
          n.units(),
          n.stride(),
          n.field("TrainGates"),
          n.field("TrainState"),
          n.field("TrainH"),
          n.stride(),
          act,
          ract,
          n.field("TrainSaved"),
          savedOffset(n));
    }
    return CodeBlock.of(
        "$T.$L(count, $N, t * $L, $L * $L,$W$N, $L,$W$L, $L,$W$N, $N, $L,$W$L, $L,$W$N, $L)",
        RuntimeTypes.CELL_GRADIENTS,
        n.forwardStep("gruForward"),
        n.field("TrainProjection"),
        n.gates(),
        n.timesteps(),
        n.gates(),
        n.recurrentKernel(),
        recurrentBias(n),
        n.units(),
        n.stride(),
        n.field("TrainGates"),
        n.field("TrainH"),
        n.stride(),
        act,
        ract,
        n.field("TrainSaved"),
        savedOffset(n));
  }

  @Override
  CodeBlock trainingBackward(CellNames n, String mask, String recurrentMasks) {
    CodeBlock act = activation(cell.activation());
    CodeBlock ract = activation(cell.recurrentActivation());
    if (!cell.resetAfter()) {
      return CodeBlock.of(
          "$T.gruResetBeforeBackward(count, $N, t * $L, $L * $L,$W$N, $L, $L,$W$N, $L, $L,$W$N,"
              + " $L,$W$N, $N,$W$N, $L, $L$L)",
          RuntimeTypes.CELL_GRADIENTS,
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
          act,
          ract,
          masksArgument(recurrentMasks));
    }
    CodeBlock dBias =
        cell.useBias()
            ? CodeBlock.of("$N, $L", n.field("BiasGradient"), n.gates())
            : CodeBlock.of("null, 0");
    // without recurrent dropout, dh_{t-1}'s part through U is a product over U transposed once
    // per step
    boolean transposed = recurrentMasks == null;
    return CodeBlock.of(
        "$T.$L(count, $N, t * $L, $L * $L,$W$N, $L,$W$L, $L,$W$N, $L, $L,$W$N, $L,$W$N,"
            + " $N,$W$L,$W$N, $L, $L$L)",
        RuntimeTypes.CELL_GRADIENTS,
        transposed ? "gruBackwardTransposed" : "gruBackward",
        n.field("TrainProjection"),
        n.gates(),
        n.timesteps(),
        n.gates(),
        n.trainingRecurrentKernel(),
        recurrentBias(n),
        n.units(),
        n.stride(),
        n.field("TrainSaved"),
        savedOffset(n),
        maskArguments(mask, n),
        n.field("TrainDh"),
        n.stride(),
        trainingDProjection(n),
        n.trainingRecurrentKernelGradient(),
        dBias,
        n.field("TrainScratch"),
        act,
        ract,
        transposed
            ? CodeBlock.of(",$W$N", n.field("TrainRecurrentTransposed"))
            : masksArgument(recurrentMasks));
  }

  @Override
  CodeBlock trainingBackwardBuffer(CellNames n, boolean recurrentDropout) {
    return !cell.resetAfter() || recurrentDropout
        ? null
        : CodeBlock.of("$T.gruTransposedSize($L)", RuntimeTypes.CELL_GRADIENTS, n.stride());
  }

  @Override
  CodeBlock trainingBackwardSetup(CellNames n) {
    return CodeBlock.of(
        "$T.gruTranspose($N, $L, $L, $N)",
        RuntimeTypes.CELL_GRADIENTS,
        n.trainingRecurrentKernel(),
        n.units(),
        n.stride(),
        n.field("TrainRecurrentTransposed"));
  }

  @Override
  CodeBlock trainingDropoutForward(CellNames n, String recurrentMasks) {
    CodeBlock act = activation(cell.activation());
    CodeBlock ract = activation(cell.recurrentActivation());
    if (!cell.resetAfter()) {
      return CodeBlock.of(
          "$T.gruResetBeforeDropoutForward(count, $N, t * $L, $L * $L,$W$N, $L, $L,$W$N, $L,$W$L,"
              + " $L,$W$N, $L,$W$N, $N)",
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
          act,
          ract,
          n.field("TrainSaved"),
          savedOffset(n),
          recurrentMasks,
          n.field("TrainScratch"));
    }
    return CodeBlock.of(
        "$T.gruDropoutForward(count, $N, t * $L, $L * $L,$W$N, $L,$W$L, $L,$W$N, $L,$W$L, $L,$W$N,"
            + " $L,$W$N, $N)",
        RuntimeTypes.CELL_GRADIENTS,
        n.field("TrainProjection"),
        n.gates(),
        n.timesteps(),
        n.gates(),
        n.trainingRecurrentKernel(),
        recurrentBias(n),
        n.units(),
        n.stride(),
        n.field("TrainH"),
        n.stride(),
        act,
        ract,
        n.field("TrainSaved"),
        savedOffset(n),
        recurrentMasks,
        n.field("TrainScratch"));
  }

  @Override
  CodeBlock trainingDropoutScratch(CellNames n, String batch) {
    return CodeBlock.of(
        "$T.$L($L, $L)",
        RuntimeTypes.CELL_GRADIENTS,
        cell.resetAfter() ? "gruDropoutScratch" : "gruResetBeforeDropoutScratch",
        batch,
        n.stride());
  }
}
