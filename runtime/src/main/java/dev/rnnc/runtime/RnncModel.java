package dev.rnnc.runtime;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * What every generated model implements beside its own interface: access to its layers and their
 * weights, which loaders, savers and trainers work through.
 */
public interface RnncModel {

  /** The model name ({@code @RnnModel(name)}, else the interface's simple name). */
  String modelName();

  /** All layers in declaration order, including those without weights. */
  List<Layer> layers();

  /**
   * The layer with the given name.
   *
   * @throws NoSuchElementException listing the layer names
   */
  default Layer layer(String name) {
    for (Layer layer : layers()) {
      if (layer.name().equals(name)) {
        return layer;
      }
    }
    throw new NoSuchElementException("no layer '" + name + "' in " + modelName() + "; layers: "
        + layers().stream().map(Layer::name).toList());
  }

  /** Zeroes the carried states of every stateful layer (Keras 3 has no model-level call for this). */
  default void resetStates() {
    for (Layer layer : layers()) {
      if (layer.isStateful()) {
        layer.resetStates();
      }
    }
  }

  /**
   * Re-initializes every variable with Keras' default initializers, drawing from one seeded
   * stream in layer and variable order, so a seed always gives the same weights.
   */
  default void initialize(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (Layer layer : layers()) {
      for (Variable variable : layer.variables()) {
        variable.initialize(random);
      }
    }
  }
}
