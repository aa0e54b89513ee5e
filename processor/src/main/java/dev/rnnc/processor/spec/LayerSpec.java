package dev.rnnc.processor.spec;

/** One layer, checked, with its inferred input and output shapes. */
public sealed interface LayerSpec permits RecurrentSpec, BidirectionalSpec, BidirectionalCellSpec, CellSpec, DenseSpec, EmbeddingSpec, DropoutSpec, MaskingSpec, MergeSpec,
    SharedSpec {
  /** The layer name (the interface method's name). */
  String name();

  /** The shape this layer consumes. */
  Shape input();

  /** The shape this layer produces. */
  Shape output();
}
