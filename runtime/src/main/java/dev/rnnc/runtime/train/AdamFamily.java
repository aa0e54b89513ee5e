package dev.rnnc.runtime.train;

import java.util.List;

/**
 * The Adam update shared by {@link Adam} and {@link AdamW} (keras/src/optimizers/adam.py). Keras
 * puts epsilon outside the square root and folds the bias corrections into the step size:
 *
 * <pre>
 *   m += (g - m)·(1 - β1);  v += (g² - v)·(1 - β2);  v̂ = max(v̂, v) with amsgrad
 *   α = lr·√(1 - β2^t) / (1 - β1^t),  t = iterations + 1
 *   p -= m·α / (√v + ε)
 * </pre>
 *
 * Slots per parameter: {@code momentum}, {@code velocity} (and {@code velocity_hat} with amsgrad).
 */
abstract sealed class AdamFamily extends Optimizer permits Adam, AdamW {
  private final double beta1;
  private final double beta2;
  private final float epsilon;
  private final boolean amsgrad;

  AdamFamily(String name, AdamOptions<?> options) {
    super(name, options);
    this.beta1 = options.beta1();
    this.beta2 = options.beta2();
    this.epsilon = (float) options.epsilon();
    this.amsgrad = options.amsgrad();
  }

  @Override
  protected List<String> slotNames() {
    return amsgrad
        ? List.of("momentum", "velocity", "velocity_hat")
        : List.of("momentum", "velocity");
  }

  @Override
  protected void update(
      float[] p, float[] g, float[][] slots, float lr, long iterations, int from, int to) {
    float step = iterations + 1;
    float beta1Power = (float) Math.pow((float) beta1, step);
    float beta2Power = (float) Math.pow((float) beta2, step);
    float alpha = lr * (float) Math.sqrt(1f - beta2Power) / (1f - beta1Power);
    float oneMinusBeta1 = (float) (1 - beta1); // Python float arithmetic, then float32
    float oneMinusBeta2 = (float) (1 - beta2);
    float[] m = slots[0];
    float[] v = slots[1];
    float[] vHat = amsgrad ? slots[2] : null;
    for (int j = from; j < to; j++) {
      m[j] += (g[j] - m[j]) * oneMinusBeta1;
      v[j] += (g[j] * g[j] - v[j]) * oneMinusBeta2;
      float velocity = v[j];
      if (vHat != null) {
        vHat[j] = Math.max(vHat[j], v[j]);
        velocity = vHat[j];
      }
      p[j] -= m[j] * alpha / ((float) Math.sqrt(velocity) + epsilon);
    }
  }
}
