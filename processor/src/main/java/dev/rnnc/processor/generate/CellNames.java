package dev.rnnc.processor.generate;

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
   * The {@code CellGradients} method of a forward training step ({@code lstmForward}, {@code
   * gruForward}) for this cell's kernel layout: with panels, its {@code Panels} twin, which reads
   * the stored kernel ({@link #recurrentKernel}) as inference does, one sequential stream per
   * panel, rather than the row-major copy the backward steps read.
   */
  String forwardStep(String step) {
    return panels ? step + "Panels" : step;
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
