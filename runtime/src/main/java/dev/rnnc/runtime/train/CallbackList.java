package dev.rnnc.runtime.train;

import java.util.List;

/** Calls every callback's hook in order (Keras' {@code CallbackList}). */
final class CallbackList {
  private final Callback[] callbacks;

  CallbackList(List<Callback> callbacks) {
    this.callbacks = callbacks.toArray(Callback[]::new);
  }

  void setContext(FitContext context) {
    for (Callback c : callbacks) {
      c.setContext(context);
    }
  }

  void onTrainBegin(Logs logs) {
    for (Callback c : callbacks) {
      c.onTrainBegin(logs);
    }
  }

  void onTrainEnd(Logs logs) {
    for (Callback c : callbacks) {
      c.onTrainEnd(logs);
    }
  }

  void onEpochBegin(int epoch, Logs logs) {
    for (Callback c : callbacks) {
      c.onEpochBegin(epoch, logs);
    }
  }

  void onEpochEnd(int epoch, Logs logs) {
    for (Callback c : callbacks) {
      c.onEpochEnd(epoch, logs);
    }
  }

  void onTrainBatchBegin(int batch, Logs logs) {
    for (Callback c : callbacks) {
      c.onTrainBatchBegin(batch, logs);
    }
  }

  void onTrainBatchEnd(int batch, Logs logs) {
    for (Callback c : callbacks) {
      c.onTrainBatchEnd(batch, logs);
    }
  }

  void onTestBegin(Logs logs) {
    for (Callback c : callbacks) {
      c.onTestBegin(logs);
    }
  }

  void onTestEnd(Logs logs) {
    for (Callback c : callbacks) {
      c.onTestEnd(logs);
    }
  }

  void onTestBatchEnd(int batch, Logs logs) {
    for (Callback c : callbacks) {
      c.onTestBatchEnd(batch, logs);
    }
  }
}
