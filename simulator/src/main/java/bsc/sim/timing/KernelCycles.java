package bsc.sim.timing;

import bsc.aie2.program.Compute;
import bsc.aie2.program.KernelCall;

/**
 * Cycles of one kernel call on one AIE-ML core, from the kernel's structure (the detailed model).
 *
 * <p>CONV_BSR: the kernel walks, for each block row (8 output channels), the listed block columns and taps; each
 * (block, tap) is one {@code aie::mmul} per group of M output pixels of a row. A register block of b pixel
 * groups shares each weight tile: per step b VMACs issue while the load units fetch b A tiles (M x K INT8,
 * times the stride, which gathers every s-th pixel) and one B tile (8 x 8 INT8) at 2 x 256 bits per cycle, so a
 * step takes max(b, load cycles). b is the blocking that minimises the call within the 9 accumulator registers
 * (2 per 4x8 acc32 tile), as a kernel specialised per layer would choose. Each inner loop pays its
 * preamble/postamble; each accumulator is initialised (bias broadcast, or INT32 partial sums loaded) and written
 * back (SRS to INT8, or INT32 partial sums) through the one 256-bit store unit. Zero blocks are not walked
 * unless the program was compiled without compaction (the paper's dense baseline). The A tile is assumed
 * contiguous in the core's input buffer (the memtile DMA lays tiles out for the kernel, as mlir-aie's YCXC8).
 *
 * <p>Other kernels run on the element-wise vector path (aie2-facts.md 1): 32 acc32 lanes for MAC-like work
 * (depthwise, average pooling, add), 64 INT8 lanes for max pooling, the store unit for copies.
 */
final class KernelCycles {
  private final TimingConstants k;
  private final int blockOut;
  private final int blockIn;
  private final boolean compaction;

  KernelCycles(TimingConstants constants, int blockOutChannels, int blockInChannels, boolean compaction) {
    this.k = constants;
    this.blockOut = blockOutChannels;
    this.blockIn = blockInChannels;
    this.compaction = compaction;
  }

  long cycles(Compute c) {
    KernelCall call = c.call();
    long body = switch (call.kind()) {
      case CONV_BSR -> conv(call, c.nonzeroBlocks());
      case DEPTHWISE -> depthwise(call);
      case MAX_POOL -> pool(call, k.vectorBits() / k.operandBits(), 2);
      case AVG_POOL -> pool(call, k.elementwiseLanes(), 1);
      case GLOBAL_AVG_POOL -> globalAverage(call);
      case ADD -> elementwise((long) call.outRows() * call.outCols() * call.outChannels(), k.elementwiseLanes());
      case COPY -> elementwise((long) call.outRows() * call.outCols() * call.outChannels(),
          k.storeBitsPerCycle() / k.operandBits());
    };
    return k.kernelCallOverheadCycles() + body;
  }

  /** Blocks the kernel walks: the nonzero ones, or every block of the chunk without compaction. */
  long walkedBlocks(KernelCall call, int nonzeroBlocks) {
    if (compaction) {
      return nonzeroBlocks;
    }
    long dense = (long) ceilDiv(call.outChannels(), blockOut) * ceilDiv(call.inChannels(), blockIn);
    return Math.max(nonzeroBlocks, dense);
  }

  private long conv(KernelCall call, int nonzeroBlocks) {
    long groups = (long) call.outRows() * ceilDiv(call.outCols(), k.mmulM());
    int blockRows = ceilDiv(call.outChannels(), blockOut);
    int nTiles = ceilDiv(blockOut, k.mmulN());
    long walkedTaps = walkedBlocks(call, nonzeroBlocks) * call.kernelH() * call.kernelW();
    int stride = Math.max(1, call.strideW());
    long best = Long.MAX_VALUE;
    for (int b = 1; b <= maxRegisterBlock(nTiles); b++) {
      long full = groups / b;
      long rest = groups % b;
      long loops = full + (rest > 0 ? 1 : 0);
      long perBlockTap = full * step(b, nTiles, stride) + (rest > 0 ? step((int) rest, nTiles, stride) : 0);
      long mac = (long) Math.ceil(walkedTaps * perBlockTap / k.kernelEfficiency());
      best = Math.min(best, mac + blockRows * loops * k.innerLoopOverheadCycles());
    }
    long edges = (long) blockRows * groups * nTiles * (accumulatorInit(call) + writeBack(call));
    return best + edges;
  }

  /** Cycles of one (block, tap) step for b pixel groups: VMAC issue against the load units. */
  private long step(int b, int nTiles, int stride) {
    long vmacs = (long) b * nTiles * ceilDiv(blockIn, k.mmulK());
    long aBits = (long) k.mmulM() * blockIn * k.operandBits() * stride;
    long bBits = (long) blockOut * blockIn * k.operandBits();
    long loads = ceilDiv(b * aBits + bBits, k.loadBitsPerCycle());
    return Math.max(vmacs, loads);
  }

  private int maxRegisterBlock(int nTiles) {
    int tileBits = k.mmulM() * k.mmulN() * k.accumulatorLaneBits();
    int registersPerTile = ceilDiv(tileBits, k.accumulatorRegisterBits());
    return Math.max(1, k.accumulatorRegisters() / (registersPerTile * nTiles));
  }

  private long accumulatorInit(KernelCall call) {
    long accBits = (long) k.mmulM() * k.mmulN() * k.accumulatorLaneBits();
    // partial sums of a CIN split are loaded; otherwise the bias vector is loaded once and upshifted
    return call.accumulate() ? ceilDiv(accBits, k.loadBitsPerCycle()) : 1;
  }

  private long writeBack(KernelCall call) {
    long elements = (long) k.mmulM() * k.mmulN();
    long bits = elements * (call.requantize() ? k.operandBits() : k.accumulatorLaneBits());
    return Math.max(1, ceilDiv(bits, k.storeBitsPerCycle()));
  }

  private long depthwise(KernelCall call) {
    long vectors = (long) call.outRows() * call.outCols() * ceilDiv(call.outChannels(), k.elementwiseLanes());
    long taps = (long) call.kernelH() * call.kernelW();
    // per tap: 32 INT8 inputs and 32 weights = 512 bits, one load cycle for one VMAC
    long mac = (long) Math.ceil(vectors * taps / k.kernelEfficiency());
    return mac + vectors + (long) call.outRows() * k.innerLoopOverheadCycles();
  }

  private long pool(KernelCall call, int lanes, long storeCyclesPerVector) {
    long vectors = (long) call.outRows() * call.outCols() * ceilDiv(call.outChannels(), lanes);
    long taps = (long) call.kernelH() * call.kernelW();
    // one window element per cycle and vector (a 512-bit load per cycle at most), then the store
    return vectors * taps + vectors * storeCyclesPerVector + (long) call.outRows() * k.innerLoopOverheadCycles();
  }

  private long globalAverage(KernelCall call) {
    long perPixel = ceilDiv(call.inChannels(), k.elementwiseLanes());
    return (long) call.inRows() * call.inCols() * perPixel + perPixel + k.innerLoopOverheadCycles();
  }

  private long elementwise(long elements, int elementsPerCycle) {
    return ceilDiv(elements, elementsPerCycle) + k.innerLoopOverheadCycles();
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
