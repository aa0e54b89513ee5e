package dev.rnnc.runtime.nn;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Refuses overlapping calls on a stateful model: its carried states are the instance's, one stream,
 * so two calls at once would interleave their timesteps. A call that finds another running throws
 * at once instead of computing a wrong result; each stream gets its own instance from {@code
 * copy()}, which shares the weights.
 */
public final class ExclusiveCalls {
  private final AtomicBoolean busy = new AtomicBoolean();
  private final String model;

  /** The guard of the model named {@code model} (for the message). */
  public ExclusiveCalls(String model) {
    this.model = model;
  }

  /**
   * Marks a call as running.
   *
   * @throws IllegalStateException if another call on the same instance is running, naming the model
   */
  public void enter() {
    if (!busy.compareAndSet(false, true)) {
      throw new IllegalStateException(
          model
              + " is stateful and another call on this instance is running: its carried states are"
              + " one stream, so calls on it must not overlap; give each thread or stream its own"
              + " instance with copy(), which shares the weights and has its own states");
    }
  }

  /** Marks the running call as done. */
  public void exit() {
    busy.setRelease(false);
  }
}
