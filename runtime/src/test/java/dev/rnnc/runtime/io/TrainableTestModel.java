package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.train.KerasNames;
import dev.rnnc.runtime.train.TrainableModel;
import dev.rnnc.runtime.train.TrainingState;
import java.util.List;

/**
 * A {@link TestModel} with the training state a generated model that declares {@code fit} has (Adam
 * over every variable), for testing {@link TrainingCheckpoint} without the processor.
 */
final class TrainableTestModel implements TrainableModel {
  private final TestModel model;
  private final TrainingState state;

  TrainableTestModel(TestModel model) {
    this.model = model;
    float[][] parameters =
        model.layers().stream()
            .flatMap(layer -> layer.variables().stream())
            .map(Variable::storage)
            .toArray(float[][]::new);
    this.state = new TrainingState(this, KerasNames.optimizer("adam", 0), parameters, null, null);
  }

  TestModel model() {
    return model;
  }

  @Override
  public TrainingState trainingState() {
    return state;
  }

  @Override
  public String modelName() {
    return model.modelName();
  }

  @Override
  public List<Layer> layers() {
    return model.layers();
  }

  /** Satisfies the interface; {@link RnncModel} callers only read layers. */
  @Override
  public String toString() {
    return "TrainableTestModel[" + model.modelName() + "]";
  }
}
