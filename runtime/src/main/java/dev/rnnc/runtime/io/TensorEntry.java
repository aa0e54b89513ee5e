package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Shapes;

/**
 * One tensor listed in a safetensors header, already checked against the file.
 *
 * @param name the tensor name, e.g. {@code lstm.weight_ih_l0}
 * @param dtype its element type
 * @param shape its shape (empty for a scalar)
 * @param begin first byte in the data section
 * @param end one past its last byte
 */
record TensorEntry(String name, TensorDtype dtype, int[] shape, long begin, long end) {

  /** The number of elements. */
  long count() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** How messages show it: {@code lstm.weight_ih_l0 (20, 3) F32}. */
  String describe() {
    return name + " " + (shape.length == 0 ? "()" : Shapes.format(shape)) + " " + dtype;
  }

  @Override
  public String toString() {
    return describe();
  }
}
