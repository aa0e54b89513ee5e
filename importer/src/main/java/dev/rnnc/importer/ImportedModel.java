package dev.rnnc.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .keras} model as rnnc will declare it: everything the interface writer needs, checked.
 *
 * @param fileName the {@code .keras} file's name
 * @param kerasVersion the Keras version that saved it, or null when unknown
 * @param modelClass {@code Sequential} or {@code Functional}
 * @param modelName the Keras model name
 * @param input one input sample
 * @param output one output sample
 * @param layers the layers, in order
 * @param notes model-level remarks (how the input is read)
 */
record ImportedModel(String fileName, String kerasVersion, String modelClass, String modelName, Shape input,
    Shape output, List<ImportedLayer> layers, List<String> notes) {

  ImportedModel {
    layers = List.copyOf(layers);
    notes = List.copyOf(notes);
  }

  /** Every remark for the user: model notes, renamed layers, dropped options. */
  List<String> allNotes() {
    List<String> all = new ArrayList<>(notes);
    for (ImportedLayer layer : layers) {
      String who = "layer '" + layer.kerasName() + "' (" + layer.kerasClass() + ")";
      if (layer.renamed()) {
        all.add(who + " is method " + layer.methodName() + "(): its name is not a usable Java method name,"
            + " so load() pairs its weights by order among the " + layer.kerasClass() + " layers");
      }
      layer.ignored().forEach(i -> all.add(who + ": " + i.option() + " ignored: " + i.reason()));
    }
    return all;
  }
}
