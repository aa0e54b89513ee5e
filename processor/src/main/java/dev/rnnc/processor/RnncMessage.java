package dev.rnnc.processor;

/**
 * Every diagnostic rnnc reports, with a stable id users can grep and tests can assert. The printed
 * text is {@code [Id] message}; wording is reviewed here, in one place.
 */
public enum RnncMessage {
  NOT_AN_INTERFACE("RnncNotAnInterface", "@RnnModel applies to interfaces only, not to a %s"),
  GENERIC_MODEL("RnncGenericModel", "a model interface cannot have type parameters"),
  MODEL_NOT_ACCESSIBLE("RnncModelNotAccessible", "a model interface must not be private"),
  NO_LAYERS(
      "RnncNoLayers",
      "%s declares no layers: add at least one method annotated @LSTM, @GRU, @SimpleRNN, @Dense, @Embedding or @Dropout"),
  TIMESTEPS_INVALID("RnncTimestepsInvalid", "timesteps must be positive or Input.VARIABLE, was %d"),
  FEATURES_NOT_POSITIVE(
      "RnncFeaturesNotPositive", "features must be positive for float input, was %d"),
  FEATURES_ON_TOKENS(
      "RnncFeaturesOnTokens",
      "token input (dtype = INT32) has one id per timestep; remove features = %d"),
  UNITS_NOT_POSITIVE("RnncUnitsNotPositive", "%s must be positive, was %d"),
  UNKNOWN_ACTIVATION("RnncUnknownActivation", "unknown activation \"%s\"; known: %s%s"),
  UNKNOWN_INITIALIZER("RnncUnknownInitializer", "unknown initializer \"%s\"; known: %s%s"),
  SOFTMAX_NOT_DENSE(
      "RnncSoftmaxOnlyDense",
      "softmax is supported as the activation of @Dense only, not as %s of @%s"),
  RATE_OUT_OF_RANGE("RnncRateOutOfRange", "%s must be in [0, 1), was %s"),
  SEVERAL_LAYER_ANNOTATIONS(
      "RnncSeveralLayerAnnotations", "a layer method carries one layer annotation, found %s"),
  LAYER_RETURN_TYPE(
      "RnncLayerReturnType", "layer method %s must return dev.rnnc.runtime.Layer, not %s"),
  LAYER_PARAMETERS(
      "RnncLayerParameters",
      "parameter %s of layer method %s must be a dev.rnnc.runtime.Layer naming an earlier input or layer, not %s"),
  LAYER_NAME_CLASH(
      "RnncLayerNameClash",
      "layer names \"%s\" and \"%s\" differ only in case or underscores, so their generated constants (%s_*) would clash; rename one"),
  RESERVED_LAYER_NAME(
      "RnncReservedLayerName",
      "\"%s\" cannot name a layer: every generated model has a method of that name (RnncModel.%s)"),
  GENERATED_NAME_CLASH(
      "RnncGeneratedNameClash", "the generated class would declare %s twice (%s); rename it"),
  DUPLICATE_LAYER_NAME(
      "RnncDuplicateLayerName", "two layers are named \"%s\"; layer names must be unique"),
  EMBEDDING_NEEDS_TOKENS(
      "RnncEmbeddingNeedsTokens",
      "@Embedding needs token input: declare @Input(dtype = INT32), the input is %s"),
  EMBEDDING_NOT_FIRST("RnncEmbeddingNotFirst", "@Embedding must be the first layer: it follows %s"),
  TOKENS_NEED_EMBEDDING(
      "RnncTokensNeedEmbedding",
      "token input (dtype = INT32) must be followed by @Embedding, but the first layer is @%s %s"),
  NOT_A_SEQUENCE(
      "RnncNotASequence", "@%s needs a sequence input (timesteps, features), but %s outputs %s%s"),
  CALL_SIGNATURE(
      "RnncCallSignature", "call method %s does not fit the model %s -> %s; declare one of: %s"),
  INHERITED_LAYER(
      "RnncInheritedLayer",
      "layer %s() is declared in %s, which %s extends: declare layers in the model interface itself"
          + " (a super-interface may declare calls)"),
  WRAPPER_WITHOUT_LAYER(
      "RnncWrapperWithoutLayer",
      "%s wraps the layer annotation on the same method, but there is none"),
  BIDIRECTIONAL_NEEDS_RECURRENT(
      "RnncBidirectionalNeedsRecurrent",
      "@Bidirectional wraps a recurrent layer (@LSTM, @GRU, @SimpleRNN, @RNN), not @%s"),
  TIME_DISTRIBUTED_NEEDS_DENSE(
      "RnncTimeDistributedNeedsDense", "@TimeDistributed wraps @Dense, not @%s"),
  UNKNOWN_MERGE_MODE(
      "RnncUnknownMergeMode", "unknown mergeMode \"%s\"; supported: concat, sum, mul, ave, none%s"),
  MASK_VALUE_NOT_FINITE("RnncMaskValueNotFinite", "maskValue must be a finite number, was %s"),
  MASK_ZERO_VOCABULARY(
      "RnncMaskZeroVocabulary",
      "maskZero reserves id 0 for padding, so inputDim must be at least 2, was %d"),
  UNROLL_NEEDS_FIXED_TIMESTEPS(
      "RnncUnrollNeedsFixedTimesteps", "unroll needs a fixed number of timesteps, but %s"),
  UNROLL_TOO_LONG(
      "RnncUnrollTooLong",
      "unroll would write out %d timesteps, more than the limit of %d (raise it with -Arnnc.unrollLimit)"),
  STATEFUL_BATCH_CALL(
      "RnncStatefulBatchCall",
      "%s takes a batch, but layer %s is stateful: a stateful model carries one stream's state from call to call, so it takes one sample at a time (use one instance per stream, or declare @Input(batchSize = B) for batches of B streams, one row of states each)"),
  STEP_NEEDS_STATEFUL(
      "RnncStepNeedsStateful",
      "%s advances one timestep per call, which needs every recurrent layer stateful; %s is not"),
  STEP_NEEDS_FLOAT_INPUT(
      "RnncStepNeedsFloatInput",
      "%s advances one timestep per call, which needs float input; this model takes token ids"),
  STATE_ROWS("RnncStateRows", "%s: %s"),
  RESET_WITHOUT_STATE(
      "RnncResetWithoutState",
      "resetStates() resets stateful layers, but no layer of %s is stateful"),
  MASK_UNUSED(
      "RnncMaskUnused",
      "zeroOutputForMask has no effect on %s: no mask reaches it (add @Masking or @Embedding(maskZero = true) before it)"),
  PROJ_SIZE_INVALID(
      "RnncProjSizeInvalid",
      "projSize must be 0 (no projection) or between 1 and units - 1 = %d, was %d"),
  RETURN_STATE_UNUSED(
      "RnncReturnStateUnused",
      "returnState on %s: no call returns its final states and no layer starts from them; return them beside the outputs as record components (%s), start a layer from them with @InitialState, or drop returnState"),
  CALL_RECORD(
      "RnncCallRecord",
      "%s returns the output and the final states of %s, so %s must be a record with the components (%s) in this order; it has (%s)"),
  CELL_NOT_A_CELL("RnncCellNotACell", "the cell %s must implement dev.rnnc.runtime.Cell"),
  CELL_WITHOUT_SHAPE(
      "RnncCellWithoutShape",
      "the cell %s must be annotated @RnnCell with its state and output sizes"),
  CELL_CONSTRUCTOR(
      "RnncCellConstructor",
      "the cell %s needs a public constructor (int inputSize, int units) and must not be abstract"),
  CELL_SIZE(
      "RnncCellSize", "the cell %s declares %s = %d; sizes must be positive or RnnCell.UNITS"),
  CELL_INPUT_SIZE("RnncCellInputSize", "the cell %s takes inputs of width %d, but %s outputs %s"),
  CELL_NOT_TRAINABLE(
      "RnncCellNotTrainable",
      "the cell %s must implement %s to train: %s declares %s, and training runs each cell's"
          + " backward step; add gradients() and backward(...) to %s (dev.rnnc.runtime.TrainableCell"
          + " shows how; GradientCheck checks them)"),
  UNKNOWN_OPTION("RnncUnknownOption", "unknown processor option -A%s; known: %s"),
  BAD_OPTION("RnncBadOption", "processor option -A%s=%s: %s"),
  INTERNAL_ERROR(
      "RnncInternalError", "rnnc failed on %s: %s; please report this with the interface"),
  RNN_CELL_OR_CELLS(
      "RnncRnnCellOrCells",
      "@RNN takes either cell = X.class with units, or cells = {@Cell(...), ...}: %s"),
  CELL_OPTION("RnncCellOption", "%s has no option %s; %s"),
  BUILTIN_CELL_ALONE(
      "RnncBuiltinCellAlone",
      "%s is a built-in Keras cell: declare cells = @Cell(type = %s.class, units = ...), or use @%s"),
  NUM_LAYERS_INVALID("RnncNumLayersInvalid", "numLayers must be at least 1, was %d"),
  NUM_LAYERS_CONFLICT(
      "RnncNumLayersConflict",
      "numLayers = %d stacks %s cells in one layer, which cannot take %s: %s"),
  NUM_LAYERS_NAME_TAKEN(
      "RnncNumLayersNameTaken",
      "layer name %s is taken: it names layer %d of %s (numLayers = %d under @Bidirectional, whose"
          + " lower PyTorch layers are <layer>_l0, <layer>_l1, ...); rename one of them"),
  INPUT_NAME_MISSING(
      "RnncInputNameMissing",
      "input %d of %d has no name: with several inputs each @Input needs a name (a Java identifier) that layer parameters and call methods refer to"),
  INPUT_NAME_INVALID("RnncInputNameInvalid", "input name \"%s\" is not a Java identifier"),
  INPUT_NAME_TAKEN(
      "RnncInputNameTaken",
      "input name \"%s\" already names %s; names of inputs and layers must be distinct"),
  UNKNOWN_REFERENCE(
      "RnncUnknownReference", "parameter %s of %s names no input or layer; it can name %s"),
  FORWARD_REFERENCE(
      "RnncForwardReference",
      "parameter %s of %s names %s, which is not declared before it; a layer consumes earlier inputs and layers only"),
  INPUT_NOT_NAMED(
      "RnncInputNotNamed",
      "%s takes no parameter, but the model has several inputs (%s): name the one it takes, e.g. %s(Layer %s)"),
  LAYER_INPUT_COUNT("RnncLayerInputCount", "@%s takes %s, but %s names %d"),
  INITIAL_STATE_TARGET(
      "RnncInitialStateTarget",
      "@InitialState goes on a parameter of a recurrent layer (@LSTM, @GRU, @SimpleRNN, @Bidirectional, @RNN), not of @%s %s"),
  INITIAL_STATE_SOURCE(
      "RnncInitialStateSource",
      "@InitialState %s must name an earlier recurrent layer (@LSTM, @GRU, @SimpleRNN, @Bidirectional, @RNN) declared with returnState = true; %s"),
  INITIAL_STATE_MISMATCH(
      "RnncInitialStateMismatch",
      "%s starts from the final states of %s, but they do not fit: %s returns (%s), %s takes (%s)"),
  MERGE_SHAPES("RnncMergeShapes", "@%s %s cannot merge %s: %s"),
  SHARED_TARGET("RnncSharedTarget", "@Shared(\"%s\") on %s must name an earlier layer method; %s"),
  SHARED_UNSUPPORTED("RnncSharedUnsupported", "@Shared(\"%s\"): %s cannot be shared: %s"),
  SHARED_INPUT_WIDTH(
      "RnncSharedInputWidth",
      "@Shared(\"%s\") applies %s, which takes inputs of width %d, to %s, which outputs %s"),
  LAYER_UNUSED(
      "RnncLayerUnused",
      "%s does not reach the output (%s): it runs on every call but changes nothing, and Keras leaves such layers out of a model, so Keras files have no weights for it"),
  INPUT_UNUSED(
      "RnncInputUnused",
      "input %s reaches no layer of the output (%s), but every call must pass it"),
  OUTPUT_RECORD(
      "RnncOutputRecord",
      "%s returns the outputs of layers %s, so the components of %s must have their types (%s); it has (%s)"),
  BACKWARD_LAYER_UNKNOWN(
      "RnncBackwardLayerUnknown",
      "@Bidirectional(backwardLayer = \"%s\") on %s must name another layer method declaring only an @LSTM, @GRU or @SimpleRNN; %s"),
  BACKWARD_LAYER_KIND("RnncBackwardLayerKind", "%s, the backward layer of %s, %s"),
  BACKWARD_LAYER_MISMATCH(
      "RnncBackwardLayerMismatch",
      "the backward layer %s must set %s, as Keras requires of a backward_layer: %s sets %s, %s sets %s"),
  BACKWARD_LAYER_SHAPE(
      "RnncBackwardLayerShape",
      "the backward layer %s must output what %s outputs (%s), since Keras infers a Bidirectional layer's outputs from the forward layer; %s has %s"),
  DIRECTION_NEEDED(
      "RnncDirectionNeeded",
      "%s has mergeMode = \"none\", so it outputs its two directions apart and %s cannot read it as one output; %s"),
  DIRECTION_TARGET(
      "RnncDirectionTarget",
      "@%s(\"%s\") on %s must name an earlier @Bidirectional(mergeMode = \"none\") layer; %s"),
  DIRECTION_CALL(
      "RnncDirectionCall",
      "@%s on %s: it marks a call returning that one direction of the model's last layer, a"
          + " @Bidirectional(mergeMode = \"none\") layer (keras.Model(x, forward)); %s"),
  CELL_INPUT_SIZES("RnncCellInputSizes", "the cell %s %s"),
  CELL_INPUT_COUNT("RnncCellInputCount", "the cell %s takes %s, but %s() names %d"),
  CELL_INPUT_TIMESTEPS(
      "RnncCellInputTimesteps",
      "the cell %s of %s reads every input at each timestep, so its inputs must be float sequences of the same timesteps: %s"),
  CELL_INPUT_MASK(
      "RnncCellInputMask",
      "a mask reaches %s from %s, and a cell with several inputs does not take masks yet (Keras 3's RNN layer takes one input); drop the mask or apply it after %s"),
  CALL_INITIAL_STATES(
      "RnncCallInitialStates",
      "call method %s passes %d initial state(s) after its inputs, but %s"),
  BIDIRECTIONAL_CELL_UNSUPPORTED(
      "RnncBidirectionalCellUnsupported", "@Bidirectional around @RNN does not support %s yet: %s"),
  ARRAY_TOO_LARGE(
      "RnncArrayTooLarge",
      "%s needs a weight array of %,d floats, more than a Java array holds (%,d); lower %s"),
  COMPILE_MISSING(
      "RnncCompileMissing",
      "%s trains the model, which needs @Compile(loss = ...) on %s (Keras' model.compile)"),
  UNKNOWN_LOSS("RnncUnknownLoss", "unknown loss \"%s\"; known: %s%s"),
  LOSS_REQUIRED(
      "RnncLossRequired",
      "@Compile on %s sets no loss: name one by its Keras identifier, loss = \"...\" (%s), as"
          + " Keras' compile(loss=...)"),
  UNKNOWN_OPTIMIZER("RnncUnknownOptimizer", "unknown optimizer \"%s\"; known: %s%s"),
  UNKNOWN_METRIC("RnncUnknownMetric", "unknown metric \"%s\"; known: %s%s"),
  MOMENTUM(
      "RnncMomentum",
      "momentum = %s with optimizer \"%s\": only \"sgd\" takes a momentum, in [0, 1] (Keras'"
          + " SGD(momentum=...))"),
  CALL_MASK("RnncCallMask", "%s passes a mask, which this model cannot take: %s"),
  SEQUENCE_FIRST(
      "RnncSequenceFirst",
      "@SequenceFirst on %s: it marks a batch call OUT[] m(float[][][] x, ...) (or its into form)"
          + " of a model with one float sequence input, taking x and a sequence output as"
          + " (timesteps, batch, features) (PyTorch's batch_first = False); %s"),
  PACKED(
      "RnncPacked",
      "@Packed on %s: it marks the int[] lengths right after the batch input of a batch call,"
          + " OUT[] m(IN[] x, @Packed int[] lengths[, the first recurrent layer's initial states,"
          + " float[][] each][, OUT[] out]) or returning a record, or of a training call"
          + " fit(IN[] x, @Packed int[] lengths, y, ...) (PyTorch's pack_padded_sequence); with"
          + " several inputs, after each float sequence or token ids input its own; %s"),
  UNRESOLVED_VALUE(
      "RnncUnresolvedValue",
      "%s in @%s names %s that does not resolve (javac reports the missing symbol); import it or"
          + " fix the name, and rnnc reads %s once it does"),
  FIT_TARGETS("RnncFitTargets", "%s takes y as %s, but the loss %s needs %s"),
  FIT_OUTPUTS("RnncFitOutputs", "%s takes y as %s: %s"),
  LOSS_OUTPUT("RnncLossOutput", "@OutputLoss(output = \"%s\") %s"),
  LOSS_MISSING(
      "RnncLossMissing",
      "the output %s has no loss: set @Compile(loss = ...) (every output's), or @OutputLoss(output ="
          + " \"%s\", value = ...) in @Compile(losses = ...)"),
  METRICS_PER_OUTPUT(
      "RnncMetricsPerOutput",
      "@Compile(metrics = ...) on a model with several outputs (%s): Keras takes their metrics per"
          + " output, @OutputLoss(output = ..., metrics = {...}) in @Compile(losses = ...)"),
  FIT_UNSUPPORTED(
      "RnncFitUnsupported",
      "%s: training is not generated yet for this model: %s. Supported so far: chains and graphs"
          + " (named inputs, merges, @Shared layers, @InitialState between LSTM, GRU and"
          + " SimpleRNN layers, alone, Bidirectional or in an @RNN of built-in cells (also under"
          + " @Bidirectional), and from an"
          + " LSTM, GRU or SimpleRNN layer into an @RNN of one custom cell, several inputs too) of"
          + " Embedding and Masking layers (on an input or after another layer; merges of"
          + " differently masked inputs), LSTM, GRU and SimpleRNN layers, alone,"
          + " Bidirectional or stacked in an @RNN (built-in or trainable custom cells, also under"
          + " @Bidirectional; stateful; projSize), an @RNN of one trainable custom cell reading"
          + " several inputs,"
          + " Dropout and Dense"
          + " layers on fixed-length inputs, step calls beside fit; one model output, or several"
          + " with y a record of one target batch per output (the layers no other layer reads, a"
          + " mergeMode = \"none\" layer's directions, and beside them layers others read too"
          + " and final states of LSTM, GRU and SimpleRNN layers, alone or Bidirectional)");

  private final String id;
  private final String format;

  RnncMessage(String id, String format) {
    this.id = id;
    this.format = format;
  }

  /** The stable id, e.g. {@code RnncUnitsNotPositive}. */
  public String id() {
    return id;
  }

  /** The full text: {@code [Id] } and the formatted message. */
  public String format(Object... args) {
    return "[" + id + "] " + format.formatted(args);
  }
}
