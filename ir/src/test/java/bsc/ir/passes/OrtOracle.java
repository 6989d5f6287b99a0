package bsc.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import bsc.ir.Graph;
import bsc.ir.Value;
import bsc.ir.onnxio.OnnxExporter;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * ONNX Runtime as the numerical oracle: a graph is exported with {@link OnnxExporter} and run unoptimized
 * (so ORT evaluates exactly the nodes written), and two graphs must compute the same outputs.
 */
final class OrtOracle {
  /** Largest error allowed, relative to the largest magnitude of the expected output. */
  static final double TOLERANCE = 1e-5;

  private OrtOracle() {}

  static Map<String, float[]> randomInputs(Graph g, long seed) {
    Random rnd = new Random(seed);
    Map<String, float[]> inputs = new LinkedHashMap<>();
    for (Value v : g.inputs()) {
      float[] x = new float[Math.toIntExact(v.type().shape().elements())];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rnd.nextGaussian();
      }
      inputs.put(v.name(), x);
    }
    return inputs;
  }

  /** Every graph output, by name, for the given float inputs. */
  static Map<String, float[]> run(Graph g, Map<String, float[]> inputs) {
    OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "bsc-tests");
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      try (OrtSession session = env.createSession(OnnxExporter.toBytes(g), options)) {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
          for (Value v : g.inputs()) {
            feeds.put(v.name(), OnnxTensor.createTensor(env, FloatBuffer.wrap(inputs.get(v.name())),
                v.type().shape().toArray()));
          }
          return outputs(g, session.run(feeds));
        } finally {
          feeds.values().forEach(OnnxTensor::close);
        }
      }
    } catch (OrtException e) {
      throw new AssertionError("ONNX Runtime failed on graph " + g.name() + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, float[]> outputs(Graph g, OrtSession.Result result) {
    try (result) {
      Map<String, float[]> out = new LinkedHashMap<>();
      for (Value v : g.outputs()) {
        OnnxValue value = result.get(v.name()).orElseThrow();
        FloatBuffer buf = ((OnnxTensor) value).getFloatBuffer();
        float[] x = new float[buf.remaining()];
        buf.get(x);
        out.put(v.name(), x);
      }
      return out;
    }
  }

  /** Runs both graphs on the same seeded inputs; every output must agree within {@link #TOLERANCE}. */
  static void assertSameOutputs(Graph expected, Graph actual, long seed) {
    Map<String, float[]> inputs = randomInputs(expected, seed);
    Map<String, float[]> want = run(expected, inputs);
    Map<String, float[]> got = run(actual, inputs);
    assertEquals(want.keySet(), got.keySet(), "graph outputs");
    for (String name : want.keySet()) {
      assertEquals(want.get(name).length, got.get(name).length, "elements of " + name);
      double error = maxRelativeError(want.get(name), got.get(name));
      assertTrue(error <= TOLERANCE, "output " + name + " differs: max relative error " + error);
    }
  }

  /** Max |a - b| over max |a|; fails when a is all zeros (a vacuous comparison). */
  static double maxRelativeError(float[] expected, float[] actual) {
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      diff = Math.max(diff, Math.abs((double) expected[i] - actual[i]));
    }
    assertTrue(scale > 0, "expected output is all zeros");
    return diff / scale;
  }
}
