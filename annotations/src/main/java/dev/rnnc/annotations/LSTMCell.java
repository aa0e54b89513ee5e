package dev.rnnc.annotations;

/**
 * Names Keras 3's {@code keras.layers.LSTMCell}: gates i, f, c, o, states {@code h} and {@code c},
 * as the {@link Cell#type} of a cell in {@link RNN#cells}. It computes what the {@link LSTM @LSTM}
 * layer's cell computes and loads the same weights ({@code kernel}, {@code recurrent_kernel},
 * {@code bias}). A marker: it is never instantiated.
 */
public final class LSTMCell {
  private LSTMCell() {}
}
