package dev.rnnc.importer;

import java.lang.annotation.Annotation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of an imported model, as its layer method will declare it.
 *
 * @param kerasName the Keras layer name
 * @param kerasClass the Keras class
 * @param methodName the Java method name: {@code kerasName} unless that is not a usable Java name
 * @param annotation the rnnc layer annotation
 * @param attributes annotation attribute name to value ({@code Integer}, {@code Boolean},
 *     {@code Double} or {@code String}), in the order to write them; defaults included (the writer
 *     leaves out what equals the annotation's own default)
 * @param input the shape of one sample entering the layer
 * @param output the shape leaving it
 * @param ignored Keras options dropped because they do not change inference
 */
record ImportedLayer(String kerasName, String kerasClass, String methodName, Class<? extends Annotation> annotation,
    Map<String, Object> attributes, Shape input, Shape output, List<Ignored> ignored) {

  ImportedLayer {
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    ignored = List.copyOf(ignored);
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
}
