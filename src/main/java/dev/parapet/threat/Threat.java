package dev.parapet.threat;

import dev.parapet.check.Stride;
import java.util.List;

/**
 * A threat of the catalogue ({@code threats.yaml}): what may go wrong with a component, and what
 * decides whether it can in the scanned cluster.
 *
 * @param id permanent, {@code T-API-S-1}
 * @param component the component threatened ({@code kube-apiserver}, {@code workloads}, ...)
 * @param checks check ids whose active findings mean exposed
 * @param techniques attack-graph technique labels whose edges mean exposed
 * @param benchEntries CIS benchmark entries ({@code 1.2.1}) whose FAIL or WARN means exposed
 * @param needs the inputs without which the threat cannot be judged ({@link Need})
 * @param line the line of the entry in the catalogue
 */
public record Threat(
    String id,
    String component,
    Stride stride,
    String title,
    String description,
    List<String> checks,
    List<String> techniques,
    List<String> benchEntries,
    List<Need> needs,
    List<String> mitigations,
    int line) {
  public Threat {
    checks = List.copyOf(checks);
    techniques = List.copyOf(techniques);
    benchEntries = List.copyOf(benchEntries);
    needs = List.copyOf(needs);
    mitigations = List.copyOf(mitigations);
  }
}
