package dev.rnnc.processor.spec;

import java.util.List;

/**
 * How a model trains ({@code @Compile}), checked: Keras identifiers of the optimizer, the loss and
 * the metrics.
 *
 * @param optimizer the optimizer's Keras identifier
 * @param learningRate its learning rate, or 0 for Keras' default
 * @param momentum SGD's momentum, or 0
 * @param loss the loss's Keras identifier
 * @param metrics the metrics' Keras identifiers
 * @param sparse whether the loss takes class labels ({@code int[]} y)
 */
public record TrainingSpec(
    String optimizer,
    double learningRate,
    double momentum,
    String loss,
    List<String> metrics,
    boolean sparse) {
  public TrainingSpec {
    metrics = List.copyOf(metrics);
  }

  /**
   * Whether the loss is a cross-entropy, which Keras computes from a sigmoid or softmax head's
   * logits.
   */
  public boolean crossEntropy() {
    return loss.endsWith("crossentropy");
  }
}
