package dev.rnnc.runtime.train;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The worker threads of a generated model's training step split across cores ({@link
 * FitOptions#threads}): {@code threads - 1} daemon threads started once per {@code fit}, and the
 * caller's own thread as the first. {@link #run} hands shard {@code s} of a step to thread {@code
 * s} and returns when every shard is done. Which samples a shard covers ({@link #start}) depends
 * only on the batch size and the shard count, never on which thread finishes first, and the
 * generated step combines the shards' results in shard order: a step's result does not depend on
 * the scheduling.
 *
 * <p>A run allocates nothing: the task is a field of the model, the hand-off is a volatile counter,
 * a short spin and then {@link LockSupport#park()}. Not for concurrent use: one model's steps run
 * one at a time.
 */
public final class ShardPool implements AutoCloseable {
  /** How long a thread spins before it parks while it waits for another (50 µs). */
  private static final long SPIN_NANOS = 50_000;

  private final Thread[] workers;

  /**
   * The run: a counter bumped by every run, times 2^16, plus the run's shard count. A worker runs
   * its shard when it sees a new value, and reads the shard count from the same value: one that
   * takes no part in a run could otherwise read the next run's count and run a shard of it twice.
   */
  private volatile long generation;

  private volatile IntConsumer task;
  private volatile Thread caller;
  private volatile Throwable failure;
  private volatile boolean closed;
  private final AtomicInteger pending = new AtomicInteger();

  private ShardPool(int threads) {
    if (threads > 0xFFFF) {
      throw new IllegalArgumentException("threads must be at most 65535, was " + threads);
    }
    workers = new Thread[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      int shard = i + 1;
      workers[i] = new Thread(() -> work(shard), "rnnc-train-shard-" + shard);
      workers[i].setDaemon(true);
      workers[i].start();
    }
  }

  /**
   * The pool of a fit's {@link FitOptions#threads}, or null for one thread (the step then runs on
   * the caller's thread alone). Close it when the fit ends.
   */
  public static ShardPool forFit(FitOptions options) {
    return options.threads() > 1 ? new ShardPool(options.threads()) : null;
  }

  /** The threads, the caller's included: at most this many shards per run. */
  public int threads() {
    return workers.length + 1;
  }

  /**
   * The first sample of shard {@code shard} when {@code count} samples are split into {@code
   * shards} shards of consecutive samples, the first ones one sample shorter when the split is
   * uneven; {@code start(shards, shards, count)} is {@code count}.
   */
  public static int start(int shard, int shards, int count) {
    return (int) ((long) shard * count / shards);
  }

  /**
   * Runs {@code task.accept(s)} for {@code s = 0 .. shards - 1}, shard 0 on the calling thread, and
   * returns when all are done. An exception of a shard is rethrown here (the first shard's first).
   *
   * @throws IllegalArgumentException when {@code shards} is not in {@code 1 .. threads()}
   */
  public void run(int shards, IntConsumer task) {
    if (shards < 1 || shards > threads()) {
      throw new IllegalArgumentException(
          "shards must be in 1.." + threads() + " (the pool's threads), was " + shards);
    }
    if (closed) {
      throw new IllegalStateException("the shard pool is closed");
    }
    this.task = task;
    this.caller = Thread.currentThread();
    this.failure = null;
    pending.set(shards - 1);
    // the volatile write that publishes the fields above to the workers
    generation = ((generation >>> 16) + 1) << 16 | shards;
    for (int s = 1; s < shards; s++) {
      LockSupport.unpark(workers[s - 1]);
    }
    Throwable own = null;
    try {
      task.accept(0);
    } catch (Throwable e) {
      own = e;
    }
    for (long spunSince = 0; pending.get() != 0; ) {
      spunSince = waitAWhile(spunSince);
    }
    Throwable first = own != null ? own : failure;
    if (first instanceof RuntimeException e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
    if (first != null) {
      throw new IllegalStateException("a training shard failed", first);
    }
  }

  private void work(int shard) {
    long seen = 0;
    long spunSince = 0;
    while (!closed) {
      long now = generation;
      if (now == seen) {
        spunSince = waitAWhile(spunSince);
        continue;
      }
      spunSince = 0;
      seen = now;
      if (shard >= (int) (now & 0xFFFF)) {
        continue; // this run has fewer shards than threads
      }
      try {
        task.accept(shard);
      } catch (Throwable e) {
        failure = e;
      }
      if (pending.decrementAndGet() == 0) {
        LockSupport.unpark(caller);
      }
    }
  }

  /**
   * One turn of waiting for another thread: spinning for the first {@link #SPIN_NANOS} of a wait,
   * parking after. A step hands work between its threads several times (forward, backward, the
   * gradients' sum, the update) with microseconds between; a parked thread takes tens of
   * microseconds to run again, a spinning one does not.
   *
   * @param spunSince when this wait began ({@link System#nanoTime}), or 0 at its first turn
   * @return the value to pass at the next turn of the same wait
   */
  private long waitAWhile(long spunSince) {
    long now = System.nanoTime();
    if (spunSince == 0) {
      spunSince = now;
    }
    if (now - spunSince < SPIN_NANOS) {
      Thread.onSpinWait();
    } else {
      LockSupport.park(this);
    }
    return spunSince;
  }

  /** Stops the worker threads (they are daemons: a pool never closed does not keep a JVM up). */
  @Override
  public void close() {
    closed = true;
    for (Thread worker : workers) {
      LockSupport.unpark(worker);
    }
  }
}
