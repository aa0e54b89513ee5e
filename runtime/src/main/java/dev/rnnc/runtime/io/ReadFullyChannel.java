package dev.rnnc.runtime.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only file channel whose positional reads fill their buffer or fail, handed to jhdf in
 * place of the plain channel for files too large to map ({@link H5WeightsReader#read(Path, long)}).
 * jhdf 0.13 reads a block by calling {@code read(buffer, position)} until the buffer is full,
 * always from the same position: where the file ends inside the block, each short read returns the
 * file's last bytes again, so a damaged dataset whose data runs past the end loads as those bytes
 * repeated (or, for a large block, spends minutes doing so). Here such a read throws {@link
 * PastEndOfFile} instead. jhdf reads only what the file's own structures point at, so a read of a
 * valid file never runs past its end.
 */
final class ReadFullyChannel extends FileChannel {
  private final FileChannel file;

  /** The last read refused, until {@link #takePastEnd} hands it over. */
  private PastEndOfFile pastEnd;

  private ReadFullyChannel(FileChannel file) {
    this.file = file;
  }

  static ReadFullyChannel open(Path path) throws IOException {
    return new ReadFullyChannel(FileChannel.open(path, StandardOpenOption.READ));
  }

  /** A block of the file that runs past its end, as a damaged file's datasets can. */
  static final class PastEndOfFile extends EOFException {
    private static final long serialVersionUID = 1L;

    PastEndOfFile(int length, long position, long size) {
      super(
          "%d bytes of data at byte %d run past the end of the file (%d bytes)"
              .formatted(length, position, size));
    }
  }

  /**
   * Fills {@code dst} from {@code position} on, or throws {@link PastEndOfFile} when the file ends
   * first; returns -1, as a channel does, when {@code position} is at or past the end.
   */
  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    int length = dst.remaining();
    int done = 0;
    while (dst.hasRemaining()) {
      int n = file.read(dst, position + done);
      if (n < 0) {
        if (done == 0) {
          return -1;
        }
        pastEnd = new PastEndOfFile(length, position, file.size());
        throw pastEnd;
      }
      done += n;
    }
    return done;
  }

  /**
   * The read this channel refused since the last call, if any, else null: jhdf rethrows some read
   * failures without their cause (a chunk's, in 0.13), so the reader asks the channel.
   */
  PastEndOfFile takePastEnd() {
    PastEndOfFile taken = pastEnd;
    pastEnd = null;
    return taken;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return file.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return file.read(dsts, offset, length);
  }

  @Override
  public long position() throws IOException {
    return file.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    file.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return file.size();
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return file.map(mode, position, size);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return file.transferTo(position, count, target);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return file.tryLock(position, size, shared);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return file.lock(position, size, shared);
  }

  @Override
  public void force(boolean metaData) throws IOException {
    file.force(metaData);
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) {
    throw new NonWritableChannelException();
  }

  @Override
  public int write(ByteBuffer src, long position) {
    throw new NonWritableChannelException();
  }

  @Override
  public FileChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new NonWritableChannelException();
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
  }
}
