package dev.rnnc.runtime.train;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.nn.DropoutRandom;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Everything a generated model carries from one training step to the next, beside its weights: the
 * optimizer (slots, iterations, learning rate), the Dropout draws' position and where the latest
 * fit got to. {@code TrainingCheckpoint} saves and restores it with the weights, so that a resumed
 * fit continues the trajectory of an uninterrupted one bit for bit. Generated models that train
 * hand it to the fit loop as their {@link TrainableState} and return it from {@link
 * TrainableModel#trainingState()}.
 */
public final class TrainingState implements TrainableState {
  private final RnncModel model;
  private final Optimizer optimizer;
  private final float[][] parameters;
  private final DropoutRandom random;
  private final ModelCheckpoint.Saver saver;
  private List<Variable> variables;
  private int epochs;
  private int batches;

  /**
   * The state of a generated model (made by the generated code, once).
   *
   * @param model the model
   * @param optimizer its optimizer
   * @param parameters the arrays the optimizer updates, each the packed storage of one variable of
   *     the model, in the optimizer's order
   * @param random the Dropout layers' draws, or null when the model has none
   * @param saver what {@link #save} calls (the model's weights by extension), or null
   */
  public TrainingState(
      RnncModel model,
      Optimizer optimizer,
      float[][] parameters,
      DropoutRandom random,
      ModelCheckpoint.Saver saver) {
    this.model = Objects.requireNonNull(model, "model");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.parameters = parameters.clone();
    this.random = random;
    this.saver = saver;
  }

  /** The model this state belongs to. */
  public RnncModel model() {
    return model;
  }

  /** The model's optimizer (compiled from {@code @Compile}). */
  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * The variables the optimizer updates, in its order (the i-th optimizer parameter is the packed
   * storage of the i-th variable).
   *
   * @throws IllegalStateException if a parameter array is the storage of no variable of the model
   */
  public List<Variable> trainedVariables() {
    if (variables == null) {
      List<Variable> found = new ArrayList<>(parameters.length);
      for (int i = 0; i < parameters.length; i++) {
        Variable match = null;
        for (Layer layer : model.layers()) {
          for (Variable v : layer.variables()) {
            if (match == null && v.isStoredIn(parameters[i])) {
              match = v;
            }
          }
        }
        if (match == null) {
          throw new IllegalStateException(
              "optimizer parameter "
                  + i
                  + " of "
                  + model.modelName()
                  + " is no variable's storage");
        }
        found.add(match);
      }
      variables = Collections.unmodifiableList(found);
    }
    return variables;
  }

  /** The layer of each trained variable, in the optimizer's order. */
  public List<Layer> trainedLayers() {
    List<Variable> trained = trainedVariables();
    List<Layer> layers = new ArrayList<>(trained.size());
    for (Variable variable : trained) {
      for (Layer layer : model.layers()) {
        if (layer.variables().contains(variable)) {
          layers.add(layer);
          break;
        }
      }
    }
    return layers;
  }

  /**
   * A copy of the optimizer's state: iterations, learning rate and, per trained variable (in {@link
   * #trainedVariables()} order), its {@link Optimizer#slots()} in packed layout. An optimizer that
   * has not stepped yet is built first, so its slots hold their initial values.
   */
  public OptimizerState optimizerState() {
    build();
    return optimizer.state();
  }

  /**
   * Puts an optimizer state back: {@code state}'s slots in the order of {@link #optimizerState()}
   * (their names may differ), each with its parameter's packed length.
   *
   * @throws IllegalArgumentException when the state is another optimizer's or does not fit; the
   *     optimizer is then unchanged
   */
  public void loadOptimizerState(OptimizerState state) {
    build();
    List<String> keys = new ArrayList<>(optimizer.state().slots().keySet());
    List<float[]> values = new ArrayList<>(state.slots().values());
    if (values.size() != keys.size()) {
      throw new IllegalArgumentException(
          "the state has " + values.size() + " slots, the optimizer " + keys.size());
    }
    java.util.Map<String, float[]> renamed = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      renamed.put(keys.get(i), values.get(i));
    }
    optimizer.loadState(
        new OptimizerState(state.optimizer(), state.iterations(), state.learningRate(), renamed));
  }

  private void build() {
    if (!optimizer.isBuilt()) {
      String[] names = new String[parameters.length];
      for (int i = 0; i < names.length; i++) {
        names[i] = "param" + i; // the names a first step would build with
      }
      optimizer.build(names, parameters);
    }
  }

  /** Whether the model draws for Dropout layers (then {@link #randomPosition} has a meaning). */
  public boolean hasRandom() {
    return random != null;
  }

  /** The Dropout draws' position (0 when the model has no Dropout). */
  public long randomPosition() {
    return random == null ? 0 : random.position();
  }

  /** Continues the Dropout draws from {@code position} (ignored when the model has none). */
  public void randomPosition(long position) {
    if (random != null) {
      random.position(position);
    }
  }

  /**
   * Epochs the latest fit completed, counting from its first epoch 0 (what {@code
   * FitOptions.initialEpoch} resumes from); set by a loaded checkpoint.
   */
  public int epochs() {
    return epochs;
  }

  /**
   * Batches of the epoch after {@link #epochs()} already trained: 0 at an epoch's end; more when a
   * fit stopped or a checkpoint was written within an epoch.
   */
  public int batches() {
    return batches;
  }

  @Override
  public void progress(int epochs, int batches) {
    if (epochs < 0 || batches < 0) {
      throw new IllegalArgumentException(
          "epochs and batches must be >= 0, were " + epochs + " and " + batches);
    }
    this.epochs = epochs;
    this.batches = batches;
  }

  @Override
  public WeightSnapshot snapshot() {
    return WeightSnapshot.of(parameters);
  }

  @Override
  public void restore(WeightSnapshot snapshot) {
    snapshot.copyInto(parameters);
    parametersChanged();
  }

  /**
   * Records that the optimizer (or a restore) wrote the weights in place: every variable of the
   * model moves its {@link Variable#version()}, so a folded table or an aligned kernel copy is
   * rebuilt before the next prediction. Indexed loops: a training step allocates nothing.
   */
  public void parametersChanged() {
    List<Layer> layers = model.layers();
    for (int i = 0; i < layers.size(); i++) {
      List<Variable> variables = layers.get(i).variables();
      for (int j = 0; j < variables.size(); j++) {
        variables.get(j).changed();
      }
    }
  }

  /** Saves the model's weights; the extension chooses the format (see the generated model). */
  @Override
  public void save(Path path) throws IOException {
    if (saver == null) {
      TrainableState.super.save(path);
    } else {
      saver.save(path);
    }
  }
}
