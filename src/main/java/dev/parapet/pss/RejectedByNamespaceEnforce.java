package dev.parapet.pss;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Workload;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A workload whose pods the enforce level of their namespace would reject. Triggers when a
 * Namespace in the input carries {@code pod-security.kubernetes.io/enforce} and a workload of that
 * namespace violates it at the labelled version.
 */
@CheckInfo(
    id = "PSA-001",
    title = "Workload rejected by its namespace's Pod Security enforce level",
    severity = Severity.HIGH,
    stride = Stride.DENIAL_OF_SERVICE,
    category = "psa",
    cis = {"CIS 1.10: 5.2.1"},
    nsa = {"Pod security: pod security enforcement"},
    description =
        "Pod Security admission rejects pods that violate the enforce level of their namespace. A"
            + " bare Pod fails to be created; a Deployment, Job or other controller is accepted, but"
            + " the pods it creates are rejected, so the rollout silently never becomes ready."
            + " Triggered by a workload in a namespace whose enforce label (and enforce-version,"
            + " default latest) it violates; an invalid enforce label is evaluated as"
            + " restricted:latest, as the admission plugin does. The finding points at the first"
            + " offending field.",
    remediation =
        "Fix the violations listed (see the PSS-* findings for each field), or move the workload to"
            + " a namespace whose level admits it.")
public final class RejectedByNamespaceEnforce implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    Map<String, K8sObject> namespaces = context.inventory().namespaces();
    NamespacePolicy.byNamespace(context.inventory())
        .forEach(
            (ns, workloads) -> {
              K8sObject namespace = namespaces.get(ns);
              if (namespace == null) {
                return;
              }
              NamespacePolicy.of(namespace, NamespacePolicy.Mode.ENFORCE)
                  .ifPresent(p -> workloads.forEach(w -> check(w, ns, p, sink)));
            });
  }

  private void check(Workload w, String ns, NamespacePolicy.ModePolicy policy, Sink sink) {
    PssEvaluator.Result result = PssEvaluator.evaluate(w, policy.level(), policy.version());
    if (result.allowed()) {
      return;
    }
    List<Violation> violations = result.violations();
    String controls =
        violations.stream().map(Violation::control).distinct().collect(Collectors.joining(", "));
    String what =
        w.object().kind().equals("Pod")
            ? "would be rejected"
            : "would have its pods rejected (the "
                + w.object().kind()
                + " is admitted, its pods are not)";
    sink.report(
        w.object(),
        violations.get(0).node(),
        w.object().kind()
            + " \""
            + w.object().name()
            + "\" "
            + what
            + " by namespace \""
            + ns
            + "\" enforcing "
            + policy.display()
            + ": violates "
            + controls);
  }
}
