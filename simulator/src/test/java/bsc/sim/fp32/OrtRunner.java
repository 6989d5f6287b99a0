package bsc.sim.fp32;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import bsc.ir.Tensor;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** An ONNX Runtime session (the numerical oracle and the benchmark's baseline) on float inputs. */
final class OrtRunner implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;

  OrtRunner(byte[] model, int threads) {
    env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "bsc-fp32");
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(model, options);
    } catch (OrtException e) {
      throw new AssertionError("ONNX Runtime cannot load the model: " + e.getMessage(), e);
    }
  }

  /** Every output, by name, for float inputs given as tensors. */
  Map<String, float[]> run(Map<String, Tensor> inputs) {
    Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
        feeds.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().toFloats()),
            e.getValue().shape().toArray()));
      }
      try (OrtSession.Result r = session.run(feeds)) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) {
          FloatBuffer b = ((OnnxTensor) e.getValue()).getFloatBuffer();
          float[] v = new float[b.remaining()];
          b.get(v);
          out.put(e.getKey(), v);
        }
        return out;
      }
    } catch (OrtException e) {
      throw new AssertionError("ONNX Runtime failed: " + e.getMessage(), e);
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  /** Max |expected - actual| over max |expected| (the largest logit magnitude). */
  static double maxRelativeError(float[] expected, float[] actual) {
    if (expected.length != actual.length) {
      return Double.POSITIVE_INFINITY;
    }
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      diff = Math.max(diff, Math.abs((double) expected[i] - actual[i]));
    }
    return scale == 0 ? diff : diff / scale;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
