package dev.rnnc.processor.spec;

/**
 * A {@code @Bidirectional} layer around a recurrent one.
 *
 * @param layer the wrapped layer as declared (its forward direction)
 * @param mergeMode how the two directions' outputs combine
 */
public record BidirectionalSpec(String name, RecurrentSpec layer, MergeMode mergeMode, Shape input, Shape output)
    implements LayerSpec {

  /** Keras' merge modes rnnc supports. */
  public enum MergeMode {
    CONCAT, SUM, MUL, AVE;

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
