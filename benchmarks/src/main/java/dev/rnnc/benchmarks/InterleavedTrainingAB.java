package dev.rnnc.benchmarks;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * An A/B of builds of rnnc's training step that resolves differences of about 1%, where alternating
 * JMH forks of {@link TrainingBenchmark} do not on a shared two-core machine (their spread from
 * fork to fork is 3–5%): each build's benchmarks jar is loaded by its own class loader into one
 * JVM, every build's step is warmed up, and then the builds take turns in chunks of 400 ms for the
 * given time, so that every build meets the same phases of the host. Prints each build's median
 * time per step and, per round, the ratio of the first build's chunk time to each other's: their
 * median is the speed-up (above 1: faster than the first build).
 *
 * <pre>
 * $JAVA_HOME/bin/java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *     -cp benchmarks/target/benchmarks.jar dev.rnnc.benchmarks.InterleavedTrainingAB \
 *     m2 32 2 240 /tmp/before.jar /tmp/after.jar
 * </pre>
 *
 * Arguments: the {@link TrainingBenchmark} method ({@code m1}, {@code m2}, {@code m3}), the batch,
 * the thread count, the seconds of measurement (after 30 s of warm-up), then two or more jars. A
 * decision aid for development, not JMH: a document that quotes it says so, beside JMH's numbers
 * where JMH could separate the builds.
 */
public final class InterleavedTrainingAB {
  private static final long WARM_UP_NANOS = 30_000_000_000L;
  private static final long CHUNK_NANOS = 400_000_000L;

  private InterleavedTrainingAB() {}

  /** One build: its benchmark instance, step and tear-down methods, and its chunks' times. */
  private record Build(
      String name, Object benchmark, Method step, Method tearDown, List<Double> millis) {
    void run() throws ReflectiveOperationException {
      step.invoke(benchmark);
    }

    double median() {
      List<Double> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      return sorted.get(sorted.size() / 2);
    }
  }

  /**
   * Runs the A/B.
   *
   * @param args model, batch, threads, seconds, then the jars
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 6) {
      throw new IllegalArgumentException(
          "usage: InterleavedTrainingAB m1|m2|m3 BATCH THREADS SECONDS JAR JAR..., got "
              + args.length
              + " arguments");
    }
    String model = args[0];
    int batch = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    long measureNanos = Long.parseLong(args[3]) * 1_000_000_000L;
    List<Build> builds = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      builds.add(load(Path.of(args[i]), model, batch, threads));
    }
    long warmEnd = System.nanoTime() + WARM_UP_NANOS;
    for (int turn = 0; System.nanoTime() < warmEnd; turn++) {
      Build build = builds.get(turn % builds.size());
      for (int i = 0; i < 5; i++) {
        build.run();
      }
    }
    long end = System.nanoTime() + measureNanos;
    for (int round = 0; System.nanoTime() < end; round++) {
      for (int i = 0; i < builds.size(); i++) { // each round starts with the next build
        Build build = builds.get((i + round) % builds.size());
        build.run(); // a first step after the switch, untimed
        long start = System.nanoTime();
        int steps = 0;
        while (System.nanoTime() - start < CHUNK_NANOS) {
          build.run();
          steps++;
        }
        build.millis().add((System.nanoTime() - start) / 1e6 / steps);
      }
    }
    for (Build build : builds) {
      System.out.printf(
          Locale.ROOT,
          "%s: median %.3f ms a step over %d chunks%n",
          build.name(),
          build.median(),
          build.millis().size());
    }
    Build first = builds.get(0);
    for (Build build : builds.subList(1, builds.size())) {
      List<Double> ratios = new ArrayList<>();
      int rounds = Math.min(first.millis().size(), build.millis().size());
      for (int r = 0; r < rounds; r++) {
        ratios.add(first.millis().get(r) / build.millis().get(r));
      }
      Collections.sort(ratios);
      System.out.printf(
          Locale.ROOT,
          "%s against %s: speed-up %.4f (quartiles %.4f, %.4f)%n",
          build.name(),
          first.name(),
          ratios.get(ratios.size() / 2),
          ratios.get(ratios.size() / 4),
          ratios.get(3 * ratios.size() / 4));
    }
    for (Build build : builds) {
      build.tearDown().invoke(build.benchmark()); // stops its shard pool's threads
    }
  }

  /** A build's {@link TrainingBenchmark}, set up, from its own class loader. */
  private static Build load(Path jar, String model, int batch, int threads)
      throws ReflectiveOperationException, java.net.MalformedURLException {
    URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    Class<?> type = loader.loadClass(TrainingBenchmark.class.getName());
    Object benchmark = type.getConstructor().newInstance();
    type.getField("batch").setInt(benchmark, batch);
    type.getField("threads").setInt(benchmark, threads);
    type.getField("tokens").set(benchmark, "uniform");
    type.getMethod("setUp").invoke(benchmark);
    return new Build(
        jar.getFileName().toString(),
        benchmark,
        type.getMethod(model),
        type.getMethod("tearDown"),
        new ArrayList<>());
  }
}
