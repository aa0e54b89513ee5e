package dev.rnnc.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Inline test sources and the compiler configured as a consumer module would run it. */
final class Sources {
  private Sources() {}

  /** A source file {@code test/<name>.java} with the usual imports, then {@code lines}. */
  static JavaFileObject model(String name, String... lines) {
    String[] all = new String[lines.length + 3];
    all[0] = "package test;";
    all[1] = "import dev.rnnc.annotations.*;";
    all[2] = "import dev.rnnc.runtime.Layer;";
    System.arraycopy(lines, 0, all, 3, lines.length);
    return JavaFileObjects.forSourceLines("test." + name, all);
  }

  /** Compiles with the rnnc processor, the Vector API module and warnings as errors. */
  static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withProcessors(new RnncProcessor())
        .withOptions(
            "--release",
            "25",
            "--add-modules",
            "jdk.incubator.vector",
            "-Xlint:all,-processing",
            "-Werror")
        .compile(sources);
  }

  /** Compiles with the rnnc processor and the Vector API module; warnings stay warnings. */
  static Compilation javacWithoutWerror(JavaFileObject... sources) {
    return javac()
        .withProcessors(new RnncProcessor())
        .withOptions("--release", "25", "--add-modules", "jdk.incubator.vector")
        .compile(sources);
  }
}
