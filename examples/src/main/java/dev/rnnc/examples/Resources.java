package dev.rnnc.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/** The examples' bundled data as {@link Path}s, whether on disk or inside the examples jar. */
public final class Resources {
  private Resources() {}

  /**
   * The classpath resource {@code name} (e.g. {@code
   * "/data/fashion-mnist/t10k-labels-idx1-ubyte.gz"}).
   */
  public static Path path(String name) {
    URL url = Resources.class.getResource(name);
    if (url == null) {
      throw new IllegalStateException(name + " is missing from the examples' classpath");
    }
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        try {
          FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException alreadyOpen) {
          // another resource of the same jar opened it: Path.of finds it
        }
      }
      return Path.of(uri);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("resource " + name + " has no usable address: " + url, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
