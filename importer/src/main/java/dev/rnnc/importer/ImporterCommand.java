package dev.rnnc.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code rnnc-importer} command: writes the annotated rnnc interface for a {@code .keras} file.
 *
 * <pre>
 * java -jar rnnc-importer.jar forecaster.keras --package com.acme --name Forecaster --out src/main/java
 * </pre>
 */
@Command(
    name = "rnnc-importer",
    mixinStandardHelpOptions = true,
    versionProvider = ImporterCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Writes the annotated rnnc interface for a Keras 3 .keras model: one layer method per Keras layer"
          + " (named as in Keras, so load() finds the weights by name) and predict methods.",
      "Compile it with the rnnc annotation processor; Rnnc<NAME>.load(path) then loads the weights from"
          + " the same file."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the interface was written",
      "1:the model cannot be imported (unreadable, not a Keras 3 .keras file, or using what rnnc cannot"
          + " express: every problem is listed on stderr)",
      "2:bad command line",
      "3:the interface could not be written (it exists and --force is not given, or an I/O error)"
    })
public final class ImporterCommand implements Callable<Integer> {
  /** Exit code: the model cannot be imported. */
  public static final int NOT_IMPORTABLE = 1;

  /** Exit code: the output file could not be written. */
  public static final int NOT_WRITTEN = 3;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "MODEL.keras",
      description = "The model, saved by Keras 3 (model.save).")
  private Path model;

  @Option(
      names = {"-p", "--package"},
      required = true,
      paramLabel = "PACKAGE",
      description = "Package of the interface, e.g. com.acme.")
  private String packageName;

  @Option(
      names = {"-n", "--name"},
      paramLabel = "NAME",
      description =
          "Simple name of the interface (default: from the Keras model name, keras_zip -> KerasZip).")
  private String name;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "DIR",
      defaultValue = ".",
      description =
          "Source root to write <package path>/<NAME>.java under, or - for stdout"
              + " (default: ${DEFAULT-VALUE}).")
  private String out;

  @Option(
      names = {"-f", "--force"},
      description = "Overwrite the interface if it exists.")
  private boolean force;

  /** Runs the command and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(
        run(
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8),
            args));
  }

  /**
   * Runs the command with the given streams (for tests and embedding).
   *
   * @return the exit code, as listed by {@code --help}
   */
  public static int run(PrintWriter stdout, PrintWriter stderr, String... args) {
    return new CommandLine(new ImporterCommand())
        .setOut(stdout)
        .setErr(stderr)
        .setParameterExceptionHandler(ImporterCommand::badCommandLine)
        .execute(args);
  }

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    if (!JavaNames.isPackageName(packageName)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--package '" + packageName + "' is not a Java package name (like com.acme.models)");
    }
    if (name != null && !JavaNames.isTypeName(name)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--name '" + name + "' is not a Java type name (like Forecaster)");
    }
    KerasImporter.Result result;
    try {
      result = KerasImporter.importModel(model, packageName, name);
    } catch (ImportException e) {
      stderr.println("error: " + e.getMessage());
      return NOT_IMPORTABLE;
    }
    result.notes().forEach(n -> stderr.println("note: " + n));
    if (out.equals("-")) {
      stdout.print(result.source());
      stdout.flush();
      return 0;
    }
    Path target = Path.of(out).resolve(result.relativePath());
    try {
      Files.createDirectories(target.getParent());
      if (force) {
        Files.writeString(target, result.source());
      } else {
        Files.writeString(
            target, result.source(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      }
    } catch (FileAlreadyExistsException e) {
      stderr.println("error: " + target + " exists; pass --force to overwrite it");
      return NOT_WRITTEN;
    } catch (IOException e) {
      stderr.println("error: cannot write " + target + ": " + e);
      return NOT_WRITTEN;
    }
    stdout.println(
        "wrote " + target + " (" + result.packageName() + "." + result.interfaceName() + ")");
    return 0;
  }

  /** A bad command line: the message and a pointer to --help, not the whole help text. */
  private static int badCommandLine(CommandLine.ParameterException e, String[] args) {
    PrintWriter stderr = e.getCommandLine().getErr();
    stderr.println("error: " + e.getMessage());
    stderr.println("Try 'rnnc-importer --help' for the options.");
    return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
  }

  /** {@code --version}: the version of this build, filtered into a resource by Maven. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties properties = new Properties();
      try (InputStream in = ImporterCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {
        "rnnc-importer " + properties.getProperty("version", "(unknown version)"),
        "JVM " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
