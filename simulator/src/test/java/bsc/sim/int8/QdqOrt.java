package bsc.sim.int8;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import bsc.ir.Tensor;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ONNX Runtime on a float-in, float-out model (an exported QDQ model): the oracle of the INT8 executor.
 * With all graph optimizations ORT fuses the QDQ units into integer kernels (QLinearConv and friends);
 * with none it runs every float op on the dequantized values.
 */
final class QdqOrt implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;

  QdqOrt(byte[] model, int threads, boolean optimize) {
    env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "bsc-int8");
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(optimize ? OrtSession.SessionOptions.OptLevel.ALL_OPT
          : OrtSession.SessionOptions.OptLevel.NO_OPT);
      session = env.createSession(model, options);
    } catch (OrtException e) {
      throw new AssertionError("ONNX Runtime cannot load the model: " + e.getMessage(), e);
    }
  }

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

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
