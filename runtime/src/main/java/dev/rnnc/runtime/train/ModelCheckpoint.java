package dev.rnnc.runtime.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keras {@code ModelCheckpoint} (keras/src/callbacks/model_checkpoint.py): saves the model at the
 * end of every epoch (or every {@code saveFreq} batches), to a path formatted from a Python-style
 * pattern ({@code "ckpt-{epoch:02d}-{val_loss:.2f}.weights.h5"}: {@code epoch} is 1-based, any log
 * entry may appear); with {@code saveBestOnly}, only when the monitored quantity improved. It saves
 * through the fit's {@link TrainableState#save} unless given a {@link Saver}; then, as in Keras,
 * the path must end in {@code .weights.h5} with {@code saveWeightsOnly} and in {@code .keras} or
 * {@code .h5} without.
 */
public final class ModelCheckpoint extends MonitorCallback {
  /**
   * Writes a checkpoint (e.g. rnnc's own format, or a {@code .weights.h5} through the io package).
   */
  @FunctionalInterface
  public interface Saver {
    /** Saves to {@code path}. */
    void save(Path path) throws IOException;
  }

  private final String filepath;
  private final int verbose;
  private final boolean saveBestOnly;
  private final int saveFreq; // 0: every epoch
  private final Saver saver;
  private int currentEpoch;
  private int batchesSinceSaving;
  private int lastBatchSeen = -1;

  private ModelCheckpoint(Builder b) {
    super(b.monitor, b.mode, b.initialValueThreshold, 0);
    this.filepath = b.filepath;
    this.verbose = b.verbose;
    this.saveBestOnly = b.saveBestOnly;
    this.saveFreq = b.saveFreq;
    this.saver = b.saver;
    if (saver == null) {
      if (b.saveWeightsOnly && !filepath.endsWith(".weights.h5")) {
        throw new IllegalArgumentException(
            "When using `saveWeightsOnly=true` in `ModelCheckpoint`, the filepath "
                + "provided must end in `.weights.h5` (Keras weights format). Received: filepath="
                + filepath);
      }
      if (!b.saveWeightsOnly && !filepath.endsWith(".keras") && !filepath.endsWith(".h5")) {
        throw new IllegalArgumentException(
            "The filepath provided must end in `.keras` (Keras model format). "
                + "Received: filepath="
                + filepath);
      }
    }
  }

  /** Options for a checkpoint at {@code filepath} (a pattern), with Keras' defaults. */
  public static Builder builder(String filepath) {
    return new Builder(filepath);
  }

  @Override
  public void onEpochBegin(int epoch, Logs logs) {
    currentEpoch = epoch;
  }

  @Override
  public void onTrainBatchEnd(int batch, Logs logs) {
    if (saveFreq == 0) {
      return;
    }
    batchesSinceSaving +=
        lastBatchSeen < 0 || batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen;
    lastBatchSeen = batch;
    if (batchesSinceSaving >= saveFreq) {
      batchesSinceSaving = 0;
      save(currentEpoch, batch, logs);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Logs logs) {
    resolveMode();
    if (saveFreq == 0) {
      save(epoch, -1, logs);
    }
  }

  private void save(int epoch, int batch, Logs logs) {
    String path =
        PythonFormat.format(
            filepath,
            name -> {
              if (name.equals("epoch")) {
                return epoch + 1;
              }
              if (name.equals("batch") && batch >= 0 && !logs.has("batch")) {
                return batch + 1;
              }
              return logs.has(name) ? (Number) logs.get(name) : null;
            });
    if (!shouldSave(epoch, logs, path)) {
      return;
    }
    try {
      Path target = Path.of(path);
      if (Files.isDirectory(target)) {
        throw new IOException(
            "Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an "
                + "existing directory: "
                + path);
      }
      if (target.getParent() != null) {
        Files.createDirectories(target.getParent());
      }
      if (saver != null) {
        saver.save(target);
      } else {
        context().state().save(target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (verbose > 0) {
      context().out().print("\nEpoch " + (epoch + 1) + ": finished saving model to " + path + "\n");
    }
  }

  private boolean shouldSave(int epoch, Logs logs, String path) {
    if (!saveBestOnly) {
      if (verbose > 0) {
        context().out().print("\nEpoch " + (epoch + 1) + ": saving model to " + path + "\n");
      }
      return true;
    }
    if (!logs.has(monitor())) {
      System.getLogger(getClass().getName())
          .log(
              System.Logger.Level.WARNING,
              "Can save best model only with " + monitor() + " available.");
      return true;
    }
    resolveMode();
    double current = logs.get(monitor());
    String bestText = Double.isNaN(best) ? "None" : PythonFormat.fixed(best, 5);
    if (isImprovement(current, best)) {
      if (verbose > 0) {
        context()
            .out()
            .print(
                "\nEpoch "
                    + (epoch + 1)
                    + ": "
                    + monitor()
                    + " improved from "
                    + bestText
                    + " to "
                    + PythonFormat.fixed(current, 5)
                    + ", saving model to "
                    + path
                    + "\n");
      }
      best = current;
      return true;
    }
    if (verbose > 0) {
      context()
          .out()
          .print(
              "\nEpoch "
                  + (epoch + 1)
                  + ": "
                  + monitor()
                  + " did not improve from "
                  + bestText
                  + "\n");
    }
    return false;
  }

  /** ModelCheckpoint options in Keras' names and defaults. */
  public static final class Builder {
    private final String filepath;
    private String monitor = "val_loss";
    private int verbose;
    private boolean saveBestOnly;
    private boolean saveWeightsOnly;
    private String mode = "auto";
    private int saveFreq;
    private double initialValueThreshold = Double.NaN;
    private Saver saver;

    private Builder(String filepath) {
      this.filepath = java.util.Objects.requireNonNull(filepath, "filepath");
    }

    /** Keras {@code monitor} (default {@code val_loss}), for {@code saveBestOnly}. */
    public Builder monitor(String value) {
      this.monitor = value;
      return this;
    }

    /** Keras {@code verbose}: 1 prints each save. */
    public Builder verbose(int value) {
      this.verbose = value;
      return this;
    }

    /** Keras {@code save_best_only}. */
    public Builder saveBestOnly(boolean value) {
      this.saveBestOnly = value;
      return this;
    }

    /** Keras {@code save_weights_only}: the path must end in {@code .weights.h5}. */
    public Builder saveWeightsOnly(boolean value) {
      this.saveWeightsOnly = value;
      return this;
    }

    /** Keras {@code mode}: {@code "auto"}, {@code "min"} or {@code "max"}. */
    public Builder mode(String value) {
      this.mode = value;
      return this;
    }

    /** Keras {@code save_freq} as a number of batches (default: every epoch). */
    public Builder saveFreq(int batches) {
      if (batches < 1) {
        throw new IllegalArgumentException("saveFreq must be >= 1 batch, was " + batches);
      }
      this.saveFreq = batches;
      return this;
    }

    /** Keras {@code initial_value_threshold}: the best value to beat at first. */
    public Builder initialValueThreshold(double value) {
      this.initialValueThreshold = value;
      return this;
    }

    /**
     * Saves through {@code value} instead of the fit's {@link TrainableState} (no extension rule
     * then).
     */
    public Builder saver(Saver value) {
      this.saver = value;
      return this;
    }

    /** The callback. */
    public ModelCheckpoint build() {
      return new ModelCheckpoint(this);
    }
  }
}
