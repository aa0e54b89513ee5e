package dev.rnnc.processor.spec;

import java.util.List;

/**
 * How a model trains ({@code @Compile}), checked: Keras identifiers of the optimizer, the loss and
 * the metrics.
 *
 * @param optimizer the optimizer's Keras identifier
 * @param learningRate its learning rate, or 0 for Keras' default
 * @param momentum SGD's momentum, or 0
 * @param loss the loss's Keras identifier (of the one output; with several, {@code targets} have
 *     theirs)
 * @param metrics the metrics' Keras identifiers (of the one output)
 * @param sparse whether the loss takes class labels ({@code int[]} y)
 * @param targets with several outputs ({@code y} a record), one per component in order; else empty
 */
public record TrainingSpec(
    String optimizer,
    double learningRate,
    double momentum,
    String loss,
    List<String> metrics,
    boolean sparse,
    List<Target> targets) {
  public TrainingSpec {
    metrics = List.copyOf(metrics);
    targets = List.copyOf(targets);
  }

  /**
   * Whether the loss is a cross-entropy, which Keras computes from a sigmoid or softmax head's
   * logits.
   */
  public boolean crossEntropy() {
    return crossEntropy(loss);
  }

  /** Whether {@code loss} is a cross-entropy. */
  public static boolean crossEntropy(String loss) {
    return loss.endsWith("crossentropy");
  }

  /**
   * One output of a model with several, as {@code fit}'s {@code y} record names it.
   *
   * @param source the output: a layer, or one direction of a {@code mergeMode = "none"} layer
   *     ({@link Node#direction})
   * @param component the record component holding its targets
   * @param loss its loss's Keras identifier
   * @param weight its weight in the model's loss (Keras' {@code loss_weights})
   * @param metrics its metrics' Keras identifiers
   */
  public record Target(
      String source, String component, String loss, double weight, List<String> metrics) {
    public Target {
      metrics = List.copyOf(metrics);
    }

    /** Whether the loss takes class labels. */
    public boolean sparse() {
      return loss.equals("sparse_categorical_crossentropy");
    }

    /** Keras' name of the output: its layer's (both directions of a layer share it). */
    public String name() {
      return Node.layerOf(source);
    }
  }
}
