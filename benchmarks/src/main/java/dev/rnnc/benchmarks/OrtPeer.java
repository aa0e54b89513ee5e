package dev.rnnc.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * ONNX Runtime Java running one benchmark model, set up as favourably as its API allows: one
 * session, the input and output tensors created once over direct buffers (the output pinned, so
 * ONNX Runtime writes into it), all graph optimisations, and a fixed number of intra-op threads (1
 * for latency). A call copies the input into the input buffer and runs the session.
 */
public final class OrtPeer implements AutoCloseable {
  private final OrtSession session;
  private final OnnxTensor input;
  private final OnnxTensor output;
  private final Map<String, OnnxTensor> inputs;
  private final Map<String, OnnxTensor> outputs;
  private final FloatBuffer floats;
  private final LongBuffer tokens;
  private final FloatBuffer result;

  private OrtPeer(
      String model, long[] inputShape, boolean tokenInput, long[] outputShape, int threads)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(ModelFiles.bytes(model + ".onnx"), options);
    }
    int in = (int) product(inputShape);
    ByteBuffer inBytes =
        ByteBuffer.allocateDirect(in * (tokenInput ? 8 : 4)).order(ByteOrder.nativeOrder());
    if (tokenInput) {
      tokens = inBytes.asLongBuffer();
      floats = null;
      input = OnnxTensor.createTensor(env, tokens, inputShape);
    } else {
      floats = inBytes.asFloatBuffer();
      tokens = null;
      input = OnnxTensor.createTensor(env, floats, inputShape);
    }
    result =
        ByteBuffer.allocateDirect((int) product(outputShape) * 4)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    output = OnnxTensor.createTensor(env, result, outputShape);
    inputs = Map.of("input", input);
    outputs = Map.of("output", output);
  }

  /** A model with float input of {@code inputShape} (batch first). */
  public static OrtPeer floats(String model, long[] inputShape, long[] outputShape, int threads) {
    try {
      return new OrtPeer(model, inputShape, false, outputShape, threads);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load " + model + ".onnx", e);
    }
  }

  /** A model with int64 token input of {@code inputShape} (batch first). */
  public static OrtPeer tokens(String model, long[] inputShape, long[] outputShape, int threads) {
    try {
      return new OrtPeer(model, inputShape, true, outputShape, threads);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load " + model + ".onnx", e);
    }
  }

  /** Copies one (T, F) sample into the input at batch index {@code b}. */
  public void put(int b, float[][] sample) {
    int at = b * sample.length * sample[0].length;
    for (float[] step : sample) {
      floats.put(at, step);
      at += step.length;
    }
  }

  /** Copies one token sample into the input at batch index {@code b}. */
  public void put(int b, int[] ids) {
    int at = b * ids.length;
    for (int id : ids) {
      tokens.put(at++, id);
    }
  }

  /** Runs the session on the current input; the outputs are then in {@link #output()}. */
  public void run() {
    try {
      session.run(inputs, outputs).close(); // pinned outputs stay open
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The output tensor's buffer, batch first. */
  public FloatBuffer output() {
    return result;
  }

  @Override
  public void close() {
    try {
      input.close();
      output.close();
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
