package bsc.sim.fp32;

import bsc.ir.OpType;
import java.util.EnumMap;
import java.util.Map;

/** The kernel of each op kind: the one table that dispatches {@link OpType} to code. */
final class Kernels {
  private static final Map<OpType, OpKernel> TABLE = new EnumMap<>(OpType.class);

  static {
    TABLE.put(OpType.CONV, new ConvKernel());
    TABLE.put(OpType.GEMM, new GemmKernel());
    TABLE.put(OpType.MAT_MUL, new MatMulKernel());
    TABLE.put(OpType.BATCH_NORMALIZATION, new BatchNormKernel());
    TABLE.put(OpType.RELU, new ReluKernel());
    TABLE.put(OpType.LEAKY_RELU, new LeakyReluKernel());
    TABLE.put(OpType.SIGMOID, new SigmoidKernel());
    TABLE.put(OpType.CLIP, new ClipKernel());
    TABLE.put(OpType.IDENTITY, new IdentityKernel());
    TABLE.put(OpType.DROPOUT, new IdentityKernel());
    TABLE.put(OpType.SOFTMAX, new SoftmaxKernel());
    TABLE.put(OpType.MAX_POOL, new PoolKernel(true));
    TABLE.put(OpType.AVERAGE_POOL, new PoolKernel(false));
    TABLE.put(OpType.GLOBAL_AVERAGE_POOL, new GlobalPoolKernel(false));
    TABLE.put(OpType.GLOBAL_MAX_POOL, new GlobalPoolKernel(true));
    TABLE.put(OpType.ADD, new BinaryKernel(Broadcast.ADD));
    TABLE.put(OpType.SUB, new BinaryKernel(Broadcast.SUB));
    TABLE.put(OpType.MUL, new BinaryKernel(Broadcast.MUL));
    TABLE.put(OpType.DIV, new BinaryKernel(Broadcast.DIV));
    TABLE.put(OpType.CONCAT, new ConcatKernel());
    TABLE.put(OpType.FLATTEN, new FlattenKernel());
    TABLE.put(OpType.RESHAPE, new ReshapeKernel());
    TABLE.put(OpType.TRANSPOSE, new TransposeKernel());
    TABLE.put(OpType.SQUEEZE, new SqueezeKernel());
    TABLE.put(OpType.UNSQUEEZE, new UnsqueezeKernel());
    TABLE.put(OpType.SHAPE, new ShapeKernel());
    TABLE.put(OpType.GATHER, new GatherKernel());
    TABLE.put(OpType.SPLIT, new SplitKernel());
    TABLE.put(OpType.CAST, new CastKernel());
    TABLE.put(OpType.PAD, new PadKernel());
    TABLE.put(OpType.QUANTIZE_LINEAR, new QuantizeKernel());
    TABLE.put(OpType.DEQUANTIZE_LINEAR, new DequantizeKernel());
  }

  private Kernels() {}

  static OpKernel of(OpType op) {
    OpKernel k = TABLE.get(op);
    if (k == null) {
      throw new bsc.ir.BscException("", "the FP32 executor has no kernel for " + op.onnxName());
    }
    return k;
  }
}
