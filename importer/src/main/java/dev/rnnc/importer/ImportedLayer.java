package dev.rnnc.importer;

import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.SimpleRNN;
import java.lang.annotation.Annotation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One layer of an imported model, as its layer method will declare it.
 *
 * @param kerasName the Keras layer name
 * @param kerasClass the Keras class (for a wrapper, the wrapper's: {@code Bidirectional})
 * @param methodName the Java method name: {@code kerasName} unless that is not usable
 * @param clashesWith when renamed because the Keras name would give the same generated names as an
 *     earlier layer's ({@code Head} after {@code head}), that layer's name; else null
 * @param wrapper the wrapper annotation ({@code @Bidirectional}, {@code @TimeDistributed}), or null
 * @param layer the layer annotation
 * @param input the shape of one sample entering the layer
 * @param output the shape leaving it
 * @param ignored Keras options dropped because they do not change inference
 * @param parameters the layers and inputs the method names as its inputs (empty: the previous
 *     declaration's output)
 * @param shared for a later call of a shared layer, the method of its first call (the method then
 *     carries {@code @Shared} instead of {@code layer}); else null
 * @param backward a Bidirectional's {@code backward_layer}, declared as a method of its own; else
 *     null
 */
record ImportedLayer(
    String kerasName,
    String kerasClass,
    String methodName,
    String clashesWith,
    Annotated wrapper,
    Annotated layer,
    Shape input,
    Shape output,
    List<Ignored> ignored,
    List<Parameter> parameters,
    String shared,
    Backward backward) {

  private static final Set<Class<? extends Annotation>> RECURRENT =
      Set.of(LSTM.class, GRU.class, SimpleRNN.class, RNN.class);

  ImportedLayer {
    ignored = List.copyOf(ignored);
    parameters = List.copyOf(parameters);
  }

  /**
   * A layer-method parameter: the layer or input it names, and how it reads it.
   *
   * @param kind a plain input, initial states, or one direction of a merge_mode None layer
   * @param name the parameter name
   * @param target the method or input it names; the parameter name unless that is taken
   */
  record Parameter(Kind kind, String name, String target) {
    enum Kind {
      INPUT,
      INITIAL_STATE,
      FORWARD,
      BACKWARD
    }
  }

  /**
   * The backward direction of a Bidirectional built with {@code backward_layer}.
   *
   * @param methodName its method
   * @param kerasName its Keras name
   * @param layer its annotation
   * @param ignored its Keras options dropped
   */
  record Backward(String methodName, String kerasName, Annotated layer, List<Ignored> ignored) {}

  /** This layer with its wiring. */
  ImportedLayer wired(List<Parameter> newParameters, String newShared) {
    return new ImportedLayer(
        kerasName,
        kerasClass,
        methodName,
        clashesWith,
        wrapper,
        layer,
        input,
        output,
        ignored,
        newParameters,
        newShared,
        backward);
  }

  /** This layer with its annotation replaced. */
  ImportedLayer withLayer(Annotated newLayer) {
    return new ImportedLayer(
        kerasName,
        kerasClass,
        methodName,
        clashesWith,
        wrapper,
        newLayer,
        input,
        output,
        ignored,
        parameters,
        shared,
        backward);
  }

  /**
   * An annotation as it will be written.
   *
   * @param type the annotation type
   * @param attributes attribute name to value ({@code Integer}, {@code Boolean}, {@code Double},
   *     {@code String}, a {@code Class}, or a list of nested {@code Annotated}), in the order to
   *     write them; defaults included (the writer leaves out what equals the annotation's own
   *     default)
   */
  record Annotated(Class<? extends Annotation> type, Map<String, Object> attributes) {
    Annotated {
      attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
  }

  /**
   * A Keras option left out of the declaration.
   *
   * @param option the option as set, {@code unroll = true}
   * @param reason why leaving it out changes no result
   */
  record Ignored(String option, String reason) {}

  /** Whether the method name differs from the Keras name (weights then load by order). */
  boolean renamed() {
    return shared == null && !methodName.equals(kerasName);
  }

  /**
   * {@code LSTM}, or with a wrapper {@code Bidirectional(LSTM)} (rnnc's annotations carry Keras'
   * class names).
   */
  String kerasType() {
    if (shared != null) {
      return kerasClass + ", shared";
    }
    return wrapper == null ? kerasClass : kerasClass + "(" + layer.type().getSimpleName() + ")";
  }

  /** Whether the layer is, or wraps, a stateful recurrent layer. */
  boolean stateful() {
    return Boolean.TRUE.equals(layer.attributes().get("stateful"));
  }

  /** Whether the layer is, or wraps, a recurrent layer. */
  boolean recurrent() {
    return RECURRENT.contains(layer.type());
  }
}
