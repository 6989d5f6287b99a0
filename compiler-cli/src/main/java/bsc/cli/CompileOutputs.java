package bsc.cli;

import bsc.cli.compile.CompileResult;
import bsc.cli.compile.CompileSummary;
import bsc.cli.compile.HtmlReport;
import bsc.cli.compile.LayersCsv;
import bsc.ir.BscException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The files of {@code bsc compile -o OUTDIR}, each written atomically; report.html last. */
final class CompileOutputs {
  static final String KERNELS = "kernels";

  private CompileOutputs() {}

  /** The relative names of every file a compile writes, in writing order. */
  static List<String> names(CompileResult r) {
    List<String> names = new ArrayList<>(List.of("program.json", "program.txt", "weights.bin"));
    for (String k : r.primary().kernels().keySet()) {
      names.add(KERNELS + "/" + k);
    }
    names.addAll(List.of("trace.json", "layers.csv", "report.html"));
    return names;
  }

  /** The names with every kernel file folded into "kernels/" (for one line on the terminal). */
  static List<String> topLevel(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      String top = n.startsWith(KERNELS + "/") ? KERNELS + "/" : n;
      if (!out.contains(top)) {
        out.add(top);
      }
    }
    return out;
  }

  static void write(Path dir, CompileResult r, CompileSummary s) {
    directory(dir.resolve(KERNELS));
    text(dir.resolve("program.json"), r.primary().json());
    text(dir.resolve("program.txt"), r.primary().listing());
    byte[] weights = r.primary().weights();
    AtomicFileWriter.write(dir.resolve("weights.bin"), out -> out.write(weights));
    for (Map.Entry<String, String> k : r.primary().kernels().entrySet()) {
      text(dir.resolve(KERNELS).resolve(k.getKey()), k.getValue());
    }
    byte[] trace = r.trace();
    AtomicFileWriter.write(dir.resolve("trace.json"), out -> out.write(trace));
    text(dir.resolve("layers.csv"), LayersCsv.of(r.layers()));
    text(dir.resolve("report.html"), HtmlReport.of(s, r));
  }

  private static void text(Path file, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    AtomicFileWriter.write(file, out -> out.write(bytes));
  }

  private static void directory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new BscException(dir.toString(), "cannot create the output directory: " + e.getMessage());
    }
  }
}
