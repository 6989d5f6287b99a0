package bsc.sim.fp32;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Starts ND4J once per JVM, with a fixed thread count. This is the only place that first touches
 * {@link Nd4j}: its native start-up costs a second or more, so nothing outside FP32 execution may
 * reach it (DESIGN.md section 2).
 */
final class Nd4jRuntime {
  /** Default worker threads for ND4J's and oneDNN's parallel loops (and the benchmark's ORT). */
  static final int DEFAULT_THREADS = 2;
  private static int threads;

  private Nd4jRuntime() {}

  static synchronized void start(int wanted) {
    if (threads == wanted) {
      return;
    }
    if (threads == 0) {
      // ND4J prints its backend banner at INFO; keep it out of the CLI's output unless asked for.
      if (System.getProperty("org.slf4j.simpleLogger.log.org.nd4j") == null) {
        System.setProperty("org.slf4j.simpleLogger.log.org.nd4j", "warn");
      }
      // JavaCPP caps native memory at the Java heap's maximum by default; the weights and activations
      // live off the heap, so a small -Xmx must not make VGG-16's 550 MB of weights fail to allocate.
      for (String p : new String[] {"org.bytedeco.javacpp.maxBytes", "org.bytedeco.javacpp.maxPhysicalBytes"}) {
        if (System.getProperty(p) == null) {
          System.setProperty(p, "0");
        }
      }
    }
    var env = Nd4j.getEnvironment();
    env.setMaxThreads(wanted);
    env.setMaxMasterThreads(wanted);
    Nd4j.factory().blas().setMaxThreads(wanted);
    threads = wanted;
  }
}
