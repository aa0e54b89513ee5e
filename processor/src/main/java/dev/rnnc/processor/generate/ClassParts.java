package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * What the layer emitters contribute to the generated class, collected in layer order and assembled
 * by {@link ModelGenerator}.
 */
final class ClassParts {
  /**
   * A per-timestep array, reallocated when a longer sequence of its timeline arrives (variable
   * timesteps only).
   */
  record SequenceArray(String field, String rowWidth, Timeline timeline) {}

  /**
   * The timesteps of one model input, which every sequence derived from it shares.
   *
   * @param constant the constant of its fixed timesteps ({@code TIMESTEPS}, {@code
   *     ENCODER_TOKENS_TIMESTEPS})
   * @param argument what a layer call passes as {@code timesteps}: a variable of {@code run}, or
   *     the constant
   * @param variable whether the timesteps are known per call only (arrays then grow)
   * @param capacity the field holding how many timesteps its arrays hold (variable only)
   * @param ensure the method growing its arrays (variable only)
   * @param sample the name under which {@code run} receives the input's sample ({@code ids} for
   *     tokens)
   */
  record Timeline(
      String constant,
      String argument,
      boolean variable,
      String capacity,
      String ensure,
      String sample) {}

  /** The timeline of the layer being emitted. */
  Timeline timeline;

  /** The mask array reaching the layer being emitted, or null. */
  String maskField;

  /**
   * The state copies that start a recurrent direction ({@code @InitialState}), by the direction's
   * field prefix.
   */
  final java.util.Map<String, CodeBlock> initialStateCopies = new java.util.HashMap<>();

  final List<FieldSpec> constants = new ArrayList<>();
  final List<FieldSpec> configs = new ArrayList<>();
  final List<FieldSpec> weights = new ArrayList<>();

  /**
   * The arrays a call computes in: fields of the generated {@code Workspace}, one set per call
   * running at once.
   */
  final List<FieldSpec> scratch = new ArrayList<>();

  /**
   * Values derived from the weights, which every call reads (fields of the model); copies share
   * them as they share the weights.
   */
  final List<FieldSpec> caches = new ArrayList<>();

  /** The methods that rebuild {@link #caches} (methods of the model). */
  final List<MethodSpec> cacheMethods = new ArrayList<>();

  final List<FieldSpec> handles = new ArrayList<>();

  /**
   * Assigns the steps a model holds of its own (handles without an initializer), the original's for
   * a copy: run at the end of the constructor, when {@code layers} is set.
   */
  final CodeBlock.Builder modelSteps = CodeBlock.builder();

  /**
   * The {@link #handles} that hold custom cells: a training shard's copy of the model makes its own
   * (a cell's backward step writes the cell's gradients and scratch arrays).
   */
  final java.util.Set<String> cellHandles = new java.util.HashSet<>();

  final List<SequenceArray> sequenceArrays = new ArrayList<>();
  final CodeBlock.Builder layerHandles = CodeBlock.builder();
  final List<String> layerNames = new ArrayList<>();

  /** The methods that run the layers, in the generated {@code Workspace}. */
  final List<MethodSpec> forwardMethods = new ArrayList<>();

  final CodeBlock.Builder forwardCalls = CodeBlock.builder();
  final List<MethodSpec> resetMethods = new ArrayList<>();
  final List<String> statefulLayers = new ArrayList<>();

  /** Each stateful layer's carried state arrays, by the name of the method that zeroes them. */
  final java.util.Map<String, List<CarriedState>> carriedStates = new java.util.LinkedHashMap<>();

  /** In a graph model, what the layer being emitted consumes (for its config); null in a chain. */
  java.util.List<String> inbound;

  /** In a graph model, the layer whose states start the layer being emitted, or null. */
  String inboundInitialState;

  /** While a {@code @Shared} application is emitted: it adds no layer handle or config. */
  boolean applyingShared;

  /** {@code @Shared} layer methods and the layer each applies (whose handle they return). */
  /**
   * The output of each direction of a {@code mergeMode = "none"} Bidirectional layer, by {@code
   * Node.direction} key.
   */
  final java.util.Map<String, Buffer> directionOutputs = new java.util.HashMap<>();

  final java.util.Map<String, String> sharedNames = new java.util.LinkedHashMap<>();

  /**
   * The layer that starts from states a call passes, when some call does, else null; the last of
   * {@link #initialStateLayers}, after which the next call starts from zeros again.
   */
  String initialStateLayer;

  /**
   * Every layer that starts from states a call passes: the first recurrent layer, or every layer of
   * a {@code @Bidirectional} with {@code numLayers} (PyTorch's {@code h_0} of every layer).
   */
  java.util.Set<String> initialStateLayers = java.util.Set.of();

  /** The embedding folded into the next layer's input projection, or null (see {@link Folding}). */
  Folding folding;

  /** Whether some layer writes the shared {@code boolean[] mask}. */
  boolean hasMask;

  /**
   * Whether some call passes {@code @Packed} lengths: the workspace then has a {@code packed} flag,
   * set by every call, under which recurrent layers zero their sequence output past a sample's
   * length and keep their last real output as the last output (PyTorch's packed sequences).
   */
  boolean packedCalls;

  /** Whether some sequence length is only known per call (per-timestep arrays then grow). */
  final boolean variableTimesteps;

  /** Whether layer methods take the number of timesteps (variable length, or one-step calls). */
  final boolean timestepsParameter;

  ClassParts(boolean variableTimesteps, boolean stepCalls) {
    this.variableTimesteps = variableTimesteps;
    this.timestepsParameter = variableTimesteps || stepCalls;
    this.timeline =
        new Timeline(
            "TIMESTEPS", "timesteps", variableTimesteps, "capacity", "ensureCapacity", "ids");
  }

  /** The expression for the current number of timesteps inside a layer method. */
  String timesteps() {
    return timestepsParameter ? "timesteps" : timeline.constant();
  }

  /** Declares the per-timestep mask of a chain model, {@code mask}, once. */
  void mask() {
    mask(
        "mask",
        "Which timesteps are real (true) or padding, written by the layer that makes the mask.\n");
  }

  /** Declares a per-timestep mask array on the current timeline, once per name. */
  void mask(String field, String javadoc) {
    if (field.equals("mask")) {
      if (hasMask) {
        return;
      }
      hasMask = true;
    }
    if (timeline.variable()) {
      scratch.add(
          FieldSpec.builder(boolean[].class, field, Modifier.PRIVATE)
              .initializer("new boolean[0]")
              .build());
      sequenceArrays.add(new SequenceArray(field, null, timeline));
    } else {
      scratch.add(
          FieldSpec.builder(boolean[].class, field, Modifier.PRIVATE, Modifier.FINAL)
              .addJavadoc(javadoc)
              .initializer("new boolean[$L]", timeline.constant())
              .build());
    }
  }

  /** Adds {@code static final int NAME = value;} (the class Javadoc explains the suffixes). */
  void constant(String name, int value) {
    constant(name, Integer.toString(value));
  }

  /** Adds a derived constant, e.g. {@code ENCODER_GATES = 4 * ENCODER_STRIDE}. */
  void constant(String name, String expression) {
    constants.add(
        FieldSpec.builder(TypeName.INT, name, Modifier.STATIC, Modifier.FINAL)
            .initializer(expression)
            .build());
  }

  /** Adds a weight array of the given size expression. */
  void weight(String field, String size, String javadoc) {
    weights.add(
        FieldSpec.builder(float[].class, field, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(javadoc)
            .initializer("new float[$L]", size)
            .build());
  }

  /** Adds a scratch array of a fixed size expression. */
  void scratch(String field, String size) {
    scratch.add(
        FieldSpec.builder(float[].class, field, Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new float[$L]", size)
            .build());
  }

  /** Adds an array with one row of {@code rowWidth} floats per timestep. */
  void perTimestep(String field, String rowWidth) {
    if (timeline.variable()) {
      scratch.add(
          FieldSpec.builder(float[].class, field, Modifier.PRIVATE)
              .initializer("new float[0]")
              .build());
      sequenceArrays.add(new SequenceArray(field, rowWidth, timeline));
    } else {
      scratch.add(
          FieldSpec.builder(float[].class, field, Modifier.PRIVATE, Modifier.FINAL)
              .initializer("new float[$L * $L]", timeline.constant(), rowWidth)
              .build());
    }
  }
}
