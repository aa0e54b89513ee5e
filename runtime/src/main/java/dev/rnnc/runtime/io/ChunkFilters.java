package dev.rnnc.runtime.io;

import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.BitShuffleFilter;
import io.jhdf.filter.DeflatePipelineFilter;
import io.jhdf.filter.Filter;
import io.jhdf.filter.FilterManager;
import io.jhdf.filter.Lz4Filter;
import io.jhdf.filter.LzfFilter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import java.util.function.ToLongBiFunction;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * jhdf's decompressing filters with each chunk's output bounded while {@link H5WeightsReader} reads
 * a dataset: a chunk may decode to its nominal size (its dimensions times the element size), no
 * further. jhdf's own filters trust the file: deflate (h5py's "gzip") inflates a chunk's stream to
 * its end however far it goes (a 90 KB file whose 16 KiB chunk holds 64 MiB of deflated zeros made
 * it allocate 64 MiB, a 1 MB one 1 GiB: an OutOfMemoryError in a 256 MiB heap), and LZF and LZ4
 * allocate whatever size the file declares for the decoded chunk (in the filter's parameters, in
 * the chunk's header, as bitshuffle's LZ4 chunks do too). Keras writes none of these; h5py users
 * may. {@link #install} registers these filters in place of jhdf's (the same IDs); outside the
 * reader's reads there is no bound, so other users of jhdf in the JVM decode as before.
 */
final class ChunkFilters {
  private static final ThreadLocal<Bound> BOUND = new ThreadLocal<>();

  private ChunkFilters() {}

  /** Registers the filters with jhdf, replacing its own; once is enough. */
  static void install() {
    FilterManager.addFilter(new Deflate());
    // h5py's LZF filter keeps the decoded chunk's size in its third parameter
    FilterManager.addFilter(
        new DeclaredSize(
            new LzfFilter(),
            (chunk, parameters) -> parameters.length < 3 ? 0 : parameters[2] & 0xFFFFFFFFL));
    // HDF5's LZ4 filter starts each chunk with the decoded size, 8 bytes big-endian
    FilterManager.addFilter(
        new DeclaredSize(new Lz4Filter(), (chunk, parameters) -> header(chunk)));
    // bitshuffle's chunks compressed with LZ4 (fifth parameter 2) start the same way; uncompressed
    // ones decode to their own size
    FilterManager.addFilter(
        new DeclaredSize(
            new BitShuffleFilter(),
            (chunk, parameters) ->
                parameters.length > 4 && parameters[4] == 2 ? header(chunk) : chunk.length));
  }

  /** The decoded size an LZ4 chunk's header declares (0 when it has none: jhdf then fails). */
  private static long header(byte[] chunk) {
    return chunk.length < 8 ? 0 : ByteBuffer.wrap(chunk).getLong(0);
  }

  /**
   * Runs {@code read} with every chunk it decodes bounded to {@code chunkBytes} (none when
   * negative).
   *
   * @throws PastChunkSize if a chunk decoded, or declared it would decode, past them, whatever jhdf
   *     made of the refusal
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

  /** A chunk that decodes, or declares it decodes, past its nominal size. */
  static final class PastChunkSize extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PastChunkSize(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The bound of the read running on this thread, and the refusal it caused, if any. */
  private static final class Bound {
    final long chunkBytes;
    String refused;

    Bound(long chunkBytes) {
      this.chunkBytes = chunkBytes;
    }

    /** This thread's bound on a decoded chunk's bytes, or the largest long outside a read. */
    static long limit() {
      Bound bound = BOUND.get();
      return bound == null || bound.chunkBytes < 0 ? Long.MAX_VALUE : bound.chunkBytes;
    }

    /** Records the refusal for {@link #bounded}, within a read, and makes it jhdf's exception. */
    static HdfFilterException refuse(String why) {
      Bound bound = BOUND.get();
      if (bound != null) {
        bound.refused = why;
      }
      return new HdfFilterException(why);
    }
  }

  /** Deflate, as jhdf 0.13's filter decodes it, stopping at the bound. */
  private static final class Deflate implements Filter {
    private final Filter jhdf = new DeflatePipelineFilter(); // still encodes

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
      long limit = Bound.limit();
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
            throw Bound.refuse(
                "a chunk of %d bytes inflates past them (from %d deflated bytes)"
                    .formatted(limit, encoded.length));
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

  /**
   * One of jhdf's filters, run only when the decoded size the chunk declares is within the bound.
   */
  private static final class DeclaredSize implements Filter {
    private final Filter jhdf;
    private final ToLongBiFunction<byte[], int[]> declared;

    DeclaredSize(Filter jhdf, ToLongBiFunction<byte[], int[]> declared) {
      this.jhdf = jhdf;
      this.declared = declared;
    }

    @Override
    public int getId() {
      return jhdf.getId();
    }

    @Override
    public String getName() {
      return jhdf.getName();
    }

    @Override
    public byte[] decode(byte[] encoded, int[] filterData) {
      long limit = Bound.limit();
      long size = declared.applyAsLong(encoded, filterData);
      if (size < 0 || size > limit) {
        throw Bound.refuse(
            "a chunk of %d bytes declares %d decoded bytes (%s)".formatted(limit, size, getName()));
      }
      return jhdf.decode(encoded, filterData);
    }

    @Override
    public byte[] encode(byte[] data, int[] filterData) {
      return jhdf.encode(data, filterData);
    }
  }
}
