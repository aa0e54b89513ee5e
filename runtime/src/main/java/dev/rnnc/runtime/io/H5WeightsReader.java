package dev.rnnc.runtime.io;

import dev.rnnc.runtime.io.ChunkFilters.PastChunkSize;
import dev.rnnc.runtime.io.ReadFullyChannel.PastEndOfFile;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.storage.HdfFileChannel;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the {@code layers/} tree of a Keras 3 {@code .weights.h5} into memory.
 *
 * <p>Layout, as Keras 3.15 writes it (checked with h5py on files written by {@code save_weights}
 * and {@code save}):
 *
 * <pre>
 * layers/&lt;key&gt;/vars                 group, attribute name = the user-given layer name
 * layers/&lt;key&gt;/vars/0, 1, ...       Dense kernel, bias; Embedding embeddings
 * layers/&lt;key&gt;/cell/vars            recurrent layers; attribute name = the cell's name (lstm_cell)
 * layers/&lt;key&gt;/cell/vars/0, 1, 2    kernel, recurrent_kernel, bias
 * vars                             attribute name = the model name
 * </pre>
 *
 * The {@code name} attribute on {@code layers/<key>/vars} is the only place the user's layer name
 * appears in a bare {@code .weights.h5}; older Keras 3 releases did not write it, so it is
 * optional. h5py lists groups alphabetically, so the model order within a class comes from the key
 * suffix, not from the group order.
 */
final class H5WeightsReader {
  /**
   * Shape-bomb guard, as Keras' own loader has: a dataset may declare more bytes than it stores
   * (chunked, compressed, or never written and filled with its fill value), but not more than
   * {@link #MAX_EXPANSION} times as many once it is above the floor. Keras' floor is 1 GiB; jhdf
   * allocates the declared bytes before it reads, so rnnc's is 64 MiB (fuzzed files declaring a few
   * hundred MB over 45 stored bytes ran a 512 MiB heap out). Keras writes every byte it declares.
   */
  static final long BOMB_FLOOR_BYTES = 64L << 20;

  static final long MAX_EXPANSION = 1000;

  /**
   * Bytes a dataset's chunk may hold beyond its own data: jhdf allocates a chunk's worth (and an
   * int for each of its elements) to read any of it, and a chunk may be larger than a small dataset
   * (h5py's chunks for an extendible one), but not gigabytes (a fuzzed file's chunk of 1.2e9 by
   * 1.6e9 floats over a 3 by 9 dataset ran a 5 GiB heap out of memory).
   */
  static final long CHUNK_FLOOR_BYTES = 64L << 20;

  /**
   * Groups below a layer's group beyond which a file is refused: Keras nests a Bidirectional
   * layer's stacked cells' variables five deep.
   */
  static final int MAX_DEPTH = 32;

  static {
    ChunkFilters.install();
  }

  private H5WeightsReader() {}

  /**
   * Reads every layer group, converting each variable dataset to float.
   *
   * @throws BadWeightFile when the file is truncated or has no {@code layers} group (not a Keras 3
   *     file); jhdf's runtime exceptions pass through for the caller to wrap with the file name
   * @throws IOException when the file cannot be opened
   */
  static List<StoredLayer> read(Path h5) throws IOException {
    return read(h5, Integer.MAX_VALUE);
  }

  /**
   * {@link #read(Path)}, mapping the file when it has at most {@code mapLimit} bytes (tests lower
   * it to take the other path). Mapped, jhdf reads every block as a slice of the mapping, so a size
   * damaged past the end of the file fails there instead of being allocated first (a global heap
   * collection declaring 2 GiB in a 27 KB file). A larger file, which one buffer cannot map, is
   * read through {@link ReadFullyChannel}.
   */
  static List<StoredLayer> read(Path h5, long mapLimit) throws IOException {
    try (FileChannel file = FileChannel.open(h5, StandardOpenOption.READ)) {
      long size = file.size();
      if (size <= mapLimit) {
        try (Arena arena = Arena.ofConfined();
            HdfFile hdf =
                HdfFile.fromByteBuffer(
                    file.map(FileChannel.MapMode.READ_ONLY, 0, size, arena).asByteBuffer())) {
          return layersOf(hdf);
        }
      }
    }
    // The channel is the file's only resource: closing it closes the file. (jhdf 0.13's
    // HdfFile.close() fails on a file opened from a channel, logging a path it does not have.)
    try (FileChannel channel = ReadFullyChannel.open(h5)) {
      return layersOf(new HdfFile(channel));
    }
  }

  private static List<StoredLayer> layersOf(HdfFile hdf) throws BadWeightFile {
    checkNotTruncated(hdf);
    if (!(hdf.getChild("layers") instanceof Group layers)) {
      throw new BadWeightFile(notKeras3(hdf));
    }
    List<StoredLayer> result = new ArrayList<>();
    for (Node child : layers) {
      if (child instanceof Group layer) {
        result.add(readLayer(layer));
      }
    }
    return result;
  }

  private static StoredLayer readLayer(Group layer) throws BadWeightFile {
    String key = layer.getName();
    Group own = childGroup(layer, "vars");
    List<StoredVariable> variables;
    Group forward = childGroup(layer, "forward_layer");
    Group wrapped = childGroup(layer, "layer");
    if (forward != null) {
      // Bidirectional: the forward direction's variables, then the backward direction's.
      variables = new ArrayList<>(ownVariables(forward));
      Group backward = childGroup(layer, "backward_layer");
      if (backward != null) {
        variables.addAll(ownVariables(backward));
      }
    } else if (wrapped != null) {
      variables = ownVariables(wrapped); // TimeDistributed: the wrapped layer's variables
    } else {
      variables = ownVariables(layer);
    }
    int other = countDatasets(layer) - variables.size();
    return new StoredLayer(
        key, stringAttribute(own, "name"), StoredLayer.classOfKey(key), -1, variables, other);
  }

  /**
   * A layer group's variables: in its cell for recurrent layers (whose own vars group is empty), in
   * each cell of {@code cell/cells} for an RNN over stacked cells (group by group; {@link
   * StackedCellWeights} puts them in the model's order), else in vars.
   */
  private static List<StoredVariable> ownVariables(Group layer) {
    Group cell = childGroup(layer, "cell");
    Group stack = cell == null ? null : childGroup(cell, "cells");
    if (stack != null) {
      List<StoredVariable> variables = new ArrayList<>();
      for (Node child : stack) {
        if (child instanceof Group stacked && childGroup(stacked, "vars") instanceof Group vars) {
          variables.addAll(readVariables(vars));
        }
      }
      return variables;
    }
    Group vars = cell != null ? childGroup(cell, "vars") : childGroup(layer, "vars");
    return vars == null ? List.of() : readVariables(vars);
  }

  /** Datasets named 0, 1, 2, ... in numeric order (creation order in Keras). */
  private static List<StoredVariable> readVariables(Group vars) {
    Map<Integer, Dataset> byIndex = new TreeMap<>();
    for (Node node : vars) {
      if (node instanceof Dataset dataset && node.getName().matches("\\d{1,9}")) {
        byIndex.put(Integer.parseInt(node.getName()), dataset);
      }
    }
    return byIndex.values().stream().map(H5WeightsReader::readVariable).toList();
  }

  /**
   * Why a contiguous dataset's data cannot be read, if its declared bytes run past the end of the
   * file (a damaged or crafted file), else null. {@link ReadFullyChannel} would refuse the read
   * too, but only after jhdf has allocated a buffer of the declared size; this refuses it from the
   * dataset's header.
   */
  private static String dataPastEndOfFile(Dataset dataset, long declared) {
    if (!(dataset instanceof ContiguousDataset contiguous) || contiguous.isEmpty()) {
      return null;
    }
    HdfFile file = dataset.getHdfFile();
    long base = file.getHdfBackingStorage().getSuperblock().getBaseAddressByte();
    long start = base + contiguous.getDataAddress();
    if (contiguous.getDataAddress() >= 0 && declared <= file.size() - start) {
      return null;
    }
    return "declares %d bytes of data from byte %d, but the file has %d bytes"
        .formatted(declared, start, file.size());
  }

  private static StoredVariable readVariable(Dataset dataset) {
    String path = dataset.getPath();
    long[] dimensions = dataset.getDimensionsAsLong();
    long elements = 1;
    for (long d : dimensions) {
      elements =
          d <= 0 ? 0 : (elements > (Integer.MAX_VALUE - 8) / d ? Long.MAX_VALUE : elements * d);
    }
    if (elements > Integer.MAX_VALUE - 8) {
      return new StoredVariable(
          path,
          new int[0],
          null,
          "declares shape "
              + Arrays.toString(dimensions)
              + ", more values than one Java array holds");
    }
    // the type first: every size below is the element count times its size
    int[] shape = dataset.getDimensions();
    DataType type = dataset.getDataType();
    if (type instanceof FixedPoint fixed) {
      return new StoredVariable(
          path,
          shape,
          null,
          "is an integer dataset (%s%d); weights must be floating point"
              .formatted(fixed.isSigned() ? "int" : "uint", fixed.getSize() * 8));
    }
    if (!(type instanceof FloatingPoint)) {
      return new StoredVariable(
          path,
          shape,
          null,
          "has HDF5 type " + type.getClass().getSimpleName() + "; weights must be floating point");
    }
    if (type.getSize() != 2 && type.getSize() != 4 && type.getSize() != 8) {
      // a damaged type size (a fuzzed file's one-element bias declared 410 MB)
      return new StoredVariable(
          path,
          shape,
          null,
          "has a floating-point type of %d bytes; weights are float16, float32 or float64"
              .formatted(type.getSize()));
    }
    String damaged = damagedSize(dataset);
    if (damaged != null) {
      return new StoredVariable(path, shape, null, damaged);
    }
    // jhdf widens float16 to float[]; float64 comes as double[] and is rounded to nearest.
    ReadFullyChannel channel = channelOf(dataset);
    if (channel != null) {
      channel.takePastEnd(); // forget a refused read that jhdf caught before this dataset's
    }
    Object data;
    try {
      data = ChunkFilters.bounded(chunkBytes(dataset), dataset::getDataFlat);
    } catch (PastChunkSize e) {
      return new StoredVariable(path, shape, null, "is damaged: " + e.getMessage());
    } catch (RuntimeException e) {
      // jhdf reports a dataset whose data it cannot read with an HdfException (reading through
      // the channel, the channel knows better what failed)
      PastEndOfFile past = pastEndOfFile(e, channel);
      if (past == null && !(e instanceof HdfException)) {
        throw e;
      }
      String why = past != null ? past.getMessage() : e.getMessage();
      return new StoredVariable(path, shape, null, "is damaged: " + why);
    }
    float[] values =
        switch (data) {
          case float[] f -> f;
          case double[] d -> toFloats(d);
          case Float f -> new float[] {f};
          case Double d -> new float[] {d.floatValue()};
          default -> null;
        };
    if (values == null) {
      return new StoredVariable(
          path,
          shape,
          null,
          "has floating-point data jhdf returns as " + data.getClass().getSimpleName());
    }
    return new StoredVariable(path, shape, values, null);
  }

  /**
   * Why jhdf must not read the dataset's data, if a size in the file is damaged, else null: each
   * size below is one that jhdf would allocate, or read past the end of the file, before failing.
   */
  private static String damagedSize(Dataset dataset) {
    long declared = dataset.getSizeInBytes();
    String pastEnd = dataPastEndOfFile(dataset, declared);
    if (pastEnd != null) {
      return pastEnd;
    }
    long stored = dataset.getStorageInBytes(); // a chunked dataset's from its index, unread
    long fileSize = dataset.getHdfFile().size();
    if (stored > fileSize) {
      return "stores %d bytes, more than the whole file (%d bytes)".formatted(stored, fileSize);
    }
    if (dataset instanceof ChunkedDataset chunked
        && Arrays.stream(chunked.getChunkDimensions()).anyMatch(d -> d < 1)) {
      // HDF5 chunks have at least one element a dimension; jhdf divides by these
      return "has chunk dimensions %s; each must be at least 1"
          .formatted(Arrays.toString(chunked.getChunkDimensions()));
    }
    long chunk = chunkBytes(dataset);
    if (chunk > Math.max(declared, CHUNK_FLOOR_BYTES)) {
      return "has chunks of %d bytes for %d bytes of data; refusing a likely damaged chunk size"
          .formatted(chunk, declared);
    }
    if (declared > BOMB_FLOOR_BYTES && declared > MAX_EXPANSION * stored) {
      return "declares %d bytes but stores only %d; refusing a likely shape bomb"
          .formatted(declared, stored);
    }
    return null;
  }

  /**
   * The bytes one chunk of the dataset holds (its dimensions times the element size), to which a
   * compressed chunk may inflate; -1 for a dataset not stored in chunks.
   */
  private static long chunkBytes(Dataset dataset) {
    if (!(dataset instanceof ChunkedDataset chunked)) {
      return -1;
    }
    long bytes = dataset.getDataType().getSize();
    for (int d : chunked.getChunkDimensions()) { // each at least 1 (damagedSize)
      bytes = bytes > Long.MAX_VALUE / d ? Long.MAX_VALUE : bytes * d;
    }
    return bytes;
  }

  /** The channel {@link #read} opened the dataset's file with, else null. */
  private static ReadFullyChannel channelOf(Dataset dataset) {
    return dataset.getHdfFile().getHdfBackingStorage() instanceof HdfFileChannel storage
            && storage.getFileChannel() instanceof ReadFullyChannel channel
        ? channel
        : null;
  }

  /**
   * The read past the end of the file behind jhdf's exception, if that is what failed: from the
   * exception's causes, or from the channel where jhdf dropped them.
   */
  private static PastEndOfFile pastEndOfFile(RuntimeException e, ReadFullyChannel channel) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof PastEndOfFile past) {
        return past;
      }
    }
    return channel == null ? null : channel.takePastEnd();
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /**
   * A truncated copy keeps a valid superblock but loses the data it points to, which jhdf reports
   * as an obscure read failure deep in the tree; the superblock's end-of-file address says it
   * plainly.
   */
  private static void checkNotTruncated(HdfFile hdf) throws BadWeightFile {
    var superblock = hdf.getHdfBackingStorage().getSuperblock();
    long expected = superblock.getBaseAddressByte() + superblock.getEndOfFileAddress();
    if (hdf.size() < expected) {
      throw new BadWeightFile(
          "the file is truncated: %d bytes, but its HDF5 superblock says %d"
              .formatted(hdf.size(), expected));
    }
  }

  private static String notKeras3(HdfFile hdf) {
    // Keras 2 / tf.keras legacy HDF5: layer groups at the root listed by a layer_names attribute.
    boolean legacy =
        hdf.getAttribute("layer_names") != null || hdf.getChild("model_weights") != null;
    return (legacy
            ? "this is a legacy Keras 2 (tf.keras) HDF5 weight file, which is not supported; re-save it with Keras 3 "
                + "model.save_weights(\"x.weights.h5\")"
            : "an HDF5 file without a 'layers' group is not a Keras 3 weight file")
        + "; top-level entries: "
        + hdf.getChildren().keySet();
  }

  private static Group childGroup(Group parent, String name) {
    return parent.getChildren().get(name) instanceof Group g ? g : null;
  }

  /**
   * The datasets below a layer's group, each object once: a group met again through another hard
   * link (in a damaged or crafted file, one that contains its own ancestor) is not walked twice,
   * and groups nested deeper than {@link #MAX_DEPTH} refuse the file. Walked naively, such a cycle
   * recursed until the stack overflowed (found by fuzzing).
   */
  private static int countDatasets(Group layer) throws BadWeightFile {
    return countDatasets(layer, new HashSet<>(), 0);
  }

  private static int countDatasets(Group group, Set<Long> seen, int depth) throws BadWeightFile {
    if (depth > MAX_DEPTH) {
      throw new BadWeightFile(
          "'%s' nests groups more than %d deep; a Keras weight file nests a few"
              .formatted(group.getName(), MAX_DEPTH));
    }
    if (!seen.add(group.getAddress())) {
      return 0;
    }
    int n = 0;
    for (Node node : group) {
      if (node instanceof Dataset) {
        n++;
      } else if (node instanceof Group child && !node.isLink()) {
        n += countDatasets(child, seen, depth + 1);
      }
    }
    return n;
  }

  private static String stringAttribute(Node node, String name) {
    if (node == null) {
      return null;
    }
    Attribute attribute = node.getAttributes().get(name);
    if (attribute == null) {
      return null;
    }
    Object data = attribute.getData();
    if (data instanceof String s) {
      return s;
    }
    if (data instanceof String[] array && array.length == 1) {
      return array[0];
    }
    return null;
  }
}
