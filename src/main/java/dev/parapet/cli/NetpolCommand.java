package dev.parapet.cli;

import dev.parapet.netpol.Connectivity;
import dev.parapet.netpol.Exposure;
import dev.parapet.netpol.Peer;
import dev.parapet.netpol.PodGroup;
import dev.parapet.report.ExposureRenderer;
import dev.parapet.report.NetpolRenderer;
import dev.parapet.scan.Scanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
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
    subcommands = {
      NetpolCommand.Matrix.class,
      NetpolExplainCommand.class,
      NetpolCommand.ExposureReport.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  parapet netpol matrix examples/insecure-cluster",
      "  parapet netpol explain examples/insecure-cluster shop/api data/postgres --port 5432",
      "  parapet netpol exposure examples/insecure-cluster"
    })
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
            + " (namespace/name[Kind]); an external peer as an address range; traffic entering"
            + " through an Ingress as coming from {ingress-controller}. Exit 0, or 2 for a usage"
            + " or input error."
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
      List<Connectivity.Connection> all = new ArrayList<>(connectivity.connections());
      all.addAll(Exposure.of(loaded.inventory()).ingressConnections());
      all.sort(
          Comparator.comparing((Connectivity.Connection c) -> c.src().display())
              .thenComparing(c -> c.dst().display()));
      List<Connectivity.Connection> connections =
          all.stream().filter(c -> namespace == null || in(c.src()) || in(c.dst())).toList();
      StringWriter buffer = new StringWriter();
      switch (format) {
        case "json" -> NetpolRenderer.json(connections, buffer);
        case "csv" -> NetpolRenderer.csv(connections, buffer);
        case "dot" ->
            NetpolRenderer.dot(
                connectivity.groups().stream().filter(this::in).toList(), connections, buffer);
        default -> NetpolRenderer.table(connections, buffer);
      }
      spec.commandLine().getOut().print(buffer);
      spec.commandLine().getOut().flush();
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

  @Command(
      name = "exposure",
      mixinStandardHelpOptions = true,
      description = {
        "What can be reached from outside the cluster: Services of type LoadBalancer or NodePort,"
            + " Services with externalIPs, Ingress rules and default backends (host and path, the"
            + " Service, the workloads behind it), pods on the host network and host ports; for"
            + " each, the workloads and ports reached, whether NetworkPolicies restrict that"
            + " traffic (yes, no, partially) and which policies, and the file:line that creates"
            + " it. Exit 0, or 2 for a usage or input error."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  parapet netpol exposure examples/insecure-cluster",
        "  parapet netpol exposure k8s/ -n shop -o json"
      })
  static final class ExposureReport implements Callable<Integer> {
    private static final List<String> FORMATS = List.of("table", "json");

    private final InputStream stdin;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin InputOptions input;

    @Option(
        names = {"-n", "--namespace"},
        paramLabel = "NS",
        description = "Only entries whose Service or reached workloads are in this namespace.")
    String namespace;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "table or json (default: ${DEFAULT-VALUE}).")
    String format = "table";

    ExposureReport(InputStream stdin) {
      this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
      if (!FORMATS.contains(format)) {
        throw new Main.UsageException(
            "unknown output format '" + format + "' (expected table or json)");
      }
      input.configureLogging();
      Scanner.Loaded loaded = Scanner.load(input.paths, stdin, input.limits());
      Exposure exposure = Exposure.of(loaded.inventory());
      ScanCommand.Problems.print(loaded.problems(), spec.commandLine().getErr(), input.quiet);
      ScanCommand.Problems.print(
          Connectivity.of(loaded.inventory()).problems(), spec.commandLine().getErr(), input.quiet);
      spec.commandLine().getErr().flush();
      List<Exposure.Entry> entries = exposure.entries().stream().filter(this::in).toList();
      StringWriter buffer = new StringWriter();
      if (format.equals("json")) {
        ExposureRenderer.json(entries, buffer);
      } else {
        ExposureRenderer.table(entries, buffer);
      }
      spec.commandLine().getOut().print(buffer);
      spec.commandLine().getOut().flush();
      if (loaded.problems().stream()
          .anyMatch(p -> p.level() == dev.parapet.source.Problem.Level.ERROR)) {
        return Main.EXIT_USAGE;
      }
      return 0;
    }

    private boolean in(Exposure.Entry e) {
      return namespace == null
          || e.service().filter(s -> s.startsWith(namespace + "/")).isPresent()
          || e.targets().stream().anyMatch(t -> t.group().namespace().equals(namespace));
    }
  }
}
