package dev.rnnc.runtime.data;

/**
 * NumPy's legacy {@code np.random.RandomState(seed).shuffle(x)}, bit for bit: MT19937 seeded by
 * {@code init_genrand(seed)} (RandomState's seeding of an int), then Fisher-Yates from the end,
 * each {@code j} drawn by {@code random_interval(i)} (a 32-bit draw masked to the smallest all-ones
 * mask covering {@code i}, redrawn while above {@code i}). Keras' {@code index_directory} shuffles
 * its file list this way, so the same seed gives Keras' file order and split.
 */
final class NumpyShuffle {
  private static final int N = 624;
  private static final int M = 397;

  private final int[] mt = new int[N];
  private int mti;

  private NumpyShuffle(long seed) {
    mt[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    mti = N;
  }

  /**
   * The permutation {@code RandomState(seed).shuffle(list(range(n)))} leaves: element {@code k} of
   * the result is the original index now at position {@code k}.
   *
   * @throws IllegalArgumentException if the seed is outside NumPy's {@code [0, 2^32 - 1]}
   */
  static int[] permutation(long seed, int n) {
    if (seed < 0 || seed > 0xFFFFFFFFL) {
      throw new IllegalArgumentException(
          "seed must be between 0 and 2**32 - 1 (NumPy's RandomState); got " + seed);
    }
    int[] x = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    NumpyShuffle rng = new NumpyShuffle(seed);
    for (int i = n - 1; i >= 1; i--) {
      int j = rng.interval(i);
      int t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    return x;
  }

  private int interval(int max) {
    int mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    long value;
    do {
      value = (nextInt() & 0xFFFFFFFFL) & mask;
    } while (value > max);
    return (int) value;
  }

  private int nextInt() {
    if (mti >= N) {
      for (int k = 0; k < N; k++) {
        int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
        mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
      }
      mti = 0;
    }
    int y = mt[mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }
}
