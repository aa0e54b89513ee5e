package dev.rnnc.cells;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every group (with its {@code name} attribute) and dataset (dtype, shape, values) of an HDF5 file,
 * by path.
 */
final class H5Tree {
  private H5Tree() {}

  static Map<String, String> of(Path file) {
    Map<String, String> entries = new TreeMap<>();
    try (HdfFile hdf = new HdfFile(file)) {
      walk(hdf, entries);
    }
    return entries;
  }

  private static void walk(Group group, Map<String, String> entries) {
    for (Node node : group) {
      if (node instanceof Dataset dataset) {
        entries.put(
            node.getPath(),
            "dataset "
                + dataset.getJavaType().getSimpleName()
                + Arrays.toString(dataset.getDimensions())
                + " "
                + Arrays.toString((float[]) dataset.getDataFlat()));
      } else if (node instanceof Group child) {
        Attribute name = child.getAttributes().get("name");
        entries.put(node.getPath(), "group name=" + (name == null ? null : name.getData()));
        walk(child, entries);
      }
    }
  }
}
