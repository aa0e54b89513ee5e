package dev.rnnc.processor.generate;

import com.palantir.javapoet.ClassName;

/**
 * The runtime types generated code refers to, by name (the processor does not link against them).
 */
final class RuntimeTypes {
  private RuntimeTypes() {}

  static final ClassName LAYER = ClassName.get("dev.rnnc.runtime", "Layer");
  static final ClassName VARIABLE = ClassName.get("dev.rnnc.runtime", "Variable");
  static final ClassName PACKED_LAYOUT = ClassName.get("dev.rnnc.runtime", "PackedLayout");
  static final ClassName INITIALIZER = ClassName.get("dev.rnnc.runtime", "Initializer");
  static final ClassName RNNC_MODEL = ClassName.get("dev.rnnc.runtime", "RnncModel");
  static final ClassName WEIGHTS = ClassName.get("dev.rnnc.runtime.io", "Weights");
  static final ClassName CELLS = ClassName.get("dev.rnnc.runtime.nn", "Cells");
  static final ClassName EMBEDDINGS = ClassName.get("dev.rnnc.runtime.nn", "Embeddings");
  static final ClassName MASKS = ClassName.get("dev.rnnc.runtime.nn", "Masks");
  static final ClassName MERGE = ClassName.get("dev.rnnc.runtime.nn", "Merge");
  static final ClassName INPUTS = ClassName.get("dev.rnnc.runtime.nn", "Inputs");
  static final ClassName OUTPUTS = ClassName.get("dev.rnnc.runtime.nn", "Outputs");
  static final ClassName KERNELS = ClassName.get("dev.rnnc.runtime.simd", "Kernels");
  static final ClassName ACTIVATION = ClassName.get("dev.rnnc.runtime.simd", "Activation");
  static final ClassName SIMPLE_RNN_STEP = ClassName.get("dev.rnnc.runtime.simd", "SimpleRnnStep");
}
