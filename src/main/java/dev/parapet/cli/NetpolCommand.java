package dev.parapet.cli;

import dev.parapet.model.Inventory;
import dev.parapet.netpol.Connectivity;
import dev.parapet.netpol.Exposure;
import dev.parapet.netpol.Flow;
import dev.parapet.netpol.FlowReader;
import dev.parapet.netpol.Peer;
import dev.parapet.netpol.PodGroup;
import dev.parapet.netpol.PolicyGenerator;
import dev.parapet.netpol.ServiceFlows;
import dev.parapet.report.ExposureRenderer;
import dev.parapet.report.NetpolRenderer;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
      NetpolCommand.ExposureReport.class,
      NetpolCommand.Generate.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  parapet netpol matrix examples/insecure-cluster",
      "  parapet netpol explain examples/insecure-cluster shop/api data/postgres --port 5432",
      "  parapet netpol exposure examples/insecure-cluster",
      "  parapet netpol generate examples/insecure-cluster"
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
        "  kubectl get -A -o yaml namespaces,pods,replicasets,deployments,networkpolicies"
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

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Write a least-privilege NetworkPolicy set: in each namespace with workloads a default"
            + " deny of ingress and egress and DNS egress to the cluster DNS, and for each flow"
            + " an ingress rule on the destination and an egress rule on the source. The flows"
            + " come from --flows, or else are proposed from Services and the workloads that name"
            + " them (env, ConfigMaps, args; see docs/netpol.md). The set replaces the input's"
            + " NetworkPolicies. Exit 0, or 2 when a flow was skipped or the input is bad (the"
            + " rest is still written)."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  parapet netpol generate examples/insecure-cluster",
        "  parapet netpol matrix k8s/ -o csv > flows.csv   # edit, then:",
        "  parapet netpol generate k8s/ --flows flows.csv --output-dir policies/",
        "  parapet netpol generate k8s/ --flows flows.yaml -n shop | kubectl apply -f -"
      })
  static final class Generate implements Callable<Integer> {
    private final InputStream stdin;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin InputOptions input;

    @Option(
        names = "--flows",
        paramLabel = "FILE",
        description =
            "The connections to allow: the CSV of netpol matrix -o csv (src,dst,ports), or a"
                + " YAML or JSON list of {from, to, ports}. Without it, flows are proposed from"
                + " Services and the workloads that name them.")
    Path flows;

    @Option(
        names = {"-n", "--namespace"},
        paramLabel = "NS",
        description = "Only the policies of this namespace.")
    String namespace;

    @Option(
        names = "--output-dir",
        paramLabel = "DIR",
        description = "Write one file per namespace, DIR/<namespace>.yaml, instead of stdout.")
    Path outputDir;

    Generate(InputStream stdin) {
      this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
      input.configureLogging();
      String flowsText = null;
      if (flows != null) {
        try {
          flowsText = Files.readString(flows);
        } catch (IOException e) {
          throw new Main.UsageException("cannot read flows file " + flows + ": " + e.getMessage());
        }
      }
      Scanner.Loaded loaded = Scanner.load(input.paths, stdin, input.limits());
      Inventory inventory = loaded.inventory();
      Connectivity connectivity = Connectivity.of(inventory);
      List<Problem> problems = new ArrayList<>(loaded.problems());
      problems.addAll(connectivity.problems());
      List<Flow> wanted;
      String source;
      if (flowsText != null) {
        FlowReader.Result read =
            FlowReader.read(flows.toString(), flowsText, connectivity.groups());
        problems.addAll(read.problems());
        wanted = read.flows();
        source = "from the flows file " + flows;
      } else {
        wanted = ServiceFlows.propose(inventory);
        source =
            "proposed from Services and the workloads that name them (no flows file);"
                + " review them";
      }
      PolicyGenerator.Result result =
          PolicyGenerator.generate(inventory, wanted, Optional.ofNullable(namespace), source);
      problems.addAll(result.problems());
      ScanCommand.Problems.print(problems, spec.commandLine().getErr(), input.quiet);
      if (outputDir == null) {
        spec.commandLine().getOut().print(result.yaml());
      } else {
        try {
          Files.createDirectories(outputDir);
          for (Map.Entry<String, String> e : result.files().entrySet()) {
            Path file = outputDir.resolve(e.getKey() + ".yaml");
            Files.writeString(file, e.getValue());
            spec.commandLine().getOut().println("wrote " + file);
          }
        } catch (IOException e) {
          throw new Main.UsageException("cannot write to " + outputDir + ": " + e.getMessage());
        }
      }
      spec.commandLine().getOut().flush();
      return problems.stream().anyMatch(p -> p.level() == Problem.Level.ERROR)
          ? Main.EXIT_USAGE
          : 0;
    }
  }
}
