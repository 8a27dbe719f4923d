package dev.parapet.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The results of a benchmark run, in the order of the definition file, and their summary per
 * section.
 *
 * @param kubernetes the Kubernetes version defaults were taken for, and {@code versionSource} why
 *     that one ({@code --k8s-version}, an image tag, or the newest the benchmark covers)
 */
public record BenchReport(
    Benchmark benchmark,
    KubeVersion kubernetes,
    String versionSource,
    List<String> targets,
    List<BenchResult> results) {
  public BenchReport {
    targets = List.copyOf(targets);
    results = List.copyOf(results);
  }

  /** Counts per status. */
  public record Summary(int pass, int fail, int warn, int info) {
    static Summary of(List<BenchResult> results) {
      Map<Status, Integer> n = new EnumMap<>(Status.class);
      results.forEach(r -> n.merge(r.status(), 1, Integer::sum));
      return new Summary(
          n.getOrDefault(Status.PASS, 0),
          n.getOrDefault(Status.FAIL, 0),
          n.getOrDefault(Status.WARN, 0),
          n.getOrDefault(Status.INFO, 0));
    }
  }

  /** A section with its results, in file order. */
  public record SectionResults(
      Benchmark.Section section, List<BenchResult> results, Summary summary) {}

  /** The sections that have results, in file order. */
  public List<SectionResults> sections() {
    List<SectionResults> out = new ArrayList<>();
    for (Benchmark.Section s : benchmark.sections()) {
      List<BenchResult> rs = results.stream().filter(r -> r.section().equals(s.id())).toList();
      if (!rs.isEmpty()) {
        out.add(new SectionResults(s, rs, Summary.of(rs)));
      }
    }
    return out;
  }

  public Summary total() {
    return Summary.of(results);
  }

  public boolean failed() {
    return results.stream().anyMatch(r -> r.status() == Status.FAIL);
  }
}
