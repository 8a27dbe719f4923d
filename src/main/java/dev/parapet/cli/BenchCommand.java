package dev.parapet.cli;

import dev.parapet.bench.BenchEvaluator;
import dev.parapet.bench.BenchInputs;
import dev.parapet.bench.BenchReport;
import dev.parapet.bench.Benchmark;
import dev.parapet.bench.CommandLines;
import dev.parapet.bench.ComponentSettings;
import dev.parapet.bench.Defaults;
import dev.parapet.bench.KubeVersion;
import dev.parapet.bench.NodeFiles;
import dev.parapet.bench.ProcReader;
import dev.parapet.model.Inventory;
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
      "Judge a cluster's components against the CIS Kubernetes Benchmark, read from what you"
          + " have: kubeadm static pod manifests (/etc/kubernetes/manifests) or the pods of a"
          + " `kubectl get pods -n kube-system -o yaml` dump; component configuration files"
          + " (KubeletConfiguration, EncryptionConfiguration, audit Policy,"
          + " AdmissionConfiguration, KubeProxyConfiguration) among the scanned files; command"
          + " lines from a `ps` listing (--processes) or from /proc (--proc); and a node's files"
          + " for permissions and ownership (--root). Flags left unset are judged by their"
          + " upstream defaults for the Kubernetes version in use. Read-only: nothing is"
          + " changed. Exit 0 when nothing FAILs, 1 when something does, 2 for a usage or input"
          + " error."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  parapet bench /etc/kubernetes/manifests",
      "  sudo parapet bench --root / --proc          (on a node: its files and processes)",
      "  ps -ef > ps.txt; parapet bench --processes ps.txt /var/lib/kubelet/config.yaml",
      "  kubectl get pods -n kube-system -o yaml | parapet bench -",
      "  parapet bench manifests/ --targets master --k8s-version 1.33 -o junit > cis.xml"
    })
final class BenchCommand implements Callable<Integer> {
  private static final List<String> FORMATS = List.of("table", "json", "junit");

  private final InputStream stdin;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ReadOptions input;

  @CommandLine.Parameters(
      arity = "0..*",
      paramLabel = "PATH",
      description =
          "Manifest and configuration files or directories (searched recursively for .yaml,"
              + " .yml and .json), or - for standard input.")
  List<String> paths = new ArrayList<>();

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description =
          "Read a node's files under DIR as if DIR were / (/ on the node itself): permissions"
              + " and owners (CIS 1.1, 4.1), the static pod manifests in"
              + " DIR/etc/kubernetes/manifests, and the files flags name. Links never lead out"
              + " of DIR.")
  java.nio.file.Path root;

  @Option(
      names = "--proc",
      paramLabel = "DIR",
      arity = "0..1",
      fallbackValue = "/proc",
      description =
          "Read the command lines of running components from DIR/<pid>/cmdline (default"
              + " /proc; write --proc=DIR, or put --proc after the PATHs, since a word after it is"
              + " taken as DIR). Read-only.")
  java.nio.file.Path proc;

  @Option(
      names = "--processes",
      paramLabel = "FILE",
      description =
          "A process listing to read component command lines from: `ps -ef`, `ps aux` or one"
              + " command line a line. May be repeated.")
  List<java.nio.file.Path> processes = new ArrayList<>();

  @Option(
      names = "--benchmark",
      paramLabel = "ID",
      description =
          "Benchmark version: cis-1.12 (Kubernetes 1.32-1.34) or cis-2.0 (1.34-1.35). Default:"
              + " the newest that covers the Kubernetes version in use (--k8s-version, else the"
              + " components' image tags), else the newest.")
  String benchmark;

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
    Optional<Benchmark> chosen =
        benchmark == null
            ? Optional.empty()
            : Optional.of(
                Benchmark.load(benchmark)
                    .orElseThrow(
                        () ->
                            new Main.UsageException(
                                "unknown benchmark '"
                                    + benchmark
                                    + "' (known: "
                                    + String.join(", ", Benchmark.KNOWN)
                                    + ")")));
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
    if (paths.isEmpty() && root == null && proc == null && processes.isEmpty()) {
      throw new Main.UsageException(
          "nothing to judge: give manifest or configuration PATHs, --root DIR, --proc or"
              + " --processes FILE");
    }
    input.configureLogging();
    List<Problem> problems = new ArrayList<>();
    Optional<NodeFiles> node = Optional.empty();
    List<String> toLoad = new ArrayList<>(paths);
    if (root != null) {
      node = NodeFiles.open(root, problems);
      node.ifPresent(n -> toLoad.addAll(staticPodFiles(n, problems)));
    }
    List<ComponentSettings> commandLines = new ArrayList<>();
    for (java.nio.file.Path p : processes) {
      commandLines.addAll(readProcesses(p, problems));
    }
    if (proc != null) {
      CommandLines.Result r = ProcReader.read(proc);
      problems.addAll(r.problems());
      commandLines.addAll(r.components());
    }
    Scanner.Loaded loaded =
        toLoad.isEmpty()
            ? new Scanner.Loaded(Inventory.of(List.of()), 0, List.of())
            : Scanner.load(toLoad, stdin, input.limits());
    problems.addAll(0, loaded.problems());
    BenchInputs.Gathered gathered =
        BenchInputs.gather(loaded.inventory(), node, commandLines, Defaults.shipped());
    problems.addAll(gathered.problems());
    PrintWriter err = spec.commandLine().getErr();
    ScanCommand.Problems.print(problems, err, input.quiet);
    if (gathered.instances().isEmpty() && node.isEmpty() && !input.quiet) {
      err.println(
          "parapet: no component found in the input (kube-system Pods running kube-apiserver,"
              + " kube-controller-manager, kube-scheduler, etcd or kube-proxy; component command"
              + " lines; configuration files)");
      err.flush();
    }
    Optional<KubeVersion> inUse =
        version.or(
            () ->
                gathered.instances().stream()
                    .map(dev.parapet.bench.Instance::version)
                    .flatMap(Optional::stream)
                    .max(java.util.Comparator.naturalOrder()));
    Benchmark b =
        chosen.orElseGet(
            () ->
                inUse
                    .map(Benchmark::forVersion)
                    .orElseGet(() -> Benchmark.load(Benchmark.LATEST).orElseThrow()));
    BenchReport report =
        BenchEvaluator.evaluate(
            b, gathered, new BenchEvaluator.Options(targets, version), Defaults.shipped());
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

  /**
   * The static pod manifests of a node: the files directly in /etc/kubernetes/manifests (the
   * kubelet does not descend into subdirectories and skips hidden files), as host paths with every
   * link resolved inside the tree, so reading them cannot leave it.
   */
  static List<String> staticPodFiles(NodeFiles node, List<Problem> problems) {
    String dir = "/etc/kubernetes/manifests";
    List<String> out = new ArrayList<>();
    for (NodeFiles.FileInfo f : node.find(dir, "*", problems)) {
      String name = f.path().substring(f.path().lastIndexOf('/') + 1);
      boolean direct = f.path().equals(dir + "/" + name);
      if (direct
          && !name.startsWith(".")
          && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"))) {
        // only regular files: the kubelet skips anything else, and a FIFO could block a read
        String host = node.hostPath(f.path());
        if (java.nio.file.Files.isRegularFile(java.nio.file.Path.of(host))) {
          out.add(host);
        }
      }
    }
    return out;
  }

  private static List<ComponentSettings> readProcesses(
      java.nio.file.Path file, List<Problem> problems) {
    String name = file.toString();
    try {
      if (java.nio.file.Files.size(file) > CommandLines.MAX_BYTES) {
        problems.add(
            Problem.error(
                name, 0, 0, "larger than " + CommandLines.MAX_BYTES + " bytes; not read"));
        return List.of();
      }
      byte[] bytes = java.nio.file.Files.readAllBytes(file);
      CommandLines.Result r =
          CommandLines.parse(name, new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      problems.addAll(r.problems());
      return r.components();
    } catch (IOException e) {
      problems.add(Problem.error(name, 0, 0, "cannot read: " + e.getMessage()));
      return List.of();
    }
  }
}
