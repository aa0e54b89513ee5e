package dev.rnnc.runtime.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST ({@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, gzipped or not): what Keras' {@code keras.datasets.mnist.load_data()}
 * and {@code fashion_mnist.load_data()} return, from local files.
 *
 * <pre>{@code
 * float[][][] x = Idx.readImages(Path.of("train-images-idx3-ubyte.gz"));   // (60000, 28, 28) in [0, 1]
 * int[] y = Idx.readLabels(Path.of("train-labels-idx1-ubyte.gz"));         // (60000,) in 0..9
 * }</pre>
 *
 * <p>The format: two zero bytes, a type byte ({@code 0x08}: unsigned byte — the only type MNIST
 * uses and the only one read here), the number of dimensions, each dimension as a big-endian 32-bit
 * integer, then the values in row-major order. A file starting with the gzip magic ({@code 1f 8b})
 * is decompressed first, whatever its name. A bad magic, another type, a header that ends early,
 * fewer or more data bytes than the dimensions say, or dimensions that do not fit the call (images
 * need 3, labels 1) is a {@link MalformedDataException} saying what was expected and found.
 *
 * <p>{@code readImages} divides by 255 in float32, as {@code x.astype("float32") / 255} does in the
 * Keras MNIST tutorials, so values are exactly Keras'.
 */
public final class Idx {
  /** The IDX type byte of unsigned 8-bit values. */
  public static final int UBYTE = 0x08;

  private Idx() {}

  /**
   * An IDX array: its dimensions and its raw values.
   *
   * @param dims the dimensions, outermost first
   * @param data the values, row-major; each is unsigned: read with {@code data[i] & 0xff}
   */
  public record Array(int[] dims, byte[] data) {
    /** The value at flat index {@code i}, 0..255. */
    public int unsigned(int i) {
      return data[i] & 0xff;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Array a && Arrays.equals(dims, a.dims) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Idx.Array(dims=" + Arrays.toString(dims) + ")";
    }
  }

  /**
   * Reads any unsigned-byte IDX file, raw.
   *
   * @throws MalformedDataException if the file is not such an IDX file (see the class)
   * @throws java.nio.file.NoSuchFileException if there is no such file
   */
  public static Array read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      boolean gzip = b0 == 0x1f && b1 == 0x8b;
      InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
      try {
        return parse(file, in, gzip);
      } catch (ZipException | EOFException e) {
        if (gzip) {
          throw new MalformedDataException(
              file, "the gzip stream is damaged or cut short: " + e.getMessage(), e);
        }
        throw e;
      }
    }
  }

  /**
   * Images {@code (n, rows, cols)} scaled to {@code [0, 1]} (value / 255 in float32).
   *
   * @throws MalformedDataException if the file is not a 3-dimensional unsigned-byte IDX file
   */
  public static float[][][] readImages(Path file) throws IOException {
    Array a = read(file);
    requireDims(file, a, 3, "images (n, rows, cols)");
    int n = a.dims[0];
    int rows = a.dims[1];
    int cols = a.dims[2];
    float[][][] out = new float[n][rows][cols];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < rows; r++) {
        float[] row = out[i][r];
        for (int c = 0; c < cols; c++) {
          row[c] = (a.data[k++] & 0xff) / 255f;
        }
      }
    }
    return out;
  }

  /**
   * Images {@code (n, rows, cols)} as raw unsigned bytes (read with {@code & 0xff}), the values of
   * Keras' {@code load_data()} before scaling.
   *
   * @throws MalformedDataException if the file is not a 3-dimensional unsigned-byte IDX file
   */
  public static byte[][][] readImageBytes(Path file) throws IOException {
    Array a = read(file);
    requireDims(file, a, 3, "images (n, rows, cols)");
    int n = a.dims[0];
    int rows = a.dims[1];
    int cols = a.dims[2];
    byte[][][] out = new byte[n][rows][cols];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(a.data, k, out[i][r], 0, cols);
        k += cols;
      }
    }
    return out;
  }

  /**
   * Labels {@code (n,)}, 0..255.
   *
   * @throws MalformedDataException if the file is not a 1-dimensional unsigned-byte IDX file
   */
  public static int[] readLabels(Path file) throws IOException {
    Array a = read(file);
    requireDims(file, a, 1, "labels (n,)");
    int[] out = new int[a.dims[0]];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.data[i] & 0xff;
    }
    return out;
  }

  private static void requireDims(Path file, Array a, int expected, String what)
      throws MalformedDataException {
    if (a.dims.length != expected) {
      throw new MalformedDataException(
          file,
          "expected "
              + what
              + ": "
              + expected
              + " dimension"
              + (expected == 1 ? "" : "s")
              + "; the file has "
              + a.dims.length
              + " "
              + Arrays.toString(a.dims));
    }
  }

  private static Array parse(Path file, InputStream in, boolean gzip) throws IOException {
    String kind = gzip ? "gzipped IDX file" : "IDX file";
    byte[] magic = readFully(in, 4);
    if (magic.length < 4) {
      throw new MalformedDataException(
          file, "the " + kind + " ends after " + magic.length + " bytes, inside the 4-byte magic");
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new MalformedDataException(
          file,
          String.format(
              "bad magic %02x %02x %02x %02x; an IDX file starts with 00 00, the type (08 for"
                  + " unsigned bytes) and the number of dimensions",
              magic[0] & 0xff, magic[1] & 0xff, magic[2] & 0xff, magic[3] & 0xff));
    }
    int type = magic[2] & 0xff;
    if (type != UBYTE) {
      throw new MalformedDataException(
          file,
          String.format(
              "IDX type 0x%02x (%s); only 0x08 (unsigned byte, MNIST's) is read",
              type, typeName(type)));
    }
    int ndims = magic[3] & 0xff;
    if (ndims == 0) {
      throw new MalformedDataException(file, "the IDX header declares 0 dimensions");
    }
    byte[] header = readFully(in, 4 * ndims);
    if (header.length < 4 * ndims) {
      throw new MalformedDataException(
          file,
          "the header declares "
              + ndims
              + " dimensions ("
              + 4 * ndims
              + " bytes) but the "
              + kind
              + " ends after "
              + header.length
              + " of them");
    }
    int[] dims = new int[ndims];
    long size = 1;
    for (int d = 0; d < ndims; d++) {
      int v =
          ((header[4 * d] & 0xff) << 24)
              | ((header[4 * d + 1] & 0xff) << 16)
              | ((header[4 * d + 2] & 0xff) << 8)
              | (header[4 * d + 3] & 0xff);
      if (v < 0) {
        throw new MalformedDataException(
            file, "dimension " + d + " is " + Integer.toUnsignedString(v) + ", too large");
      }
      dims[d] = v;
      size *= v;
      if (size > Integer.MAX_VALUE - 16) {
        throw new MalformedDataException(
            file,
            "dimensions "
                + Arrays.toString(Arrays.copyOf(dims, d + 1))
                + " hold more than 2^31 values; too large for one Java array");
      }
    }
    byte[] data = readFully(in, (int) size);
    if (data.length < size) {
      throw new MalformedDataException(
          file,
          "dimensions "
              + Arrays.toString(dims)
              + " need "
              + size
              + " data bytes but the "
              + kind
              + " has "
              + data.length
              + " (truncated?)");
    }
    long extra = 0;
    byte[] skip = new byte[8192];
    for (int r; (r = in.read(skip)) > 0; ) {
      extra += r;
    }
    if (extra > 0) {
      throw new MalformedDataException(
          file,
          "dimensions "
              + Arrays.toString(dims)
              + " need "
              + size
              + " data bytes but the "
              + kind
              + " has "
              + (size + extra)
              + " ("
              + extra
              + " more: wrong dimensions?)");
    }
    return new Array(dims, data);
  }

  /** Up to {@code n} bytes; fewer only at the end of the stream. */
  private static byte[] readFully(InputStream in, int n) throws IOException {
    byte[] out = in.readNBytes(n);
    return out;
  }

  private static String typeName(int type) {
    return switch (type) {
      case 0x09 -> "signed byte";
      case 0x0B -> "short";
      case 0x0C -> "int";
      case 0x0D -> "float";
      case 0x0E -> "double";
      default -> "not an IDX type";
    };
  }
}
