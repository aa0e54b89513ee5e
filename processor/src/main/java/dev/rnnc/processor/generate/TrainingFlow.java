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
 * @param tokens when the rows are an Embedding's table rows one per distinct token of the batch
 *     (its one reader, a recurrent layer, projects each once), their index; else null, the rows one
 *     per position
 */
record TrainingFlow(
    String field,
    String width,
    String stride,
    boolean sequence,
    String gradient,
    String timesteps,
    String mask,
    Tokens tokens) {

  /**
   * The index of a batch's distinct tokens ({@code DistinctTokens}).
   *
   * @param field the index
   * @param vocabulary the constant of the token ids' range (the most distinct tokens)
   * @param first in a split step's pool tasks, the variable of the part's first distinct row
   * @param rows in a split step's pool tasks, the variable of the part's number of rows
   */
  record Tokens(String field, String vocabulary, String first, String rows) {}

  /** Rows one per position. */
  TrainingFlow(
      String field,
      String width,
      String stride,
      boolean sequence,
      String gradient,
      String timesteps,
      String mask) {
    this(field, width, stride, sequence, gradient, timesteps, mask, null);
  }

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
    return new TrainingFlow(field, width, stride, sequence, gradient, timesteps, newMask, tokens);
  }
}
