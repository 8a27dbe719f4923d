package dev.parapet.rbac;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import java.util.ArrayList;
import java.util.List;

/**
 * kube-proxy on every node sends traffic for a Service's spec.externalIPs and for the IPs in its
 * status.loadBalancer.ingress to the Service's pods, and nothing checks that the Service owns those
 * addresses (CVE-2020-8554), so whoever sets them intercepts the cluster's traffic to them.
 * Triggers on each rule allowing, in the core group, update or patch on services/status, granted
 * through any binding, or create, update or patch on services, granted through a ClusterRoleBinding
 * (Service writes in a namespace given by a RoleBinding are ordinary and not reported), when the
 * binding's name does not start with {@code system:}; written out or through {@code *} or {@code *
 * /status}. Rules that allow every verb on every resource are left to RBAC-001 and RBAC-002.
 */
@CheckInfo(
    id = "RBAC-015",
    title = "Service status or external IPs writable",
    severity = Severity.MEDIUM,
    stride = Stride.TAMPERING,
    category = "rbac",
    mitre = {"T1557"},
    description =
        "kube-proxy routes traffic for a Service's spec.externalIPs, and for the IPs in the"
            + " status.loadBalancer.ingress of a LoadBalancer Service, to that Service's pods on"
            + " every node, and Kubernetes does not check that the Service owns those addresses"
            + " (CVE-2020-8554, unfixed by design). Whoever can write services/status can set"
            + " load-balancer IPs, normally the cloud controller's job, and so intercept the"
            + " cluster's traffic to any address from a single namespace. Whoever can create,"
            + " update or patch Services in every namespace can set externalIPs anywhere; the"
            + " DenyServiceExternalIPs admission plugin or an admission policy closes that half,"
            + " and parapet cannot tell from RBAC whether one is on. Writing Services in a"
            + " namespace, as namespace editors do, is ordinary and not reported, though it opens"
            + " externalIPs too where nothing blocks them (EXP-003 reports a Service that uses"
            + " them). Triggered by a rule in the core group allowing update or patch on"
            + " services/status (written out, as * or as */status), granted through a RoleBinding"
            + " or ClusterRoleBinding, or create, update or patch on services (written out or as"
            + " *), granted through a ClusterRoleBinding, when the binding's name does not start"
            + " with system:. The finding points at the rule and lists every binding that grants"
            + " it; resourceNames narrow update and patch but do not clear them, and never allow"
            + " create; rules granting every verb on every resource are reported by RBAC-001 and"
            + " RBAC-002 instead.",
    remediation =
        "Leave services/status to the cloud controller manager or the load-balancer controller;"
            + " grant Service writes per namespace with RoleBindings; enable the"
            + " DenyServiceExternalIPs admission plugin, or allow only vetted externalIPs with an"
            + " admission policy.")
public final class ServiceStatusOrExternalIpsWritable extends GrantedRuleCheck {
  @Override
  List<String> opens(Binding binding, PolicyRule r) {
    List<String> out = new ArrayList<>();
    List<String> status =
        RbacFacts.verbsOn(r, List.of("update", "patch"), "", "services", "status");
    if (!status.isEmpty()) {
      out.add(String.join(", ", status) + " on services/status (load-balancer IPs)");
    }
    if (binding.isClusterRoleBinding()) {
      List<String> services =
          RbacFacts.verbsOn(r, List.of("create", "update", "patch"), "", "services", "");
      if (!services.isEmpty()) {
        out.add(String.join(", ", services) + " on services in every namespace (externalIPs)");
      }
    }
    return out;
  }

  @Override
  String consequence() {
    return "its holders can make kube-proxy on every node send traffic for addresses of their"
        + " choosing to the pods of a Service they control (CVE-2020-8554)";
  }
}
