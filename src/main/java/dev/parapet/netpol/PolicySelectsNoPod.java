package dev.parapet.netpol;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.source.Node;
import java.util.List;
import java.util.Map;

/**
 * A policy whose podSelector matches no pod protects nothing, usually because of a typo in a label;
 * the pods it was written for stay open. Triggers on each NetworkPolicy whose podSelector matches
 * no pod group of its namespace, when the input holds workloads of that namespace.
 */
@CheckInfo(
    id = "NET-004",
    title = "NetworkPolicy selects no pod in the scanned input",
    severity = Severity.LOW,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "network",
    mitre = {"T1210"},
    nsa = {"Network separation and hardening: network policies"},
    description =
        "A NetworkPolicy applies to the pods its spec.podSelector matches in its own namespace;"
            + " when that is none, the policy isolates nothing and the pods it was meant for keep"
            + " whatever else applies to them, often everything. A misspelt label or value, or a"
            + " label the Deployment's template lacks, are the usual causes. Triggered by each"
            + " networking.k8s.io NetworkPolicy whose podSelector (matchLabels and"
            + " matchExpressions) matches the pod labels of no workload of its namespace in the"
            + " input, when the input holds at least one workload of that namespace; with none,"
            + " the workloads evidently live elsewhere and nothing is reported. Manifests are"
            + " often scanned in parts, so the message says 'in the scanned input'; for the same"
            + " reason a policy in kube-system whose podSelector is exactly a cluster DNS label"
            + " (k8s-app: kube-dns, k8s-app: coredns, app.kubernetes.io/name: coredns) is not"
            + " reported when no kube-system pod of the input carries one. Low: the"
            + " policy may be meant for a workload deployed later.",
    remediation =
        "Fix the podSelector so that it matches the pod template labels of the workload it is meant"
            + " for, or delete the policy; scan the policy together with its workloads.")
public final class PolicySelectsNoPod implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    Connectivity c = Connectivity.of(context.inventory());
    Map<String, List<PodGroup>> byNamespace = NetpolFacts.groupsByNamespace(context.inventory(), c);
    for (Policy p : c.policies()) {
      List<PodGroup> inNamespace = byNamespace.getOrDefault(p.namespace(), List.of());
      if (inNamespace.isEmpty()
          || inNamespace.stream().anyMatch(g -> p.podSelector().matches(g.labels()))
          || p.namespace().equals(NetpolFacts.DNS_NAMESPACE)
              && NetpolFacts.dnsMissingFromInput(p.podSelector(), inNamespace)) {
        continue;
      }
      Node at =
          p.object()
              .root()
              .map("spec")
              .flatMap(s -> s.get("podSelector"))
              .orElse(NetpolFacts.metadata(p.object()));
      sink.report(
          p.object(),
          at,
          NetpolFacts.policy(p)
              + " selects no pod in the scanned input: its podSelector matches none of the "
              + inNamespace.size()
              + (inNamespace.size() == 1 ? " workload" : " workloads")
              + " of namespace "
              + p.namespace()
              + p.podSelector()
                  .invalid()
                  .map(why -> " (invalid selector: " + why + ")")
                  .orElse(""));
    }
  }
}
