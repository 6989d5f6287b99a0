package bsc.ir.onnxio;

import static org.junit.jupiter.api.Assertions.fail;

import bsc.ir.BscException;
import bsc.ir.OpType;
import bsc.ir.onnx.OnnxProto.AttributeProto;
import bsc.ir.onnx.OnnxProto.GraphProto;
import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnx.OnnxProto.NodeProto;
import bsc.ir.onnx.OnnxProto.TensorProto;
import bsc.ir.onnx.OnnxProto.TensorShapeProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Models that parse but carry hostile values (extreme attribute integers, dims, shape constants, swapped
 * ops and rewired inputs) reach the op schemas, which byte flips rarely do. Each must import or fail with
 * a BscException.
 */
class StructuredFuzzTest {
  private static final int MUTANTS_PER_SEED = Integer.getInteger("bsc.fuzz.mutants", 1000);
  private static final long[] EXTREMES = {
      Long.MIN_VALUE, -(1L << 31), -65, -2, -1, 0, 1, 2, 3, 5, 64, 4096, (1L << 31) - 1, 1L << 31, 1L << 40, Long.MAX_VALUE};

  @Test
  void hostileValuesInAModernModelImportOrFailCleanly() {
    fuzz(FuzzSeeds.modern(), new Random(0xabc1L + Long.getLong("bsc.fuzz.seed", 0)));
  }

  @Test
  void hostileValuesInALegacyModelImportOrFailCleanly() {
    fuzz(FuzzSeeds.legacy(), new Random(0xabc2L + Long.getLong("bsc.fuzz.seed", 0)));
  }

  private static void fuzz(ModelProto seed, Random rng) {
    for (int i = 0; i < MUTANTS_PER_SEED; i++) {
      GraphProto.Builder g = seed.getGraph().toBuilder();
      StringBuilder how = new StringBuilder();
      for (int r = 1 + rng.nextInt(2); r > 0; r--) {
        mutate(g, rng, how);
      }
      ModelProto m = seed.toBuilder().setGraph(g).build();
      long t0 = System.nanoTime();
      try {
        OnnxImporter.parse(ByteBuffer.wrap(m.toByteArray()), "fuzz");
      } catch (BscException expected) {
        // a clean rejection
      } catch (Throwable t) {
        throw new AssertionError("mutant " + i + " (" + how + ") threw " + t, t);
      }
      if (System.nanoTime() - t0 > 1_000_000_000L) {
        fail("mutant " + i + " (" + how + ") took over a second");
      }
    }
  }

  private static long extreme(Random rng) {
    return EXTREMES[rng.nextInt(EXTREMES.length)];
  }

  private static void mutate(GraphProto.Builder g, Random rng, StringBuilder how) {
    int nodeIndex = rng.nextInt(g.getNodeCount());
    NodeProto.Builder n = g.getNodeBuilder(nodeIndex);
    switch (rng.nextInt(5)) {
      case 0 -> {
        if (n.getAttributeCount() == 0) {
          return;
        }
        int k = rng.nextInt(n.getAttributeCount());
        AttributeProto.Builder a = n.getAttributeBuilder(k);
        long v = extreme(rng);
        if (a.getIntsCount() > 0) {
          if (rng.nextBoolean()) {
            a.setInts(rng.nextInt(a.getIntsCount()), v);
          } else {
            a.addInts(v);
          }
        } else {
          a.setI(v).setF(rng.nextBoolean() ? Float.NaN : v);
        }
        how.append(n.getName()).append('.').append(a.getName()).append('=').append(v).append("; ");
      }
      case 1 -> {
        int k = rng.nextInt(g.getInitializerCount());
        TensorProto.Builder t = g.getInitializerBuilder(k);
        if (t.getDataType() == 7 && t.hasRawData() && t.getRawData().size() > 0) {
          ByteBuffer b = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
          long v = extreme(rng);
          b.putLong(8 * rng.nextInt(b.capacity() / 8), v);
          t.setRawData(ByteString.copyFrom(b.array()));
          how.append(t.getName()).append(" value ").append(v).append("; ");
        } else if (t.getDimsCount() > 0) {
          long v = rng.nextInt(4);
          t.setDims(rng.nextInt(t.getDimsCount()), v);
          how.append(t.getName()).append(" dim ").append(v).append("; ");
        }
      }
      case 2 -> {
        TensorShapeProto.Builder s = g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        long v = rng.nextInt(3) == 0 ? extreme(rng) : rng.nextInt(12);
        int d = rng.nextInt(s.getDimCount() + 1);
        if (d == s.getDimCount()) {
          s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(v));
        } else if (rng.nextBoolean()) {
          s.setDim(d, TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        } else {
          s.setDim(d, TensorShapeProto.Dimension.newBuilder().setDimValue(v));
        }
        how.append("input dim ").append(d).append('=').append(v).append("; ");
      }
      case 3 -> {
        OpType[] ops = OpType.values();
        String op = ops[rng.nextInt(ops.length)].onnxName();
        n.setOpType(op);
        how.append(n.getName()).append(" -> ").append(op).append("; ");
      }
      default -> {
        String other = rng.nextBoolean() && g.getInitializerCount() > 0
            ? g.getInitializer(rng.nextInt(g.getInitializerCount())).getName()
            : g.getNode(rng.nextInt(g.getNodeCount())).getOutput(0);
        if (n.getInputCount() > 0 && rng.nextInt(3) > 0) {
          n.setInput(rng.nextInt(n.getInputCount()), other);
        } else {
          n.addInput(other);
        }
        how.append(n.getName()).append(" reads ").append(other).append("; ");
      }
    }
  }
}
