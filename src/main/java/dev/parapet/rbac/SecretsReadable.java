package dev.parapet.rbac;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading Secrets across the cluster, or in kube-system, yields service account tokens and
 * credentials that lead further. Triggers on each rule allowing get, list or watch on {@code
 * secrets} (resources {@code secrets} or {@code *}, API group {@code ""} or {@code *}, without
 * resourceNames) in a ClusterRole bound by a ClusterRoleBinding, or in any role bound by a
 * RoleBinding in kube-system, when the binding's name does not start with {@code system:}. Rules
 * that allow every verb on every resource are left to RBAC-001 and RBAC-002.
 */
@CheckInfo(
    id = "RBAC-005",
    title = "Secrets readable cluster-wide or in kube-system",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.2"},
    mitre = {"T1552.007", "T1078"},
    description =
        "Secrets hold service account tokens, registry and cloud credentials and TLS keys; kube-system"
            + " holds those of the control plane's controllers and add-ons, several of which are"
            + " cluster administrators in all but name. list and watch return every Secret with its"
            + " data, not just the names, so they are as strong as get on each one. Triggered by a"
            + " rule allowing get, list or watch on secrets in the core group (resources secrets or"
            + " *, apiGroups \"\" or *, no resourceNames) in a ClusterRole bound by a"
            + " ClusterRoleBinding, or in a role bound by a RoleBinding in kube-system, through a"
            + " binding whose name does not start with system:. The finding points at the rule and"
            + " lists every binding that grants it; rules granting every verb on every resource are"
            + " reported by RBAC-001 and RBAC-002 instead.",
    remediation =
        "Grant Secret access per namespace with a Role, and limit get to the Secrets needed with"
            + " resourceNames; avoid list and watch on secrets. Let workloads receive their own"
            + " Secrets through volumes or environment rather than through the API.")
public final class SecretsReadable extends GrantedRuleCheck {
  private static final List<String> READ_VERBS = List.of("get", "list", "watch");

  @Override
  List<String> opens(Binding binding, PolicyRule r) {
    if (!binding.isClusterRoleBinding() && !binding.namespace().equals("kube-system")) {
      return List.of();
    }
    List<String> verbs = new ArrayList<>();
    for (String verb : READ_VERBS) {
      if (r.allows(new ResourceRequest(verb, "", "secrets", "", "", ""))) {
        verbs.add(verb);
      }
    }
    if (verbs.isEmpty()) {
      return List.of();
    }
    List<String> enumerating = verbs.stream().filter(v -> !v.equals("get")).toList();
    return List.of(
        String.join(", ", verbs)
            + " on secrets"
            + (!enumerating.isEmpty()
                ? " ("
                    + String.join(" and ", enumerating)
                    + (enumerating.size() == 1 ? " returns" : " return")
                    + " every Secret's data, not just names)"
                : " (get reads any Secret by name)"));
  }

  @Override
  String consequence() {
    return "its holders can read credentials, service account tokens included";
  }
}
