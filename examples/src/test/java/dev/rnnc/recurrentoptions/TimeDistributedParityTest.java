package dev.rnnc.recurrentoptions;

import org.junit.jupiter.api.Test;

/**
 * {@code @TimeDistributed @Dense} against Keras 3.15, weights under h5 {@code
 * time_distributed/layer}.
 */
class TimeDistributedParityTest {

  @Test
  void softmaxPerTimestepAfterLstm() throws Exception {
    KerasFixture f = KerasFixture.load("time_distributed_dense");
    RnncTimeDistributedDense model = RnncTimeDistributedDense.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }
}
