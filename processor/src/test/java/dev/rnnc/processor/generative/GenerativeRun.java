package dev.rnnc.processor.generative;

import org.quicktheories.QuickTheory;

/**
 * The seed and tries of the generative properties. CI runs them with a fixed seed ({@link
 * #DEFAULT_SEED}) and each property's own tries, so a run is reproducible; a longer run overrides
 * both from system properties:
 *
 * <pre>{@code
 * ./mvnw -B test -pl processor -am -Dtest='*DeclarationsTest' -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Drnnc.generative.tries=2000 -Drnnc.generative.seed=random
 * }</pre>
 *
 * <p>{@code rnnc.generative.seed} takes a number or {@code random} (QuickTheories draws one and
 * prints it on failure, "Seed was ..."; passing it back reproduces the run); {@code
 * rnnc.generative.tries} the tries of every generative property.
 */
final class GenerativeRun {
  private GenerativeRun() {}

  /** CI's seed. */
  static final long DEFAULT_SEED = 20261206L;

  /**
   * Shrinking attempts after a failure. Each compiles a declaration (a few tenths of a second), so
   * QuickTheories' default (100 per example) could shrink for hours; 100 bound it to a minute or so
   * (a failure of the valid property shrank in 10 s, 2026-12-06).
   */
  private static final int SHRINK_CYCLES = 100;

  /** The tries of a property whose CI run has {@code ciTries}, unless a longer run set them. */
  static int tries(int ciTries) {
    return Integer.getInteger("rnnc.generative.tries", ciTries);
  }

  /** A QuickTheories run of {@code ciTries} tries (or the overridden ones) from the run's seed. */
  static QuickTheory theory(int ciTries) {
    QuickTheory theory =
        QuickTheory.qt().withExamples(tries(ciTries)).withShrinkCycles(SHRINK_CYCLES);
    String seed = System.getProperty("rnnc.generative.seed", Long.toString(DEFAULT_SEED));
    return seed.equals("random") ? theory : theory.withFixedSeed(Long.parseLong(seed));
  }
}
