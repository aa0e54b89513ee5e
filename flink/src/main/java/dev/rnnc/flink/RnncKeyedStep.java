package dev.rnnc.flink;

import dev.rnnc.runtime.RnncModel;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A stateful rnnc model on a keyed stream: every key is its own sequence, as if it had a model of
 * its own. One model instance serves all keys of a parallel task (weights loaded once per task, in
 * {@link #open}); each key's carried RNN states (h, c of every stateful layer, {@link
 * RnncModel#stateSize()} floats) live in Flink keyed state, a {@code ValueState<float[]>} with
 * Flink's primitive-array serializer, so they are checkpointed, restored after a failure and
 * redistributed with their keys when the job is rescaled. Per event: the key's states are swapped
 * into the model ({@link RnncModel#restoreStates}), the step runs, the new states are swapped out
 * ({@link RnncModel#saveStates}) and stored. A key's first event starts from zero states, as after
 * {@code resetStates()}.
 *
 * <pre>{@code
 * DataStream<Forecast> forecasts =
 *     readings
 *         .keyBy(Reading::station)
 *         .process(
 *             RnncKeyedStep.of(
 *                     ModelFactory.weightsFile(path, RnncStationStream::load),
 *                     StationStream::stepInto)
 *                 .input(4, Reading::writeFeatures)
 *                 .output(1, (reading, y) -> new Forecast(reading, y[0]), Forecast.class)
 *                 .<String>build())
 *         .uid("station-forecaster");
 * }</pre>
 *
 * <p>Allocation: with the heap state backend an event allocates nothing in the model or in this
 * function once its key has been seen (the key's array is updated in place — the heap backend
 * copies a value before a running snapshot could see it change); RocksDB deserializes a fresh array
 * per access, as it does for any state. {@link Builder#stateTtl} drops the states of keys not seen
 * for a while (they then start again from zeros).
 *
 * @param <K> the key type
 * @param <IN> the event type
 * @param <OUT> the emitted type
 * @param <M> the model's interface
 */
public final class RnncKeyedStep<K, IN, OUT, M> extends KeyedProcessFunction<K, IN, OUT>
    implements ResultTypeQueryable<OUT> {
  private static final long serialVersionUID = 1L;

  /** The name of the keyed state holding each key's RNN states. */
  public static final String STATE_NAME = "rnnc-states";

  private final ModelFactory<M> factory;
  private final StepCall<M> step;
  private final int inputSize;
  private final InputFeatures<IN> features;
  private final int outputSize;
  private final OutputMapper<IN, OUT> mapper;
  private final TypeInformation<OUT> outputType;
  private final StateTtlConfig ttl;

  private transient M model;
  private transient RnncModel rnnc;
  private transient int stateSize;
  private transient float[] input;
  private transient float[] output;
  private transient ValueState<float[]> states;

  private RnncKeyedStep(Builder<IN, OUT, M> b) {
    this.factory = b.factory;
    this.step = b.step;
    this.inputSize = b.inputSize;
    this.features = b.features;
    this.outputSize = b.outputSize;
    this.mapper = b.mapper;
    this.outputType = b.outputType;
    this.ttl = b.ttl;
  }

  /**
   * Starts a builder: {@code factory} makes the model in each task, {@code step} is its one-step
   * call.
   */
  public static <M> Builder<Object, Object, M> of(ModelFactory<M> factory, StepCall<M> step) {
    return new Builder<>(factory, step);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    model = factory.create(getRuntimeContext());
    rnnc = RnncModel.of(model);
    stateSize = rnnc.stateSize();
    if (stateSize == 0) {
      throw new IllegalArgumentException(
          rnnc.modelName()
              + " carries no state from call to call: declare its recurrent layers stateful = true"
              + " (or score it with RnncBatchScorer)");
    }
    input = new float[inputSize];
    output = new float[outputSize];
    ValueStateDescriptor<float[]> descriptor =
        new ValueStateDescriptor<>(
            STATE_NAME, PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO);
    if (ttl != null) {
      descriptor.enableTimeToLive(ttl);
    }
    states = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(IN event, Context context, Collector<OUT> out) throws Exception {
    float[] carried = states.value();
    if (carried == null) {
      carried = new float[stateSize]; // a new key: zero states, as after resetStates()
    } else if (carried.length != stateSize) {
      throw new IllegalStateException(
          "key "
              + context.getCurrentKey()
              + " was saved with "
              + carried.length
              + " floats of RNN state, but "
              + rnnc.modelName()
              + " carries "
              + stateSize
              + ": the model's stateful layers changed since the checkpoint");
    }
    rnnc.restoreStates(carried);
    features.write(event, input);
    step.step(model, input, output);
    rnnc.saveStates(carried);
    states.update(carried);
    out.collect(mapper.map(event, output));
  }

  /** The model of this parallel instance (after {@link #open}); for tests and metrics. */
  M model() {
    return model;
  }

  @Override
  public TypeInformation<OUT> getProducedType() {
    return outputType;
  }

  /**
   * Configures a {@link RnncKeyedStep}: the input (size and how an event fills it) and the output
   * (size, how it becomes a record, and that record's type for Flink).
   */
  public static final class Builder<IN, OUT, M> {
    private final ModelFactory<M> factory;
    private final StepCall<M> step;
    private int inputSize = -1;
    private InputFeatures<IN> features;
    private int outputSize = -1;
    private OutputMapper<IN, OUT> mapper;
    private TypeInformation<OUT> outputType;
    private StateTtlConfig ttl;

    private Builder(ModelFactory<M> factory, StepCall<M> step) {
      this.factory = Objects.requireNonNull(factory, "factory");
      this.step = Objects.requireNonNull(step, "step");
    }

    /** The model's input: {@code size} floats per step, which {@code features} writes per event. */
    @SuppressWarnings("unchecked")
    public <I> Builder<I, OUT, M> input(int size, InputFeatures<I> features) {
      if (size <= 0) {
        throw new IllegalArgumentException("input size must be positive, got " + size);
      }
      Builder<I, OUT, M> b = (Builder<I, OUT, M>) this;
      b.inputSize = size;
      b.features = Objects.requireNonNull(features, "features");
      return b;
    }

    /**
     * The model's output: {@code size} floats per step, mapped to a record of class {@code type}.
     */
    public <O> Builder<IN, O, M> output(int size, OutputMapper<IN, O> mapper, Class<O> type) {
      return output(size, mapper, TypeInformation.of(type));
    }

    /** {@link #output(int, OutputMapper, Class)} with Flink type information (generic records). */
    @SuppressWarnings("unchecked")
    public <O> Builder<IN, O, M> output(
        int size, OutputMapper<IN, O> mapper, TypeInformation<O> type) {
      if (size <= 0) {
        throw new IllegalArgumentException("output size must be positive, got " + size);
      }
      Builder<IN, O, M> b = (Builder<IN, O, M>) this;
      b.outputSize = size;
      b.mapper = Objects.requireNonNull(mapper, "mapper");
      b.outputType = Objects.requireNonNull(type, "type");
      return b;
    }

    /** Drops the states of keys idle longer than the TTL (they restart from zero states). */
    public Builder<IN, OUT, M> stateTtl(StateTtlConfig ttl) {
      this.ttl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /**
     * The function, for {@code keyedStream.process(...)}.
     *
     * @throws IllegalStateException if the input or the output was not configured
     */
    public <K> RnncKeyedStep<K, IN, OUT, M> build() {
      if (features == null) {
        throw new IllegalStateException("call input(size, features) before build()");
      }
      if (mapper == null) {
        throw new IllegalStateException("call output(size, mapper, type) before build()");
      }
      return new RnncKeyedStep<>(this);
    }
  }
}
