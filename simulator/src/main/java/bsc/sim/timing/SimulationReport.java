package bsc.sim.timing;

import bsc.aie2.program.InstructionKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** A {@link SimulationResult} as text for people and as JSON for scripts (the CLI writes either). */
public final class SimulationReport {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT).build();

  private SimulationReport() {}

  public static byte[] toJson(SimulationResult r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("model", r.model());
    root.put("target", r.target());
    root.put("timing", r.timing());
    root.put("clockHz", r.clockHz());
    root.put("cores", r.cores());
    root.put("totalCycles", r.totalCycles());
    root.put("latencyMs", r.latencyMillis());
    root.put("inferencesPerSecond", r.inferencesPerSecond());
    root.put("boundCycles", r.boundCycles());
    root.put("coreBusy", r.coreBusy());
    root.put("macUtilization", r.macUtilization());
    ObjectNode shares = root.putObject("boundShares");
    r.boundShares().forEach((k, v) -> shares.put(k.name(), v));
    root.set("bytes", MAPPER.valueToTree(r.bytes()));
    root.set("instructionCycles", kinds(r.instructionCycles()));
    var layers = root.putArray("layers");
    for (LayerTiming l : r.layers()) {
      ObjectNode n = layers.addObject();
      n.put("index", l.index());
      n.put("name", l.name());
      n.put("op", l.op());
      n.put("startCycle", l.startCycle());
      n.put("cycles", l.cycles());
      n.set("bound", MAPPER.valueToTree(l.bound()));
      n.put("boundCycles", l.bound().cycles());
      n.put("limiter", l.bound().limiter().name());
      n.put("boundMultiple", l.boundMultiple());
      n.put("performedMacs", l.performedMacs());
      n.put("macUtilization", l.macUtilization());
      n.set("instructionCycles", kinds(l.instructionCycles()));
    }
    try {
      return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a simulation result", e);
    }
  }

  private static ObjectNode kinds(Map<InstructionKind, Long> cycles) {
    ObjectNode n = MAPPER.createObjectNode();
    for (InstructionKind k : InstructionKind.values()) {
      n.put(k.name(), cycles.getOrDefault(k, 0L));
    }
    return n;
  }

  public static String toText(SimulationResult r) {
    StringBuilder b = new StringBuilder();
    b.append(f("%s on %s, timing model %s%n", r.model(), r.target(), r.timing()));
    b.append(f("latency    %.3f ms (%d cycles at %.0f MHz), %.1f inferences/s%n", r.latencyMillis(),
        r.totalCycles(), r.clockHz() / 1e6, r.inferencesPerSecond()));
    b.append(f("bound      %.3f ms (sum of the layers' physical bounds), time / bound %.2f%n",
        ms(r, r.boundCycles()), r.boundCycles() == 0 ? 1.0 : (double) r.totalCycles() / r.boundCycles()));
    b.append(f("cores      busy %.1f%%, MAC utilization %.1f%% of %d cores%n", 100 * r.coreBusy(),
        100 * r.macUtilization(), r.cores()));
    BytesMoved m = r.bytes();
    b.append(f("bytes      DDR->memtile %s, memtile->DDR %s, memtile->cores %s (delivered %s), cores->memtile %s%n",
        mb(m.ddrToMemtile()), mb(m.memtileToDdr()), mb(m.memtileToCores()), mb(m.memtileToCoresDelivered()),
        mb(m.coresToMemtile())));
    b.append("limited by");
    r.boundShares().forEach((k, v) -> b.append(f(" %s %.0f%%", k.name().toLowerCase(Locale.ROOT), 100 * v)));
    b.append(" (share of the time in layers bound by each)\n");
    b.append("time per kind (summed instruction durations, ms):");
    for (InstructionKind k : InstructionKind.values()) {
      b.append(f(" %s %.3f", k.name(), r.instructionMillis(k)));
    }
    b.append("\n\n");
    b.append(f("%4s %-28s %-18s %10s %10s %10s %8s %-11s %6s%n", "#", "layer", "op", "start ms", "time ms",
        "bound ms", "x bound", "limiter", "MAC%"));
    for (LayerTiming l : r.layers()) {
      b.append(f("%4d %-28s %-18s %10.4f %10.4f %10.4f %8.2f %-11s %6.1f%n", l.index(), clip(l.name(), 28),
          clip(l.op(), 18), ms(r, l.startCycle()), ms(r, l.cycles()), ms(r, l.bound().cycles()),
          l.boundMultiple(), l.bound().limiter().name().toLowerCase(Locale.ROOT), 100 * l.macUtilization()));
    }
    return b.toString();
  }

  private static double ms(SimulationResult r, long cycles) {
    return cycles / r.clockHz() * 1e3;
  }

  private static String mb(long bytes) {
    return f("%.2f MB", bytes / 1e6);
  }

  private static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
