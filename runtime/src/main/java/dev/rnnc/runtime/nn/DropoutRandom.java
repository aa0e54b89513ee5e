package dev.rnnc.runtime.nn;

import java.util.random.RandomGenerator;

/**
 * The draws of a generated model's {@code Dropout} layers: {@link java.util.SplittableRandom}'s
 * SplitMix64 stream (the same numbers as {@code new SplittableRandom(seed)}, see its source), whose
 * position can be read and set, so that a training checkpoint resumes the very draws an
 * uninterrupted fit would have made. Every draw ({@link #nextLong}, {@link #nextInt}, {@link
 * #nextDouble}) advances the stream by one step, so {@link #skip} can jump over draws: a training
 * step split across threads has each shard draw, from its own copy, the very values one thread
 * would draw for the shard's samples. Not thread-safe.
 */
public final class DropoutRandom implements RandomGenerator {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private long seed;

  /** The stream of {@code new SplittableRandom(seed)}. */
  public DropoutRandom(long seed) {
    this.seed = seed;
  }

  /** The stream's position: {@link #position(long)} with it continues from here. */
  public long position() {
    return seed;
  }

  /** Continues the stream from a {@link #position()}. */
  public void position(long value) {
    seed = value;
  }

  /**
   * Skips {@code samples · perSample} draws: the stream continues where it would after them.
   *
   * @param samples how many samples' draws to skip (0: none)
   * @param perSample draws per sample
   */
  public void skip(int samples, int perSample) {
    seed += (long) samples * perSample * GOLDEN_GAMMA; // one step per draw (modular arithmetic)
  }

  @Override
  public long nextLong() {
    long z = seed += GOLDEN_GAMMA;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public int nextInt() {
    long z = seed += GOLDEN_GAMMA;
    z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
    return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
  }

  /**
   * {@link RandomGenerator}'s own {@code nextDouble}, written out so that a draw stays one step of
   * the stream ({@link #skip} counts on it): the top 53 bits of {@link #nextLong}, scaled to [0,
   * 1).
   */
  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }
}
