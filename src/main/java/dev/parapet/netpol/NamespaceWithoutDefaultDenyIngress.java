package dev.parapet.netpol;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;

/**
 * Without a namespace-wide ingress policy every pod accepts connections from every pod of the
 * cluster, and a new workload starts open whatever the existing policies say. Triggers on each
 * namespace that holds workloads in the input and has no NetworkPolicy with an empty podSelector
 * and the Ingress type, or has one that admits every source on every port.
 */
@CheckInfo(
    id = "NET-001",
    title = "Namespace has no default-deny ingress policy",
    severity = Severity.MEDIUM,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "network",
    cis = {"CIS 1.10: 5.3.2"},
    mitre = {"T1210", "T1046"},
    nsa = {"Network separation and hardening: network policies"},
    description =
        "Kubernetes pods accept connections from any pod and any address until a NetworkPolicy"
            + " selects them for ingress, so one compromised pod can reach every service of the"
            + " namespace, and a workload added later starts open. Triggered by each namespace that"
            + " holds at least one workload (a pod template or a bare Pod) in the input and has no"
            + " NetworkPolicy whose podSelector is empty ({}, every pod, present and future) with"
            + " Ingress among its policyTypes, or whose only such policies also carry a rule"
            + " admitting every source on every port (policies add up, so that rule undoes the"
            + " deny). A namespace-wide policy with allow rules counts: it isolates every pod and"
            + " lists what may come in. Policies selecting every current pod by label do not count,"
            + " since a new pod without the label is open. kube-system is reported too (at the"
            + " same medium severity: its components are among the most valuable targets), with a"
            + " reminder to list the flows of DNS and the CNI first. Reported at the Namespace"
            + " object when the input has it, else at the namespace of the first workload of that"
            + " namespace. Medium: the gap is lateral movement inside the cluster, not exposure to"
            + " the outside (see NET-006 and the exposure report).",
    remediation =
        "Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] and no ingress rules"
            + " to the namespace, then one policy per flow the application needs (parapet netpol"
            + " generate writes both).")
public final class NamespaceWithoutDefaultDenyIngress implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    DefaultDeny.report(context.inventory(), sink, true);
  }
}
