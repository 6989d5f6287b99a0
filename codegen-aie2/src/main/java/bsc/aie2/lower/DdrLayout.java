package bsc.aie2.lower;

import bsc.aie2.Aie2Target;
import bsc.aie2.program.Buffer;
import bsc.aie2.program.Level;
import bsc.aie2.program.TensorHome;
import bsc.aie2.program.TensorSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DDR (L3) layout (paper-facts.md 4.2: inputs and outputs have designated areas, weights are pre-formatted,
 * spilled tensors get swap space): ddr.input, ddr.output, ddr.weights, ddr.spill, each aligned to a page;
 * and every tensor's home view, in memtile or in DDR.
 */
final class DdrLayout {
  private static final long PAGE = 4096;
  private static final long TENSOR_ALIGN = 64;
  private final Aie2Target t;
  private final Storages st;
  private final MemtilePlanner.Plan mem;
  private final Map<String, Long> ddrAddress = new HashMap<>();
  private final Map<String, String> ddrBuffer = new HashMap<>();
  private final long[] weightOffsets;
  private final List<Buffer> buffers = new ArrayList<>();
  private long weightsBase;
  private long weightsBytes;

  DdrLayout(Storages st, MemtilePlanner.Plan mem, WeightLayout[] wl, Aie2Target t) {
    this.t = t;
    this.st = st;
    this.mem = mem;
    this.weightOffsets = new long[wl.length];
    long at = region("ddr.input", 0, s -> s.programInput(), "network input");
    at = region("ddr.output", at, s -> s.programOutput(), "network outputs");
    weightsBase = at;
    for (int i = 0; i < wl.length; i++) {
      weightOffsets[i] = weightsBytes;
      weightsBytes += wl[i] == null ? 0 : wl[i].totalBytes();
    }
    buffers.add(new Buffer("ddr.weights", Level.DDR, weightsBase, Math.max(weightsBytes, 1), 1, "weights.bin"));
    at = page(weightsBase + weightsBytes);
    region("ddr.spill", at, s -> !s.programInput() && !s.programOutput() && !mem.resident(s.name()) && s.first() >= 0,
        "tensors that do not stay in memtile");
  }

  private long region(String id, long start, java.util.function.Predicate<Storages.Storage> which, String purpose) {
    long at = start;
    for (Storages.Storage s : st.all()) {
      if (which.test(s)) {
        ddrAddress.put(s.name(), at);
        ddrBuffer.put(s.name(), id);
        at += (s.dims().bytes() + TENSOR_ALIGN - 1) / TENSOR_ALIGN * TENSOR_ALIGN;
      }
    }
    buffers.add(new Buffer(id, Level.DDR, start, Math.max(at - start, 1), 1, purpose));
    return page(at);
  }

  private static long page(long v) {
    return (v + PAGE - 1) / PAGE * PAGE;
  }

  List<Buffer> buffers() {
    return buffers;
  }

  long weightsBase() {
    return weightsBase;
  }

  long weightsBytes() {
    return weightsBytes;
  }

  long weightOffset(int layer) {
    return weightOffsets[layer];
  }

  /** The home view of a tensor: its storage's memtile slices or its DDR region, at its channel offset. */
  TensorView view(String tensor) {
    String s = st.storageOf(tensor);
    Dims d = st.schedule().dims(s);
    long chOff = st.channelOffset(tensor);
    if (mem.resident(s)) {
      int n = Geometry.sliceCount(t, d.w());
      return new TensorView(tensor, Level.MEMTILE, "tensor:" + s,
          TensorView.memtileSlices(d.w(), n, mem.offsets().get(s), d.c()), d.c(), chOff, 0, 1);
    }
    TensorSlice slice = new TensorSlice(-1, 0, d.w(), ddrAddress.get(s), (long) d.w() * d.c());
    return new TensorView(tensor, Level.DDR, ddrBuffer.get(s), List.of(slice), d.c(), chOff, 0, 1);
  }

  List<TensorHome> homes(Schedule s) {
    List<TensorHome> out = new ArrayList<>();
    for (Map.Entry<String, Dims> e : new java.util.TreeMap<>(s.tensors()).entrySet()) {
      TensorView v = view(e.getKey());
      Dims d = e.getValue();
      out.add(new TensorHome(e.getKey(), d.h(), d.w(), d.c(), 1, v.level(), st.storageOf(e.getKey()),
          v.channelOffsetBytes(), v.pixelStrideBytes(), v.slices()));
    }
    return out;
  }
}
