package bsc.sim.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.program.Program;
import bsc.aie2.program.ProgramJson;
import bsc.ir.BscException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatorOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theTraceHasOneTrackPerChannelAndCoreAndOneEventPerStepAndQueue() throws Exception {
    Program p = Fixtures.workedExample(false);
    Simulator.Traced t = Simulator.simulateWithTrace(p, new TimingModel.Detailed());
    JsonNode events = JSON.readTree(t.traceJson()).get("traceEvents");
    Set<String> threads = new HashSet<>();
    int spans = 0;
    for (JsonNode e : events) {
      if (e.get("ph").asText().equals("M") && e.get("name").asText().equals("thread_name")) {
        threads.add(e.get("args").get("name").asText());
      } else if (e.get("ph").asText().equals("X")) {
        spans++;
        assertTrue(e.get("dur").asDouble() >= 0);
      }
    }
    // tracks: 2 memtiles x (MM2S 0, MM2S 1, S2MM 2, S2MM 3) + 4 cores x (S2MM 0, S2MM 1, MM2S 0, compute) + layers
    assertTrue(threads.contains("mt0.mm2s0"), threads.toString());
    assertTrue(threads.contains("core1_0.s2mm0"), threads.toString());
    assertTrue(threads.contains("core0_1.compute"), threads.toString());
    assertEquals(2 * 4 + 4 * 4 + 1, threads.size(), threads.toString());
    // LOADWM: 2 row broadcasts x (1 source + 2 receivers); LOADFM: 8 steps x (the column's channel, which
    // reads the halo segment too, + 2 receivers); COMP 16; WRITEFM 16 x 2; one layer span
    assertEquals(2 * 3 + 8 * 3 + 16 + 16 * 2 + 1, spans);
    assertEquals(Simulator.simulate(p, new TimingModel.Detailed()).totalCycles(), t.result().totalCycles());
  }

  @Test
  void thePaperModelTracesItsInstructionTimeline() throws Exception {
    Simulator.Traced t = Simulator.simulateWithTrace(Fixtures.workedExample(false), new TimingModel.Paper());
    JsonNode events = JSON.readTree(t.traceJson()).get("traceEvents");
    double end = 0;
    for (JsonNode e : events) {
      if (e.get("ph").asText().equals("X")) {
        end = Math.max(end, e.get("ts").asDouble() + e.get("dur").asDouble());
      }
    }
    assertEquals(t.result().totalCycles() / 1000.0, end, 1e-9);
  }

  @Test
  void theJsonReportCarriesTotalsLayersAndBreakdown() throws Exception {
    SimulationResult r = Simulator.simulate(Fixtures.workedExample(false), new TimingModel.Detailed());
    JsonNode n = JSON.readTree(SimulationReport.toJson(r));
    assertEquals(r.totalCycles(), n.get("totalCycles").asLong());
    assertEquals("detailed", n.get("timing").asText());
    assertEquals(1, n.get("layers").size());
    assertEquals(r.layers().get(0).bound().cycles(), n.get("layers").get(0).get("boundCycles").asLong());
    assertTrue(n.get("instructionCycles").get("COMP").asLong() > 0);
    String text = SimulationReport.toText(r);
    assertTrue(text.contains("latency"), text);
    assertTrue(text.contains("conv"), text);
  }

  @Test
  void aProgramReadFromJsonSimulatesLikeTheOriginal() {
    Program p = Fixtures.workedExample(false);
    Program back = ProgramJson.fromJson(new String(ProgramJson.toBytes(p), StandardCharsets.UTF_8), "program.json");
    assertEquals(Simulator.simulate(p, new TimingModel.Detailed()).totalCycles(),
        Simulator.simulate(back, new TimingModel.Detailed()).totalCycles());
  }

  @Test
  void anUnknownTimingModelIsAUsageError() {
    BscException e = assertThrows(BscException.class, () -> TimingModel.parse("fast"));
    assertEquals("--timing", e.where());
    assertEquals("detailed", TimingModel.parse("detailed").name());
  }

  @Test
  void everyLayerTakesAtLeastItsPhysicalBoundUnderBothModels() {
    for (TimingModel m : new TimingModel[] {new TimingModel.Paper(), new TimingModel.Detailed()}) {
      SimulationResult r = Simulator.simulate(Fixtures.workedExample(false), m);
      for (LayerTiming l : r.layers()) {
        assertTrue(l.cycles() >= l.bound().cycles(), m.name() + " " + l);
        assertTrue(l.boundMultiple() >= 1.0);
      }
    }
  }
}
