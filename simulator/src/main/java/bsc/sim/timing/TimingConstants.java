package bsc.sim.timing;

import bsc.aie2.Aie2Target;

/**
 * Every figure the timing models use, in one place. Where the target carries a figure it is read from the
 * target (and the target's {@code sources} cite it); the rest are AIE-ML (AIE2) core facts cited from
 * ../shared/aie2-facts.md, or assumptions marked [U] with the reason for their value. Nothing here is tuned
 * toward the paper's table or toward a speed-up.
 *
 * @param clockHz core clock (target.clockHz)
 * @param macsPerCycle peak INT8 MACs per cycle per core (target.compute.int8MacsPerCycle)
 * @param mmulM rows of the A tile of one {@code aie::mmul} (output pixels; target.compute.mmulM)
 * @param mmulK reduction depth of one mmul (input channels; target.compute.mmulK)
 * @param mmulN columns of the B tile of one mmul (output channels; target.compute.mmulN)
 * @param operandBits bits per activation and weight element: 8, the program is INT8 (docs/PROGRAM.md)
 * @param accumulatorLaneBits acc32 lanes for INT8 x INT8 (aie2-facts.md 1, UG1639 basic types)
 * @param loadPorts vector load units (aie2-facts.md 1: 2 load units, AM020 Functional Overview)
 * @param loadPortBits bits per load unit per cycle (aie2-facts.md 1: 256)
 * @param storeBitsPerCycle one 256-bit store unit (aie2-facts.md 1, AM020)
 * @param accumulatorRegisters accumulator registers (aie2-facts.md 1: 9 x 512 bits, section-4c)
 * @param accumulatorRegisterBits width of one accumulator register (512)
 * @param vectorBits width of one vector register (aie2-facts.md 1: 512)
 * @param elementwiseLanes MAC lanes of element-wise (non-mmul) vector code: 32 accumulator lanes
 *     (aie2-facts.md 1, mlir-aie section-4c "Multiplier Utilization Efficiency")
 * @param kernelCallOverheadCycles prologue/epilogue of one kernel call (target.compute.kernelCallOverheadCycles;
 *     aie2-facts.md 5: 6-15 cycles observed in section-4c)
 * @param innerLoopOverheadCycles preamble + postamble of one software-pipelined inner loop: section-4c's
 *     pipelined vector_scalar_mul measured 72 cycles against 64 of load/store work, "the remaining 6 cycles is
 *     loop preamble, loop postamble and function initialization"; we charge those 6 per inner-loop entry
 * @param kernelEfficiency extra derating of the vector issue cycles (target.compute.kernelEfficiency, 1.0 in
 *     every preset: the detailed model derives efficiency from the kernel's structure instead)
 * @param streamBytesPerCycle one stream / DMA channel (target.links.streamBytesPerCycle; aie2-facts.md 2)
 * @param ddrBytesPerCycle one DDR channel per column, at the core clock (target.links.ddrBytesPerSecondPerChannel)
 * @param dmaTaskSetupCycles [U] cost of starting one buffer-descriptor task on a DMA channel (BD fetch, lock
 *     request, first beat through the switches). No published figure: section-4c's trace shows 512 cycles per
 *     2048-byte chunk, i.e. bytes / 4 within the trace's resolution, so the figure must be small against a chunk;
 *     we charge 10 cycles, the order of a kernel call's overhead, and report its total share of each run
 * @param layerSyncCycles [U] synchronisation between two layers (the controller sees every task-complete token
 *     of layer i and starts the queues of layer i+1). No published figure; we charge 1000 cycles (1 us at 1 GHz)
 *     per layer boundary. The paper models none (paper-facts.md 4.6: fabric reprogramming not modelled)
 */
public record TimingConstants(
    double clockHz,
    int macsPerCycle,
    int mmulM,
    int mmulK,
    int mmulN,
    int operandBits,
    int accumulatorLaneBits,
    int loadPorts,
    int loadPortBits,
    int storeBitsPerCycle,
    int accumulatorRegisters,
    int accumulatorRegisterBits,
    int vectorBits,
    int elementwiseLanes,
    int kernelCallOverheadCycles,
    int innerLoopOverheadCycles,
    double kernelEfficiency,
    int streamBytesPerCycle,
    double ddrBytesPerCycle,
    int dmaTaskSetupCycles,
    int layerSyncCycles) {

  /** The constants for a target: its own figures plus the AIE-ML core facts above. */
  public static TimingConstants of(Aie2Target t) {
    Aie2Target.Compute c = t.compute();
    return new TimingConstants(
        t.clockHz(),
        c.int8MacsPerCycle(),
        c.mmulM(),
        c.mmulK(),
        c.mmulN(),
        8,
        32,
        2,
        256,
        256,
        9,
        512,
        512,
        32,
        c.kernelCallOverheadCycles(),
        6,
        c.kernelEfficiency(),
        t.links().streamBytesPerCycle(),
        t.links().ddrBytesPerSecondPerChannel() / t.clockHz(),
        10,
        1000);
  }

  /** The same constants with other values for the two [U] overheads (a sensitivity run: 0 and 0 removes them). */
  public TimingConstants withAssumedOverheads(int dmaTaskSetup, int layerSync) {
    return new TimingConstants(clockHz, macsPerCycle, mmulM, mmulK, mmulN, operandBits, accumulatorLaneBits,
        loadPorts, loadPortBits, storeBitsPerCycle, accumulatorRegisters, accumulatorRegisterBits, vectorBits,
        elementwiseLanes, kernelCallOverheadCycles, innerLoopOverheadCycles, kernelEfficiency, streamBytesPerCycle,
        ddrBytesPerCycle, dmaTaskSetup, layerSync);
  }

  /**
   * The same core with another operand width and mmul shape (a validation case measured on int16 kernels; the
   * program format itself is INT8).
   */
  public TimingConstants withMmul(int macs, int m, int k, int n, int bits) {
    return new TimingConstants(clockHz, macs, m, k, n, bits, accumulatorLaneBits, loadPorts, loadPortBits,
        storeBitsPerCycle, accumulatorRegisters, accumulatorRegisterBits, vectorBits, elementwiseLanes,
        kernelCallOverheadCycles, innerLoopOverheadCycles, kernelEfficiency, streamBytesPerCycle, ddrBytesPerCycle,
        dmaTaskSetupCycles, layerSyncCycles);
  }

  /** Bits the load units deliver per cycle. */
  public int loadBitsPerCycle() {
    return loadPorts * loadPortBits;
  }

  /** Bytes per cycle of a transfer that crosses the shim: the slower of the DDR channel and the stream. */
  public double ddrTransferBytesPerCycle() {
    return Math.min(ddrBytesPerCycle, streamBytesPerCycle);
  }

  public double cyclesToMillis(long cycles) {
    return cycles / clockHz * 1e3;
  }
}
