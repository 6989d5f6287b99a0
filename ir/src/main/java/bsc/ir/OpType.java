package bsc.ir;

import bsc.ir.ops.ActivationOps;
import bsc.ir.ops.BatchNormOp;
import bsc.ir.ops.CastOp;
import bsc.ir.ops.ConcatOp;
import bsc.ir.ops.ConvOp;
import bsc.ir.ops.ElementwiseOp;
import bsc.ir.ops.FlattenOp;
import bsc.ir.ops.GatherOp;
import bsc.ir.ops.GemmOp;
import bsc.ir.ops.GlobalPoolOp;
import bsc.ir.ops.MatMulOp;
import bsc.ir.ops.PadOp;
import bsc.ir.ops.PoolOp;
import bsc.ir.ops.QuantizeOps;
import bsc.ir.ops.ReshapeOp;
import bsc.ir.ops.ShapeOp;
import bsc.ir.ops.SplitOp;
import bsc.ir.ops.SqueezeOps;
import bsc.ir.ops.TransposeOp;

/**
 * The operators bsc supports, each with its ONNX name and its schema. Import canonicalizes every opset
 * (7 to 18) to the newest form of each operator, so the IR has one meaning per op (e.g. Clip bounds,
 * Pad pads, Split sizes and Squeeze axes are always inputs). {@code Constant} nodes become initializers
 * at import, so there is no CONSTANT here.
 */
public enum OpType {
  CONV("Conv", new ConvOp()),
  GEMM("Gemm", new GemmOp()),
  MAT_MUL("MatMul", new MatMulOp()),
  BATCH_NORMALIZATION("BatchNormalization", new BatchNormOp()),
  RELU("Relu", ActivationOps.unary()),
  LEAKY_RELU("LeakyRelu", ActivationOps.unary()),
  SIGMOID("Sigmoid", ActivationOps.unary()),
  CLIP("Clip", ActivationOps.clip()),
  IDENTITY("Identity", ActivationOps.identity()),
  DROPOUT("Dropout", ActivationOps.dropout()),
  SOFTMAX("Softmax", ActivationOps.softmax()),
  MAX_POOL("MaxPool", new PoolOp(true)),
  AVERAGE_POOL("AveragePool", new PoolOp(false)),
  GLOBAL_AVERAGE_POOL("GlobalAveragePool", new GlobalPoolOp()),
  GLOBAL_MAX_POOL("GlobalMaxPool", new GlobalPoolOp()),
  ADD("Add", new ElementwiseOp('+')),
  SUB("Sub", new ElementwiseOp('-')),
  MUL("Mul", new ElementwiseOp('*')),
  DIV("Div", new ElementwiseOp('/')),
  CONCAT("Concat", new ConcatOp()),
  FLATTEN("Flatten", new FlattenOp()),
  RESHAPE("Reshape", new ReshapeOp()),
  TRANSPOSE("Transpose", new TransposeOp()),
  SQUEEZE("Squeeze", SqueezeOps.squeeze()),
  UNSQUEEZE("Unsqueeze", SqueezeOps.unsqueeze()),
  SHAPE("Shape", new ShapeOp()),
  GATHER("Gather", new GatherOp()),
  SPLIT("Split", new SplitOp()),
  CAST("Cast", new CastOp()),
  PAD("Pad", new PadOp()),
  QUANTIZE_LINEAR("QuantizeLinear", QuantizeOps.quantize()),
  DEQUANTIZE_LINEAR("DequantizeLinear", QuantizeOps.dequantize());

  private final String onnxName;
  private final OpSchema schema;

  OpType(String onnxName, OpSchema schema) {
    this.onnxName = onnxName;
    this.schema = schema;
  }

  public String onnxName() {
    return onnxName;
  }

  public OpSchema schema() {
    return schema;
  }

  /** The op for an ONNX op_type in the default domain, or null when bsc does not support it. */
  public static OpType fromOnnx(String opType) {
    for (OpType t : values()) {
      if (t.onnxName.equals(opType)) {
        return t;
      }
    }
    return null;
  }
}
