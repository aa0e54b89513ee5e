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
 * An A/B of builds of an inference benchmark that averages over where the JVM places each
 * instance's arrays. Two instances of the same generated model, in one JVM, with the same compiled
 * code, ran M5's step at 202 to 227 ns (docs/performance.md, "Where an instance's arrays lie"): a
 * 512-bit store whose halves straddle cache lines costs more, and the heap puts a model's scratch
 * arrays at a different offset in a cache line for each instance. A comparison of one instance per
 * build (one JMH fork each) measures those placements as much as the builds.
 *
 * <p>So each build's jar is loaded by its own class loader into one JVM, several instances of the
 * benchmark class are set up per build, and every (build, instance) pair takes turns of 150 ms for
 * the given time after 20 s of warm-up. Prints each instance's median time per operation, each
 * build's mean of its instances' medians, and the ratio of the first build's mean to each other's
 * (above 1: faster than the first build).
 *
 * <pre>
 * $JAVA_HOME/bin/java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *     -cp benchmarks/target/benchmarks.jar dev.rnnc.benchmarks.InterleavedInferenceAB \
 *     M5Benchmark rnnc 100 90 6 /tmp/before.jar /tmp/after.jar
 * </pre>
 *
 * Arguments: the benchmark class's simple name (in this package; it needs a public no-argument
 * {@code setUp}), its method, the operations one call of it counts ({@code
 * OperationsPerInvocation}), the seconds of measurement, the instances per build, then two or more
 * jars. A decision aid for development, not JMH: a document that quotes it says so.
 */
public final class InterleavedInferenceAB {
  private static final long WARM_UP_NANOS = 20_000_000_000L;
  private static final long TURN_NANOS = 150_000_000L;

  /** Calls between two reads of the clock. */
  private static final int CALLS = 100;

  private InterleavedInferenceAB() {}

  /** One instance of one build, and its turns' times per operation. */
  private record Instance(Object benchmark, Method method, List<Double> nanos) {
    void call() throws ReflectiveOperationException {
      method.invoke(benchmark);
    }

    double median() {
      List<Double> sorted = new ArrayList<>(nanos);
      Collections.sort(sorted);
      return sorted.get(sorted.size() / 2);
    }
  }

  /**
   * Runs the A/B.
   *
   * @param args class, method, operations per call, seconds, instances, then the jars
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 7) {
      throw new IllegalArgumentException(
          "usage: InterleavedInferenceAB CLASS METHOD OPS SECONDS INSTANCES JAR JAR..., got "
              + args.length
              + " arguments");
    }
    String type = InterleavedInferenceAB.class.getPackageName() + "." + args[0];
    int ops = Integer.parseInt(args[2]);
    long measureNanos = Long.parseLong(args[3]) * 1_000_000_000L;
    int perBuild = Integer.parseInt(args[4]);
    List<String> names = new ArrayList<>();
    List<List<Instance>> builds = new ArrayList<>();
    List<Instance> all = new ArrayList<>();
    for (int i = 5; i < args.length; i++) {
      Path jar = Path.of(args[i]);
      names.add(jar.getFileName().toString());
      List<Instance> build = load(jar, type, args[1], perBuild);
      builds.add(build);
      all.addAll(build);
    }
    long warmEnd = System.nanoTime() + WARM_UP_NANOS;
    for (int turn = 0; System.nanoTime() < warmEnd; turn++) {
      Instance instance = all.get(turn % all.size());
      for (int i = 0; i < 10 * CALLS; i++) {
        instance.call();
      }
    }
    long end = System.nanoTime() + measureNanos;
    for (int round = 0; System.nanoTime() < end; round++) {
      for (int i = 0; i < all.size(); i++) { // each round starts one instance further on
        Instance instance = all.get((i + round) % all.size());
        for (int c = 0; c < CALLS; c++) {
          instance.call(); // after the switch, untimed
        }
        long start = System.nanoTime();
        long calls = 0;
        while (System.nanoTime() - start < TURN_NANOS) {
          for (int c = 0; c < CALLS; c++) {
            instance.call();
          }
          calls += CALLS;
        }
        instance.nanos().add((System.nanoTime() - start) / (double) calls / ops);
      }
    }
    double[] means = new double[builds.size()];
    for (int b = 0; b < builds.size(); b++) {
      StringBuilder medians = new StringBuilder();
      for (Instance instance : builds.get(b)) {
        double median = instance.median();
        means[b] += median / perBuild;
        medians.append(String.format(Locale.ROOT, " %.1f", median));
      }
      System.out.printf(
          Locale.ROOT,
          "%s: mean of its instances' medians %.2f ns an operation; instances%s%n",
          names.get(b),
          means[b],
          medians);
    }
    for (int b = 1; b < builds.size(); b++) {
      System.out.printf(
          Locale.ROOT,
          "%s against %s: speed-up %.4f%n",
          names.get(b),
          names.get(0),
          means[0] / means[b]);
    }
  }

  /** {@code count} set-up instances of a build's benchmark class, from its own class loader. */
  private static List<Instance> load(Path jar, String type, String method, int count)
      throws ReflectiveOperationException, java.net.MalformedURLException {
    URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    Class<?> benchmarkType = loader.loadClass(type);
    Method call = benchmarkType.getMethod(method);
    Method setUp = benchmarkType.getMethod("setUp");
    List<Instance> instances = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Object benchmark = benchmarkType.getConstructor().newInstance();
      setUp.invoke(benchmark);
      instances.add(new Instance(benchmark, call, new ArrayList<>()));
    }
    return instances;
  }
}
