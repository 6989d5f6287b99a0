package bsc.cli;

import bsc.models.BuiltinModels;
import bsc.models.ModelInfo;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bsc models}: the built-in models, which every command accepts as MODEL without a download. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List the built-in models (name, input, parameters, GMACs, description).",
    subcommands = ModelExportCommand.class)
final class ModelsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    TextTable t = new TextTable("name", "input", ">params", ">GMACs", "description");
    for (String name : BuiltinModels.names()) {
      ModelInfo m = BuiltinModels.info(name);
      t.row(m.name(), m.input(), InspectionText.grouped(m.parameters()),
          String.format(Locale.ROOT, "%.2f", m.macs() / 1e9), m.description());
    }
    t.print(spec.commandLine().getOut(), "");
    return 0;
  }
}
