package dev.rnnc.flink;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Makes the generated model a Flink function runs, once per parallel task in its {@code open()}.
 * The factory is what travels in the job graph — a seed, a path, or the weight bytes, and a
 * reference to the generated class's {@code create}/{@code load} — never the model itself, whose
 * packed weights and scratch arrays are not meant to be serialized field by field.
 *
 * <pre>{@code
 * ModelFactory.weightsFile("/models/station.rnnc", RnncStationStream::load) // on every task manager
 * ModelFactory.weightsBytes(Files.readAllBytes(file), RnncStationStream::load) // in the job graph
 * ModelFactory.cachedFile("station-weights", RnncStationStream::load) // env.registerCachedFile
 * ModelFactory.seeded(42L, RnncStationStream::create) // Keras-default initial weights
 * }</pre>
 *
 * @param <M> the model's interface (or generated class)
 */
@FunctionalInterface
public interface ModelFactory<M> extends Serializable {

  /**
   * Creates one model instance; called in {@code open()} of each parallel instance of the function
   * that holds it.
   *
   * @param context the task's runtime context (its distributed cache, its subtask index)
   */
  M create(RuntimeContext context) throws Exception;

  /** A generated class's {@code load(Path)}, as a serializable method reference. */
  @FunctionalInterface
  interface Loader<M> extends Serializable {
    M load(Path weights) throws IOException;
  }

  /** A generated class's {@code create(long seed)}, as a serializable method reference. */
  @FunctionalInterface
  interface Creator<M> extends Serializable {
    M create(long seed);
  }

  /** Keras-default initial weights drawn from {@code seed} (every task gets the same weights). */
  static <M> ModelFactory<M> seeded(long seed, Creator<M> create) {
    Objects.requireNonNull(create, "create");
    return context -> create.create(seed);
  }

  /**
   * Loads the weights from {@code path}, a file every task manager can read (a shared volume, or
   * one copied beside each): any format {@code load(Path)} recognises (Keras {@code .keras}/{@code
   * .weights.h5}, PyTorch safetensors, rnnc's own).
   */
  static <M> ModelFactory<M> weightsFile(String path, Loader<M> load) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(load, "load");
    return context -> load.load(Path.of(path));
  }

  /**
   * Ships the weight file's bytes inside the job graph (fine for models up to a few MB; larger ones
   * go by {@link #weightsFile} or {@link #cachedFile}); each task writes them to a temporary file,
   * loads it and deletes it.
   */
  static <M> ModelFactory<M> weightsBytes(byte[] weights, Loader<M> load) {
    Objects.requireNonNull(load, "load");
    byte[] bytes = weights.clone();
    return context -> {
      Path file = Files.createTempFile("rnnc-weights", ".bin");
      try {
        Files.write(file, bytes);
        return load.load(file);
      } finally {
        Files.deleteIfExists(file);
      }
    };
  }

  /** {@link #weightsBytes} of the file at {@code weights}, read now, on the client. */
  static <M> ModelFactory<M> embedded(Path weights, Loader<M> load) throws IOException {
    return weightsBytes(Files.readAllBytes(weights), load);
  }

  /**
   * Loads the weights from a file of Flink's distributed cache, registered on the client with
   * {@code env.registerCachedFile(uri, name)}: Flink copies it to every task manager.
   */
  static <M> ModelFactory<M> cachedFile(String name, Loader<M> load) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(load, "load");
    return context -> {
      File file = context.getDistributedCache().getFile(name);
      return load.load(file.toPath());
    };
  }
}
