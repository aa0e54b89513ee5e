package dev.rnnc.processor.spec;

/**
 * A {@code @Bidirectional} layer around an {@code @RNN} layer (a custom cell or stacked cells):
 * Keras' {@code Bidirectional(RNN(cell))}.
 *
 * @param layer the wrapped layer as declared (its forward direction)
 * @param mergeMode how the two directions' outputs combine
 */
public record BidirectionalCellSpec(
    String name, CellSpec layer, BidirectionalSpec.MergeMode mergeMode, Shape input, Shape output)
    implements LayerSpec {

  /** The forward direction as it runs, its generated names starting {@code <name>Forward}. */
  public CellSpec forward() {
    return direction("Forward", layer.goBackwards());
  }

  /** The backward direction as it runs: a copy of {@code layer} processing the other way. */
  public CellSpec backward() {
    return direction("Backward", !layer.goBackwards());
  }

  /** Keras forces {@code zero_output_for_mask = return_sequences} on both directions. */
  private CellSpec direction(String suffix, boolean goBackwards) {
    CellSpec l = layer;
    return new CellSpec(
        name + suffix,
        l.cells(),
        l.stacked(),
        l.returnSequences(),
        l.returnState(),
        goBackwards,
        l.stateful(),
        l.unroll(),
        l.returnSequences(),
        l.masked(),
        l.input(),
        l.output(),
        l.inputs());
  }

  /**
   * The states it returns with {@code returnState}: the forward direction's, then the backward's.
   */
  public java.util.List<ModelSpec.StateSpec> states() {
    java.util.List<ModelSpec.StateSpec> states = new java.util.ArrayList<>();
    for (String direction : java.util.List.of("forward", "backward")) {
      for (ModelSpec.StateSpec s : layer.states()) {
        states.add(new ModelSpec.StateSpec(direction, s.name(), s.width()));
      }
    }
    return java.util.List.copyOf(states);
  }
}
