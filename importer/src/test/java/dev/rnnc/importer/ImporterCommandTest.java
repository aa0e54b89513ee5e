package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: what it writes where, and its exit codes. */
class ImporterCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ImporterCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void writesTheInterfaceUnderTheSourceRoot(@TempDir Path dir) throws Exception {
    Path model = Fixtures.keras("forecaster.keras");
    int code =
        run(
            model.toString(),
            "--package",
            "com.acme",
            "--name",
            "Forecaster",
            "--out",
            dir.toString());
    Path written = dir.resolve("com/acme/Forecaster.java");
    assertEquals(0, code, err.toString());
    assertEquals("wrote " + written + " (com.acme.Forecaster)\n", out.toString());
    assertEquals("", err.toString());
    assertEquals(
        KerasImporter.importModel(model, "com.acme", "Forecaster").source(),
        Files.readString(written));
  }

  @Test
  void refusesToOverwriteWithoutForce(@TempDir Path dir) throws Exception {
    String model = Fixtures.keras("keras_zip.keras").toString();
    Path target = Files.createDirectories(dir.resolve("a")).resolve("KerasZip.java");
    Files.writeString(target, "// mine");
    assertEquals(ImporterCommand.NOT_WRITTEN, run(model, "-p", "a", "-o", dir.toString()));
    assertEquals("error: " + target + " exists; pass --force to overwrite it\n", err.toString());
    assertEquals("// mine", Files.readString(target));

    assertEquals(0, run(model, "-p", "a", "-o", dir.toString(), "--force"));
    assertTrue(Files.readString(target).startsWith("package a;\n"));
  }

  @Test
  void dashWritesToStdoutAndNotesGoToStderr() {
    String model = Fixtures.keras("sequential_tokens.keras").toString();
    assertEquals(0, run(model, "-p", "com.acme", "-o", "-"));
    assertTrue(out.toString().startsWith("package com.acme;\n"), out.toString());
    assertTrue(out.toString().contains("public interface SequentialTokens {"), out.toString());
    assertTrue(
        err.toString().startsWith("note: layer 'gru-encoder' (GRU) is method gru_encoder()"),
        err.toString());
  }

  @Test
  void unsupportedModelExitsWithOneAndListsEveryProblemOnStderr() {
    String model = Fixtures.keras("unsupported/several_problems.keras").toString();
    assertEquals(ImporterCommand.NOT_IMPORTABLE, run(model, "-p", "com.acme", "-o", "-"));
    assertEquals("", out.toString());
    String message = err.toString();
    assertTrue(
        message.startsWith(
            "error: cannot import " + model + ", 3 problems:\n  - layer 'encoder' (GRU):"),
        message);
    assertTrue(
        message.contains("\n  - layer 'conv' (Conv1D): layer type Conv1D is not supported"),
        message);
  }

  @Test
  void badCommandLineExitsWithTwo() {
    assertEquals(2, run(Fixtures.keras("keras_zip.keras").toString()));
    assertEquals(
        "error: Missing required option: '--package=PACKAGE'\nTry 'rnnc-importer --help' for the options.\n",
        err.toString());
  }

  @Test
  void badPackageExitsWithTwo() {
    assertEquals(2, run(Fixtures.keras("keras_zip.keras").toString(), "-p", "com.acme-models"));
    assertTrue(
        err.toString().startsWith("error: --package 'com.acme-models' is not a Java package name"),
        err.toString());
  }

  @Test
  void helpAndVersion() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().startsWith("Usage: rnnc-importer "), out.toString());
    assertTrue(out.toString().contains("--package=PACKAGE"), out.toString());
    assertTrue(out.toString().contains("Exit codes:"), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run("--version"));
    assertTrue(
        out.toString().matches("(?s)rnnc-importer \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n.*"),
        out.toString());
  }
}
