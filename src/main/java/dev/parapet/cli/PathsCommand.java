package dev.parapet.cli;

import dev.parapet.graph.AttackGraph;
import dev.parapet.graph.AttackGraphs;
import dev.parapet.graph.AttackPath;
import dev.parapet.graph.Ids;
import dev.parapet.graph.Paths;
import dev.parapet.graph.Vertex;
import dev.parapet.graph.VertexType;
import dev.parapet.report.GraphRenderer;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parapet paths}: the shortest attack paths from the entry points to the crown jewels. */
@Command(
    name = "paths",
    mixinStandardHelpOptions = true,
    description = {
      "List the shortest attack paths from each entry point (the internet, any pod, any"
          + " authenticated user, anonymous requests) to each crown jewel (cluster-admin, the"
          + " Secrets of kube-system, etcd, root on a node), hop by hop with the technique and"
          + " evidence, and how many paths each technique and each finding takes part in. Exit 0"
          + " when there is no path, 1 when there is one, 2 for a usage or input error."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  parapet paths examples/insecure-cluster",
      "  parapet paths manifests/ --from internet --to cluster-admin -o json",
      "  parapet paths manifests/ -o dot | dot -Tsvg > paths.svg"
    })
final class PathsCommand implements Callable<Integer> {
  private static final Map<String, Predicate<Vertex>> JEWELS =
      Map.of(
          "cluster-admin", v -> v.id().equals(Ids.CLUSTER_ADMIN),
          "kube-system-secrets", v -> v.id().equals(Ids.KUBE_SYSTEM_SECRETS),
          "etcd", v -> v.id().equals(Ids.ETCD),
          "node-root", v -> v.type() == VertexType.NODE);

  private final InputStream stdin;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin InputOptions input;

  @Option(
      names = "--from",
      paramLabel = "ENTRY",
      description =
          "Start only here: internet, any-pod, authenticated, anonymous, or a vertex id"
              + " (default: every entry point).")
  String from;

  @Option(
      names = "--to",
      paramLabel = "JEWEL",
      description =
          "End only here: cluster-admin, kube-system-secrets, etcd, node-root, or a vertex id"
              + " (default: every crown jewel and node).")
  String to;

  @Option(
      names = "--max",
      paramLabel = "N",
      description = "List at most N paths, shortest first (default: all).")
  Integer max;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table, json or dot (default: ${DEFAULT-VALUE}).")
  String format = "table";

  PathsCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws IOException {
    if (!List.of("table", "json", "dot").contains(format)) {
      throw new Main.UsageException(
          "unknown output format '" + format + "' (expected table, json or dot)");
    }
    if (max != null && max < 1) {
      throw new Main.UsageException("--max must be at least 1");
    }
    input.configureLogging();
    Scanner.Loaded loaded = Scanner.load(input.paths, stdin, input.limits());
    ScanCommand.Problems.print(loaded.problems(), spec.commandLine().getErr(), input.quiet);
    AttackGraph g = AttackGraphs.of(loaded.inventory());
    List<String> sources = new ArrayList<>(Paths.ENTRIES.values().stream().sorted().toList());
    if (from != null) {
      String id = Paths.ENTRIES.getOrDefault(from, from);
      if (g.vertex(id).isEmpty()) {
        throw new Main.UsageException(
            "--from: no entry point or vertex '"
                + from
                + "' (entry points: "
                + String.join(", ", Paths.ENTRIES.keySet().stream().sorted().toList())
                + ")");
      }
      sources = List.of(id);
    }
    Predicate<Vertex> target = Paths::isTarget;
    if (to != null) {
      Predicate<Vertex> named = JEWELS.get(to);
      if (named == null && g.vertex(to).isEmpty()) {
        throw new Main.UsageException(
            "--to: no crown jewel or vertex '"
                + to
                + "' (crown jewels: "
                + String.join(", ", JEWELS.keySet().stream().sorted().toList())
                + ")");
      }
      target = named != null ? named : v -> v.id().equals(to);
    }
    List<AttackPath> paths = Paths.shortest(g, sources, target);
    dev.parapet.graph.Remediation.Cut cut =
        dev.parapet.graph.Remediation.minimumCut(g, sources, target);
    if (max != null && paths.size() > max) {
      paths = paths.subList(0, max);
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case "json" -> GraphRenderer.pathsJson(g, paths, cut, out);
      case "dot" -> GraphRenderer.dot(g, paths, true, out);
      default -> GraphRenderer.pathsTable(g, paths, cut, out);
    }
    out.flush();
    if (loaded.problems().stream().anyMatch(p -> p.level() == Problem.Level.ERROR)) {
      return Main.EXIT_USAGE;
    }
    return paths.isEmpty() ? 0 : Main.EXIT_FINDINGS;
  }
}
