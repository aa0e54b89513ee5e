package dev.rnnc.processor;

/**
 * Every diagnostic rnnc reports, with a stable id users can grep and tests can assert. The
 * printed text is {@code [Id] message}; wording is reviewed here, in one place.
 */
public enum RnncMessage {
  NOT_AN_INTERFACE("RnncNotAnInterface", "@RnnModel applies to interfaces only, not to a %s"),
  GENERIC_MODEL("RnncGenericModel", "a model interface cannot have type parameters"),
  MODEL_NOT_ACCESSIBLE("RnncModelNotAccessible", "a model interface must not be private"),
  NO_LAYERS("RnncNoLayers", "%s declares no layers: add at least one method annotated @LSTM, @GRU, @SimpleRNN, @Dense, @Embedding or @Dropout"),
  TIMESTEPS_INVALID("RnncTimestepsInvalid", "timesteps must be positive or Input.VARIABLE, was %d"),
  FEATURES_NOT_POSITIVE("RnncFeaturesNotPositive", "features must be positive for float input, was %d"),
  FEATURES_ON_TOKENS("RnncFeaturesOnTokens", "token input (dtype = INT32) has one id per timestep; remove features = %d"),
  UNITS_NOT_POSITIVE("RnncUnitsNotPositive", "%s must be positive, was %d"),
  UNKNOWN_ACTIVATION("RnncUnknownActivation", "unknown activation \"%s\"; known: %s"),
  SOFTMAX_NOT_DENSE("RnncSoftmaxOnlyDense", "softmax is supported as the activation of @Dense only, not as %s of @%s"),
  RATE_OUT_OF_RANGE("RnncRateOutOfRange", "rate must be in [0, 1), was %s"),
  SEVERAL_LAYER_ANNOTATIONS("RnncSeveralLayerAnnotations", "a layer method carries one layer annotation, found %s"),
  LAYER_RETURN_TYPE("RnncLayerReturnType", "layer method %s must return dev.rnnc.runtime.Layer, not %s"),
  LAYER_PARAMETERS("RnncLayerParameters", "layer method %s must not take parameters: layers take the previous layer's output"),
  DUPLICATE_LAYER_NAME("RnncDuplicateLayerName", "two layers are named \"%s\"; layer names must be unique"),
  EMBEDDING_NEEDS_TOKENS("RnncEmbeddingNeedsTokens", "@Embedding needs token input: declare @Input(dtype = INT32), the input is %s"),
  EMBEDDING_NOT_FIRST("RnncEmbeddingNotFirst", "@Embedding must be the first layer: it follows %s"),
  TOKENS_NEED_EMBEDDING("RnncTokensNeedEmbedding", "token input (dtype = INT32) must be followed by @Embedding, but the first layer is @%s %s"),
  NOT_A_SEQUENCE("RnncNotASequence", "@%s needs a sequence input (timesteps, features), but %s outputs %s; set returnSequences = true on %s"),
  CALL_SIGNATURE("RnncCallSignature", "call method %s does not fit the model %s -> %s; declare one of: %s"),
  INTERNAL_ERROR("RnncInternalError", "rnnc failed on %s: %s; please report this with the interface");

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
