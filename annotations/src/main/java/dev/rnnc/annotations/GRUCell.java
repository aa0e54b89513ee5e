package dev.rnnc.annotations;

/**
 * Names Keras 3's {@code keras.layers.GRUCell}: gates z, r, h, state {@code h}; {@code resetAfter}
 * as Keras, as the {@link Cell#type} of a cell in {@link RNN#cells}. It computes what the {@link
 * GRU @GRU} layer's cell computes and loads the same weights ({@code kernel}, {@code
 * recurrent_kernel}, {@code bias}). A marker: it is never instantiated.
 */
public final class GRUCell {
  private GRUCell() {}
}
