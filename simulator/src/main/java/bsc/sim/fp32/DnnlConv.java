package bsc.sim.fp32;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One 2-D convolution as a oneDNN primitive made once: dense NHWC source and destination wrapped in place
 * (no copies), the weight reordered once into the blocked layout oneDNN picks for this shape, bias and an
 * optional fused activation and residual sum (dst = conv + dst) as post-ops. libnd4j's conv2d calls the same
 * library but builds the primitive and re-lays out the weight on every call (0.25-0.7 ms per ResNet-50
 * conv, DNNL_VERBOSE; docs/BENCHMARKS.md, FP32 executor). Not thread-safe: one executor runs it.
 */
final class DnnlConv implements AutoCloseable {
  /** oneDNN's DNNL_MEMORY_ALLOCATE: let the library allocate a memory object's buffer. */
  private static final Pointer ALLOCATE = new Pointer() {
    {
      address = -1L;
    }
  };

  /** The geometry of one conv call: NCHW input shape, OIHW weight shape, strides, begin/end pads, groups. */
  record Geometry(long[] input, long[] weight, long[] strides, long[] padBegin, long[] padEnd, long[] dilations,
      int group) {
    long outH() {
      return out(2, 0);
    }

    long outW() {
      return out(3, 1);
    }

    private long out(int axis, int i) {
      long k = (weight[axis] - 1) * dilations[i] + 1;
      return (input[axis] + padBegin[i] + padEnd[i] - k) / strides[i] + 1;
    }

    long[] output() {
      return new long[] {input[0], weight[0], outH(), outW()};
    }
  }

  private final dnnl_primitive conv = new dnnl_primitive();
  private final dnnl_memory src = new dnnl_memory();
  private final dnnl_memory dst = new dnnl_memory();
  private final dnnl_memory weights = new dnnl_memory();
  private final dnnl_memory bias;
  private final FloatPointer biasData;
  private final dnnl_exec_arg_t args;
  private final Geometry geometry;

  /** Builds the primitive for {@code g}; {@code w} (OIHW, C order) and {@code b} are read once here. */
  DnnlConv(Geometry g, INDArray w, INDArray b, PrimitiveConv.PostOp act, boolean sum) {
    this.geometry = g;
    dnnl_engine engine = Dnnl.engine();
    dnnl_memory_desc_t srcMd = md(g.input(), dnnl_nhwc);
    dnnl_memory_desc_t dstMd = md(g.output(), dnnl_nhwc);
    long[] wDims = weightDims(g);
    dnnl_memory_desc_t wAny = md(wDims, dnnl_format_tag_any);
    dnnl_memory_desc_t bMd = b == null ? null : md(new long[] {g.weight()[0]}, dnnl_x);
    long[] dil = {g.dilations()[0] - 1, g.dilations()[1] - 1};
    dnnl_convolution_desc_t desc = new dnnl_convolution_desc_t();
    check(dnnl_dilated_convolution_forward_desc_init(desc, dnnl_forward_inference, dnnl_convolution_direct,
        srcMd, wAny, bMd, dstMd, g.strides().clone(), dil, g.padBegin().clone(), g.padEnd().clone()), "conv desc");
    dnnl_primitive_attr attr = new dnnl_primitive_attr();
    check(dnnl_primitive_attr_create(attr), "attr");
    dnnl_post_ops ops = new dnnl_post_ops();
    check(dnnl_post_ops_create(ops), "post-ops");
    if (sum) {
      check(dnnl_post_ops_append_sum(ops, 1f), "sum post-op");
    }
    if (act != null) {
      check(dnnl_post_ops_append_eltwise(ops, 1f, act.algorithm(), act.alpha(), act.beta()), "eltwise post-op");
    }
    check(dnnl_primitive_attr_set_post_ops(attr, ops), "post-ops");
    dnnl_primitive_desc pd = new dnnl_primitive_desc();
    try {
      check(dnnl_primitive_desc_create(pd, new org.bytedeco.dnnl.const_dnnl_op_desc_t(desc), attr, engine, null), "conv primitive desc");
      check(dnnl_primitive_create(conv, pd), "conv primitive");
      dnnl_memory_desc_t wMd = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
      check(dnnl_memory_create(weights, wMd, engine, ALLOCATE), "weight memory");
      reorderWeight(engine, md(wDims, g.group() == 1 ? dnnl_oihw : dnnl_goihw), wMd, w);
    } finally {
      dnnl_primitive_desc_destroy(pd);
      dnnl_post_ops_destroy(ops);
      dnnl_primitive_attr_destroy(attr);
    }
    check(dnnl_memory_create(src, srcMd, engine, null), "src memory");
    check(dnnl_memory_create(dst, dstMd, engine, null), "dst memory");
    if (b != null) {
      biasData = new FloatPointer(b.reshape(b.length()).toFloatVector());
      bias = new dnnl_memory();
      check(dnnl_memory_create(bias, bMd, engine, biasData), "bias memory");
    } else {
      biasData = null;
      bias = null;
    }
    args = new dnnl_exec_arg_t(b == null ? 3 : 4);
    args.position(0).arg(DNNL_ARG_SRC).memory(src);
    args.position(1).arg(DNNL_ARG_WEIGHTS).memory(weights);
    args.position(2).arg(DNNL_ARG_DST).memory(dst);
    if (b != null) {
      args.position(3).arg(DNNL_ARG_BIAS).memory(bias);
    }
    args.position(0);
  }

  Geometry geometry() {
    return geometry;
  }

  /**
   * Runs on dense C-ordered NHWC arrays: {@code x} [N, H, W, Cin] and {@code y} [N, OH, OW, Cout]; with the
   * sum post-op, {@code y} holds the addend on entry.
   */
  void run(INDArray x, INDArray y) {
    check(dnnl_memory_set_data_handle(src, address(x)), "src handle");
    check(dnnl_memory_set_data_handle(dst, address(y)), "dst handle");
    dnnl_stream s = Dnnl.stream();
    check(dnnl_primitive_execute(conv, s, bias == null ? 3 : 4, args), "conv execute");
    check(dnnl_stream_wait(s), "stream wait");
  }

  @Override
  public void close() {
    dnnl_primitive_destroy(conv);
    dnnl_memory_destroy(src);
    dnnl_memory_destroy(dst);
    dnnl_memory_destroy(weights);
    if (bias != null) {
      dnnl_memory_destroy(bias);
      biasData.close();
    }
    args.close();
  }

  private static long[] weightDims(Geometry g) {
    long[] w = g.weight();
    if (g.group() == 1) {
      return w.clone();
    }
    return new long[] {g.group(), w[0] / g.group(), w[1], w[2], w[3]};
  }

  private void reorderWeight(dnnl_engine engine, dnnl_memory_desc_t userMd, dnnl_memory_desc_t wMd, INDArray w) {
    dnnl_memory user = new dnnl_memory();
    check(dnnl_memory_create(user, userMd, engine, address(w)), "user weight memory");
    dnnl_primitive_desc rpd = new dnnl_primitive_desc();
    dnnl_primitive reorder = new dnnl_primitive();
    dnnl_exec_arg_t rargs = new dnnl_exec_arg_t(2);
    try {
      check(dnnl_reorder_primitive_desc_create(rpd, userMd, engine, wMd, engine, null), "weight reorder desc");
      check(dnnl_primitive_create(reorder, rpd), "weight reorder");
      rargs.position(0).arg(DNNL_ARG_FROM).memory(user);
      rargs.position(1).arg(DNNL_ARG_TO).memory(weights);
      rargs.position(0);
      check(dnnl_primitive_execute(reorder, Dnnl.stream(), 2, rargs), "weight reorder");
      check(dnnl_stream_wait(Dnnl.stream()), "stream wait");
    } finally {
      dnnl_primitive_destroy(reorder);
      dnnl_primitive_desc_destroy(rpd);
      dnnl_memory_destroy(user);
      rargs.close();
    }
  }

  private static dnnl_memory_desc_t md(long[] dims, int tag) {
    dnnl_memory_desc_t md = new dnnl_memory_desc_t();
    check(dnnl_memory_desc_init_by_tag(md, dims.length, dims.clone(), dnnl_f32, tag), "memory desc");
    return md;
  }

  /** The native address of a dense array's first element. */
  private static Pointer address(INDArray a) {
    if (!ChannelsLast.dense(a) || a.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT) {
      throw new IllegalArgumentException("oneDNN conv needs a dense float array, got " + a.shapeInfoToString());
    }
    return new FloatPointer(a.data().addressPointer()).position(a.offset());
  }

  static void check(int status, String what) {
    if (status != dnnl_success) {
      throw new IllegalStateException("oneDNN " + what + " failed with status " + status);
    }
  }
}
