package bsc.sim.timing;

import bsc.aie2.program.Instruction;
import bsc.aie2.program.LayerProgram;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a Chrome trace-event JSON (opens in Perfetto or chrome://tracing): one process per tile kind (layers,
 * shim DMA, memtile DMA, core DMA, core compute; or the paper model's instruction kinds), one track (tid) per
 * channel or core, one complete event ("ph":"X") per step on every queue it occupies. Timestamps are
 * microseconds at the target clock. Events are streamed into a byte buffer as they come.
 */
final class TraceRecorder implements StepSink {
  private static final String LAYERS = "layers";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
  private final JsonGenerator json;
  private final double microsPerCycle;
  private final Map<String, Integer> processes = new LinkedHashMap<>();
  private final Map<String, int[]> threads = new LinkedHashMap<>();

  TraceRecorder(double clockHz) {
    this.microsPerCycle = 1e6 / clockHz;
    try {
      json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
      json.writeStartObject();
      json.writeStringField("displayTimeUnit", "ns");
      json.writeArrayFieldStart("traceEvents");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    process(LAYERS);
    for (LayerPlan.QueueKind kind : LayerPlan.QueueKind.values()) {
      process(processName(kind));
    }
  }

  void layer(LayerProgram layer, long startCycle, long endCycle) {
    span(LAYERS, LAYERS, layer.index() + " " + layer.name() + " (" + layer.op() + ")", layer.op(), startCycle,
        endCycle, layer.index(), -1);
  }

  @Override
  public void step(LayerPlan plan, int entry, int iteration, long startCycle, long endCycle) {
    Instruction in = plan.instructionOf(entry);
    String name = in.kind() + " " + in.group() + " #" + in.id();
    for (int i = plan.entryQueueStart[entry]; i < plan.entryQueueStart[entry + 1]; i++) {
      int q = plan.entryQueues[i];
      span(processName(plan.queueKind[q]), plan.queueName[q], name, in.kind().name(), startCycle, endCycle,
          plan.layer.index(), iteration);
    }
  }

  /** The paper model's timeline: one track per instruction kind. */
  void paperSpan(LayerProgram layer, PaperEstimator.Span s, long layerStart) {
    span("instructions (paper model)", s.kind().name(), s.label(), s.kind().name(), layerStart + s.startCycle(),
        layerStart + s.startCycle() + s.cycles(), layer.index(), -1);
  }

  byte[] finish() {
    try {
      for (Map.Entry<String, Integer> p : processes.entrySet()) {
        metadata("process_name", p.getValue(), 0, p.getKey());
        metadata("process_sort_index", p.getValue(), 0, null);
      }
      for (Map.Entry<String, int[]> t : threads.entrySet()) {
        String thread = t.getKey().substring(t.getKey().indexOf('/') + 1);
        metadata("thread_name", t.getValue()[0], t.getValue()[1], thread);
      }
      json.writeEndArray();
      json.writeEndObject();
      json.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String processName(LayerPlan.QueueKind kind) {
    return switch (kind) {
      case SHIM_DMA -> "shim DMA (DDR)";
      case MEMTILE_DMA -> "memtile DMA";
      case CORE_DMA -> "core DMA";
      case CORE -> "core compute";
    };
  }

  private int process(String name) {
    return processes.computeIfAbsent(name, n -> processes.size() + 1);
  }

  private void span(String process, String thread, String name, String category, long startCycle, long endCycle,
      int layer, int iteration) {
    int pid = process(process);
    int[] ids = threads.computeIfAbsent(process + "/" + thread, key -> new int[] {pid, threads.size() + 1});
    try {
      json.writeStartObject();
      json.writeStringField("name", name);
      json.writeStringField("cat", category);
      json.writeStringField("ph", "X");
      json.writeNumberField("ts", micros(startCycle));
      json.writeNumberField("dur", micros(endCycle - startCycle));
      json.writeNumberField("pid", ids[0]);
      json.writeNumberField("tid", ids[1]);
      json.writeObjectFieldStart("args");
      json.writeNumberField("layer", layer);
      if (iteration >= 0) {
        json.writeNumberField("iteration", iteration);
      }
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private double micros(long cycles) {
    return Math.round(cycles * microsPerCycle * 1000.0) / 1000.0;
  }

  private void metadata(String name, int pid, int tid, String value) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", name);
    json.writeStringField("ph", "M");
    json.writeNumberField("pid", pid);
    json.writeNumberField("tid", tid);
    json.writeObjectFieldStart("args");
    if (value == null) {
      json.writeNumberField("sort_index", pid);
    } else {
      json.writeStringField("name", value);
    }
    json.writeEndObject();
    json.writeEndObject();
  }
}
