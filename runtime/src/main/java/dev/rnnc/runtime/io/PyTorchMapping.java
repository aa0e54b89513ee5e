package dev.rnnc.runtime.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tells {@link PyTorchWeights#load(java.nio.file.Path, dev.rnnc.runtime.RnncModel, PyTorchMapping)}
 * which PyTorch layer each rnnc layer takes, and which modules of the state_dict to leave out.
 * Immutable: each call returns a new mapping.
 *
 * <p>A PyTorch layer is named by its module path in the state_dict and, for layer {@code k} of a
 * multi-layer {@code nn.LSTM} / {@code nn.GRU} / {@code nn.RNN}, {@code [k]}:
 *
 * <pre>{@code
 * // class Net(nn.Module): self.rnn = nn.LSTM(3, 5, num_layers=2); self.out = nn.Linear(5, 1)
 * PyTorchMapping mapping = PyTorchMapping.byName()
 *     .layer("encoder", "rnn[0]")      // rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0
 *     .layer("summary", "rnn[1]")
 *     .layer("head", "out")            // out.weight, out.bias
 *     .ignore("decoder");              // decoder.* stays unused without an error
 * }</pre>
 *
 * A single-layer module can be named without {@code [0]}. Layers the mapping does not name are
 * matched as without a mapping (by name, then by kind; see {@link PyTorchWeights}).
 */
public final class PyTorchMapping {
  private static final PyTorchMapping EMPTY = new PyTorchMapping(Map.of(), Set.of());

  private final Map<String, String> layers;
  private final Set<String> ignored;

  private PyTorchMapping(Map<String, String> layers, Set<String> ignored) {
    this.layers = layers;
    this.ignored = ignored;
  }

  /** The empty mapping: every layer matched automatically. */
  public static PyTorchMapping byName() {
    return EMPTY;
  }

  /**
   * Adds: the rnnc layer {@code rnncLayer} takes the PyTorch layer {@code torchLayer}.
   *
   * @param rnncLayer the model's layer name (the interface method's name)
   * @param torchLayer a module path ({@code head}, {@code encoder.proj}) or a layer of a
   *     multi-layer recurrent module ({@code lstm[1]}); for a module saved on its own, whose
   *     tensors have no module prefix, {@code [k]} or the empty string
   * @throws IllegalArgumentException if {@code rnncLayer} is already mapped
   */
  public PyTorchMapping layer(String rnncLayer, String torchLayer) {
    Objects.requireNonNull(rnncLayer, "rnncLayer");
    Objects.requireNonNull(torchLayer, "torchLayer");
    if (layers.containsKey(rnncLayer)) {
      throw new IllegalArgumentException(
          rnncLayer + " is already mapped to " + layers.get(rnncLayer));
    }
    Map<String, String> copy = new LinkedHashMap<>(layers);
    copy.put(rnncLayer, torchLayer);
    return new PyTorchMapping(Collections.unmodifiableMap(copy), ignored);
  }

  /**
   * Adds: the tensors of module {@code modulePath} and its submodules ({@code modulePath.*}) are
   * not loaded, and their presence is no error. Use it for parts of a PyTorch model the rnnc model
   * does not have (a decoder, a second head).
   */
  public PyTorchMapping ignore(String modulePath) {
    Objects.requireNonNull(modulePath, "modulePath");
    Set<String> copy = new LinkedHashSet<>(ignored);
    copy.add(modulePath);
    return new PyTorchMapping(layers, Collections.unmodifiableSet(copy));
  }

  /** rnnc layer name → PyTorch layer, as given. */
  public Map<String, String> layers() {
    return layers;
  }

  /** The ignored module paths. */
  public Set<String> ignored() {
    return ignored;
  }

  /** Whether a tensor lies under an ignored module. */
  boolean ignores(String tensorName) {
    for (String prefix : ignored) {
      if (prefix.isEmpty() || tensorName.equals(prefix) || tensorName.startsWith(prefix + ".")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "PyTorchMapping" + layers + (ignored.isEmpty() ? "" : " ignoring " + ignored);
  }
}
