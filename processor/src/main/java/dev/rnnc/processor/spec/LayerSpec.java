package dev.rnnc.processor.spec;

/** One layer, checked, with its inferred input and output shapes. */
public sealed interface LayerSpec
    permits RecurrentSpec,
        BidirectionalSpec,
        BidirectionalCellSpec,
        CellSpec,
        DenseSpec,
        EmbeddingSpec,
        DropoutSpec,
        MaskingSpec,
        MergeSpec,
        SharedSpec {
  /** The layer name (the interface method's name). */
  String name();

  /** The shape this layer consumes. */
  Shape input();

  /** The shape this layer produces. */
  Shape output();

  /**
   * Whether a mask flows on after {@code layer} (Keras 3.15 propagation): made by Masking and
   * Embedding(maskZero), kept by Dense and Dropout, kept by recurrent layers only when they return
   * sequences. (Keras master drops it after recurrent layers; rnnc pins 3.15.) A masked token input
   * reaches an Embedding only from a call's {@code @Packed} lengths (Keras' {@code mask=} on ids is
   * refused): PyTorch packs the embedded sequence, so the lengths' mask flows on.
   */
  static boolean maskAfter(LayerSpec layer, boolean masked) {
    return switch (layer) {
      case MaskingSpec m -> true;
      case EmbeddingSpec e -> e.maskZero() || masked;
      case RecurrentSpec r -> masked && r.returnSequences();
      case BidirectionalSpec b -> masked && b.layer().returnSequences();
      case BidirectionalCellSpec b -> masked && b.layer().returnSequences();
      case DenseSpec d -> masked;
      case DropoutSpec d -> masked;
      case CellSpec c -> masked && c.returnSequences();
      case MergeSpec m -> masked; // all inputs masked: their logical or, as Keras 3.15 merges do
      case SharedSpec s -> maskAfter(s.layer(), masked);
    };
  }
}
