package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.Aie2Target;
import bsc.aie2.TargetLoader;
import bsc.aie2.program.AccessPattern;
import bsc.aie2.program.Buffer;
import bsc.aie2.program.Channel;
import bsc.aie2.program.CompileSettings;
import bsc.aie2.program.CoreBuffers;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Group;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.LayerReport;
import bsc.aie2.program.Level;
import bsc.aie2.program.LockDef;
import bsc.aie2.program.LockOp;
import bsc.aie2.program.Program;
import bsc.aie2.program.ProgramJson;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bsc simulate}: text, JSON and trace output, and its errors, on a one-layer hand-built program. */
class SimulateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One LOADFM of 4000 bytes into core (0,0) of a 2x2 array; with {@code starved}, it waits on a lock nobody releases. */
  private static Path program(Path dir, boolean starved) throws Exception {
    Aie2Target t = TargetLoader.overlay(2, 2);
    Buffer b = new Buffer(CoreBuffers.INPUT, Level.CORE, 0, 8192, 2, "input");
    CoreBuffers buffers = new CoreBuffers(b, b, b, b, b, b);
    Endpoint src = new Endpoint(Level.MEMTILE, List.of(TileRef.memtile(0)), "tensor:x", 0,
        AccessPattern.contiguous(0, 4000), 0, new Channel(Channel.TileKind.MEMTILE, 0, -1, Channel.Direction.MM2S, 0));
    Endpoint dst = new Endpoint(Level.CORE, List.of(TileRef.core(0, 0)), CoreBuffers.INPUT, 0,
        AccessPattern.contiguous(0, 4000), 0, new Channel(Channel.TileKind.CORE, 0, 0, Channel.Direction.S2MM, 0));
    Transfer tr = new Transfer(List.of(new Transfer.Segment(src, dst)), 4000, Transfer.Broadcast.NONE);
    List<LockOp> acquire = starved ? List.of(LockOp.each("core.in.empty", 1)) : List.of();
    Instruction in = new Instruction(0, InstructionKind.LOADFM, Group.ONCE, 1, List.of(tr), List.of(), acquire,
        List.of(), List.of(), "");
    LayerReport report = new LayerReport("s", "r", 1, 1, List.of(), List.of(), List.of(), 1, 1, "memtile", 0, 0,
        0, 0, 0, 0, 0, 1.0);
    LayerProgram layer = new LayerProgram(0, "copy", "Identity", List.of("x"), "y", report, List.of(),
        List.of(new LockDef("core.in.empty", LockDef.Scope.CORE, 0)), List.of(in));
    Program p = new Program(Program.FORMAT, "handmade", new CompileSettings("8x8", 0, true, true, true, 0), t,
        buffers, List.of(), List.of(), List.of(layer));
    Path file = dir.resolve(starved ? "starved.json" : "program.json");
    Files.write(file, ProgramJson.toBytes(p));
    return file;
  }

  @Test
  void printsLatencyAndLayersAndWritesATrace(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("trace.json");
    Cli r = Cli.run("simulate", program(dir, false).toString(), "--trace", trace.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("timing model detailed"), r.out());
    assertTrue(r.out().contains("copy"), r.out());
    assertTrue(JSON.readTree(trace.toFile()).get("traceEvents").size() > 0);
  }

  @Test
  void printsJsonUnderThePaperModel(@TempDir Path dir) throws Exception {
    Cli r = Cli.run("simulate", program(dir, false).toString(), "--timing", "paper", "--json");
    assertEquals(0, r.exitCode(), r.toString());
    var n = JSON.readTree(r.out());
    assertEquals("paper", n.get("timing").asText());
    assertEquals(1000, n.get("totalCycles").asLong());
  }

  @Test
  void aDeadlockedProgramIsBadInputNamingLayerInstructionAndLock(@TempDir Path dir) throws Exception {
    Cli r = Cli.run("simulate", program(dir, true).toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals("", r.out());
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("bsc: error: layer 0 'copy': deadlock at cycle 0: instruction 0 LOADFM"), line);
    assertTrue(line.contains("core.in.empty@r0c0 (value 0, needs 1)"), line);
  }

  @Test
  void badFilesAndModelsAreUsageErrors(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("junk.json");
    Files.writeString(junk, "{\"format\": \"something-else\"}");
    for (String[] args : new String[][] {{"simulate", dir.resolve("missing.json").toString()},
        {"simulate", junk.toString()}, {"simulate", program(dir, false).toString(), "--timing", "fast"}}) {
      Cli r = Cli.run(args);
      assertEquals(2, r.exitCode(), r.toString());
      assertTrue(r.errLines().get(0).startsWith("bsc: error: "), r.toString());
    }
  }
}
