package dev.rnnc.runtime.nn;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The workspaces (scratch arrays) of a generated model that calls share: a call takes one, computes
 * in it and gives it back, so any number of threads can call one instance at once and each call has
 * arrays of its own.
 *
 * <p>One thread calling in a loop always finds the workspace it gave back in a single slot (one
 * atomic swap to take it, one to give it back). Calls that overlap take the others from a lock-free
 * array of spare slots, or make a new workspace when all are taken. The pool keeps every workspace
 * given back, in a slot, so it holds at most as many as ever ran at the same moment: memory follows
 * the calls running at once, not the threads that ever called (virtual threads included), and once
 * that peak has been reached no call allocates. No {@code ThreadLocal}.
 *
 * @param <W> the model's workspace type
 */
public final class WorkspacePool<W> {
  private final Supplier<W> create;

  /** The workspace the last call gave back, or null: the path of one thread calling alone. */
  private final AtomicReference<W> last = new AtomicReference<>();

  /** Spare workspaces of overlapping calls; null slots are free. Replaced by a larger array. */
  private final AtomicReference<AtomicReferenceArray<W>> spares =
      new AtomicReference<>(new AtomicReferenceArray<>(4));

  /**
   * A pool that makes its workspaces with {@code create} when none is free (the first call makes
   * the first).
   */
  public WorkspacePool(Supplier<W> create) {
    this.create = create;
  }

  /** A workspace no other call holds until it is {@linkplain #release given back}. */
  public W acquire() {
    W workspace = last.getAndSet(null);
    return workspace != null ? workspace : acquireSpare();
  }

  /** Gives back a workspace {@link #acquire()} returned; the caller must not use it any more. */
  public void release(W workspace) {
    if (!last.compareAndSet(null, workspace)) {
      releaseSpare(workspace);
    }
  }

  private W acquireSpare() {
    AtomicReferenceArray<W> slots = spares.get();
    for (int i = 0; i < slots.length(); i++) {
      W workspace = slots.get(i);
      if (workspace != null && slots.compareAndSet(i, workspace, null)) {
        return workspace;
      }
    }
    return create.get();
  }

  private void releaseSpare(W workspace) {
    while (true) {
      AtomicReferenceArray<W> slots = spares.get();
      if (store(slots, workspace)) {
        return;
      }
      // Every slot is full: more calls overlapped than ever before. Publish an array twice as
      // large, then move the old array's spares into it (a workspace given back to the old array
      // meanwhile is dropped, and made again by a later call: the pool never holds more than ran
      // at once).
      AtomicReferenceArray<W> larger = new AtomicReferenceArray<>(2 * slots.length());
      if (spares.compareAndSet(slots, larger)) {
        for (int i = 0; i < slots.length(); i++) {
          W spare = slots.getAndSet(i, null);
          if (spare != null) {
            store(larger, spare);
          }
        }
      }
    }
  }

  /** Puts {@code workspace} in a free slot of {@code slots}; false if there is none. */
  private static <W> boolean store(AtomicReferenceArray<W> slots, W workspace) {
    for (int i = 0; i < slots.length(); i++) {
      if (slots.get(i) == null && slots.compareAndSet(i, null, workspace)) {
        return true;
      }
    }
    return false;
  }

  /**
   * How many workspaces the pool holds now, not counting those out with calls (for tests: it never
   * exceeds the most calls that ever ran at once).
   */
  public int idle() {
    int idle = last.get() != null ? 1 : 0;
    AtomicReferenceArray<W> slots = spares.get();
    for (int i = 0; i < slots.length(); i++) {
      idle += slots.get(i) != null ? 1 : 0;
    }
    return idle;
  }
}
