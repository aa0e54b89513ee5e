package dev.rnnc.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapPartitionFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

/**
 * Scores the records of a bounded input — fixed windows or whole sequences — with a model's
 * generated batch call, {@link #batchSize} records per call, so that the lockstep batch kernels run
 * (samples of a chunk share every load of the recurrent weights). One model per parallel task, made
 * in {@link #open}; a stateless model (or a stateful one whose states each call starts from zeros:
 * call {@code resetStates()} in the {@link BatchCall}).
 *
 * <pre>{@code
 * env.setRuntimeMode(RuntimeExecutionMode.BATCH);
 * DataStream<Scored> scored =
 *     windows
 *         .fullWindowPartition()
 *         .mapPartition(
 *             RnncBatchScorer.of(ModelFactory.embedded(file, RnncForecaster::load),
 *                     Forecaster::predict)
 *                 .window(Window::values)
 *                 .output((window, y) -> new Scored(window.id(), y[0]), Scored.class)
 *                 .batchSize(64)
 *                 .build());
 * }</pre>
 *
 * <p>Records are emitted in their input order within each partition, each with its own output row
 * (the batch call's fresh array).
 *
 * @param <IN> the record type
 * @param <OUT> the emitted type
 * @param <M> the model's interface
 */
public final class RnncBatchScorer<IN, OUT, M> extends RichMapPartitionFunction<IN, OUT>
    implements ResultTypeQueryable<OUT> {
  private static final long serialVersionUID = 1L;

  private final ModelFactory<M> factory;
  private final BatchCall<M> call;
  private final WindowOf<IN> windowOf;
  private final OutputMapper<IN, OUT> mapper;
  private final TypeInformation<OUT> outputType;
  private final int batchSize;

  private transient M model;

  private RnncBatchScorer(Builder<IN, OUT, M> b) {
    this.factory = b.factory;
    this.call = b.call;
    this.windowOf = b.windowOf;
    this.mapper = b.mapper;
    this.outputType = b.outputType;
    this.batchSize = b.batchSize;
  }

  /**
   * Starts a builder: {@code factory} makes the model in each task, {@code call} is its batch call.
   */
  public static <M> Builder<Object, Object, M> of(ModelFactory<M> factory, BatchCall<M> call) {
    return new Builder<>(factory, call);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    model = factory.create(getRuntimeContext());
  }

  @Override
  public void mapPartition(Iterable<IN> records, Collector<OUT> out) {
    List<IN> batch = new ArrayList<>(batchSize);
    float[][][] windows = new float[batchSize][][];
    for (IN record : records) {
      windows[batch.size()] = windowOf.window(record);
      batch.add(record);
      if (batch.size() == batchSize) {
        score(batch, windows, out);
      }
    }
    if (!batch.isEmpty()) {
      float[][][] last = new float[batch.size()][][];
      System.arraycopy(windows, 0, last, 0, batch.size());
      score(batch, last, out);
    }
  }

  private void score(List<IN> batch, float[][][] windows, Collector<OUT> out) {
    float[][] outputs = call.score(model, windows);
    for (int i = 0; i < batch.size(); i++) {
      out.collect(mapper.map(batch.get(i), outputs[i]));
    }
    batch.clear();
    java.util.Arrays.fill(windows, null);
  }

  @Override
  public TypeInformation<OUT> getProducedType() {
    return outputType;
  }

  /** Configures a {@link RnncBatchScorer}. */
  public static final class Builder<IN, OUT, M> {
    private final ModelFactory<M> factory;
    private final BatchCall<M> call;
    private WindowOf<IN> windowOf;
    private OutputMapper<IN, OUT> mapper;
    private TypeInformation<OUT> outputType;
    private int batchSize = 64;

    private Builder(ModelFactory<M> factory, BatchCall<M> call) {
      this.factory = Objects.requireNonNull(factory, "factory");
      this.call = Objects.requireNonNull(call, "call");
    }

    /** How a record becomes the model's input, {@code (timesteps, features)}. */
    @SuppressWarnings("unchecked")
    public <I> Builder<I, OUT, M> window(WindowOf<I> windowOf) {
      Builder<I, OUT, M> b = (Builder<I, OUT, M>) this;
      b.windowOf = Objects.requireNonNull(windowOf, "windowOf");
      return b;
    }

    /** How a record and its output row become the emitted record, of class {@code type}. */
    public <O> Builder<IN, O, M> output(OutputMapper<IN, O> mapper, Class<O> type) {
      return output(mapper, TypeInformation.of(type));
    }

    /** {@link #output(OutputMapper, Class)} with Flink type information (generic records). */
    @SuppressWarnings("unchecked")
    public <O> Builder<IN, O, M> output(OutputMapper<IN, O> mapper, TypeInformation<O> type) {
      Builder<IN, O, M> b = (Builder<IN, O, M>) this;
      b.mapper = Objects.requireNonNull(mapper, "mapper");
      b.outputType = Objects.requireNonNull(type, "type");
      return b;
    }

    /** Records per batch call (default 64; a multiple of 8 fills the lockstep chunks). */
    public Builder<IN, OUT, M> batchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * The function, for {@code stream.fullWindowPartition().mapPartition(...)}.
     *
     * @throws IllegalStateException if the window or the output was not configured
     */
    public RnncBatchScorer<IN, OUT, M> build() {
      if (windowOf == null) {
        throw new IllegalStateException("call window(windowOf) before build()");
      }
      if (mapper == null) {
        throw new IllegalStateException("call output(mapper, type) before build()");
      }
      return new RnncBatchScorer<>(this);
    }
  }
}
