package dev.parapet.check;

import dev.parapet.source.Problem;
import java.util.List;

/**
 * Everything a report renders: what was read, the findings (suppressed ones marked, not dropped),
 * input problems and check errors. Renderers decide nothing; they show this.
 *
 * @param toolVersion parapet's version
 * @param inputs the paths the user named
 * @param files number of files read
 * @param objects number of objects in the inventory
 * @param checks metadata of every check that ran
 * @param findings findings in report order
 * @param problems input problems
 * @param errors checks that failed on an object
 */
public record ScanResult(
    String toolVersion,
    List<String> inputs,
    int files,
    int objects,
    List<CheckMeta> checks,
    List<Finding> findings,
    List<Problem> problems,
    List<CheckError> errors) {

  public ScanResult {
    inputs = List.copyOf(inputs);
    checks = List.copyOf(checks);
    findings = List.copyOf(findings);
    problems = List.copyOf(problems);
    errors = List.copyOf(errors);
  }

  /** Findings that are not suppressed. */
  public List<Finding> active() {
    return findings.stream().filter(f -> !f.suppressed()).toList();
  }

  public long count(Severity severity) {
    return active().stream().filter(f -> f.severity() == severity).count();
  }

  public boolean hasInputErrors() {
    return problems.stream().anyMatch(p -> p.level() == Problem.Level.ERROR);
  }
}
