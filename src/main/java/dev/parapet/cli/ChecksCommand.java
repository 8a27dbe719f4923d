package dev.parapet.cli;

import dev.parapet.check.CheckMeta;
import dev.parapet.scan.BuiltinChecks;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parapet checks}: every check with its id, severity, category and title. */
@Command(
    name = "checks",
    mixinStandardHelpOptions = true,
    description = "List every check: id, severity, category and title.",
    footerHeading = "%nExamples:%n",
    footer = {"  parapet checks", "  parapet checks --category pss", "  parapet explain PSS-003"})
final class ChecksCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--category", paramLabel = "NAME", description = "Only checks of this category.")
  String category;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    // as wide as the longest id of all checks, so that --category does not move the columns
    int width = BuiltinChecks.metas().stream().mapToInt(m -> m.id().length()).max().orElse(0);
    String row = "%-" + Math.max(9, width) + "s %-9s %-9s %s%n";
    out.printf(row, "ID", "SEVERITY", "CATEGORY", "TITLE");
    for (CheckMeta m : BuiltinChecks.metas()) {
      if (category != null && !m.category().equalsIgnoreCase(category)) {
        continue;
      }
      out.printf(row, m.id(), m.severity().label(), m.category(), m.title());
    }
    out.flush();
    return 0;
  }
}
