package dev.rnnc.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .keras} model as rnnc will declare it: everything the interface writer needs, checked.
 *
 * @param fileName the {@code .keras} file's name
 * @param kerasVersion the Keras version that saved it (or whose format another program wrote), or
 *     null when unknown
 * @param savedBy the program that saved it when not Keras ({@code metadata.json}'s {@code
 *     saved_by}), or null
 * @param modelClass {@code Sequential} or {@code Functional}
 * @param modelName the Keras model name
 * @param inputs the inputs, in Keras' order
 * @param outputs the layers whose outputs the model returns, in Keras' order
 * @param components when the calls return a record of more than the layers' outputs (a layer's
 *     final states beside them, or the two directions of a last {@code merge_mode=None} layer), the
 *     record's components in Keras' order; else empty
 * @param layers the layer methods, in order
 * @param stateNames when the calls return the last layer's output and final states (a record), the
 *     states' names; else empty
 * @param callStates the first recurrent layer's initial states, which the calls take after the
 *     inputs (model inputs in Keras); else empty
 * @param streaming whether the interface declares a step call (every recurrent layer stateful, one
 *     float timestep per sample)
 * @param namedInputs whether the inputs are named (layers name them as parameters)
 * @param notes model-level remarks (how the input is read)
 */
record ImportedModel(
    String fileName,
    String kerasVersion,
    String savedBy,
    String modelClass,
    String modelName,
    List<ModelInput> inputs,
    List<ImportedLayer> outputs,
    List<OutputComponent> components,
    List<ImportedLayer> layers,
    List<String> stateNames,
    List<ModelInput> callStates,
    boolean streaming,
    boolean namedInputs,
    List<String> notes) {

  ImportedModel {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    components = List.copyOf(components);
    layers = List.copyOf(layers);
    stateNames = List.copyOf(stateNames);
    callStates = List.copyOf(callStates);
    notes = List.copyOf(notes);
  }

  /**
   * A model input.
   *
   * @param name its Java name (call parameter, and what layer parameters name)
   * @param kerasName its Keras name
   * @param shape one sample
   */
  record ModelInput(String name, String kerasName, Shape shape) {}

  /**
   * A component of the record the calls return.
   *
   * @param name its name: a layer's method, a state's ({@code encoderH}), {@code forward} or {@code
   *     backward}
   * @param shape one sample of it
   */
  record OutputComponent(String name, Shape shape) {}

  /** The first input's sample. */
  Shape input() {
    return inputs.getFirst().shape();
  }

  /** The first output's sample. */
  Shape output() {
    return outputs.getFirst().output();
  }

  /**
   * Whether some layer carries its states from call to call (then the interface has no batch
   * calls).
   */
  boolean stateful() {
    return layers.stream().anyMatch(ImportedLayer::stateful);
  }

  /** Every remark for the user: model notes, renamed layers, dropped options. */
  List<String> allNotes() {
    List<String> all = new ArrayList<>(notes);
    for (ImportedLayer layer : layers) {
      String who = "layer '" + layer.kerasName() + "' (" + layer.kerasType() + ")";
      if (layer.renamed()) {
        String why =
            layer.clashesWith() == null
                ? "its name is not a usable Java method name"
                : "its name and that of "
                    + layer.clashesWith()
                    + "() give the same names in the code rnnc generates"
                    + " (they differ only in case, or in camelCase vs snake_case)";
        all.add(
            who
                + " is method "
                + layer.methodName()
                + "(): "
                + why
                + ", so load() pairs its weights by order"
                + " among the "
                + layer.kerasClass()
                + " layers");
      }
      layer.ignored().forEach(i -> all.add(who + ": " + i.option() + " ignored: " + i.reason()));
      if (layer.backward() != null) {
        layer
            .backward()
            .ignored()
            .forEach(
                i -> all.add(who + " backward layer: " + i.option() + " ignored: " + i.reason()));
      }
    }
    return all;
  }
}
