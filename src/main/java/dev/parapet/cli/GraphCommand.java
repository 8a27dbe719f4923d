package dev.parapet.cli;

import dev.parapet.graph.AttackGraph;
import dev.parapet.graph.AttackGraphs;
import dev.parapet.report.GraphRenderer;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parapet graph}: the attack graph of the scanned cluster. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {
      "Export the attack graph of the scanned cluster: vertices (entry points, identities,"
          + " pods, containers, volumes, nodes, endpoints, crown jewels) and edges (attack"
          + " techniques with their MITRE ATT&CK id and the file:line of the fields that create"
          + " them). Exit 0, or 2 for a usage or input error."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  parapet graph examples/insecure-cluster -o dot | dot -Tsvg > graph.svg",
      "  parapet graph manifests/ -o json > graph.json"
    })
final class GraphCommand implements Callable<Integer> {
  private final InputStream stdin;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin InputOptions input;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "json or dot (default: ${DEFAULT-VALUE}).")
  String format = "json";

  GraphCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws IOException {
    if (!List.of("json", "dot").contains(format)) {
      throw new Main.UsageException(
          "unknown output format '" + format + "' (expected json or dot)");
    }
    input.configureLogging();
    Scanner.Loaded loaded = Scanner.load(input.paths, stdin, input.limits());
    ScanCommand.Problems.print(loaded.problems(), spec.commandLine().getErr(), input.quiet);
    AttackGraph g = AttackGraphs.of(loaded.inventory());
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("dot")) {
      GraphRenderer.dot(g, List.of(), false, out);
    } else {
      GraphRenderer.graphJson(g, out);
    }
    out.flush();
    return loaded.problems().stream().anyMatch(p -> p.level() == Problem.Level.ERROR)
        ? Main.EXIT_USAGE
        : 0;
  }
}
