package dev.parapet.report;

import dev.parapet.check.CheckMeta;
import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import dev.parapet.check.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small pieces of presentation shared by the renderers. */
final class Reports {
  /** Severities as reports list them, worst first. */
  static final List<Severity> DESCENDING =
      List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO);

  private Reports() {}

  /**
   * The checks that ran, in the result's order, followed by any check that a finding names but the
   * list lacks, so that every finding has a rule to point at.
   */
  static List<CheckMeta> rules(ScanResult result) {
    Map<String, CheckMeta> byId = new LinkedHashMap<>();
    result.checks().forEach(c -> byId.putIfAbsent(c.id(), c));
    result.findings().forEach(f -> byId.putIfAbsent(f.check().id(), f.check()));
    return List.copyOf(byId.values());
  }

  static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }

  /** The message of a finding followed by the missing field, for formats with one text field. */
  static String messageWithMissing(Finding f) {
    return f.missingField() == null
        ? f.message()
        : f.message() + " (missing: " + f.missingField() + ")";
  }
}
