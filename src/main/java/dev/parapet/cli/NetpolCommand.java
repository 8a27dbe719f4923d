package dev.parapet.cli;

import dev.parapet.netpol.Connectivity;
import dev.parapet.netpol.Peer;
import dev.parapet.netpol.PodGroup;
import dev.parapet.report.NetpolRenderer;
import dev.parapet.scan.Scanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parapet netpol}: what NetworkPolicies allow, answered offline from manifests. */
@Command(
    name = "netpol",
    mixinStandardHelpOptions = true,
    description = {
      "Answer network policy questions offline, from manifests or a kubectl dump, with the"
          + " semantics of networking.k8s.io/v1 NetworkPolicy."
    },
    subcommands = {NetpolCommand.Matrix.class},
    footerHeading = "%nExamples:%n",
    footer = {"  parapet netpol matrix examples/insecure-cluster"})
final class NetpolCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "matrix",
      mixinStandardHelpOptions = true,
      description = {
        "Every allowed connection between workloads, and to and from external address blocks,"
            + " with the protocols and ports. Pods of a controller are shown as the controller"
            + " (namespace/name[Kind]); an external peer as an address range. Exit 0, or 2 for"
            + " a usage or input error."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  parapet netpol matrix examples/insecure-cluster",
        "  parapet netpol matrix k8s/ -n shop -o csv > shop.csv",
        "  parapet netpol matrix k8s/ -o dot | dot -Tsvg > netpol.svg",
        "  kubectl get -A -o yaml pods,deployments,namespaces,networkpolicies"
            + " | parapet netpol matrix - -o json"
      })
  static final class Matrix implements Callable<Integer> {
    private static final List<String> FORMATS = List.of("table", "json", "csv", "dot");

    private final InputStream stdin;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin InputOptions input;

    @Option(
        names = {"-n", "--namespace"},
        paramLabel = "NS",
        description = "Only connections whose source or destination is in this namespace.")
    String namespace;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "table, json, csv or dot (default: ${DEFAULT-VALUE}).")
    String format = "table";

    Matrix(InputStream stdin) {
      this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
      if (!FORMATS.contains(format)) {
        throw new Main.UsageException(
            "unknown output format '" + format + "' (expected table, json, csv or dot)");
      }
      input.configureLogging();
      Scanner.Loaded loaded = Scanner.load(input.paths, stdin, input.limits());
      Connectivity connectivity = Connectivity.of(loaded.inventory());
      ScanCommand.Problems.print(loaded.problems(), spec.commandLine().getErr(), input.quiet);
      ScanCommand.Problems.print(connectivity.problems(), spec.commandLine().getErr(), input.quiet);
      spec.commandLine().getErr().flush();
      List<Connectivity.Connection> connections =
          connectivity.connections().stream()
              .filter(c -> namespace == null || in(c.src()) || in(c.dst()))
              .toList();
      // written straight to the output: a matrix of thousands of workloads runs to hundreds of MB
      PrintWriter out = spec.commandLine().getOut();
      switch (format) {
        case "json" -> NetpolRenderer.json(connections, out);
        case "csv" -> NetpolRenderer.csv(connections, out);
        case "dot" ->
            NetpolRenderer.dot(
                connectivity.groups().stream().filter(this::in).toList(), connections, out);
        default -> NetpolRenderer.table(connections, out);
      }
      out.flush();
      if (loaded.problems().stream()
          .anyMatch(p -> p.level() == dev.parapet.source.Problem.Level.ERROR)) {
        return Main.EXIT_USAGE;
      }
      return 0;
    }

    /** Whether the peer is a workload of the namespace asked for, or any workload without -n. */
    private boolean in(Peer p) {
      return p instanceof PodGroup g && (namespace == null || g.namespace().equals(namespace));
    }
  }
}
