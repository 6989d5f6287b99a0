package bsc.sim.fp32;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_stream;

/**
 * The oneDNN CPU engine (one per JVM) and a stream per thread. Like {@link Nd4jRuntime}, the only door
 * to the native library: nothing outside FP32 execution may load it (DESIGN.md section 2).
 */
final class Dnnl {
  private static dnnl_engine engine;
  private static final ThreadLocal<dnnl_stream> STREAM = ThreadLocal.withInitial(() -> {
    dnnl_stream s = new dnnl_stream();
    DnnlConv.check(dnnl_stream_create(s, engine(), dnnl_stream_default_flags), "stream");
    return s;
  });

  private Dnnl() {}

  static synchronized dnnl_engine engine() {
    if (engine == null) {
      dnnl_engine e = new dnnl_engine();
      DnnlConv.check(dnnl_engine_create(e, dnnl_cpu, 0), "CPU engine");
      engine = e;
    }
    return engine;
  }

  static dnnl_stream stream() {
    return STREAM.get();
  }
}
