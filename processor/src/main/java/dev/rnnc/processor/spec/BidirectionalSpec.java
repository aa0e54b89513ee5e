package dev.rnnc.processor.spec;

/**
 * A {@code @Bidirectional} layer around a recurrent one.
 *
 * @param layer the wrapped layer as declared (its forward direction)
 * @param mergeMode how the two directions' outputs combine
 * @param backwardLayer the declared backward layer (Keras' {@code backward_layer}), or null for a
 *     copy of {@code layer} processing the other way
 */
public record BidirectionalSpec(
    String name,
    RecurrentSpec layer,
    MergeMode mergeMode,
    RecurrentSpec backwardLayer,
    Shape input,
    Shape output)
    implements LayerSpec {

  /**
   * The forward direction as it runs (output zeroed at masked steps exactly when it returns
   * sequences).
   */
  public RecurrentSpec forward() {
    return layer.direction(false);
  }

  /**
   * The backward direction as it runs: a copy of {@code layer} processing the other way, or the
   * declared backward layer; Keras forces {@code zero_output_for_mask = return_sequences} on both.
   */
  public RecurrentSpec backward() {
    if (backwardLayer == null) {
      return layer.direction(true);
    }
    RecurrentOptions o = backwardLayer.options();
    return backwardLayer.withOptions(o.direction(o.goBackwards(), o.returnSequences()));
  }

  /** Keras' merge modes rnnc supports. */
  public enum MergeMode {
    CONCAT,
    SUM,
    MUL,
    AVE,
    /**
     * Keras' {@code merge_mode=None}: no merge, each direction's output is read on its own
     * ({@code @Forward}, {@code @Backward}).
     */
    NONE;

    /** The mode with this Keras name, or null. */
    public static MergeMode ofKeras(String name) {
      for (MergeMode mode : values()) {
        if (mode.name().toLowerCase().equals(name)) {
          return mode;
        }
      }
      return null;
    }
  }
}
