package dev.parapet.cli;

import dev.parapet.check.Baseline;
import dev.parapet.check.ScanResult;
import dev.parapet.check.Severity;
import dev.parapet.graph.AttackGraphs;
import dev.parapet.report.Format;
import dev.parapet.report.Renderer;
import dev.parapet.report.Renderers;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parapet scan}: every check over the inputs, reported for people or for CI. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Scan manifests, a Helm or kustomize render, or a kubectl dump: Pod Security Standards,"
          + " namespace admission labels and workload hardening, each finding with its file, line"
          + " and fix."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  parapet scan examples/insecure-cluster",
      "  parapet scan k8s/ --fail-on critical",
      "  helm template my-release ./chart | parapet scan -",
      "  kubectl get -A -o yaml pods,deployments,namespaces > dump.yaml && parapet scan dump.yaml",
      "  parapet scan k8s/ -o sarif --output-file parapet.sarif -o table",
      "  parapet scan k8s/ -o html --output-file report.html",
      "  parapet scan k8s/ --only pss,psa --pss-level baseline --pss-version v1.29",
      "  parapet scan k8s/ --write-baseline .parapet-baseline.json",
      "  parapet scan k8s/ --baseline .parapet-baseline.json   # fail only on new findings"
    })
final class ScanCommand implements Callable<Integer> {
  private final InputStream stdin;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin InputOptions input;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description =
          "Report format: table, json, sarif, junit or html (default: table). Repeat with"
              + " --output-file to write several reports in one run; html is one self-contained"
              + " page with the attack graph.")
  List<String> formats = new ArrayList<>();

  @Option(
      names = "--output-file",
      paramLabel = "FILE",
      description =
          "Write the report of the matching -o (first file for the first -o, ...) to FILE"
              + " instead of standard output.")
  List<Path> outputFiles = new ArrayList<>();

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      description =
          "Exit 1 when an unsuppressed finding at or above SEVERITY remains: info, low, medium,"
              + " high, critical (default: ${DEFAULT-VALUE}).")
  String failOn = "high";

  @Option(
      names = "--min-severity",
      paramLabel = "SEVERITY",
      description = "Leave out findings below SEVERITY (default: ${DEFAULT-VALUE}).")
  String minSeverity = "info";

  @Mixin CheckSelection selection;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description = "Suppress the findings recorded in FILE, so that only new ones count.")
  Path baseline;

  @Option(
      names = "--write-baseline",
      paramLabel = "FILE",
      description = "Record the current findings in FILE for later use with --baseline.")
  Path writeBaseline;

  @Option(
      names = "--no-attack-paths",
      description =
          "Do not build the attack graph: findings on an attack path to a crown jewel keep their"
              + " check's severity instead of being raised one level (faster on large inputs).")
  boolean noAttackPaths;

  @Option(names = "--no-color", description = "No colours in the table (also: NO_COLOR set).")
  boolean noColor;

  ScanCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws IOException {
    Severity failSeverity = severity(failOn, "--fail-on");
    Scanner.Options options =
        selection.options(
            severity(minSeverity, "--min-severity"),
            baseline == null ? null : BaselineFile.read(baseline));
    List<Format> fmts =
        formats.isEmpty()
            ? List.of(Format.TABLE)
            : formats.stream().map(ScanCommand::format).toList();
    if (outputFiles.size() > fmts.size()) {
      throw new Main.UsageException("more --output-file than -o options");
    }
    if (fmts.size() - outputFiles.size() > 1) {
      throw new Main.UsageException("only one report can go to standard output; add --output-file");
    }
    input.configureLogging();
    long start = System.nanoTime();
    Scanner.Loaded loaded = Scanner.load(input.paths, stdin, input.limits());
    long loadedAt = System.nanoTime();
    ScanResult result = Scanner.check(loaded, options, input.paths, Main.version(), !noAttackPaths);
    org.slf4j.LoggerFactory.getLogger(ScanCommand.class)
        .debug(
            "read {} objects from {} files in {} ms; ran {} checks in {} ms",
            loaded.inventory().size(),
            loaded.files(),
            (loadedAt - start) / 1_000_000,
            result.checks().size(),
            (System.nanoTime() - loadedAt) / 1_000_000);
    Problems.print(result.problems(), spec.commandLine().getErr(), input.quiet);
    result.errors().forEach(e -> spec.commandLine().getErr().println("parapet: " + e));
    for (int i = 0; i < fmts.size(); i++) {
      Format f = fmts.get(i);
      boolean toStdout = i >= outputFiles.size();
      Renderer renderer =
          f == Format.HTML
              ? Renderers.html(
                  AttackGraphs.of(loaded.inventory()),
                  dev.parapet.threat.ThreatModels.of(
                      loaded.inventory(),
                      result,
                      dev.parapet.threat.ThreatModels.Options.defaults()))
              : Renderers.of(f, toStdout && f == Format.TABLE && Terminal.colors(noColor));
      if (toStdout) {
        renderer.render(result, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
      } else {
        render(outputFiles.get(i), renderer, result);
      }
    }
    if (writeBaseline != null) {
      BaselineFile.write(writeBaseline, Baseline.of(result.active()));
    }
    if (result.hasInputErrors()) {
      return Main.EXIT_USAGE;
    }
    if (!result.errors().isEmpty()) {
      return Main.EXIT_INTERNAL;
    }
    boolean failing = result.active().stream().anyMatch(f -> f.severity().atLeast(failSeverity));
    return failing ? Main.EXIT_FINDINGS : 0;
  }

  /** Streams a report to a file, so a large report is never held in memory whole. */
  private static void render(Path file, Renderer renderer, ScanResult result) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (java.io.Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        renderer.render(result, w);
      }
    } catch (IOException e) {
      throw new Main.UsageException("cannot write " + file + ": " + e);
    }
  }

  static Severity severity(String s, String option) {
    try {
      return Severity.parse(s);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(option + ": " + e.getMessage());
    }
  }

  static Format format(String s) {
    try {
      return Format.parse(s);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
  }

  static void write(Path file, byte[] bytes) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new Main.UsageException("cannot write " + file + ": " + e);
    }
  }

  /** Prints input problems in the {@code file:line:col: reason} form. */
  static final class Problems {
    private Problems() {}

    static void print(List<Problem> problems, java.io.PrintWriter err, boolean quiet) {
      for (Problem p : problems) {
        if (!quiet || p.level() == Problem.Level.ERROR) {
          err.println(p);
        }
      }
      err.flush();
    }
  }
}
