package dev.parapet.cli;

import dev.parapet.bench.BenchEvaluator;
import dev.parapet.bench.BenchReport;
import dev.parapet.bench.Benchmark;
import dev.parapet.bench.Defaults;
import dev.parapet.bench.KubeVersion;
import dev.parapet.bench.StaticPods;
import dev.parapet.report.BenchRenderer;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parapet bench}: the CIS Kubernetes Benchmark, judged from the files a user has. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Judge the control plane against the CIS Kubernetes Benchmark, read from kubeadm static pod"
          + " manifests (/etc/kubernetes/manifests) or the mirror pods of a `kubectl get pods -n"
          + " kube-system -o yaml` dump. Flags left unset are judged by their upstream defaults"
          + " for the Kubernetes version in use. Read-only. Exit 0 when nothing FAILs, 1 when"
          + " something does, 2 for a usage or input error."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  parapet bench /etc/kubernetes/manifests",
      "  kubectl get pods -n kube-system -o yaml | parapet bench -",
      "  parapet bench manifests/ --targets master --k8s-version 1.33 -o junit > cis.xml"
    })
final class BenchCommand implements Callable<Integer> {
  private static final List<String> FORMATS = List.of("table", "json", "junit");

  private final InputStream stdin;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin InputOptions input;

  @Option(
      names = "--benchmark",
      paramLabel = "ID",
      description = "Benchmark version (default: ${DEFAULT-VALUE}; known: cis-1.12).")
  String benchmark = Benchmark.LATEST;

  @Option(
      names = "--targets",
      paramLabel = "LIST",
      split = ",",
      description = "Targets to judge: master, controlplane, etcd, node, policies (default: all).")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--k8s-version",
      paramLabel = "VERSION",
      description =
          "Kubernetes version whose defaults apply to unset flags (default: from the components'"
              + " image tags, else the newest the benchmark covers).")
  String k8sVersion;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table, json or junit (default: ${DEFAULT-VALUE}).")
  String format = "table";

  BenchCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws IOException {
    if (!FORMATS.contains(format)) {
      throw new Main.UsageException(
          "unknown output format '" + format + "' (expected table, json or junit)");
    }
    Benchmark b =
        Benchmark.load(benchmark)
            .orElseThrow(
                () ->
                    new Main.UsageException(
                        "unknown benchmark '"
                            + benchmark
                            + "' (known: "
                            + String.join(", ", Benchmark.KNOWN)
                            + ")"));
    for (String t : targets) {
      if (!Benchmark.TARGETS.contains(t)) {
        throw new Main.UsageException(
            "unknown target '" + t + "' (expected " + String.join(", ", Benchmark.TARGETS) + ")");
      }
    }
    Optional<KubeVersion> version = Optional.empty();
    if (k8sVersion != null) {
      version =
          Optional.of(
              KubeVersion.parse(k8sVersion)
                  .orElseThrow(
                      () ->
                          new Main.UsageException(
                              "--k8s-version: '" + k8sVersion + "' is not a version like 1.34")));
    }
    input.configureLogging();
    Scanner.Loaded loaded = Scanner.load(input.paths, stdin, input.limits());
    StaticPods.Found found = StaticPods.of(loaded.inventory(), Defaults.shipped());
    List<Problem> problems = new ArrayList<>(loaded.problems());
    problems.addAll(found.problems());
    PrintWriter err = spec.commandLine().getErr();
    ScanCommand.Problems.print(problems, err, input.quiet);
    if (found.instances().isEmpty() && !input.quiet) {
      err.println(
          "parapet: no control-plane component found in the input (kube-system Pods whose first"
              + " container runs kube-apiserver, kube-controller-manager, kube-scheduler or etcd)");
      err.flush();
    }
    BenchReport report =
        BenchEvaluator.evaluate(
            b, found.instances(), new BenchEvaluator.Options(targets, version), Defaults.shipped());
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case "json" -> BenchRenderer.json(report, problems, out);
      case "junit" -> BenchRenderer.junit(report, out);
      default -> BenchRenderer.table(report, out);
    }
    out.flush();
    if (problems.stream().anyMatch(p -> p.level() == Problem.Level.ERROR)) {
      return Main.EXIT_USAGE;
    }
    return report.failed() ? Main.EXIT_FINDINGS : 0;
  }
}
