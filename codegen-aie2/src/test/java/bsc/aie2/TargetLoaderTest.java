package bsc.aie2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.BscException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetLoaderTest {
  @Test
  void paperOverlaysHaveThePapersFigures() {
    for (String a : TargetLoader.PAPER_ARRAYS) {
      Aie2Target t = TargetLoader.load(a);
      int n = Integer.parseInt(a.substring(0, 1));
      assertEquals(n, t.rows());
      assertEquals(n, t.columns());
      assertEquals(1e9, t.clockHz());
      assertEquals(256, t.compute().int8MacsPerCycle());
      assertEquals(512 * 1024, t.memtile().bytes());
      assertEquals(16 * 1024, t.core().weightBytes());
      assertEquals(2 * 8192, t.core().inputSlotBytes() * t.core().inputSlots());
      assertEquals(4e9, t.links().ddrBytesPerSecondPerChannel());
      assertEquals(a, t.name());
    }
  }

  @Test
  void everyPresetCitesASourceForItsFigures() {
    for (String p : TargetLoader.PRESETS) {
      Aie2Target t = TargetLoader.load(p);
      assertTrue(t.sources().containsKey("clockHz"), p);
      assertTrue(t.sources().containsKey("core.weightBytes"), p);
      assertTrue(t.core().scratchBytes() > 0, p);
    }
    assertEquals(8, TargetLoader.load("strix").columns());
    assertEquals(512, TargetLoader.load("strix").compute().int8MacsPerCycle());
    assertEquals(38, TargetLoader.load("ve2802").columns());
    assertEquals(1.6e9, TargetLoader.load("hawkpoint").clockHz());
  }

  @Test
  void userFileOverlaysAPresetAndNamesTheBadField(@TempDir Path dir) throws Exception {
    Path ok = dir.resolve("ok.json");
    Files.writeString(ok, "{\"base\": \"paper\", \"name\": \"mine\", \"columns\": 3, \"core\": {\"weightBytes\": 8192}}");
    Aie2Target t = TargetLoader.load(ok.toString());
    assertEquals(3, t.columns());
    assertEquals(8192, t.core().weightBytes());
    assertEquals(8192, t.core().inputSlotBytes());

    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"base\": \"paper\", \"core\": {\"inputSlotBytes\": 0}}");
    BscException e = assertThrows(BscException.class, () -> TargetLoader.load(bad.toString()));
    assertTrue(e.getMessage().contains("core.inputSlotBytes"), e.getMessage());

    Path unknown = dir.resolve("unknown.json");
    Files.writeString(unknown, "{\"base\": \"paper\", \"memtile\": {\"bytez\": 1}}");
    e = assertThrows(BscException.class, () -> TargetLoader.load(unknown.toString()));
    assertTrue(e.getMessage().contains("memtile.bytez"), e.getMessage());

    Path missing = dir.resolve("missing.json");
    Files.writeString(missing, "{\"name\": \"x\"}");
    e = assertThrows(BscException.class, () -> TargetLoader.load(missing.toString()));
    assertTrue(e.getMessage().startsWith(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("field "), e.getMessage());

    Path tooBig = dir.resolve("big.json");
    Files.writeString(tooBig, "{\"base\": \"paper\", \"core\": {\"weightBytes\": 65536}}");
    e = assertThrows(BscException.class, () -> TargetLoader.load(tooBig.toString()));
    assertTrue(e.getMessage().contains("core.dataMemoryBytes"), e.getMessage());
  }

  @Test
  void rejectsUnknownSpecs() {
    BscException e = assertThrows(BscException.class, () -> TargetLoader.load("banana"));
    assertEquals("--array", e.where());
    assertThrows(BscException.class, () -> TargetLoader.load("9x4"));
    assertFalse(TargetLoader.PRESETS.isEmpty());
  }
}
