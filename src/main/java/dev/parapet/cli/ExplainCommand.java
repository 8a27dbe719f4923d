package dev.parapet.cli;

import dev.parapet.check.CheckMeta;
import dev.parapet.report.CheckDocs;
import dev.parapet.scan.BuiltinChecks;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code parapet explain ID}: the documentation of one check. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description =
        "Print the documentation of a check: why it matters, what triggers it, how to fix it.",
    footerHeading = "%nExamples:%n",
    footer = {"  parapet explain PSS-003", "  parapet explain psa-002"})
final class ExplainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "A check id, as listed by 'parapet checks'.")
  String id;

  @Override
  public Integer call() {
    CheckMeta meta =
        BuiltinChecks.find(id)
            .map(c -> c.meta())
            .orElseThrow(
                () -> new Main.UsageException("unknown check '" + id + "' (see 'parapet checks')"));
    spec.commandLine().getOut().print(CheckDocs.text(meta));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
