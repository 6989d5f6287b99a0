package bsc.aie2.lower;

import bsc.aie2.lower.CorePlan.Chunk;
import bsc.aie2.lower.CorePlan.CoreWork;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * weights.bin: every layer's weight chunks at their DDR offsets (docs/PROGRAM.md section 7). A conv chunk
 * lists, per block row, its nonzero block columns, then biases and shifts, then the INT8 blocks in that
 * order ([block][tap][input channel][output channel]: the K x N operand of aie::mmul<4, 8, 8>); zero blocks are absent unless compaction is off. Compiled for timing only,
 * the chunk structure is real and the values, biases and shifts are zero.
 */
public final class WeightsWriter {
  private static final int B = ChunkFormat.BLOCK;

  private WeightsWriter() {}

  public static byte[] write(Lowered lowered, boolean compaction) {
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(lowered.weightBytes())).order(ByteOrder.LITTLE_ENDIAN);
    for (Lowered.LayerWeights lw : lowered.weights()) {
      CorePlan p = lw.plan();
      for (int g = 0; g < lw.sizes().groups(); g++) {
        CoreWork cw = groupCore(p, g);
        if (cw == null) {
          continue;
        }
        for (int k = 0; k < p.chunks(); k++) {
          for (int q = 0; q < p.ciChunks().size(); q++) {
            int at = Math.toIntExact(lw.offset() + lw.layout().ddrOffset(g, k, q));
            int end = at + Math.toIntExact(lw.sizes().bytes(g, k, q));
            Chunk ch = cw.chunks().get(k);
            if (ch.empty()) {
              continue;
            }
            if (lw.layer().kind() == LayerKind.CONV) {
              conv(out.position(at), lw.layer(), p.ciChunks().get(q), ch, q == 0, compaction);
            } else {
              depthwise(out.position(at), lw.layer(), ch);
            }
            if (out.position() != end) {
              throw new IllegalStateException("chunk of " + lw.layer().name() + " wrote " + (out.position() - at)
                  + " bytes, planned " + (end - at));
            }
          }
        }
      }
    }
    return out.array();
  }

  private static CoreWork groupCore(CorePlan p, int g) {
    for (CoreWork c : p.cores()) {
      if (c.group() == g) {
        return c;
      }
    }
    return null;
  }

  private static void conv(ByteBuffer b, Layer l, int[] ci, Chunk ch, boolean first, boolean compaction) {
    ConvWeights w = l.weights();
    int rows = ch.br1() - ch.br0();
    int start = b.position();
    int blocks = 0;
    for (int br = ch.br0(); br < ch.br1(); br++) {
      blocks += count(w, br, ci, compaction);
    }
    b.putShort((short) rows).putShort((short) blocks).putShort((short) w.taps()).putShort((short) (first ? 1 : 0));
    for (int br = ch.br0(); br < ch.br1(); br++) {
      b.putShort((short) ((br - ch.br0()) * B)).putShort((short) count(w, br, ci, compaction));
    }
    for (int br = ch.br0(); br < ch.br1(); br++) {
      for (int bc = ci[0]; bc < ci[1]; bc++) {
        if (!compaction || w.mask().isKept(br, bc)) {
          b.putShort((short) (bc - ci[0]));
        }
      }
    }
    b.position(start + ChunkFormat.biasOffset(rows, blocks));
    for (int br = ch.br0(); br < ch.br1(); br++) {
      for (int r = 0; r < B; r++) {
        int o = br * B + r;
        b.putInt(first && o < w.outChannels() && w.bias() != null ? w.bias()[o] : 0);
      }
    }
    for (int br = ch.br0(); br < ch.br1(); br++) {
      for (int r = 0; r < B; r++) {
        int o = br * B + r;
        b.put((byte) (o < w.outChannels() && w.shift() != null ? w.shift()[o] : 0));
      }
    }
    b.position(start + ChunkFormat.convHeaderBytes(rows, blocks));
    for (int br = ch.br0(); br < ch.br1(); br++) {
      for (int bc = ci[0]; bc < ci[1]; bc++) {
        if (!compaction || w.mask().isKept(br, bc)) {
          block(b, w, br, bc);
        }
      }
    }
  }

  private static int count(ConvWeights w, int br, int[] ci, boolean compaction) {
    int n = 0;
    for (int bc = ci[0]; bc < ci[1]; bc++) {
      n += !compaction || w.mask().isKept(br, bc) ? 1 : 0;
    }
    return n;
  }

  private static void block(ByteBuffer b, ConvWeights w, int br, int bc) {
    for (int t = 0; t < w.taps(); t++) {
      for (int c = 0; c < B; c++) {
        for (int r = 0; r < B; r++) {
          int o = br * B + r;
          int i = bc * B + c;
          b.put(o < w.outChannels() && i < w.inChannels() ? w.weight(o, i, t) : 0);
        }
      }
    }
  }

  private static void depthwise(ByteBuffer b, Layer l, Chunk ch) {
    ConvWeights w = l.weights();
    int n = ch.channels();
    int start = b.position();
    b.putShort((short) n).putShort((short) w.taps()).putInt(0);
    for (int c = ch.c0(); c < ch.c1(); c++) {
      b.putInt(w.bias() == null ? 0 : w.bias()[c]);
    }
    for (int c = ch.c0(); c < ch.c1(); c++) {
      b.put((byte) (w.shift() == null ? 0 : w.shift()[c]));
    }
    b.position(start + ChunkFormat.depthwiseHeaderBytes(n));
    for (int t = 0; t < w.taps(); t++) {
      for (int c = ch.c0(); c < ch.c1(); c++) {
        b.put(w.int8() == null ? 0 : w.int8()[c * w.taps() + t]);
      }
    }
  }
}
