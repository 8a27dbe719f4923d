package dev.parapet.rbac;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import java.util.ArrayList;
import java.util.List;

/**
 * The status of pods and nodes is what the rest of the cluster believes about them: endpoint
 * controllers route Service traffic to the IPs and readiness a pod reports, the scheduler places
 * pods by what a node reports, and the API server reaches kubelets at the addresses a node reports.
 * Whoever may write that status can fake it, and change the object's labels on the way. Triggers on
 * each rule allowing, in the core group, update or patch on pods/status, granted through any
 * binding, or update or patch on nodes/status, granted through a ClusterRoleBinding (nodes are
 * cluster-scoped, so a RoleBinding cannot grant them), when the binding's name does not start with
 * {@code system:}; written out or through {@code *} or {@code * /status}. Rules that allow every
 * verb on every resource are left to RBAC-001 and RBAC-002.
 */
@CheckInfo(
    id = "RBAC-010",
    title = "Pod or node status writable",
    severity = Severity.MEDIUM,
    stride = Stride.TAMPERING,
    category = "rbac",
    mitre = {"T1557"},
    description =
        "Kubelets write the status of their pods and nodes, and the rest of the cluster trusts it."
            + " With pods/status a subject can mark a pod ready or not ready and change its podIP"
            + " and podIPs, which the endpoint controllers copy into the EndpointSlices of every"
            + " Service selecting the pod, so Service traffic goes to an address of its choosing or"
            + " stops (until the kubelet next writes the status, so the writes are repeated). With nodes/status it can fake a node's conditions (a node reported not ready"
            + " is tainted and its pods evicted), its capacity and allocatable resources (attracting"
            + " pods to it or keeping them away) and its addresses and kubelet port, which the API"
            + " server uses to reach the kubelet for logs, exec, attach and port-forward. Both"
            + " status endpoints also accept label changes (Kubernetes' fields-wiping integration"
            + " test lists pods and nodes among the APIs whose /status does not wipe metadata), so"
            + " a pod can be moved into or out of a Service's selector, and a node given the labels"
            + " that pods' node selectors ask for, node-restriction.kubernetes.io/ ones included"
            + " (NodeRestriction only keeps kubelets from setting those). Triggered"
            + " by a rule in the core group allowing update or patch on pods/status, granted through"
            + " a RoleBinding or ClusterRoleBinding, or update or patch on nodes/status, granted"
            + " through a ClusterRoleBinding (nodes are cluster-scoped, so a RoleBinding cannot"
            + " grant them), the resource written out, as * or as */status, when the binding's name"
            + " does not start with system:. The finding points at the rule and lists every binding"
            + " that grants it; resourceNames narrow the grant but do not clear it; rules granting"
            + " every verb on every resource are reported by RBAC-001 and RBAC-002 instead.",
    remediation =
        "Leave pod and node status to the kubelets and the control plane; a controller that must"
            + " set a pod condition of its own should hold patch on pods/status only in its"
            + " namespace, and nothing outside the control plane should write nodes/status.")
public final class PodOrNodeStatusWritable extends GrantedRuleCheck {
  private static final List<String> WRITE = List.of("update", "patch");

  @Override
  List<String> opens(Binding binding, PolicyRule r) {
    List<String> out = new ArrayList<>();
    List<String> pods = RbacFacts.verbsOn(r, WRITE, "", "pods", "status");
    if (!pods.isEmpty()) {
      out.add(String.join(", ", pods) + " on pods/status (readiness and pod IPs)");
    }
    if (binding.isClusterRoleBinding()) {
      List<String> nodes = RbacFacts.verbsOn(r, WRITE, "", "nodes", "status");
      if (!nodes.isEmpty()) {
        out.add(
            String.join(", ", nodes)
                + " on nodes/status (conditions, capacity and the addresses kubelets are reached"
                + " at)");
      }
    }
    return out;
  }

  @Override
  String consequence() {
    return "its holders can fake what pods or nodes report and so steer Service traffic,"
        + " scheduling or the API server's connections to kubelets";
  }
}
