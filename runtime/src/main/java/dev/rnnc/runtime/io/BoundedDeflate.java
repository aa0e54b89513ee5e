package dev.rnnc.runtime.io;

import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.DeflatePipelineFilter;
import io.jhdf.filter.Filter;
import io.jhdf.filter.FilterManager;
import java.io.ByteArrayOutputStream;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * HDF5's deflate filter (h5py's "gzip") for jhdf, with each chunk's output bounded while {@link
 * H5WeightsReader} reads a dataset: a chunk may inflate to its nominal size (its dimensions times
 * the element size), no further. jhdf's own filter inflates a chunk's stream to its end however far
 * it goes: a 90 KB file whose 16 KiB chunk holds 64 MiB of deflated zeros made it allocate 64 MiB,
 * and a 1 MB one 1 GiB (an OutOfMemoryError in a 256 MiB heap). Outside the reader's reads there is
 * no bound, so other users of jhdf in the JVM decode as before; the filter is registered in place
 * of jhdf's (the same ID) by {@link #install}. Otherwise it decodes as jhdf 0.13's does.
 */
final class BoundedDeflate implements Filter {
  private static final ThreadLocal<Bound> BOUND = new ThreadLocal<>();

  /** jhdf's own filter, which still encodes. */
  private final Filter jhdf = new DeflatePipelineFilter();

  private BoundedDeflate() {}

  /** Registers the filter with jhdf, replacing its deflate filter; once is enough. */
  static void install() {
    FilterManager.addFilter(new BoundedDeflate());
  }

  /** The bound of the read running on this thread, and the refusal it caused, if any. */
  private static final class Bound {
    final long chunkBytes;
    String refused;

    Bound(long chunkBytes) {
      this.chunkBytes = chunkBytes;
    }
  }

  /** A chunk whose stream inflates past its nominal size. */
  static final class PastChunkSize extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PastChunkSize(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Runs {@code read} with every chunk it inflates bounded to {@code chunkBytes} (none when
   * negative).
   *
   * @throws PastChunkSize if a chunk inflated past them, whatever jhdf made of the refusal
   */
  static <T> T bounded(long chunkBytes, Supplier<T> read) {
    Bound bound = new Bound(chunkBytes);
    BOUND.set(bound);
    try {
      return read.get();
    } catch (RuntimeException e) {
      if (bound.refused != null) {
        throw new PastChunkSize(bound.refused, e);
      }
      throw e;
    } finally {
      BOUND.remove();
    }
  }

  @Override
  public int getId() {
    return DeflatePipelineFilter.ID;
  }

  @Override
  public String getName() {
    return "deflate";
  }

  @Override
  public byte[] decode(byte[] encoded, int[] filterData) {
    Bound bound = BOUND.get();
    long limit = bound == null || bound.chunkBytes < 0 ? Long.MAX_VALUE : bound.chunkBytes;
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(encoded);
      ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length);
      byte[] buffer = new byte[4096];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0) {
          throw new HdfFilterException("Zero bytes inflated"); // as jhdf's filter
        }
        if (out.size() + (long) n > limit) {
          bound.refused =
              "a chunk of %d bytes inflates past them (its %d deflated bytes expand further)"
                  .formatted(limit, encoded.length);
          throw new HdfFilterException(bound.refused);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new HdfFilterException("Inflating failed", e);
    } finally {
      inflater.end();
    }
  }

  @Override
  public byte[] encode(byte[] data, int[] filterData) {
    return jhdf.encode(data, filterData);
  }
}
