package dev.rnnc.runtime.simd;

/**
 * One LSTM timestep of a layer whose sizes and activations were fixed when the step was made
 * ({@link Kernels#lstmStep(int, int, Activation, Activation)}): what {@link
 * FloatKernels#lstmStep(float[], int, float[], int, int, float[], float[], float[], Activation,
 * Activation)} computes for them. Generated code holds one per LSTM layer in a field of the model,
 * shared by its copies. Implementations are thread-safe; those over an aligned copy of the kernel
 * copy it again, under a lock, after the kernel's variable changed.
 */
@FunctionalInterface
public interface LstmStep {
  /**
   * Updates {@code c} and {@code h} from the timestep's projection and the old {@code h}, gate
   * blocks i, f, o, c.
   *
   * @param projection the input projection
   * @param offset offset of the timestep's input gate block
   * @param recurrentKernel {@code U}, {@code units} rows of {@code 4·stride} floats
   * @param scratch at least {@code 4·stride} floats, may be overwritten
   * @param c the cell state, {@code c[0 .. units)} updated in place
   * @param h the hidden state, {@code h[0 .. units)} read, then overwritten
   */
  void step(
      float[] projection,
      int offset,
      float[] recurrentKernel,
      float[] scratch,
      float[] c,
      float[] h);
}
