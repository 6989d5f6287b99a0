package bsc.aie2.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which tensors share memory (paper-facts.md 4.1: "concatenation in-place memory reuse"): a Concat input
 * produced on the array and read by nothing else is written straight into the Concat's output at its
 * channel offset; other Concat inputs get a COPY layer. A Flatten of a 1x1 map aliases its input. Every
 * tensor then resolves to a root storage and a channel offset; each storage has a live range over layer
 * indices (program outputs live to the end).
 */
final class Storages {
  /** A root storage: its extent and the layers between its first write and its last read. */
  record Storage(String name, Dims dims, int first, int last, boolean programOutput, boolean programInput) {}

  private final Schedule schedule;
  private final Map<String, String> parent = new HashMap<>();
  private final Map<String, Integer> offset = new HashMap<>();
  private final Map<String, Storage> storages = new LinkedHashMap<>();

  private Storages(Schedule s) {
    this.schedule = s;
  }

  Schedule schedule() {
    return schedule;
  }

  /** Inserts copies for Concat inputs that cannot be written in place, then resolves storages. */
  static Storages plan(Schedule s) {
    Schedule withCopies = insertCopies(s);
    Storages st = new Storages(withCopies);
    st.resolve();
    return st;
  }

  String storageOf(String tensor) {
    String t = tensor;
    while (parent.containsKey(t)) {
      t = parent.get(t);
    }
    return t;
  }

  int channelOffset(String tensor) {
    int off = 0;
    String t = tensor;
    while (parent.containsKey(t)) {
      off += offset.get(t);
      t = parent.get(t);
    }
    return off;
  }

  Storage storage(String name) {
    return storages.get(name);
  }

  List<Storage> all() {
    return List.copyOf(storages.values());
  }

  private void resolve() {
    for (Layer l : schedule.layers()) {
      if (l.kind() == LayerKind.CONCAT) {
        int off = 0;
        for (String in : l.inputs()) {
          parent.put(in, l.output());
          offset.put(in, off);
          off += schedule.dims(in).c();
        }
      } else if (l.kind() == LayerKind.ALIAS) {
        parent.put(l.output(), l.inputs().get(0));
        offset.put(l.output(), 0);
      }
    }
    Map<String, int[]> range = new LinkedHashMap<>();
    range.put(schedule.input(), new int[] {-1, -1});
    for (Layer l : schedule.layers()) {
      String out = storageOf(l.output());
      range.computeIfAbsent(out, k -> new int[] {l.index(), l.index()});
      for (String in : l.inputs()) {
        int[] r = range.get(storageOf(in));
        r[1] = Math.max(r[1], l.index());
      }
    }
    for (Map.Entry<String, int[]> e : range.entrySet()) {
      String name = e.getKey();
      boolean output = schedule.outputs().stream().anyMatch(o -> storageOf(o).equals(name));
      int last = output ? Integer.MAX_VALUE : Math.max(e.getValue()[0], e.getValue()[1]);
      storages.put(name, new Storage(name, schedule.dims(name), e.getValue()[0], last, output,
          name.equals(schedule.input())));
    }
  }

  private static Schedule insertCopies(Schedule s) {
    Map<String, Integer> readers = new HashMap<>();
    Map<String, LayerKind> producer = new HashMap<>();
    for (Layer l : s.layers()) {
      producer.put(l.output(), l.kind());
      for (String in : l.inputs()) {
        readers.merge(in, 1, Integer::sum);
      }
    }
    List<Layer> out = new ArrayList<>();
    Map<String, Dims> tensors = new LinkedHashMap<>(s.tensors());
    for (Layer l : s.layers()) {
      if (l.kind() != LayerKind.CONCAT) {
        out.add(reindex(l, out.size(), l.inputs()));
        continue;
      }
      List<String> inputs = new ArrayList<>();
      for (int k = 0; k < l.inputs().size(); k++) {
        String in = l.inputs().get(k);
        LayerKind p = producer.get(in);
        boolean sameFix = l.fixes().isEmpty() || l.fixes().get(k).equals(l.fixes().get(l.inputs().size()));
        boolean inPlace = p != null && p != LayerKind.ALIAS && readers.get(in) == 1 && !s.outputs().contains(in)
            && !inputs.contains(in) && sameFix;
        if (inPlace) {
          inputs.add(in);
          continue;
        }
        String copy = l.output() + "#in" + k;
        Dims d = s.dims(in);
        tensors.put(copy, d);
        out.add(new Layer(out.size(), l.name() + ".copy" + k, "Copy", LayerKind.COPY, List.of(in), copy, d, d,
            Window.POINT, Activation.NONE, false, null, l.fixes().isEmpty() ? List.of() : List.of(l.fixes().get(k),
            l.fixes().get(l.inputs().size()))));
        inputs.add(copy);
      }
      out.add(reindex(l, out.size(), inputs));
    }
    return new Schedule(s.model(), out, tensors, s.input(), s.outputs(), s.excluded());
  }

  private static Layer reindex(Layer l, int index, List<String> inputs) {
    return new Layer(index, l.name(), l.op(), l.kind(), inputs, l.output(), l.in(), l.out(), l.window(),
        l.activation(), l.countIncludePad(), l.weights(), l.fixes());
  }
}
