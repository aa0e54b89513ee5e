package dev.rnnc.runtime.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * The element types a safetensors header may name, with their sizes in bytes. Only the floating
 * types convert to weights: {@code F32} as is, {@code F16} and {@code BF16} exactly, {@code F64}
 * rounded to nearest; integer, boolean and 8-bit float tensors are rejected where weights are
 * needed.
 */
enum TensorDtype {
  BOOL(1),
  U8(1),
  I8(1),
  F8_E5M2(1),
  F8_E4M3(1),
  I16(2),
  U16(2),
  F16(2),
  BF16(2),
  I32(4),
  U32(4),
  F32(4),
  I64(8),
  U64(8),
  F64(8);

  private final int size;

  TensorDtype(int size) {
    this.size = size;
  }

  /** Bytes per element. */
  int size() {
    return size;
  }

  /** Whether {@link #toFloats} accepts this type. */
  boolean isWeightType() {
    return this == F32 || this == F16 || this == BF16 || this == F64;
  }

  /** The type of a header's {@code dtype} string, if this reader knows it. */
  static Optional<TensorDtype> of(String name) {
    return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * Converts little-endian elements of this type to float.
   *
   * @param bytes exactly {@code count * size()} bytes
   * @return the values, or throws when a value cannot be a float32 weight
   * @throws IllegalArgumentException for a type that is not a {@linkplain #isWeightType weight
   *     type}, or an F64 value beyond the float32 range, naming the element
   */
  float[] toFloats(byte[] bytes, int count) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[count];
    switch (this) {
      case F32 -> in.asFloatBuffer().get(out);
      case F16 -> {
        for (int i = 0; i < count; i++) {
          out[i] = Float.float16ToFloat(in.getShort(2 * i));
        }
      }
      // bfloat16 is the top half of a float32.
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          out[i] = Float.intBitsToFloat((in.getShort(2 * i) & 0xffff) << 16);
        }
      }
      case F64 -> {
        for (int i = 0; i < count; i++) {
          double d = in.getDouble(8 * i);
          if (Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
            throw new IllegalArgumentException(
                "value " + i + " is " + d + ", beyond the float32 range");
          }
          out[i] = (float) d;
        }
      }
      default -> throw new IllegalArgumentException(notWeights());
    }
    return out;
  }

  /** Why a tensor of this type cannot hold weights. */
  String notWeights() {
    String what =
        this == BOOL ? "a boolean" : name().startsWith("F8") ? "an 8-bit float" : "an integer";
    return "has dtype " + name() + " (" + what + " type); weights must be F32, F16, BF16 or F64";
  }
}
