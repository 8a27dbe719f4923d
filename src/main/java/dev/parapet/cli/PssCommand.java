package dev.parapet.cli;

import dev.parapet.pss.PssReport;
import dev.parapet.report.PssRenderer;
import dev.parapet.scan.Scanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parapet pss}: each workload against a Pod Security Standards level and version. */
@Command(
    name = "pss",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate every workload against a Pod Security Standards level and version exactly as the"
          + " PodSecurity admission plugin would, and give each namespace the most restrictive"
          + " level that still admits all its workloads."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  parapet pss examples/hardened --level restricted",
      "  parapet pss k8s/ --level baseline --pss-version v1.29",
      "  kubectl get -A -o yaml pods,namespaces | parapet pss - -o json",
      "",
      "Exit codes: 0 every workload allowed, 1 some forbidden, 2 usage or input error."
    })
final class PssCommand implements Callable<Integer> {
  private final InputStream stdin;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin InputOptions input;

  @Mixin PssOptions pss;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String format = "table";

  @Option(names = "--no-color", description = "No colours (also: NO_COLOR set).")
  boolean noColor;

  PssCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws IOException {
    if (!format.equals("table") && !format.equals("json")) {
      throw new Main.UsageException(
          "unknown output format '" + format + "' (expected table or json)");
    }
    input.configureLogging();
    Scanner.Loaded loaded = Scanner.load(input.paths, stdin, input.limits());
    PssReport report = PssReport.of(loaded.inventory(), pss.parsedLevel(), pss.parsedVersion());
    ScanCommand.Problems.print(loaded.problems(), spec.commandLine().getErr(), input.quiet);
    StringWriter buffer = new StringWriter();
    if (format.equals("json")) {
      PssRenderer.json(report, buffer);
    } else {
      PssRenderer.table(report, buffer, Terminal.colors(noColor));
    }
    spec.commandLine().getOut().print(buffer);
    spec.commandLine().getOut().flush();
    if (loaded.problems().stream()
        .anyMatch(p -> p.level() == dev.parapet.source.Problem.Level.ERROR)) {
      return Main.EXIT_USAGE;
    }
    return report.allAllowed() ? 0 : Main.EXIT_FINDINGS;
  }
}
