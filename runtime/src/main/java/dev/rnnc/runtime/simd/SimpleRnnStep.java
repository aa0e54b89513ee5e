package dev.rnnc.runtime.simd;

/**
 * One SimpleRNN timestep of a layer whose sizes were fixed when the step was made ({@link
 * Kernels#simpleRnnStep(int, int, Activation)}): what {@link FloatKernels#simpleRnnStep(float[],
 * int, float[], int, int, float[], float[], Activation)} computes for those sizes and activation.
 * Generated code holds one per SimpleRNN layer in a {@code static final} field. Implementations are
 * stateless and thread-safe.
 */
@FunctionalInterface
public interface SimpleRnnStep {
  /**
   * {@code h[j] = act(projection[offset + j] + (h·U)[j])} for {@code j < units}, from the old
   * {@code h}.
   *
   * @param projection the input projection
   * @param offset offset of the timestep's first value
   * @param recurrentKernel {@code U}, {@code units} rows of {@code stride} floats
   * @param h the hidden state, read, then overwritten
   * @param scratch at least {@code stride} floats, overwritten
   */
  void step(float[] projection, int offset, float[] recurrentKernel, float[] h, float[] scratch);
}
