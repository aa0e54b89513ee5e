package dev.rnnc.graphs;

import dev.rnnc.annotations.Average;
import dev.rnnc.annotations.Backward;
import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Forward;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.Multiply;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Bidirectional layers whose backward direction is a layer of its own (Keras' {@code
 * backward_layer}), and layers of {@code mergeMode = "none"} whose directions are read apart.
 */
final class BidirectionalModels {
  private BidirectionalModels() {}

  /** Forward LSTM(6), backward GRU(6), concatenated per timestep. */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  interface BackwardGruConcat {
    @Bidirectional(backwardLayer = "reverse")
    @LSTM(units = 6, returnSequences = true)
    Layer encoder();

    @GRU(units = 6, returnSequences = true, goBackwards = true)
    Layer reverse();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);

    float[][][] predict(float[][][] x);
  }

  /** returnState: forward GRU h, then the backward SimpleRNN's h. */
  @RnnModel(input = @Input(name = "x", timesteps = 5, features = 3))
  interface BackwardStates {
    @Bidirectional(backwardLayer = "reverse")
    @GRU(units = 4, returnState = true)
    Layer encoder();

    @SimpleRNN(units = 4, activation = "relu", returnState = true, goBackwards = true)
    Layer reverse();

    record Encoded(float[] output, float[] forwardH, float[] backwardH) {}

    Encoded encode(float[][] x);
  }

  /** A mask through a forward GRU(5) and a backward LSTM(5), summed. */
  @RnnModel(input = @Input(name = "x", timesteps = 7, features = 2))
  interface BackwardMaskedSum {
    @Masking
    Layer padding();

    @Bidirectional(mergeMode = "sum", backwardLayer = "reverse")
    @GRU(units = 5, returnSequences = true)
    Layer encoder();

    @LSTM(units = 5, returnSequences = true, goBackwards = true)
    Layer reverse();

    @Dense(units = 3)
    Layer head();

    float[][] predict(float[][] x);
  }

  /**
   * mergeMode "none": the forward sequence through a Dense, concatenated after the backward
   * sequence.
   */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  interface NoneConcatReversed {
    @Bidirectional(mergeMode = "none")
    @LSTM(units = 4, returnSequences = true)
    Layer encoder();

    @Dense(units = 3)
    Layer tags(@Forward Layer encoder);

    @Concatenate
    Layer joined(@Backward("encoder") Layer backward, Layer tags);

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][] x);

    float[][][] predict(float[][][] x);
  }

  /** mergeMode "none" under a mask: both directions carry it into their Average and an LSTM. */
  @RnnModel(input = @Input(name = "x", timesteps = 7, features = 2))
  interface NoneMaskedAverage {
    @Masking
    Layer padding();

    @Bidirectional(mergeMode = "none")
    @GRU(units = 3, returnSequences = true)
    Layer encoder();

    @Average
    Layer mean(@Forward("encoder") Layer forward, @Backward("encoder") Layer backward);

    @LSTM(units = 2)
    Layer summary();

    float[] predict(float[][] x);
  }

  /** mergeMode "none" without sequences: the last outputs of both directions, multiplied. */
  @RnnModel(input = @Input(name = "x", timesteps = 5, features = 3))
  interface NoneVectors {
    @Bidirectional(mergeMode = "none")
    @SimpleRNN(units = 4)
    Layer encoder();

    @Multiply
    Layer product(@Forward("encoder") Layer forward, @Backward("encoder") Layer backward);

    @Dense(units = 1)
    Layer head();

    float[] predict(float[][] x);
  }

  /** The two directions as the model's outputs (Keras: keras.Model(x, [forward, backward])). */
  record Directions(float[][] forward, float[][] backward) {}

  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  interface NoneModelOutputSeq {
    @Masking
    Layer padding(Layer x);

    @Bidirectional(mergeMode = "none")
    @LSTM(units = 4, returnSequences = true)
    Layer encoder();

    Directions predict(float[][] x);

    Directions[] predict(float[][][] batch);
  }

  /** The last output of each direction. */
  record LastOutputs(float[] forward, float[] backward) {}

  @RnnModel(input = @Input(name = "x", timesteps = 5, features = 2))
  interface NoneModelOutputLast {
    @Bidirectional(mergeMode = "none")
    @GRU(units = 3)
    Layer encoder(Layer x);

    LastOutputs predict(float[][] x);

    LastOutputs[] predict(float[][][] batch);

    /** One direction alone, as keras.Model(x, forward) of the same layer would return it. */
    @Forward
    float[] forward(float[][] x);

    @Backward
    float[] backward(float[][] x);
  }

  /** keras.Model(x, forward): merge_mode=None, the forward sequence the model's one output. */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  interface NoneModelOutputForward {
    @Bidirectional(mergeMode = "none")
    @LSTM(units = 4, returnSequences = true)
    Layer encoder(Layer x);

    @Forward
    float[][] predict(float[][] x);

    @Forward
    float[][][] predict(float[][][] batch);

    @Forward
    void predictInto(float[][][] batch, float[][][] out);
  }

  /** keras.Model(x, backward): the backward direction's last output. */
  @RnnModel(input = @Input(name = "x", timesteps = 5, features = 2))
  interface NoneModelOutputBackwardLast {
    @Bidirectional(mergeMode = "none")
    @GRU(units = 3)
    Layer encoder(Layer x);

    @Backward
    float[] predict(float[][] x);

    @Backward
    void predictInto(float[][] x, float[] out);
  }

  /** A head on the forward sequence beside the backward sequence: keras.Model(x, [tags, bwd]). */
  record TagsAndBackward(float[][] tags, float[][] encoderBackward) {}

  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  interface NoneBackwardBesideHead {
    @Bidirectional(mergeMode = "none")
    @LSTM(units = 4, returnSequences = true)
    Layer encoder(Layer x);

    @Dense(units = 2)
    Layer tags(@Forward Layer encoder);

    TagsAndBackward predict(float[][] x);

    TagsAndBackward[] predict(float[][][] batch);
  }
}
