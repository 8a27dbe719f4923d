package dev.parapet.scan;

import dev.parapet.check.Baseline;
import dev.parapet.check.Check;
import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckRunner;
import dev.parapet.check.Finding;
import dev.parapet.check.Overlaps;
import dev.parapet.check.ScanResult;
import dev.parapet.check.Severity;
import dev.parapet.check.Suppressions;
import dev.parapet.model.Inventory;
import dev.parapet.source.Limits;
import dev.parapet.source.Problem;
import dev.parapet.source.SourceLoader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** The pipeline: read inputs, build the inventory, run the selected checks, mark suppressions. */
public final class Scanner {
  private Scanner() {}

  /** What was read: the inventory, the number of files and every input problem. */
  public record Loaded(Inventory inventory, int files, List<Problem> problems) {
    public Loaded {
      problems = List.copyOf(problems);
    }
  }

  /**
   * What to check and how.
   *
   * @param only ids or categories to run; empty runs all
   * @param skip ids or categories not to run
   * @param minSeverity findings below are not reported
   * @param baseline known findings to suppress, or null
   */
  public record Options(
      String pssVersion,
      String pssLevel,
      List<String> allowedRegistries,
      List<String> only,
      List<String> skip,
      Severity minSeverity,
      Baseline baseline) {
    public Options {
      allowedRegistries = List.copyOf(allowedRegistries);
      only = List.copyOf(only);
      skip = List.copyOf(skip);
    }

    public static Options defaults() {
      return new Options(
          "latest", "restricted", List.of(), List.of(), List.of(), Severity.INFO, null);
    }
  }

  public static Loaded load(List<String> paths, InputStream stdin, Limits limits) {
    SourceLoader.LoadResult result = new SourceLoader(limits).load(paths, stdin);
    Inventory inventory = Inventory.build(result.files());
    List<Problem> problems = new ArrayList<>(result.allProblems());
    problems.addAll(inventory.problems());
    problems.sort(
        java.util.Comparator.comparing(Problem::file)
            .thenComparingInt(Problem::line)
            .thenComparingInt(Problem::column));
    return new Loaded(inventory, result.files().size(), problems);
  }

  /** The checks that {@code options} select. */
  public static List<Check> select(List<Check> checks, Options options) {
    return checks.stream()
        .filter(
            c -> options.only().isEmpty() || options.only().stream().anyMatch(c.meta()::selectedBy))
        .filter(c -> options.skip().stream().noneMatch(c.meta()::selectedBy))
        .toList();
  }

  public static ScanResult check(
      Loaded loaded, Options options, List<String> inputs, String version) {
    return check(loaded, options, inputs, version, true);
  }

  /**
   * Runs the selected checks; with {@code attackPaths}, findings that lie on an attack path to a
   * crown jewel have their severity raised one level and carry the path ({@link OnPaths}).
   */
  public static ScanResult check(
      Loaded loaded, Options options, List<String> inputs, String version, boolean attackPaths) {
    List<Check> checks = select(BuiltinChecks.ALL, options);
    CheckContext context =
        new CheckContext(
            loaded.inventory(),
            options.pssVersion(),
            options.pssLevel(),
            options.allowedRegistries());
    CheckRunner.Outcome outcome = CheckRunner.run(checks, context);
    List<Finding> resolved = Overlaps.resolve(outcome.findings());
    if (attackPaths) {
      resolved = OnPaths.raise(loaded.inventory(), resolved);
    }
    List<Finding> findings =
        resolved.stream().filter(f -> f.severity().atLeast(options.minSeverity())).toList();
    findings = Suppressions.apply(findings, loaded.inventory(), options.baseline());
    return new ScanResult(
        version,
        inputs,
        loaded.files(),
        loaded.inventory().size(),
        checks.stream().map(Check::meta).toList(),
        findings,
        loaded.problems(),
        outcome.errors());
  }
}
