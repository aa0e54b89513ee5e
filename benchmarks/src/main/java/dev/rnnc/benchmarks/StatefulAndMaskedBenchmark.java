package dev.rnnc.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The masked and the stateful code paths, for {@code -prof gc}: a masked bidirectional tagger on a
 * padded sequence (31 real steps of 40) and one streaming step of a stateful LSTM. Both must
 * allocate nothing per call.
 *
 * <p>How to run: {@code java -jar benchmarks/target/benchmarks.jar StatefulAndMaskedBenchmark -prof
 * gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class StatefulAndMaskedBenchmark {
  private RnncMaskedTagger tagger;
  private final float[][] sequence = new float[40][8];
  private final float[][] tags = new float[40][5];
  private RnncStreamingLstm stream;
  private final float[] reading = new float[1];
  private final float[] out = new float[1];
  private int tick;

  /** Seeded weights; a sequence padded with zeros after 31 steps. */
  @Setup
  public void setUp() {
    tagger = RnncMaskedTagger.create(1);
    stream = RnncStreamingLstm.create(2);
    SplittableRandom random = new SplittableRandom(3);
    for (int t = 0; t < 31; t++) {
      for (int f = 0; f < 8; f++) {
        sequence[t][f] = (float) random.nextDouble(-1, 1);
      }
    }
  }

  /** Masked Bidirectional LSTM over a padded sequence. */
  @Benchmark
  public float[][] maskedBidirectional() {
    tagger.tagInto(sequence, tags);
    return tags;
  }

  /** One step of a stateful stream (a sine wave, reset every 1000 steps). */
  @Benchmark
  public float[] streamingStep() {
    if (++tick == 1000) {
      tick = 0;
      stream.resetStates();
    }
    reading[0] = (float) Math.sin(tick * 0.01);
    stream.stepInto(reading, out);
    return out;
  }
}
