package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * What the layer emitters contribute to the generated class, collected in layer order and
 * assembled by {@link ModelGenerator}.
 */
final class ClassParts {
  /** A per-timestep array, reallocated when a longer sequence arrives (variable timesteps only). */
  record SequenceArray(String field, String rowWidth) {}

  final List<FieldSpec> constants = new ArrayList<>();
  final List<FieldSpec> configs = new ArrayList<>();
  final List<FieldSpec> weights = new ArrayList<>();
  final List<FieldSpec> scratch = new ArrayList<>();
  final List<FieldSpec> handles = new ArrayList<>();
  final List<SequenceArray> sequenceArrays = new ArrayList<>();
  final CodeBlock.Builder layerHandles = CodeBlock.builder();
  final List<String> layerNames = new ArrayList<>();
  final List<MethodSpec> forwardMethods = new ArrayList<>();
  final CodeBlock.Builder forwardCalls = CodeBlock.builder();
  final List<MethodSpec> resetMethods = new ArrayList<>();
  final List<String> statefulLayers = new ArrayList<>();
  /** The layer that starts from states a call passes, when some call does; else null. */
  String initialStateLayer;
  /** The embedding folded into the next layer's input projection, or null (see {@link Folding}). */
  Folding folding;
  /** Whether some layer writes the shared {@code boolean[] mask}. */
  boolean hasMask;

  /** Whether the sequence length is only known per call (per-timestep arrays then grow). */
  final boolean variableTimesteps;
  /** Whether layer methods take the number of timesteps (variable length, or one-step calls). */
  final boolean timestepsParameter;

  ClassParts(boolean variableTimesteps, boolean stepCalls) {
    this.variableTimesteps = variableTimesteps;
    this.timestepsParameter = variableTimesteps || stepCalls;
  }

  /** The expression for the current number of timesteps inside a layer method. */
  String timesteps() {
    return timestepsParameter ? "timesteps" : "TIMESTEPS";
  }

  /** Declares the shared per-timestep mask, once. */
  void mask() {
    if (hasMask) {
      return;
    }
    hasMask = true;
    if (variableTimesteps) {
      scratch.add(FieldSpec.builder(boolean[].class, "mask", Modifier.PRIVATE).initializer("new boolean[0]").build());
      sequenceArrays.add(new SequenceArray("mask", null));
    } else {
      scratch.add(FieldSpec.builder(boolean[].class, "mask", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Which timesteps are real (true) or padding, written by the layer that makes the mask.\n")
          .initializer("new boolean[TIMESTEPS]").build());
    }
  }

  /** Adds {@code static final int NAME = value;} (the class Javadoc explains the suffixes). */
  void constant(String name, int value) {
    constant(name, Integer.toString(value));
  }

  /** Adds a derived constant, e.g. {@code ENCODER_GATES = 4 * ENCODER_STRIDE}. */
  void constant(String name, String expression) {
    constants.add(FieldSpec.builder(TypeName.INT, name, Modifier.STATIC, Modifier.FINAL)
        .initializer(expression)
        .build());
  }

  /** Adds a weight array of the given size expression. */
  void weight(String field, String size, String javadoc) {
    weights.add(FieldSpec.builder(float[].class, field, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc(javadoc)
        .initializer("new float[$L]", size)
        .build());
  }

  /** Adds a scratch array of a fixed size expression. */
  void scratch(String field, String size) {
    scratch.add(FieldSpec.builder(float[].class, field, Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new float[$L]", size)
        .build());
  }

  /** Adds an array with one row of {@code rowWidth} floats per timestep. */
  void perTimestep(String field, String rowWidth) {
    if (variableTimesteps) {
      scratch.add(FieldSpec.builder(float[].class, field, Modifier.PRIVATE).initializer("new float[0]").build());
      sequenceArrays.add(new SequenceArray(field, rowWidth));
    } else {
      scratch.add(FieldSpec.builder(float[].class, field, Modifier.PRIVATE, Modifier.FINAL)
          .initializer("new float[TIMESTEPS * $L]", rowWidth)
          .build());
    }
  }
}
