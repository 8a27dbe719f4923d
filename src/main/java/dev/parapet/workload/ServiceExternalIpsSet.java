package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.ObjectCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.K8sObject;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.List;

/**
 * kube-proxy captures traffic to a Service's externalIPs on every node, whoever owns the address.
 * Triggers on a Service with a non-empty {@code spec.externalIPs}.
 */
@CheckInfo(
    id = "EXP-003",
    title = "Service claims external IP addresses",
    severity = Severity.MEDIUM,
    stride = Stride.SPOOFING,
    category = "exposure",
    mitre = {"T1557", "T1040"},
    nsa = {"Network separation and hardening: network policies"},
    description =
        "Kubernetes does not check that a Service's externalIPs belong to it: kube-proxy on every"
            + " node routes traffic for those addresses to the Service's pods, so whoever can create"
            + " a Service can intercept the cluster's traffic to any outside address, a DNS"
            + " resolver or an API (CVE-2020-8554, unfixed by design; the DenyServiceExternalIPs"
            + " admission plugin or a policy engine closes it). A Service that legitimately uses"
            + " externalIPs also accepts traffic on them from outside on every node. Triggered by a"
            + " Service whose spec.externalIPs is a non-empty list; reported at the list.",
    remediation =
        "Remove externalIPs and expose the Service through a LoadBalancer or an Ingress; enable the"
            + " DenyServiceExternalIPs admission plugin, or allow only vetted addresses with an"
            + " admission policy.")
public final class ServiceExternalIpsSet implements ObjectCheck {
  @Override
  public void check(K8sObject object, CheckContext context, Sink sink) {
    if (!object.kind().equals("Service") || !object.group().isEmpty()) {
      return;
    }
    object
        .root()
        .map("spec")
        .flatMap(s -> s.seq("externalIPs"))
        .filter(seq -> seq.length() > 0)
        .ifPresent(
            seq ->
                sink.report(
                    object,
                    seq,
                    "Service \""
                        + object.name()
                        + "\" claims external "
                        + (seq.length() == 1 ? "IP " : "IPs ")
                        + String.join(", ", addresses(seq))
                        + ": every node routes traffic for "
                        + (seq.length() == 1 ? "it" : "them")
                        + " to the Service's pods, whoever owns the address"));
  }

  private static List<String> addresses(SeqNode seq) {
    List<String> out = new ArrayList<>();
    for (Node n : seq.items()) {
      if (n instanceof ScalarNode s && !s.isNull()) {
        out.add(s.value());
      }
    }
    return out;
  }
}
