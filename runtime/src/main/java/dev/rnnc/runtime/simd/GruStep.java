package dev.rnnc.runtime.simd;

/**
 * One GRU timestep ({@code reset_after=True}) of a layer whose sizes and activations were fixed
 * when the step was made ({@link Kernels#gruStep(int, int, Activation, Activation, boolean)}): what
 * {@link FloatKernels#gruStep(float[], int, float[], float[], int, int, int, float[], float[],
 * Activation, Activation)} computes for them. Generated code holds one per {@code reset_after} GRU
 * layer in a field of the model, shared by its copies. Implementations are thread-safe; those over
 * an aligned copy of the kernel copy it again, under a lock, after the kernel's variable changed.
 */
@FunctionalInterface
public interface GruStep {
  /**
   * Updates {@code h} from the timestep's projection and the old {@code h}, gate blocks update,
   * reset, candidate.
   *
   * @param projection the input projection {@code x·W + b_input}
   * @param offset offset of the timestep's update block
   * @param recurrentKernel {@code U}, {@code units} rows of {@code 3·stride} floats
   * @param recurrentBias {@code b_rec} in three blocks, or null when the step was made without one
   * @param recurrentBiasOffset offset of {@code b_rec}'s update block
   * @param scratch at least {@code 3·stride} floats, overwritten
   * @param h the hidden state, {@code h[0 .. units)} read, then overwritten
   */
  void step(
      float[] projection,
      int offset,
      float[] recurrentKernel,
      float[] recurrentBias,
      int recurrentBiasOffset,
      float[] scratch,
      float[] h);
}
