package dev.rnnc.flink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapPartitionFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
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
 *     RnncBatchScorer.of(ModelFactory.embedded(file, RnncForecaster::load), Forecaster::predict)
 *         .window(Window::values)
 *         .output((window, y) -> new Scored(window.id(), y[0]), Scored.class)
 *         .batchSize(64)
 *         .build()
 *         .score(windows); // or windows.fullWindowPartition().mapPartition(scorer)
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
    Batch batch = new Batch();
    for (IN record : records) {
      batch.add(record, out::collect);
    }
    batch.flush(out::collect);
  }

  /**
   * Scores {@code records} in the task's own thread ({@code transform} with an operator that
   * buffers {@link #batchSize} records and flushes the rest at the end of the input), the form to
   * prefer: Flink's {@code fullWindowPartition().mapPartition} runs the function in a second
   * thread, and in this build's tests one record in a few hundred went missing between it and a
   * chained collect sink in about one run of five.
   */
  public SingleOutputStreamOperator<OUT> score(DataStream<IN> records) {
    return records.transform("rnnc batch scorer", outputType, new Operator<>(this));
  }

  /** The records waiting for the next batch call. */
  private final class Batch {
    private final List<IN> records = new ArrayList<>(batchSize);
    private final float[][][] windows = new float[batchSize][][];

    void add(IN record, Consumer<OUT> out) {
      windows[records.size()] = windowOf.window(record);
      records.add(record);
      if (records.size() == batchSize) {
        score(windows, out);
      }
    }

    void flush(Consumer<OUT> out) {
      if (!records.isEmpty()) {
        score(Arrays.copyOf(windows, records.size()), out);
      }
    }

    private void score(float[][][] batch, Consumer<OUT> out) {
      float[][] outputs = call.score(model, batch);
      for (int i = 0; i < records.size(); i++) {
        out.accept(mapper.map(records.get(i), outputs[i]));
      }
      records.clear();
      Arrays.fill(windows, null);
    }
  }

  /** Runs the scorer in the task thread: buffers, scores each full batch, flushes at the end. */
  private static final class Operator<IN, OUT, M>
      extends AbstractUdfStreamOperator<OUT, RnncBatchScorer<IN, OUT, M>>
      implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private transient RnncBatchScorer<IN, OUT, M>.Batch batch;
    private transient StreamRecord<OUT> reuse;

    Operator(RnncBatchScorer<IN, OUT, M> scorer) {
      super(scorer);
    }

    @Override
    public void open() throws Exception {
      super.open();
      batch = userFunction.new Batch();
      reuse = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<IN> element) {
      batch.add(element.getValue(), this::emit);
    }

    @Override
    public void endInput() {
      batch.flush(this::emit);
    }

    private void emit(OUT record) {
      output.collect(reuse.replace(record));
    }
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
     * The scorer: {@link RnncBatchScorer#score(DataStream)}, or the function for {@code
     * stream.fullWindowPartition().mapPartition(...)}.
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
