package dev.rnnc.benchmarks;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs two halves of a batch at once: one on a helper thread, one on the caller's, the way a
 * service would split a batch over two cores with one model instance per thread (as measured since
 * before instances could be shared; a shared instance gives each call a workspace of its own).
 */
final class TwoThreads implements AutoCloseable {
  private final ExecutorService helper =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "batch-helper");
            thread.setDaemon(true);
            return thread;
          });

  /** Runs {@code first} here and {@code second} on the helper; returns when both are done. */
  void run(Runnable first, Runnable second) {
    Future<?> other = helper.submit(second);
    first.run();
    try {
      other.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    helper.shutdownNow();
  }
}
