package dev.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Idx} on IDX files written here, plain and gzipped, well-formed and not. */
class IdxTest {
  @TempDir Path tmp;

  /** An IDX file: 00 00 type ndims, big-endian dims, data. */
  static byte[] idx(int type, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big-endian
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    return b.array();
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = tmp.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  /** 3 images of 2 x 4 with values 0, 1, 2, ..., 23 then 255 and 128 at the end. */
  private static byte[] pixels() {
    byte[] data = new byte[3 * 2 * 4];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    data[22] = (byte) 255;
    data[23] = (byte) 128;
    return data;
  }

  @Test
  void imagesAreScaledAsKerasTutorialsDo() throws IOException {
    for (boolean gz : new boolean[] {false, true}) {
      byte[] file = idx(0x08, new int[] {3, 2, 4}, pixels());
      // gzipped under a plain name too: the magic decides, not the name
      Path p = write(gz ? "images-idx3-ubyte" : "images-idx3-ubyte.raw", gz ? gzip(file) : file);
      float[][][] x = Idx.readImages(p);
      assertEquals(3, x.length);
      assertEquals(2, x[0].length);
      assertEquals(4, x[0][0].length);
      assertArrayEquals(new float[] {0f, 1 / 255f, 2 / 255f, 3 / 255f}, x[0][0]);
      assertEquals(1f, x[2][1][2]);
      assertEquals(128 / 255f, x[2][1][3]);
      assertEquals((float) (12.0 / 255.0), x[1][1][0]); // float32 division rounds correctly
      byte[][][] raw = Idx.readImageBytes(p);
      assertEquals(255, raw[2][1][2] & 0xff);
      assertEquals(9, raw[1][0][1]);
      Idx.Array a = Idx.read(p);
      assertArrayEquals(new int[] {3, 2, 4}, a.dims());
      assertEquals(128, a.unsigned(23));
    }
  }

  @Test
  void labelsAreUnsigned() throws IOException {
    byte[] data = {0, 9, 3, (byte) 200};
    Path plain = write("labels-idx1-ubyte", idx(0x08, new int[] {4}, data));
    Path gz = write("labels-idx1-ubyte.gz", gzip(idx(0x08, new int[] {4}, data)));
    assertArrayEquals(new int[] {0, 9, 3, 200}, Idx.readLabels(plain));
    assertArrayEquals(new int[] {0, 9, 3, 200}, Idx.readLabels(gz));
    assertEquals(0, Idx.readLabels(write("none", idx(0x08, new int[] {0}, new byte[0]))).length);
  }

  private MalformedDataException bad(String name, byte[] bytes, boolean images) throws IOException {
    Path p = write(name, bytes);
    MalformedDataException e =
        assertThrows(
            MalformedDataException.class,
            () -> {
              if (images) {
                Idx.readImages(p);
              } else {
                Idx.readLabels(p);
              }
            });
    assertEquals(p, e.file());
    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    return e;
  }

  @Test
  void malformedFilesAreClearErrors() throws IOException {
    byte[] good = idx(0x08, new int[] {3, 2, 4}, pixels());

    byte[] magic = good.clone();
    magic[0] = 0x50; // "PK.." or any other file
    assertTrue(bad("magic", magic, true).getMessage().contains("bad magic 50 00 08 03"));

    assertTrue(
        bad("int", idx(0x0C, new int[] {1}, new byte[4]), false)
            .getMessage()
            .contains("IDX type 0x0c (int)"));

    String truncated = bad("truncated", Arrays.copyOf(good, good.length - 5), true).getMessage();
    assertTrue(truncated.contains("need 24 data bytes") && truncated.contains("has 19"), truncated);

    String truncatedGz =
        bad("truncated.gz", gzip(Arrays.copyOf(good, good.length - 5)), true).getMessage();
    assertTrue(truncatedGz.contains("gzipped IDX file has 19"), truncatedGz);

    byte[] gz = gzip(good);
    String cutGz = bad("cut.gz", Arrays.copyOf(gz, gz.length - 12), true).getMessage();
    assertTrue(cutGz.contains("gzip"), cutGz);

    String extra =
        bad("extra", idx(0x08, new int[] {3, 2, 3}, pixels()), true)
            .getMessage(); // 24 bytes, 18 declared
    assertTrue(extra.contains("[3, 2, 3] need 18") && extra.contains("6 more"), extra);

    String header = bad("header", Arrays.copyOf(good, 9), true).getMessage();
    assertTrue(header.contains("3 dimensions (12 bytes)") && header.contains("after 5"), header);

    assertTrue(
        bad("short", new byte[] {0, 0}, true).getMessage().contains("inside the 4-byte magic"));
    assertTrue(bad("empty", new byte[0], false).getMessage().contains("after 0 bytes"));
    assertTrue(
        bad("zero-dims", new byte[] {0, 0, 8, 0}, false).getMessage().contains("0 dimensions"));

    String labelsAsImages =
        bad("labels-as-images", idx(0x08, new int[] {4}, new byte[4]), true).getMessage();
    assertTrue(
        labelsAsImages.contains("expected images (n, rows, cols): 3 dimensions")
            && labelsAsImages.contains("has 1 [4]"),
        labelsAsImages);
    assertTrue(bad("images-as-labels", good, false).getMessage().contains("has 3 [3, 2, 4]"));

    byte[] huge = idx(0x08, new int[] {1, 1}, new byte[0]);
    ByteBuffer.wrap(huge).putInt(4, 0x10000).putInt(8, 0x10000);
    assertTrue(bad("huge", huge, false).getMessage().contains("more than 2^31"));

    assertThrows(NoSuchFileException.class, () -> Idx.readImages(tmp.resolve("missing")));
  }
}
