package dev.parapet.netpol;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;

/**
 * Without a namespace-wide egress policy every pod may connect anywhere: other pods, the cloud
 * metadata service, the internet. Triggers on each namespace that holds workloads in the input and
 * has no NetworkPolicy with an empty podSelector and the Egress type, or has one that admits every
 * destination on every port.
 */
@CheckInfo(
    id = "NET-002",
    title = "Namespace has no default-deny egress policy",
    severity = Severity.MEDIUM,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "network",
    cis = {"CIS 1.10: 5.3.2"},
    mitre = {"T1041", "T1210"},
    nsa = {"Network separation and hardening: network policies"},
    description =
        "Kubernetes pods may open connections to any pod and any address until a NetworkPolicy"
            + " selects them for egress: a compromised pod can then move laterally, download"
            + " tools, exfiltrate data and reach the cloud metadata service (NET-008). Triggered by"
            + " each namespace that holds at least one workload in the input and has no"
            + " NetworkPolicy whose podSelector is empty ({}) with Egress among its policyTypes"
            + " (policyTypes defaults to Ingress alone when the policy has no egress rules, so a"
            + " deny-all egress policy must name Egress), or whose only such policies also carry a"
            + " rule admitting every destination on every port. The same decisions as NET-001"
            + " apply: namespace-wide policies with allow rules count, label-based ones do not,"
            + " kube-system is reported, and the finding sits at the Namespace object or else at"
            + " the namespace of the first workload. Medium, as for ingress: what the pods may"
            + " reach matters, and NET-007 and NET-008 report the worst of it at high.",
    remediation =
        "Add a NetworkPolicy with podSelector: {} and policyTypes: [Egress] and no egress rules"
            + " to the namespace, a policy allowing DNS to kube-system's kube-dns on UDP and TCP 53,"
            + " then one policy per flow the application needs (parapet netpol generate writes"
            + " them).")
public final class NamespaceWithoutDefaultDenyEgress implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    DefaultDeny.report(context.inventory(), sink, false);
  }
}
