package bsc.sparsify.train;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Starts ND4J for training, once per JVM: its start-up messages silenced unless asked for, JavaCPP's native
 * memory cap lifted (the trainer collects SameDiff's garbage itself, every few steps) and as many worker
 * threads as cores. Only {@code bsc train} and {@code bsc eval} reach this class (DESIGN.md section 2).
 *
 * <p>libnd4j's OpenMP threads spin while waiting; on a shared machine set OMP_WAIT_POLICY=passive in the
 * environment (the JVM cannot set it once started), which cut the CPU time per step about 3x here.
 */
final class Nd4jSetup {
  private static boolean started;

  private Nd4jSetup() {}

  static synchronized void start() {
    if (started) {
      return;
    }
    // ND4J logs its banner at INFO and warnings about its own op registry at WARN, on every start.
    if (System.getProperty("org.slf4j.simpleLogger.log.org.nd4j") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.org.nd4j", "error");
    }
    for (String p : new String[] {"org.bytedeco.javacpp.maxBytes", "org.bytedeco.javacpp.maxPhysicalBytes"}) {
      if (System.getProperty(p) == null) {
        System.setProperty(p, "0");
      }
    }
    int threads = Integer.getInteger("bsc.threads", Runtime.getRuntime().availableProcessors());
    var env = Nd4j.getEnvironment();
    env.setMaxThreads(threads);
    env.setMaxMasterThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
    started = true;
  }
}
