package dev.parapet.netpol;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.Workload;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A workload left out of every policy in a namespace that uses policies talks to anything in both
 * directions, usually because its labels do not match what the policies select. Triggers on each
 * workload no NetworkPolicy selects, neither for ingress nor for egress, in a namespace that has at
 * least one NetworkPolicy; hostNetwork pods are left out.
 */
@CheckInfo(
    id = "NET-003",
    title = "Workload is selected by no NetworkPolicy",
    severity = Severity.MEDIUM,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "network",
    cis = {"CIS 1.10: 5.3.2"},
    mitre = {"T1210"},
    nsa = {"Network separation and hardening: network policies"},
    description =
        "A pod that no NetworkPolicy selects accepts connections from anywhere and may open"
            + " connections to anywhere. Triggered by each workload (pod template or bare Pod) that"
            + " no NetworkPolicy of its namespace selects for ingress nor for egress, when that"
            + " namespace has at least one NetworkPolicy: the namespace uses policies and this"
            + " workload was left out, most often because its pod labels do not match the"
            + " podSelectors. In a namespace without any policy the namespace-wide findings NET-001"
            + " and NET-002 already say it, once instead of once per workload, so NET-003 stays"
            + " silent there; in a namespace with default-deny policies every pod is selected and"
            + " it never triggers. Pods on the host network are not reported: policies do not"
            + " apply to them (PSS-002 reports hostNetwork). Reported at the pod template's"
            + " metadata, where the labels the policies select are written.",
    remediation =
        "Add a default-deny policy (podSelector: {}) for ingress and egress to the namespace, or"
            + " give the workload's pod template the labels the existing policies select, or add a"
            + " policy for it.")
public final class WorkloadNotSelectedByAnyPolicy implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    Connectivity c = Connectivity.of(context.inventory());
    Set<String> governed = new HashSet<>();
    c.policies().forEach(p -> governed.add(p.namespace()));
    for (Map.Entry<PodGroup, Workload> e :
        NetpolFacts.workloads(context.inventory(), c).entrySet()) {
      PodGroup g = e.getKey();
      if (g.hostNetwork()
          || !governed.contains(g.namespace())
          || !c.ingressPolicies(g).isEmpty()
          || !c.egressPolicies(g).isEmpty()) {
        continue;
      }
      Workload w = e.getValue();
      sink.report(
          w.object(),
          NetpolFacts.podLabelsAnchor(w),
          g.display()
              + " is selected by none of the NetworkPolicies of namespace "
              + g.namespace()
              + " (pod labels "
              + new java.util.TreeMap<>(g.labels())
              + "): it accepts and opens connections to any pod and address");
    }
  }
}
