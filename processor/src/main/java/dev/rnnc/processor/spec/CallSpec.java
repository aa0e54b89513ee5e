package dev.rnnc.processor.spec;

import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A call method, matched to one of the accepted forms.
 *
 * @param name the method name
 * @param parameters the parameter names, used in generated error messages
 * @param form which form it has
 * @param record the record returned (one per sample) when the last layer returns its states, else
 *     null
 * @param initialStates whether the parameters after the input are the first recurrent layer's
 *     initial states
 * @param outputs the layers whose outputs the returned record holds, one per component, in order
 *     (several outputs); empty when the call returns the last layer's output (and states)
 * @param mask which mask the parameter after the input passes (Keras' {@code mask=}), if any
 * @param sequenceFirst whether the batch input and a sequence output are {@code (timesteps, batch,
 *     features)}, PyTorch's {@code batch_first=False} ({@code @SequenceFirst})
 * @param torchStates whether the initial states come in PyTorch's layout: one array per kind of
 *     state ({@code h_0}, and {@code c_0} for an LSTM) of shape {@code (num_layers *
 *     num_directions, batch, hidden)} ({@code (num_layers * num_directions, hidden)} for one
 *     sample), instead of one parameter per layer, direction and state
 * @param lengthsAfter for a call of a model with several inputs passing {@code @Packed} lengths or
 *     Keras masks, per input whether its lengths or mask ({@link #mask} tells which kind) follow it
 *     (one {@code pack_padded_sequence} per input, or Keras' {@code mask=[maskA, maskB]}); empty
 *     for every other call, whose lengths or mask, if any, follow its one input
 */
public record CallSpec(
    String name,
    List<String> parameters,
    Form form,
    TypeElement record,
    boolean initialStates,
    List<String> outputs,
    Mask mask,
    boolean sequenceFirst,
    boolean torchStates,
    List<Boolean> lengthsAfter) {

  /** A call whose lengths, if any, follow its one input. */
  public CallSpec(
      String name,
      List<String> parameters,
      Form form,
      TypeElement record,
      boolean initialStates,
      List<String> outputs,
      Mask mask,
      boolean sequenceFirst,
      boolean torchStates) {
    this(
        name,
        parameters,
        form,
        record,
        initialStates,
        outputs,
        mask,
        sequenceFirst,
        torchStates,
        List.of());
  }

  /** A call whose initial states, if any, are one parameter per layer, direction and state. */
  public CallSpec(
      String name,
      List<String> parameters,
      Form form,
      TypeElement record,
      boolean initialStates,
      List<String> outputs,
      Mask mask,
      boolean sequenceFirst) {
    this(name, parameters, form, record, initialStates, outputs, mask, sequenceFirst, false);
  }

  /** A call in the batch-first layout. */
  public CallSpec(
      String name,
      List<String> parameters,
      Form form,
      TypeElement record,
      boolean initialStates,
      List<String> outputs,
      Mask mask) {
    this(name, parameters, form, record, initialStates, outputs, mask, false);
  }

  /** This call taking its batch sequence-first ({@code @SequenceFirst}). */
  public CallSpec withSequenceFirst() {
    return new CallSpec(
        name,
        parameters,
        form,
        record,
        initialStates,
        outputs,
        mask,
        true,
        torchStates,
        lengthsAfter);
  }

  /** This call returning {@code outputs} ({@link #outputs()}). */
  public CallSpec withOutputs(List<String> outputs) {
    return new CallSpec(
        name,
        parameters,
        form,
        record,
        initialStates,
        outputs,
        mask,
        sequenceFirst,
        torchStates,
        lengthsAfter);
  }

  /**
   * The one direction of the last layer ({@code @Bidirectional(mergeMode = "none")}) a call marked
   * {@code @Forward}/{@code @Backward} returns alone, as a plain output; null for other calls.
   */
  public String direction() {
    return record == null && outputs.size() == 1 ? outputs.getFirst() : null;
  }

  /** This call taking its initial states in PyTorch's layout ({@link #torchStates}). */
  public CallSpec withTorchStates() {
    return new CallSpec(
        name, parameters, form, record, true, outputs, mask, sequenceFirst, true, lengthsAfter);
  }

  /**
   * This call of a model with several inputs passing {@code @Packed} lengths after the inputs
   * {@code lengthsAfter} marks ({@link #lengthsAfter}).
   */
  public CallSpec withLengthsAfter(List<Boolean> lengthsAfter) {
    return new CallSpec(
        name,
        parameters,
        form,
        record,
        initialStates,
        outputs,
        mask,
        sequenceFirst,
        torchStates,
        List.copyOf(lengthsAfter));
  }

  /**
   * The parameters before any states, of a call of a model with {@code inputs} inputs: the inputs
   * and the lengths (or mask) passed with them.
   */
  public int leadingParameters(int inputs) {
    if (!lengthsAfter.isEmpty()) {
      return inputs + (int) lengthsAfter.stream().filter(Boolean::booleanValue).count();
    }
    return inputs + (masked() ? 1 : 0);
  }

  /** The parameter of input {@code i} (of a model with several inputs). */
  public String inputParameter(int i) {
    return parameters.get(inputAt(i));
  }

  /** Where input {@code i}'s parameter sits: after the inputs and lengths before it. */
  private int inputAt(int i) {
    int at = i;
    for (int j = 0; j < i && j < lengthsAfter.size(); j++) {
      at += lengthsAfter.get(j) ? 1 : 0;
    }
    return at;
  }

  /** The {@code @Packed} lengths parameter after input {@code i}, or null if none follows it. */
  public String lengthsParameter(int i) {
    return i < lengthsAfter.size() && lengthsAfter.get(i) ? parameters.get(inputAt(i) + 1) : null;
  }

  /** A call without a mask parameter. */
  public CallSpec(
      String name,
      List<String> parameters,
      Form form,
      TypeElement record,
      boolean initialStates,
      List<String> outputs) {
    this(name, parameters, form, record, initialStates, outputs, Mask.NONE);
  }

  /** A call passing a mask after its input ({@code mask} not {@link Mask#NONE}). */
  public static CallSpec withMask(String name, List<String> parameters, Form form, Mask mask) {
    return new CallSpec(name, parameters, form, null, false, List.of(), mask);
  }

  /** A call returning the last layer's output (and, with a record, its states). */
  public CallSpec(
      String name, List<String> parameters, Form form, TypeElement record, boolean initialStates) {
    this(name, parameters, form, record, initialStates, List.of());
  }

  /** A call without initial states. */
  public CallSpec(String name, List<String> parameters, Form form, TypeElement record) {
    this(name, parameters, form, record, false);
  }

  /** The mask a call passes after its input, as Keras' {@code layer(x, mask=...)}. */
  public enum Mask {
    /** None: every timestep is real (unless a {@code @Masking}/{@code maskZero} layer masks). */
    NONE,
    /**
     * {@code boolean[]} per sample, true where a timestep is real ({@code boolean[][]} a batch).
     */
    TIMESTEPS,
    /** {@code int[]} per batch: each sample's real timesteps come first, padding after them. */
    LENGTHS,
    /**
     * {@code @Packed int[]} per batch: lengths with PyTorch's packed-sequence semantics, where a
     * recurrent layer's sequence output is zero past a sample's length ({@code
     * pack_padded_sequence}, then {@code pad_packed_sequence}).
     */
    PACKED
  }

  /** Whether the mask parameter is {@code int[]} lengths (plain or {@code @Packed}). */
  public boolean lengths() {
    return mask == Mask.LENGTHS || mask == Mask.PACKED;
  }

  /**
   * Where a {@code fit}/{@code evaluate} call's {@code y} sits among its parameters: right after
   * the model's {@code inputs} batches and the lengths that follow them.
   */
  public int targetsAt(int inputs) {
    return leadingParameters(inputs);
  }

  /** Whether a mask parameter follows the input. */
  public boolean masked() {
    return mask != Mask.NONE;
  }

  /** The accepted call forms, with {@code IN}/{@code OUT} one input/output sample's type. */
  public enum Form {
    /** {@code OUT m(IN)}. */
    SINGLE,
    /** {@code OUT[] m(IN[])}. */
    BATCH,
    /** {@code void m(IN, OUT)}: allocation-free. */
    SINGLE_INTO,
    /** {@code void m(IN[], OUT[])}. */
    BATCH_INTO,
    /** {@code float[] m(float[])}: one timestep of a stateful model. */
    STEP,
    /** {@code void m(float[], float[])}: one timestep, allocation-free. */
    STEP_INTO,
    /** {@code void resetStates()}. */
    RESET_STATES,
    /** {@code void resetStates(int row)}: one batch row's states ({@code @Input(batchSize)}). */
    RESET_ROW,
    /**
     * {@code History fit(IN[] x, Y y, FitOptions options)}: Keras' {@code fit}, y typed by the
     * loss.
     */
    FIT,
    /** {@code Logs evaluate(IN[] x, Y y)}: Keras' {@code evaluate}. */
    EVALUATE
  }

  /** Whether it takes a batch. */
  public boolean batch() {
    return form == Form.BATCH || form == Form.BATCH_INTO;
  }

  /** Whether it trains or evaluates ({@link Form#FIT}, {@link Form#EVALUATE}). */
  public boolean training() {
    return form == Form.FIT || form == Form.EVALUATE;
  }

  /** Whether it writes into a caller-owned array. */
  public boolean into() {
    return form == Form.SINGLE_INTO || form == Form.BATCH_INTO || form == Form.STEP_INTO;
  }

  /** Whether it advances one timestep. */
  public boolean step() {
    return form == Form.STEP || form == Form.STEP_INTO;
  }

  /**
   * Whether it runs through the lockstep chunks when the model has them: batch calls without states
   * or records.
   */
  public boolean runsInLockstep() {
    return batch() && record == null && !initialStates && !masked();
  }
}
