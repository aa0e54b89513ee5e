package dev.rnnc.importer;

import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
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
    List<Ignored> ignored) {

  private static final Set<Class<? extends Annotation>> RECURRENT =
      Set.of(LSTM.class, GRU.class, SimpleRNN.class);

  ImportedLayer {
    ignored = List.copyOf(ignored);
  }

  /**
   * An annotation as it will be written.
   *
   * @param type the annotation type
   * @param attributes attribute name to value ({@code Integer}, {@code Boolean}, {@code Double} or
   *     {@code String}), in the order to write them; defaults included (the writer leaves out what
   *     equals the annotation's own default)
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
    return !methodName.equals(kerasName);
  }

  /**
   * {@code LSTM}, or with a wrapper {@code Bidirectional(LSTM)} (rnnc's annotations carry Keras'
   * class names).
   */
  String kerasType() {
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

  /**
   * Whether a mask flows on after this layer, given whether one reached it (Keras 3.15, as the
   * processor): Masking and Embedding(maskZero) make one; recurrent layers pass it on only when
   * they return sequences; Dense, TimeDistributed(Dense) and Dropout pass it on.
   */
  boolean maskAfter(boolean masked) {
    if (layer.type() == Masking.class) {
      return true;
    }
    if (layer.type() == Embedding.class) {
      return Boolean.TRUE.equals(layer.attributes().get("maskZero"));
    }
    if (recurrent()) {
      return masked && Boolean.TRUE.equals(layer.attributes().get("returnSequences"));
    }
    return masked;
  }
}
