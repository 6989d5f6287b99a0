package bsc.sparsify.train;

import bsc.ir.OpType;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.nd4j.autodiff.samediff.SDVariable;

/** The op kinds bsc can train, each with its lowering to SameDiff. */
final class OpLowerings {
  private static final Map<OpType, OpLowering> BY_OP = new EnumMap<>(OpType.class);

  static {
    BY_OP.put(OpType.CONV, new ConvLowering());
    BY_OP.put(OpType.BATCH_NORMALIZATION, new BatchNormLowering());
    BY_OP.put(OpType.RELU, new ReluLowering());
    BY_OP.put(OpType.MAX_POOL, new PoolLowering(true));
    BY_OP.put(OpType.AVERAGE_POOL, new PoolLowering(false));
    BY_OP.put(OpType.GLOBAL_AVERAGE_POOL, new GlobalPoolLowering(false));
    BY_OP.put(OpType.GLOBAL_MAX_POOL, new GlobalPoolLowering(true));
    BY_OP.put(OpType.ADD, new ElementwiseLowering(SDVariable::add));
    BY_OP.put(OpType.SUB, new ElementwiseLowering(SDVariable::sub));
    BY_OP.put(OpType.MUL, new ElementwiseLowering(SDVariable::mul));
    BY_OP.put(OpType.CONCAT, new ConcatLowering());
    BY_OP.put(OpType.FLATTEN, new FlattenLowering());
    BY_OP.put(OpType.GEMM, new GemmLowering());
    BY_OP.put(OpType.MAT_MUL, new GemmLowering());
    BY_OP.put(OpType.SOFTMAX, new SoftmaxLowering());
    BY_OP.put(OpType.IDENTITY, new IdentityLowering());
    BY_OP.put(OpType.DROPOUT, new IdentityLowering());
  }

  private OpLowerings() {}

  static OpLowering of(OpType op) {
    return BY_OP.get(op);
  }

  static String supportedNames() {
    return BY_OP.keySet().stream().map(OpType::onnxName).collect(Collectors.joining(", "));
  }
}
