package dev.rnnc.annotations;

/**
 * Names Keras 3's {@code keras.layers.SimpleRNNCell}: {@code h' = activation(x·W + b + h·U)}, state
 * {@code h}, as the {@link Cell#type} of a cell in {@link RNN#cells}. It computes what the {@link
 * SimpleRNN @SimpleRNN} layer's cell computes and loads the same weights ({@code kernel}, {@code
 * recurrent_kernel}, {@code bias}). A marker: it is never instantiated.
 */
public final class SimpleRNNCell {
  private SimpleRNNCell() {}
}
