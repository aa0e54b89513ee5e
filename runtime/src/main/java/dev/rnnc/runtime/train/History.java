package dev.rnnc.runtime.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What {@link FitLoop#fit} returns (Keras' {@code History}): per logged quantity ({@code loss},
 * each metric, their {@code val_} twins, {@code learning_rate} under ReduceLROnPlateau) its value
 * at the end of every epoch, in the order the epochs ran. Like Keras' lists, a quantity logged only
 * on some epochs (validation with {@code validationFreq > 1}) has fewer values; {@link #epochsOf}
 * says which.
 */
public final class History implements Callback {
  private final List<Integer> epochs = new ArrayList<>();
  private final Map<String, List<Double>> values = new LinkedHashMap<>();
  private final Map<String, List<Integer>> epochsOf = new LinkedHashMap<>();

  /** An empty history. */
  public History() {}

  @Override
  public void onEpochEnd(int epoch, Logs logs) {
    epochs.add(epoch);
    for (int i = 0; i < logs.size(); i++) {
      values.computeIfAbsent(logs.name(i), k -> new ArrayList<>()).add(logs.value(i));
      epochsOf.computeIfAbsent(logs.name(i), k -> new ArrayList<>()).add(epoch);
    }
  }

  /** The 0-based epochs that ran (Keras {@code history.epoch}). */
  public List<Integer> epoch() {
    return List.copyOf(epochs);
  }

  /** Every quantity's values per epoch (Keras {@code history.history}), in logging order. */
  public Map<String, List<Double>> history() {
    Map<String, List<Double>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(copy);
  }

  /** The logged names, in logging order. */
  public List<String> keys() {
    return List.copyOf(values.keySet());
  }

  /**
   * The values of {@code name}, one per epoch that logged it.
   *
   * @throws NoSuchElementException listing the names present
   */
  public List<Double> get(String name) {
    return List.copyOf(values(name));
  }

  /** The epochs at which {@code name} was logged. */
  public List<Integer> epochsOf(String name) {
    values(name);
    return List.copyOf(epochsOf.get(name));
  }

  /** The last value of {@code name}. */
  public double last(String name) {
    List<Double> list = values(name);
    return list.get(list.size() - 1);
  }

  /** How many epochs ran. */
  public int size() {
    return epochs.size();
  }

  /**
   * Draws every quantity per epoch to a PNG, 800 × 600: one panel per quantity (loss first), the
   * training curve and, where there is one, the validation curve. Runs headless.
   */
  public void plot(Path png) throws IOException {
    plot(png, 800, 600);
  }

  /** {@link #plot(Path)} at the given size in pixels. */
  public void plot(Path png, int width, int height) throws IOException {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("plot size must be positive, was " + width + "×" + height);
    }
    if (epochs.isEmpty()) {
      throw new IllegalStateException("nothing to plot: no epoch ran");
    }
    HistoryPlot.write(this, png, width, height);
  }

  private List<Double> values(String name) {
    List<Double> list = values.get(name);
    if (list == null) {
      throw new NoSuchElementException(
          "no '" + name + "' in the history; present: " + values.keySet());
    }
    return list;
  }

  @Override
  public String toString() {
    return "History" + values;
  }
}
