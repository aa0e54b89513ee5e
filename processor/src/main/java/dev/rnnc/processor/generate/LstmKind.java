package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import dev.rnnc.processor.spec.Cell;
import dev.rnnc.processor.spec.Packing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LSTM cells ({@code Cells.lstm}): gate blocks Keras i, f, c, o packed as i, f, o, c so one
 * activation pass covers i, f, o; states h and c; PyTorch's {@code proj_size} projects h.
 */
final class LstmKind extends CellKind {
  private final Cell.Lstm cell;

  LstmKind(Cell.Lstm cell) {
    this.cell = cell;
  }

  @Override
  Cell.Lstm cell() {
    return cell;
  }

  @Override
  String order() {
    return "0, 1, 3, 2";
  }

  @Override
  String blockNames() {
    return "i, f, o, c";
  }

  @Override
  List<String> states() {
    return List.of("H", "C");
  }

  private boolean projected() {
    return cell.projSize() > 0;
  }

  @Override
  String hUnits(CellNames n) {
    return projected() ? Names.constant(n.constants(), "PROJ_SIZE") : n.units();
  }

  @Override
  String hStride(CellNames n) {
    return projected() ? Names.constant(n.constants(), "PROJ_STRIDE") : n.stride();
  }

  @Override
  void declareSizes(ClassParts parts, CellNames n) {
    super.declareSizes(parts, n);
    if (projected()) {
      parts.constant(hUnits(n), cell.projSize());
      parts.constant(hStride(n), Packing.padded(cell.projSize()));
    }
  }

  @Override
  List<CodeBlock> extraVariables(ClassParts parts, CellNames n, String kerasPrefix) {
    if (!projected()) {
      return List.of();
    }
    String projectionKernel = n.field("ProjectionKernel");
    parts.weight(
        projectionKernel,
        n.units() + " * " + hStride(n),
        n.fields()
            + ": {@code "
            + kerasPrefix
            + "projection_kernel} (units, projSize), PyTorch's weight_hr transposed.\n");
    parts.scratch(n.field("CellOutput"), n.stride());
    return List.of(
        LayerEmitter.variable(
            kerasPrefix + "projection_kernel",
            LayerEmitter.matrix(n.units(), hUnits(n), "0"),
            projectionKernel,
            LayerEmitter.initializer("glorotUniform")));
  }

  /**
   * Declares {@code prefixStep}, a step of the model's own ({@link #declareModelStep}), for every
   * cell but {@code projSize} ones: the kernels may specialise it to the layer's sizes and read the
   * recurrent kernel from an aligned copy, in panels (or one panel wide) or row-major.
   */
  @Override
  void declareExtras(ClassParts parts, CellNames n, boolean panels) {
    if (projected()) {
      return;
    }
    declareModelStep(
        parts,
        n,
        RuntimeTypes.LSTM_STEP,
        panels || onePanel(cell.units()) ? "lstmPanelsStep" : "lstmStep",
        CodeBlock.of(
            "$L, $L, $L, $L",
            n.units(),
            n.stride(),
            activation(cell.activation()),
            activation(cell.recurrentActivation())));
  }

  @Override
  CodeBlock biasInitializer(CellNames n) {
    if (!cell.unitForgetBias()) {
      return super.biasInitializer(n);
    }
    String bias = cell.initializers().bias();
    return bias.equals("zeros")
        ? LayerEmitter.initializer("unitForgetBias", n.units())
        : CodeBlock.of(
            "$T.unitForgetBias($L, $L)",
            RuntimeTypes.INITIALIZER,
            LayerEmitter.kerasInitializer(bias),
            n.units());
  }

  @Override
  CodeBlock step(CellNames n, String offset, boolean panels) {
    if (projected()) {
      return CodeBlock.of(
          "$T.lstmProjected($N, $L,$W$N, $L, $L,$W$N, $N, $N,$W$N, $L, $L, $N,$W$L, $L)",
          RuntimeTypes.CELLS,
          n.projection(),
          offset,
          n.recurrentKernel(),
          n.units(),
          n.stride(),
          n.gateScratch(),
          n.state("C"),
          n.field("CellOutput"),
          n.field("ProjectionKernel"),
          hUnits(n),
          hStride(n),
          n.state("H"),
          activation(cell.activation()),
          activation(cell.recurrentActivation()));
    }
    // every other cell steps through the model's own step (declareExtras)
    return CodeBlock.of(
        "$N.step($N, $L,$W$N, $N, $N, $N)",
        modelStep(n),
        n.projection(),
        offset,
        n.recurrentKernel(),
        n.gateScratch(),
        n.state("C"),
        n.state("H"));
  }

  @Override
  CodeBlock lockstepStep(CellNames n, boolean panels) {
    return CodeBlock.of(
        "$T.$L(n, $N, t * $L, TIMESTEPS * $L,$W$N, $L, $L,$W$N, $N, $N, $L,$W$L, $L)",
        RuntimeTypes.CELLS,
        panels ? "lstmStepsPanels" : "lstmSteps",
        n.field("ChunkProjection"),
        n.gates(),
        n.gates(),
        n.recurrentKernel(),
        n.units(),
        n.stride(),
        n.field("ChunkGates"),
        n.field("ChunkC"),
        n.field("ChunkH"),
        n.stride(),
        activation(cell.activation()),
        activation(cell.recurrentActivation()));
  }

  @Override
  Map<String, Object> kerasOptions() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("recurrent_activation", cell.recurrentActivation().kerasName());
    options.put("unit_forget_bias", cell.unitForgetBias());
    if (projected()) {
      options.put("rnnc_proj_size", cell.projSize());
    }
    return options;
  }

  @Override
  List<String> describedOptions() {
    List<String> options =
        new ArrayList<>(activations(cell.activation(), cell.recurrentActivation()));
    if (projected()) {
      options.add("projSize = " + cell.projSize());
    }
    return options;
  }

  @Override
  CodeBlock trainingRecord(CellNames n) {
    if (projected()) {
      return CodeBlock.of(
          "$T.lstmProjectedRecord($L, $L)", RuntimeTypes.CELL_GRADIENTS, n.stride(), hStride(n));
    }
    return CodeBlock.of("$T.lstmRecord($L)", RuntimeTypes.CELL_GRADIENTS, n.stride());
  }

  @Override
  CodeBlock trainingScratch(CellNames n, String batch) {
    if (projected()) {
      return CodeBlock.of(
          "$T.lstmProjectedScratch($L, $L, $L)",
          RuntimeTypes.CELL_GRADIENTS,
          batch,
          n.stride(),
          hStride(n));
    }
    return CodeBlock.of("$T.lstmScratch($L, $L)", RuntimeTypes.CELL_GRADIENTS, batch, n.stride());
  }

  /** The projected step's scratch: the cell state and its activation, before h = o·act(c)·W_hr. */
  @Override
  List<String> trainingStateScratch() {
    return projected() ? List.of("TrainCell", "TrainCellOutput") : List.of();
  }

  /** PyTorch's projection W_hr, trained beside the kernels. */
  @Override
  List<String> trainedExtras(CellNames n) {
    return projected() ? List.of(n.field("ProjectionKernel")) : List.of();
  }

  @Override
  CodeBlock trainingForward(CellNames n) {
    if (projected()) {
      return CodeBlock.of(
          "$T.lstmProjectedForward(count, $N, t * $L, $L * $L,$W$N, $L, $L,$W$N, $N, $N,$W$N, $L,"
              + " $L,$W$N, $N, $L,$W$L, $L,$W$N, $L)",
          RuntimeTypes.CELL_GRADIENTS,
          n.field("TrainProjection"),
          n.gates(),
          n.timesteps(),
          n.gates(),
          n.trainingRecurrentKernel(),
          n.units(),
          n.stride(),
          n.field("TrainGates"),
          n.field("TrainCell"),
          n.field("TrainCellOutput"),
          n.field("ProjectionKernel"),
          hUnits(n),
          hStride(n),
          n.field("TrainC"),
          n.field("TrainH"),
          n.stride(),
          activation(cell.activation()),
          activation(cell.recurrentActivation()),
          n.field("TrainSaved"),
          savedOffset(n));
    }
    return CodeBlock.of(
        "$T.$L(count, $N, t * $L, $L * $L,$W$N, $L, $L,$W$N, $N, $N, $L,$W$L, $L,$W$N, $L)",
        RuntimeTypes.CELL_GRADIENTS,
        n.forwardStep("lstmForward"),
        n.field("TrainProjection"),
        n.gates(),
        n.timesteps(),
        n.gates(),
        n.recurrentKernel(),
        n.units(),
        n.stride(),
        n.field("TrainGates"),
        n.field("TrainC"),
        n.field("TrainH"),
        n.stride(),
        activation(cell.activation()),
        activation(cell.recurrentActivation()),
        n.field("TrainSaved"),
        savedOffset(n));
  }

  @Override
  CodeBlock trainingBackwardBuffer(CellNames n, boolean recurrentDropout) {
    return projected() || recurrentDropout
        ? null
        : CodeBlock.of("$T.lstmTransposedSize($L)", RuntimeTypes.CELL_GRADIENTS, n.stride());
  }

  @Override
  CodeBlock trainingBackwardSetup(CellNames n) {
    return CodeBlock.of(
        "$T.lstmTranspose($N, $L, $L, $N)",
        RuntimeTypes.CELL_GRADIENTS,
        n.trainingRecurrentKernel(),
        n.units(),
        n.stride(),
        n.field("TrainRecurrentTransposed"));
  }

  @Override
  CodeBlock trainingBackward(CellNames n, String mask, String recurrentMasks) {
    if (projected()) { // with recurrent dropout, its masks over the projected h
      return CodeBlock.of(
          "$T.lstmProjectedBackward(count, $N, t * $L, $L * $L,$W$N, $L, $L,$W$N, $L, $L,$W$N, $L,"
              + " $L,$W$N, $N, $L,$W$N, $N, $N,$W$N, $L, $L$L)",
          RuntimeTypes.CELL_GRADIENTS,
          n.field("TrainProjection"),
          n.gates(),
          n.timesteps(),
          n.gates(),
          n.trainingRecurrentKernel(),
          n.units(),
          n.stride(),
          n.field("ProjectionKernel"),
          hUnits(n),
          hStride(n),
          n.field("TrainSaved"),
          savedOffset(n),
          maskArguments(mask, n),
          n.field("TrainDh"),
          n.field("TrainDc"),
          n.stride(),
          trainingDProjection(n),
          n.trainingRecurrentKernelGradient(),
          n.field("ProjectionKernel") + "Gradient",
          n.field("TrainScratch"),
          activation(cell.activation()),
          activation(cell.recurrentActivation()),
          masksArgument(recurrentMasks));
    }
    // without recurrent dropout, dh_{t-1} = dz·Uᵀ is a product over U transposed once per step
    boolean transposed = recurrentMasks == null;
    return CodeBlock.of(
        "$T.$L(count, $N, t * $L, $L * $L,$W$N, $L, $L,$W$N, $L, $L,$W$N, $N,"
            + " $L,$W$N, $N, $N,$W$L, $L$L)",
        RuntimeTypes.CELL_GRADIENTS,
        transposed ? "lstmBackwardTransposed" : "lstmBackward",
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
        n.field("TrainDc"),
        n.stride(),
        trainingDProjection(n),
        // the transposed steps leave dU to trainingBackwardFinish, after the loop
        transposed ? "null" : n.trainingRecurrentKernelGradient(),
        n.field("TrainScratch"),
        activation(cell.activation()),
        activation(cell.recurrentActivation()),
        transposed
            ? CodeBlock.of(",$W$N", n.field("TrainRecurrentTransposed"))
            : masksArgument(recurrentMasks));
  }

  @Override
  CodeBlock trainingBackwardFinish(CellNames n, boolean recurrentDropout) {
    if (projected() || recurrentDropout) {
      return null;
    }
    return CodeBlock.of(
        "$T.lstmRecurrentKernelGradient(count, $L, $N, $L, $L, $L,$W$N, $L, $L * $L, $N)",
        RuntimeTypes.CELL_GRADIENTS,
        n.timesteps(),
        n.field("TrainSaved"),
        record(n),
        n.units(),
        n.stride(),
        trainingDProjection(n),
        n.gates(),
        n.timesteps(),
        n.gates(),
        n.trainingRecurrentKernelGradient());
  }

  @Override
  CodeBlock trainingDropoutForward(CellNames n, String recurrentMasks) {
    if (projected()) {
      return CodeBlock.of(
          "$T.lstmProjectedDropoutForward(count, $N, t * $L, $L * $L,$W$N, $L, $L,$W$N, $L, $L,$W$N,"
              + " $N, $L,$W$L, $L,$W$N, $L,$W$N, $N)",
          RuntimeTypes.CELL_GRADIENTS,
          n.field("TrainProjection"),
          n.gates(),
          n.timesteps(),
          n.gates(),
          n.trainingRecurrentKernel(),
          n.units(),
          n.stride(),
          n.field("ProjectionKernel"),
          hUnits(n),
          hStride(n),
          n.field("TrainC"),
          n.field("TrainH"),
          n.stride(),
          activation(cell.activation()),
          activation(cell.recurrentActivation()),
          n.field("TrainSaved"),
          savedOffset(n),
          recurrentMasks,
          n.field("TrainScratch"));
    }
    return CodeBlock.of(
        "$T.lstmDropoutForward(count, $N, t * $L, $L * $L,$W$N, $L, $L,$W$N, $N, $L,$W$L, $L,$W$N,"
            + " $L,$W$N, $N)",
        RuntimeTypes.CELL_GRADIENTS,
        n.field("TrainProjection"),
        n.gates(),
        n.timesteps(),
        n.gates(),
        n.trainingRecurrentKernel(),
        n.units(),
        n.stride(),
        n.field("TrainC"),
        n.field("TrainH"),
        n.stride(),
        activation(cell.activation()),
        activation(cell.recurrentActivation()),
        n.field("TrainSaved"),
        savedOffset(n),
        recurrentMasks,
        n.field("TrainScratch"));
  }

  @Override
  CodeBlock trainingDropoutScratch(CellNames n, String batch) {
    if (projected()) {
      return CodeBlock.of(
          "$T.lstmProjectedDropoutScratch($L, $L, $L)",
          RuntimeTypes.CELL_GRADIENTS,
          batch,
          n.stride(),
          hStride(n));
    }
    return CodeBlock.of(
        "$T.lstmDropoutScratch($L, $L)", RuntimeTypes.CELL_GRADIENTS, batch, n.stride());
  }
}
