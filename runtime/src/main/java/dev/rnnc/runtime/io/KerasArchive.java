package dev.rnnc.runtime.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a {@code .keras} archive: a zip of {@code metadata.json}, {@code config.json} (the
 * serialized model) and {@code model.weights.h5}.
 *
 * <p>The weights go to a temporary file, deleted afterwards, because jhdf reads a file or a byte
 * array and a byte array caps the file at 2 GiB. {@code config.json} gives every layer's class and
 * user-given name in model order, which also fixes each layer's group key (Keras derives the key
 * from the class name and the count of earlier layers of that class), so names are known even for
 * weight files written without the {@code name} attribute.
 */
final class KerasArchive {
  static final String WEIGHTS_ENTRY = "model.weights.h5";
  static final String CONFIG_ENTRY = "config.json";

  /**
   * Decompression-bomb guard, as Keras' own loader has: an entry may expand to at most {@link
   * #MAX_EXPANSION} times its compressed size once it is larger than the floor. Keras stores
   * entries uncompressed (ratio 1) and DEFLATE cannot exceed about 1032:1.
   */
  static final long BOMB_FLOOR_BYTES = 256L << 20;

  static final long MAX_EXPANSION = 100;

  /** config.json holds layer configs only; anything this large is not one. */
  static final long MAX_CONFIG_BYTES = 64L << 20;

  private KerasArchive() {}

  /**
   * A layer of {@code config.json}, in model order.
   *
   * @param config the layer's {@code config} object as the file has it (a missing node when absent)
   * @param module its {@code module}: {@code keras.layers} for layers, {@code keras.src.ops...} for
   *     the operations a functional model records (a mask's {@code NotEqual}); null when absent
   */
  record ConfigLayer(String className, String name, JsonNode config, String module) {
    ConfigLayer(String className, String name) {
      this(className, name, MissingNode.getInstance(), null);
    }

    /** Whether it is a Keras layer rather than an operation of a functional graph. */
    boolean isLayer() {
      return module == null || module.equals("keras.layers");
    }
  }

  /**
   * What an archive holds.
   *
   * @param layers the weights, with names, classes and model order from {@code config.json}
   * @param config the layers {@code config.json} lists, in model order; empty when it lists none
   */
  record Contents(List<StoredLayer> layers, List<ConfigLayer> config) {}

  /**
   * Reads the archive's weights, with names, classes and model order from {@code config.json}.
   *
   * @throws BadWeightFile for a missing weights entry (listing the entries), bad JSON or a damaged
   *     weights entry
   * @throws IOException when the zip itself cannot be read
   */
  static Contents read(Path archive) throws IOException {
    return read(archive, BOMB_FLOOR_BYTES);
  }

  /** As {@link #read(Path)} with another bomb floor (tests use a small one). */
  static Contents read(Path archive, long bombFloor) throws IOException {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      ZipEntry weights = zip.getEntry(WEIGHTS_ENTRY);
      if (weights == null) {
        List<String> entries =
            Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
        boolean sharded = entries.stream().anyMatch(e -> e.endsWith(".weights.json"));
        throw new BadWeightFile(
            "the zip has no "
                + WEIGHTS_ENTRY
                + " entry, so it is not a .keras model archive"
                + (sharded ? " (sharded weights are not supported)" : "")
                + "; entries: "
                + entries);
      }
      List<ConfigLayer> config = readConfig(zip);
      long limit = limit(weights, bombFloor);
      Path temp = Files.createTempFile("rnnc-", ".weights.h5");
      try {
        // The copy's own refusals already name the entry; only the HDF5 reader's get the prefix.
        try (InputStream in = zip.getInputStream(weights);
            OutputStream out = Files.newOutputStream(temp)) {
          copyAtMost(in, out, limit, weights);
        }
        return new Contents(withConfig(readWeights(temp), config), config);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Reads the extracted weights entry; its problems name the entry. */
  private static List<StoredLayer> readWeights(Path temp) throws BadWeightFile {
    try {
      return H5WeightsReader.read(temp);
    } catch (BadWeightFile e) {
      throw new BadWeightFile(WEIGHTS_ENTRY + " in the archive: " + e.getMessage(), e.getCause());
    } catch (IOException | RuntimeException e) {
      // jhdf signals damaged HDF5 with unchecked exceptions.
      throw new BadWeightFile(WEIGHTS_ENTRY + " in the archive is damaged or not HDF5: " + e, e);
    }
  }

  /** The layers listed in {@code config.json}, or none when it is absent or lists none. */
  static List<ConfigLayer> readConfig(ZipFile zip) throws IOException {
    ZipEntry entry = zip.getEntry(CONFIG_ENTRY);
    if (entry == null) {
      return List.of();
    }
    JsonNode root;
    try (InputStream in = zip.getInputStream(entry)) {
      if (entry.getSize() > MAX_CONFIG_BYTES) {
        throw new BadWeightFile(
            CONFIG_ENTRY
                + " in the archive declares "
                + entry.getSize()
                + " bytes, more than the "
                + MAX_CONFIG_BYTES
                + " a model config may have");
      }
      ByteArrayOutputStream json = new ByteArrayOutputStream();
      copyAtMost(in, json, MAX_CONFIG_BYTES, entry);
      root = new ObjectMapper().readTree(json.toByteArray());
    } catch (JacksonException e) {
      throw new BadWeightFile(
          CONFIG_ENTRY + " in the archive is not valid JSON: " + e.getOriginalMessage(), e);
    }
    // Functional and Sequential models: {"class_name": ..., "config": {"layers": [{class_name,
    // config: {name}}]}}.
    // A subclassed model has no layer list; the weight file's own name attributes then have to do.
    List<ConfigLayer> layers = new ArrayList<>();
    for (JsonNode layer : root.path("config").path("layers")) {
      String className = layer.path("class_name").asText(null);
      String name = layer.path("config").path("name").asText(layer.path("name").asText(null));
      if (className != null) {
        layers.add(
            new ConfigLayer(
                className, name, layer.path("config"), layer.path("module").asText(null)));
      }
    }
    return layers;
  }

  /**
   * The most bytes an entry may expand to: its compressed size times the allowed ratio, or the
   * floor.
   */
  private static long limit(ZipEntry entry, long floor) throws BadWeightFile {
    long compressed = entry.getCompressedSize();
    long limit = compressed < 0 ? floor : Math.max(floor, MAX_EXPANSION * compressed);
    if (entry.getSize() > limit) {
      throw new BadWeightFile(
          ("%s in the archive declares %d bytes but stores only %d; refusing a likely decompression"
                  + " bomb (more than %dx its compressed size)")
              .formatted(entry.getName(), entry.getSize(), compressed, MAX_EXPANSION));
    }
    return limit;
  }

  /**
   * Copies an entry, stopping with an error past {@code limit} bytes: the declared size may lie, so
   * the guard counts what actually comes out of the inflater.
   */
  private static void copyAtMost(InputStream in, OutputStream out, long limit, ZipEntry entry)
      throws IOException {
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      total += n;
      if (total > limit) {
        throw new BadWeightFile(
            ("%s in the archive expands past %d bytes (it declares %d, stores %d); refusing a"
                    + " likely decompression bomb")
                .formatted(entry.getName(), limit, entry.getSize(), entry.getCompressedSize()));
      }
      out.write(buffer, 0, n);
    }
  }

  /**
   * Attaches config names, classes and model order to the stored layers, computing each config
   * layer's key as Keras' saver does: snake_case(class) plus {@code _k} for its k-th repeat. A
   * {@code name} attribute in the weight file, when present, wins: it is written with the group.
   */
  static List<StoredLayer> withConfig(List<StoredLayer> stored, List<ConfigLayer> config) {
    Map<String, Integer> used = new HashMap<>();
    Map<String, Integer> orderByKey = new HashMap<>();
    for (int i = 0; i < config.size(); i++) {
      String base = StoredLayer.snakeCase(config.get(i).className());
      int repeat = used.merge(base, 1, Integer::sum) - 1;
      orderByKey.put(repeat == 0 ? base : base + "_" + repeat, i);
    }
    List<StoredLayer> result = new ArrayList<>();
    for (StoredLayer layer : stored) {
      Integer order = orderByKey.get(layer.key());
      if (order == null) {
        result.add(layer);
      } else {
        ConfigLayer c = config.get(order);
        result.add(
            new StoredLayer(
                layer.key(),
                layer.name() != null ? layer.name() : c.name(),
                c.className(),
                order,
                layer.variables(),
                layer.otherDatasets()));
      }
    }
    return result;
  }
}
