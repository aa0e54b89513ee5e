package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;

/**
 * The generated names of one built-in cell: size constants named after {@code constants} (a layer,
 * or a stacked cell), fields after {@code fields} (a layer, one direction of it, or a stacked
 * cell), and the constant of the timesteps its sequence has in training ({@code TIMESTEPS}, or an
 * input's own such as {@code ENCODER_TOKENS_TIMESTEPS} in a model with several inputs).
 */
record CellNames(String constants, String fields, boolean panels, String timesteps) {
  /** The names of a cell on the model's one timeline, {@code TIMESTEPS}. */
  CellNames(String constants, String fields, boolean panels) {
    this(constants, fields, panels, "TIMESTEPS");
  }

  /** The names of a cell whose recurrent kernel is row-major. */
  CellNames(String constants, String fields) {
    this(constants, fields, false);
  }

  /** The same names on the timeline whose timesteps constant is {@code timesteps}. */
  CellNames on(String timesteps) {
    return new CellNames(constants, fields, panels, timesteps);
  }

  /**
   * The recurrent kernel the training steps read: the kernel itself, or, when it is stored in
   * panels, its row-major copy {@code TrainRecurrentKernel} (the training kernels are row-major).
   */
  String trainingRecurrentKernel() {
    return panels ? field("TrainRecurrentKernel") : recurrentKernel();
  }

  /**
   * The recurrent kernel arguments of a forward training step ({@code CellGradients.lstmForward},
   * {@code gruForward}): the row-major kernel, then, when the layer stores it in panels, the panels
   * themselves, which the step reads instead (one sequential stream per panel, as inference does).
   */
  CodeBlock forwardRecurrentKernels() {
    return panels
        ? CodeBlock.of("$N, $N", trainingRecurrentKernel(), recurrentKernel())
        : CodeBlock.of("$N", recurrentKernel());
  }

  /** The recurrent kernel's gradient the training steps accumulate, in the layout they read. */
  String trainingRecurrentKernelGradient() {
    return field(panels ? "TrainRecurrentKernelGradient" : "RecurrentKernelGradient");
  }

  String units() {
    return Names.constant(constants, "UNITS");
  }

  String stride() {
    return Names.constant(constants, "STRIDE");
  }

  /** All gate blocks' width: {@code blocks · STRIDE}. */
  String gates() {
    return Names.constant(constants, "GATES");
  }

  String field(String suffix) {
    return Names.field(fields, suffix);
  }

  String kernel() {
    return field("Kernel");
  }

  String recurrentKernel() {
    return field("RecurrentKernel");
  }

  String bias() {
    return field("Bias");
  }

  /** The input projection {@code x·W + b}: one row per timestep, or this timestep's row. */
  String projection() {
    return field("Projection");
  }

  /** Scratch for the gate pre-activations of one step. */
  String gateScratch() {
    return field("Gates");
  }

  /** The state {@code H} or {@code C}. */
  String state(String state) {
    return field(state);
  }
}
