package bsc.sim.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import bsc.aie2.TargetLoader;
import bsc.aie2.program.AccessPattern;
import bsc.aie2.program.Buffer;
import bsc.aie2.program.Channel;
import bsc.aie2.program.CompileSettings;
import bsc.aie2.program.CoreBuffers;
import bsc.aie2.program.Dim;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Level;
import bsc.aie2.program.Program;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One transfer iteration on hand-computed bytes: zero padding, strides, iteration step, slots, broadcast. */
class DmaMoverTest {
  @Test
  void aPaddedWindowGoesToTheIterationsSlotOfEveryReceivingCore() {
    Buffer in = new Buffer(CoreBuffers.INPUT, Level.CORE, 1024, 8192, 2, "input");
    Buffer any = new Buffer(CoreBuffers.MISC, Level.CORE, 0, 1024, 1, "misc");
    Program p = new Program(Program.FORMAT, "hand", new CompileSettings("8x8", 0, true, false, false, 0),
        TargetLoader.load("2x2"), new CoreBuffers(any, in, any, any, any, any), List.of(), List.of(), List.of());
    ArrayMemory memory = new ArrayMemory(p);
    byte[] mt = memory.of(Level.MEMTILE, TileRef.memtile(1));
    for (int i = 0; i < 64; i++) {
      mt[100 + i] = (byte) (i + 1); // a 4 x 4 x 4 HWC tensor at 100: element (y, x, c) = 16y + 4x + c + 1
    }
    // 2 channels of columns 0..1 of rows 0..1, a zero column before and a zero row after; the second iteration
    // starts one row (16 bytes) further on
    AccessPattern src = new AccessPattern(100, List.of(Dim.of(2, 1), new Dim(2, 4, 1, 0), new Dim(2, 16, 0, 1)));
    Endpoint from = new Endpoint(Level.MEMTILE, List.of(TileRef.memtile(1)), "tensor:x", 0, src, 16,
        new Channel(Channel.TileKind.MEMTILE, 1, -1, Channel.Direction.MM2S, 0));
    Endpoint to = new Endpoint(Level.CORE, List.of(TileRef.core(1, 0), TileRef.core(1, 1)), CoreBuffers.INPUT, 0,
        AccessPattern.contiguous(4, 18), 0, new Channel(Channel.TileKind.CORE, 1, 0, Channel.Direction.S2MM, 0));
    new DmaMover(memory).move(new Transfer(List.of(new Transfer.Segment(from, to)), 18, Transfer.Broadcast.COLUMN),
        1);
    // iteration 1: rows 1..2 of the tensor; stream order: row, column (pad first), channel
    byte[] want = {0, 0, 17, 18, 21, 22, 0, 0, 33, 34, 37, 38, 0, 0, 0, 0, 0, 0};
    for (int row = 0; row < 2; row++) {
      byte[] core = memory.core(TileRef.core(1, row));
      int slot1 = 1024 + 8192;
      assertArrayEquals(want, Arrays.copyOfRange(core, slot1 + 4, slot1 + 22), "core row " + row);
      assertArrayEquals(new byte[4], Arrays.copyOfRange(core, slot1, slot1 + 4), "nothing before the pattern");
    }
  }
}
