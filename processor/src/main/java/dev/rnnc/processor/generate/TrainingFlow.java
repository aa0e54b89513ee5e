package dev.rnnc.processor.generate;

/**
 * What flows from one layer (or model input) to the next in a training step: the batch's rows of
 * {@code stride} floats, {@code width} meaningful, sample after sample.
 *
 * @param field the rows
 * @param width the constant of the values per row
 * @param stride the constant of the floats per row
 * @param sequence whether a sample has one row per timestep (else one row)
 * @param gradient the field the readers write the rows' gradient into, or null when nothing below
 *     learns (a model input, or layers without weights on one)
 * @param timesteps the constant of the timesteps of the sequence's timeline
 * @param mask the batch's mask reaching these rows ({@code mask[b·timesteps + t]}), or null
 */
record TrainingFlow(
    String field,
    String width,
    String stride,
    boolean sequence,
    String gradient,
    String timesteps,
    String mask) {

  /** The number of rows of the batch's {@code count} samples. */
  String rows() {
    return sequence ? "count * " + timesteps : "count";
  }

  /** The size of a buffer of these rows for {@code batch} samples, {@code width} floats each. */
  String batchSize(String rowWidth) {
    return (sequence ? "batch * " + timesteps + " * " : "batch * ") + rowWidth;
  }

  /** The same rows carrying another mask. */
  TrainingFlow withMask(String newMask) {
    return new TrainingFlow(field, width, stride, sequence, gradient, timesteps, newMask);
  }
}
