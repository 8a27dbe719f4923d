package dev.parapet.pss;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.model.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer of {@code parapet pss}: each workload allowed or forbidden at a level and version with
 * its violations, and for each namespace the most restrictive level all its workloads meet.
 */
public record PssReport(
    Level level,
    PssVersion version,
    List<WorkloadResult> workloads,
    List<NamespaceResult> namespaces) {

  public PssReport {
    workloads = List.copyOf(workloads);
    namespaces = List.copyOf(namespaces);
  }

  /** One violated control of one workload, at its field. */
  public record ViolationResult(
      String control, String message, Location location, String missingField) {}

  /** One workload's outcome. */
  public record WorkloadResult(
      String kind,
      String namespace,
      String name,
      Location location,
      boolean allowed,
      Level highestLevel,
      List<ViolationResult> violations) {
    public WorkloadResult {
      violations = List.copyOf(violations);
    }
  }

  /**
   * One namespace: the most restrictive level its workloads meet, and its admission labels as the
   * plugin reads them (empty when absent or when the Namespace object is not in the input).
   */
  public record NamespaceResult(
      String name,
      boolean declared,
      int workloads,
      Level highestLevel,
      Optional<NamespacePolicy.ModePolicy> enforce,
      Optional<NamespacePolicy.ModePolicy> audit,
      Optional<NamespacePolicy.ModePolicy> warn,
      int rejectedByEnforce) {}

  public boolean allAllowed() {
    return workloads.stream().allMatch(WorkloadResult::allowed);
  }

  /** Evaluates every workload of the inventory. */
  public static PssReport of(Inventory inventory, Level level, PssVersion version) {
    List<WorkloadResult> results = new ArrayList<>();
    for (Workload w : inventory.workloads()) {
      PssEvaluator.Result r = PssEvaluator.evaluate(w, level, version);
      List<ViolationResult> vs = new ArrayList<>();
      for (Violation v : r.violations()) {
        vs.add(
            new ViolationResult(
                v.control(), v.message(), w.locationOf(v.node()), v.missingField()));
      }
      K8sObject o = w.object();
      results.add(
          new WorkloadResult(
              o.kind(),
              o.effectiveNamespace(),
              o.name(),
              o.location(),
              r.allowed(),
              PssEvaluator.highestAdmitted(w, version),
              vs));
    }
    results.sort(
        Comparator.comparing(WorkloadResult::namespace)
            .thenComparing(WorkloadResult::kind)
            .thenComparing(WorkloadResult::name));
    Map<String, Level> admitted = NamespacePolicy.highestAdmitted(inventory, version);
    Map<String, List<Workload>> byNs = NamespacePolicy.byNamespace(inventory);
    Map<String, K8sObject> declared = inventory.namespaces();
    List<NamespaceResult> namespaces = new ArrayList<>();
    for (Map.Entry<String, Level> e : admitted.entrySet()) {
      K8sObject ns = declared.get(e.getKey());
      Optional<NamespacePolicy.ModePolicy> enforce =
          ns == null ? Optional.empty() : NamespacePolicy.of(ns, NamespacePolicy.Mode.ENFORCE);
      List<Workload> ws = byNs.getOrDefault(e.getKey(), List.of());
      int rejected =
          enforce
              .map(
                  p ->
                      (int)
                          ws.stream()
                              .filter(
                                  w -> !PssEvaluator.evaluate(w, p.level(), p.version()).allowed())
                              .count())
              .orElse(0);
      namespaces.add(
          new NamespaceResult(
              e.getKey(),
              ns != null,
              ws.size(),
              e.getValue(),
              enforce,
              ns == null ? Optional.empty() : NamespacePolicy.of(ns, NamespacePolicy.Mode.AUDIT),
              ns == null ? Optional.empty() : NamespacePolicy.of(ns, NamespacePolicy.Mode.WARN),
              rejected));
    }
    return new PssReport(level, version, results, namespaces);
  }
}
