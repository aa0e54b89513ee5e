package dev.rnnc.processor.spec;

/**
 * A {@code @Bidirectional} layer around a recurrent one.
 *
 * @param layer the wrapped layer as declared (its forward direction)
 * @param mergeMode how the two directions' outputs combine
 * @param backwardLayer the declared backward layer (Keras' {@code backward_layer}), or null for a
 *     copy of {@code layer} processing the other way
 * @param lowerLayerOf for layer {@code k < numLayers - 1} of a {@code @Bidirectional} layer with
 *     {@code numLayers} (PyTorch's {@code num_layers} with {@code bidirectional=True}), the
 *     declared layer's name (this one is named {@code <name>_l<k>}, has no accessor, and feeds
 *     layer {@code k + 1}; the declared name stands for the top layer); null otherwise
 */
public record BidirectionalSpec(
    String name,
    RecurrentSpec layer,
    MergeMode mergeMode,
    RecurrentSpec backwardLayer,
    Shape input,
    Shape output,
    String lowerLayerOf)
    implements LayerSpec {

  /** A declared layer (not a lower layer of a {@code numLayers} one). */
  public BidirectionalSpec(
      String name,
      RecurrentSpec layer,
      MergeMode mergeMode,
      RecurrentSpec backwardLayer,
      Shape input,
      Shape output) {
    this(name, layer, mergeMode, backwardLayer, input, output, null);
  }

  /**
   * The name of layer {@code k} below the top of a {@code numLayers} layer {@code layer}: {@code
   * encoder_l0} (PyTorch's {@code weight_ih_l0} suffix).
   */
  public static String lowerLayerName(String layer, int k) {
    return layer + "_l" + k;
  }

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
