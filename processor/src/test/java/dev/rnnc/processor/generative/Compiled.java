package dev.rnnc.processor.generative;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.processor.RnncProcessor;
import dev.rnnc.runtime.RnncModel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;

/** Compiling a declaration with the rnnc processor, and loading and calling what it generated. */
final class Compiled {
  private Compiled() {}

  /**
   * The classpath a consumer's compilation needs: the annotations and the runtime, not the whole
   * test classpath (javac would open every jar of it on each of the hundreds of compilations).
   */
  private static final List<File> CLASSPATH =
      Stream.of(RnnModel.class, RnncModel.class).map(Compiled::location).distinct().toList();

  private static File location(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compiles as a consumer module would: the processor, the Vector API, warnings as errors. */
  static Compilation compile(JavaFileObject source) {
    return javac()
        .withClasspath(CLASSPATH)
        .withProcessors(new RnncProcessor())
        .withOptions(
            "--release",
            "25",
            "--add-modules",
            "jdk.incubator.vector",
            "-Xlint:all,-processing",
            "-Werror")
        .compile(source);
  }

  /**
   * A class loader over the compilation's class files (the interface and {@code Rnnc<Name>}), whose
   * parent, the test class loader, provides the annotations and the runtime.
   */
  static ClassLoader load(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String binary =
          path.substring(path.indexOf("/test/") + 1, path.length() - ".class".length())
              .replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(binary, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new ClassLoader(Compiled.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }

  /** {@code Rnnc<Name>.create(seed)}, as the user's interface type (an Object here). */
  static Object create(ClassLoader loader, long seed) {
    try {
      Class<?> generated = loader.loadClass(DeclSource.GENERATED);
      return generated.getMethod("create", long.class).invoke(null, seed);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot create " + DeclSource.GENERATED, e);
    }
  }

  /** The model as {@link RnncModel}, for its layers and variables. */
  static RnncModel model(Object instance) {
    return RnncModel.of(instance);
  }

  /** Calls the interface method {@code name} with one argument; unwraps what it throws. */
  static Object call(Object instance, String name, Object argument) {
    Class<?> api;
    try {
      api = instance.getClass().getClassLoader().loadClass("test." + DeclSource.INTERFACE);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
    for (Method m : api.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == 1) {
        try {
          return m.invoke(instance, argument);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no call method " + name + " on " + api);
  }
}
