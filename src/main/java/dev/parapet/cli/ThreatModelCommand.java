package dev.parapet.cli;

import dev.parapet.check.ScanResult;
import dev.parapet.report.ThreatRenderer;
import dev.parapet.scan.Scanner;
import dev.parapet.threat.ThreatModel;
import dev.parapet.threat.ThreatModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parapet threat-model}: the STRIDE threat model of the scanned cluster. */
@Command(
    name = "threat-model",
    mixinStandardHelpOptions = true,
    description = {
      "Write the threat model of the scanned cluster: assets, threat actors with their attack"
          + " paths, entry points, trust boundaries with the attack-graph edges that cross them,"
          + " every threat of the STRIDE catalogue per component with its status (exposed,"
          + " mitigated, or unknown when the input lacks what judges it) and the findings, edges"
          + " and benchmark results that decide it, and a data-flow diagram. Exit 0, or 2 for a"
          + " usage or input error."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  parapet threat-model examples/insecure-cluster > threat-model.md",
      "  parapet threat-model manifests/ /etc/kubernetes/manifests -o json > threat-model.json",
      "  parapet threat-model k8s/ --allowed-registries registry.example.com"
    })
final class ThreatModelCommand implements Callable<Integer> {
  private final InputStream stdin;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin InputOptions input;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "markdown or json (default: ${DEFAULT-VALUE}).")
  String format = "markdown";

  @Option(
      names = "--allowed-registries",
      split = ",",
      paramLabel = "REGISTRY",
      description =
          "Trusted image registries; without them the untrusted-registry threat is unknown.")
  List<String> allowedRegistries = new ArrayList<>();

  ThreatModelCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws IOException {
    if (!List.of("markdown", "json").contains(format)) {
      throw new Main.UsageException(
          "unknown output format '" + format + "' (expected markdown or json)");
    }
    input.configureLogging();
    Scanner.Loaded loaded = Scanner.load(input.paths, stdin, input.limits());
    ScanCommand.Problems.print(loaded.problems(), spec.commandLine().getErr(), input.quiet);
    Scanner.Options options =
        new Scanner.Options(
            "latest",
            "restricted",
            allowedRegistries,
            List.of(),
            List.of(),
            dev.parapet.check.Severity.INFO,
            null);
    ScanResult scan = Scanner.check(loaded, options, input.paths, Main.version());
    ThreatModel model =
        ThreatModels.of(
            loaded.inventory(), scan, new ThreatModels.Options(!allowedRegistries.isEmpty()));
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("json")) {
      ThreatRenderer.json(model, out);
    } else {
      ThreatRenderer.markdown(model, out);
    }
    out.flush();
    return scan.hasInputErrors() ? Main.EXIT_USAGE : 0;
  }
}
