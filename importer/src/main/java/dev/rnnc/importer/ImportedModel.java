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
 * @param input one input sample
 * @param output one output sample
 * @param layers the layers, in order
 * @param streaming whether the interface declares a step call (every recurrent layer stateful, one
 *     float timestep per sample)
 * @param notes model-level remarks (how the input is read)
 */
record ImportedModel(
    String fileName,
    String kerasVersion,
    String savedBy,
    String modelClass,
    String modelName,
    Shape input,
    Shape output,
    List<ImportedLayer> layers,
    boolean streaming,
    List<String> notes) {

  ImportedModel {
    layers = List.copyOf(layers);
    notes = List.copyOf(notes);
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
    }
    return all;
  }
}
