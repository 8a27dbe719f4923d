package dev.parapet.cli;

import dev.parapet.netpol.Connectivity;
import dev.parapet.netpol.Explanation;
import dev.parapet.netpol.IpRange;
import dev.parapet.netpol.Peer;
import dev.parapet.netpol.PeerQuery;
import dev.parapet.netpol.PortQuery;
import dev.parapet.netpol.PortSet;
import dev.parapet.report.NetpolExplainRenderer;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parapet netpol explain PATH... SRC DST}: whether SRC may connect to DST, and which
 * policies and rules decide it on each side. The last two positional arguments are the peers, the
 * ones before them the inputs.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    customSynopsis = {"parapet netpol explain [OPTIONS] [--port=PORT] [-o=FORMAT] PATH... SRC DST"},
    description = {
      "Whether SRC may open connections to DST, and why: for the egress of SRC and the ingress"
          + " of DST, whether a policy isolates the pod and every rule that admits the other"
          + " peer, with file:line. SRC and DST are workloads as namespace/name[Kind] (as"
          + " netpol matrix prints them) or namespace/name when that is unambiguous, or an"
          + " address or address block outside the cluster (203.0.113.7, 0.0.0.0/0, 2001:db8::/32),"
          + " on one side at most."
          + " The last two arguments are SRC and DST, the ones before them the inputs. Exit 0"
          + " when allowed, 1 when denied, 2 for a usage or input error."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  parapet netpol explain examples/insecure-cluster shop/api data/postgres --port 5432",
      "  parapet netpol explain k8s/ 'shop/web[Deployment]' shop/api --port http",
      "  parapet netpol explain k8s/ 203.0.113.7 shop/frontend -o json",
      "  parapet netpol explain k8s/ shop/api 169.254.169.254 --port 80"
    })
final class NetpolExplainCommand implements Callable<Integer> {
  private final InputStream stdin;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin InputOptions input;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "Only this port: 8080 (TCP), 8080/TCP, 53/UDP, 9000/SCTP, or the name of a container"
              + " port of DST (http), resolved as a policy's named port is. Without it, the"
              + " answer covers every port and lists those allowed.")
  String port;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String format = "text";

  NetpolExplainCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws IOException {
    if (!format.equals("text") && !format.equals("json")) {
      throw new Main.UsageException(
          "unknown output format '" + format + "' (expected text or json)");
    }
    if (input.paths.size() < 3) {
      throw new Main.UsageException(
          "netpol explain: expected PATH... SRC DST (inputs, then the source and the"
              + " destination)");
    }
    List<String> paths = new ArrayList<>(input.paths.subList(0, input.paths.size() - 2));
    String srcText = input.paths.get(input.paths.size() - 2);
    String dstText = input.paths.get(input.paths.size() - 1);
    input.configureLogging();
    Scanner.Loaded loaded = Scanner.load(paths, stdin, input.limits());
    Connectivity connectivity = Connectivity.of(loaded.inventory());
    ScanCommand.Problems.print(loaded.problems(), spec.commandLine().getErr(), input.quiet);
    ScanCommand.Problems.print(connectivity.problems(), spec.commandLine().getErr(), input.quiet);
    spec.commandLine().getErr().flush();
    Peer src = peer(connectivity, "SRC", srcText);
    Peer dst = peer(connectivity, "DST", dstText);
    if (src instanceof IpRange && dst instanceof IpRange) {
      // NetworkPolicies select pods: traffic between two addresses outside the cluster is not
      // theirs to allow or deny, so there is no answer to give
      throw new Main.UsageException(
          "netpol explain: SRC "
              + srcText
              + " and DST "
              + dstText
              + " are both addresses outside the cluster, which no NetworkPolicy governs; name a"
              + " workload on at least one side");
    }
    Optional<PortQuery> query = Optional.empty();
    if (port != null) {
      try {
        query = Optional.of(PortQuery.parse(port, dst));
      } catch (IllegalArgumentException e) {
        throw new Main.UsageException("--port " + e.getMessage());
      }
    }
    Explanation explanation =
        connectivity.explain(src, dst, query.map(PortQuery::ports).orElse(PortSet.ALL));
    StringWriter buffer = new StringWriter();
    if (format.equals("json")) {
      NetpolExplainRenderer.json(explanation, query, buffer);
    } else {
      NetpolExplainRenderer.text(explanation, query, buffer);
    }
    spec.commandLine().getOut().print(buffer);
    spec.commandLine().getOut().flush();
    if (loaded.problems().stream().anyMatch(p -> p.level() == Problem.Level.ERROR)) {
      return Main.EXIT_USAGE;
    }
    return explanation.isAllowed() ? 0 : Main.EXIT_FINDINGS;
  }

  private static Peer peer(Connectivity connectivity, String role, String text) {
    try {
      return PeerQuery.resolve(connectivity, text);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(role + " " + e.getMessage());
    }
  }
}
