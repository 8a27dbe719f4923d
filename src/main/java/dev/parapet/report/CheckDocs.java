package dev.parapet.report;

import dev.parapet.check.CheckMeta;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Check documentation generated from the checks' own metadata: the text of {@code parapet explain}
 * and the reference page docs/checks.md, so the two can never drift from the code.
 */
public final class CheckDocs {
  /** Category ids and their headings, in the order of the reference page. */
  private static final List<Map.Entry<String, String>> CATEGORIES =
      List.of(
          Map.entry("pss", "Pod Security Standards"),
          Map.entry("psa", "Pod Security admission labels"),
          Map.entry("workload", "Workload hardening"),
          Map.entry("image", "Images"),
          Map.entry("secret", "Credentials and secrets"),
          Map.entry("rbac", "RBAC least privilege"),
          Map.entry("network", "Network policies"),
          Map.entry("exposure", "Exposure"),
          Map.entry("cis", "CIS Kubernetes Benchmark (control plane, kubelet, kube-proxy)"),
          Map.entry("control-plane", "Control plane hardening beyond CIS (parapet bench P.*)"));

  private CheckDocs() {}

  /** Plain text for a terminal. */
  public static String text(CheckMeta m) {
    StringBuilder sb = new StringBuilder();
    sb.append(m.id()).append(": ").append(m.title()).append('\n');
    sb.append("severity ").append(m.severity().label());
    sb.append(" | category ").append(m.category());
    sb.append(" | STRIDE ").append(m.stride().label()).append("\n\n");
    sb.append(wrap(m.description(), 78)).append("\n\n");
    sb.append("Fix: ").append(wrap(m.remediation(), 78)).append("\n");
    references(m).forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    return sb.toString();
  }

  /** The reference page, grouped by category, in id order. */
  public static String markdown(List<CheckMeta> checks) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Checks reference\n\n");
    sb.append(
        "Generated from the checks' metadata by `CheckDocsTest` (rewrite with `mvn test"
            + " -Dtest=CheckDocsTest -Dparapet.docs.update=true`); do not edit by hand. `parapet"
            + " explain ID` prints the same text.\n\n");
    sb.append("| id | severity | category | title |\n|---|---|---|---|\n");
    for (CheckMeta m : checks) {
      sb.append("| [")
          .append(m.id())
          .append("](#")
          .append(anchor(m.id()))
          .append(") | ")
          .append(m.severity().label())
          .append(" | ")
          .append(m.category())
          .append(" | ")
          .append(m.title())
          .append(" |\n");
    }
    for (Map.Entry<String, String> cat : CATEGORIES) {
      List<CheckMeta> in = checks.stream().filter(m -> m.category().equals(cat.getKey())).toList();
      if (in.isEmpty()) {
        continue;
      }
      sb.append("\n## ").append(cat.getValue()).append("\n");
      for (CheckMeta m : in) {
        sb.append("\n### ").append(m.id()).append("\n\n");
        sb.append("**").append(m.title()).append("**: severity ").append(m.severity().label());
        sb.append(", STRIDE ").append(m.stride().label()).append(".\n\n");
        sb.append(m.description()).append("\n\n");
        sb.append("**Fix:** ").append(m.remediation()).append("\n\n");
        Map<String, String> refs = references(m);
        if (!refs.isEmpty()) {
          refs.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        }
      }
    }
    List<String> other =
        checks.stream()
            .filter(m -> CATEGORIES.stream().noneMatch(c -> c.getKey().equals(m.category())))
            .map(CheckMeta::id)
            .toList();
    if (!other.isEmpty()) {
      throw new IllegalStateException("checks with an undocumented category: " + other);
    }
    return sb.toString();
  }

  private static Map<String, String> references(CheckMeta m) {
    Map<String, String> refs = new LinkedHashMap<>();
    if (!m.pss().isEmpty()) {
      refs.put("Pod Security Standards", m.pss());
    }
    if (!m.cis().isEmpty()) {
      refs.put("CIS Kubernetes Benchmark", String.join(", ", m.cis()));
    }
    if (!m.mitre().isEmpty()) {
      refs.put("MITRE ATT&CK", String.join(", ", m.mitre()));
    }
    if (!m.nsa().isEmpty()) {
      refs.put("NSA/CISA Kubernetes Hardening Guide", String.join("; ", m.nsa()));
    }
    if (!m.overlaps().isEmpty()) {
      refs.put(
          "Refines",
          String.join(", ", m.overlaps())
              + " (a field both report is shown once: the more severe, this check on a tie)");
    }
    if (!m.aliases().isEmpty()) {
      refs.put("Former ids", String.join(", ", m.aliases()));
    }
    return refs;
  }

  /** The anchor GitHub gives the heading {@code ### id}: lower case, dots dropped. */
  private static String anchor(String id) {
    return id.toLowerCase(java.util.Locale.ROOT).replace(".", "");
  }

  static String wrap(String text, int width) {
    StringBuilder out = new StringBuilder();
    int col = 0;
    for (String word : text.split(" ")) {
      if (col > 0 && col + 1 + word.length() > width) {
        out.append('\n');
        col = 0;
      } else if (col > 0) {
        out.append(' ');
        col++;
      }
      out.append(word);
      col += word.length();
    }
    return out.toString();
  }
}
