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
  static final ClassName MODEL_SUMMARY = ClassName.get("dev.rnnc.runtime", "ModelSummary");
  static final ClassName MODEL_GRAPH = ClassName.get("dev.rnnc.runtime", "ModelGraph");
  static final ClassName WEIGHTS = ClassName.get("dev.rnnc.runtime.io", "Weights");
  static final ClassName CELLS = ClassName.get("dev.rnnc.runtime.nn", "Cells");
  static final ClassName EMBEDDINGS = ClassName.get("dev.rnnc.runtime.nn", "Embeddings");
  static final ClassName SHARD_POOL = ClassName.get("dev.rnnc.runtime.train", "ShardPool");
  static final ClassName MASKS = ClassName.get("dev.rnnc.runtime.nn", "Masks");
  static final ClassName MERGE = ClassName.get("dev.rnnc.runtime.nn", "Merge");
  static final ClassName INPUTS = ClassName.get("dev.rnnc.runtime.nn", "Inputs");
  static final ClassName OUTPUTS = ClassName.get("dev.rnnc.runtime.nn", "Outputs");
  static final ClassName SEQUENCE_FIRST =
      ClassName.get("dev.rnnc.runtime.nn", "SequenceFirstBatches");
  static final ClassName KERNELS = ClassName.get("dev.rnnc.runtime.simd", "Kernels");
  static final ClassName ACTIVATION = ClassName.get("dev.rnnc.runtime.simd", "Activation");
  static final ClassName GRU_STEP = ClassName.get("dev.rnnc.runtime.simd", "GruStep");
  static final ClassName LSTM_STEP = ClassName.get("dev.rnnc.runtime.simd", "LstmStep");
  static final ClassName SIMPLE_RNN_STEP = ClassName.get("dev.rnnc.runtime.simd", "SimpleRnnStep");
  static final ClassName CELL_GRADIENTS = ClassName.get("dev.rnnc.runtime.nn", "CellGradients");
  static final ClassName PROJECTION_GRADIENTS =
      ClassName.get("dev.rnnc.runtime.nn", "ProjectionGradients");
  static final ClassName EMBEDDING_GRADIENTS =
      ClassName.get("dev.rnnc.runtime.nn", "EmbeddingGradients");
  static final ClassName RECURRENT_PANELS =
      ClassName.get("dev.rnnc.runtime.simd", "RecurrentPanels");
  static final ClassName MERGE_GRADIENTS = ClassName.get("dev.rnnc.runtime.nn", "MergeGradients");
  static final ClassName DROPOUTS = ClassName.get("dev.rnnc.runtime.nn", "Dropouts");
  static final ClassName RECURRENT_DROPOUTS =
      ClassName.get("dev.rnnc.runtime.nn", "RecurrentDropouts");
  static final ClassName FOLDED_TABLE = ClassName.get("dev.rnnc.runtime.nn", "FoldedTable");
  static final ClassName DENSE_COLUMN = ClassName.get("dev.rnnc.runtime.nn", "DenseColumn");
  static final ClassName DISTINCT_TOKENS = ClassName.get("dev.rnnc.runtime.nn", "DistinctTokens");
  static final ClassName TOUCHED_ROWS = ClassName.get("dev.rnnc.runtime.nn", "TouchedRows");
  static final ClassName DENSE_GRADIENTS = ClassName.get("dev.rnnc.runtime.nn", "DenseGradients");
  static final ClassName OPTIMIZER = ClassName.get("dev.rnnc.runtime.train", "Optimizer");
  static final ClassName KERAS_NAMES = ClassName.get("dev.rnnc.runtime.train", "KerasNames");
  static final ClassName METRICS = ClassName.get("dev.rnnc.runtime.train", "Metrics");
  static final ClassName OUTPUT_LAYOUT = ClassName.get("dev.rnnc.runtime.train", "OutputLayout");
  static final ClassName TRAINING_OUTPUT =
      ClassName.get("dev.rnnc.runtime.train", "TrainingOutput");
  static final ClassName TRAINING_OUTPUTS =
      ClassName.get("dev.rnnc.runtime.train", "TrainingOutputs");
  static final ClassName TRAINING_DATA = ClassName.get("dev.rnnc.runtime.train", "TrainingData");
  static final ClassName TRAINING_STATE = ClassName.get("dev.rnnc.runtime.train", "TrainingState");
  static final ClassName TRAINABLE_MODEL =
      ClassName.get("dev.rnnc.runtime.train", "TrainableModel");
  static final ClassName DROPOUT_RANDOM = ClassName.get("dev.rnnc.runtime.nn", "DropoutRandom");
  static final ClassName SAMPLE_CLASSES = ClassName.get("dev.rnnc.runtime.train", "SampleClasses");
  static final ClassName CARRIED_STATES = ClassName.get("dev.rnnc.runtime.train", "CarriedStates");
  static final ClassName FIT_LOOP = ClassName.get("dev.rnnc.runtime.train", "FitLoop");
  static final ClassName FIT_OPTIONS = ClassName.get("dev.rnnc.runtime.train", "FitOptions");
  static final ClassName HISTORY = ClassName.get("dev.rnnc.runtime.train", "History");
  static final ClassName LOGS = ClassName.get("dev.rnnc.runtime.train", "Logs");
}
