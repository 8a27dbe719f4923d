package dev.parapet.rbac;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import java.util.ArrayList;
import java.util.List;

/**
 * nodes/proxy reaches the kubelet API of a node through the API server, and the kubelet runs
 * commands in any of the node's pods; serviceaccounts/token mints tokens for a service account
 * without ever reading a Secret. Triggers on each rule allowing get, create, update, patch or
 * delete (the verbs the kubelet and the proxy map HTTP methods to) on nodes/proxy in the core
 * group, granted through a ClusterRoleBinding, or create on serviceaccounts/token in the core
 * group, granted through any binding, when the binding's name does not start with {@code system:};
 * written out or through {@code *} or {@code * /sub}. Rules that allow every verb on every resource
 * are left to RBAC-001 and RBAC-002.
 */
@CheckInfo(
    id = "RBAC-009",
    title = "Kubelet proxy or service account token minting granted",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.10", "CIS 1.10: 5.1.13"},
    mitre = {"T1528", "T1550.001"},
    description =
        "nodes/proxy forwards requests to the kubelet of a node, whose API lists pods and runs"
            + " commands in any of them (/exec, /run, /attach), so it is exec on every pod of every"
            + " node; the kubelet authorizes by HTTP method, and a websocket upgrade on GET is"
            + " enough, so get is as strong as create. Requests made this way bypass admission and"
            + " leave little in the audit log. create on serviceaccounts/token issues a fresh,"
            + " optionally long-lived token for any service account the rule covers, and with it"
            + " that account's permissions. Triggered by a rule in the core group allowing get,"
            + " create, update, patch or delete on nodes/proxy granted through a ClusterRoleBinding"
            + " (nodes are cluster-scoped, so a RoleBinding cannot grant them), or create on"
            + " serviceaccounts/token granted through any binding, the resource written out, as *"
            + " or as */proxy and */token, when the binding's name does not start with system:."
            + " The finding points at the rule and lists every binding that grants it;"
            + " resourceNames narrow the grant but do not clear it; rules granting every verb on"
            + " every resource are reported by RBAC-001 and RBAC-002 instead.",
    remediation =
        "Do not grant nodes/proxy: monitoring agents can read metrics through nodes/metrics and"
            + " nodes/stats instead. Let workloads receive tokens through projected volumes rather"
            + " than minting them; if a controller must mint tokens, limit it with resourceNames to"
            + " the service accounts it serves, in its own namespace.")
public final class KubeletOrTokenAccessGranted extends GrantedRuleCheck {
  private static final List<String> PROXY_VERBS =
      List.of("get", "create", "update", "patch", "delete");

  @Override
  List<String> opens(Binding binding, PolicyRule r) {
    List<String> out = new ArrayList<>();
    if (!PolicyRule.apiGroupMatches(r.apiGroups(), "")) {
      return out;
    }
    if (binding.isClusterRoleBinding()
        && PolicyRule.resourceMatches(r.resources(), "nodes/proxy", "proxy")) {
      List<String> verbs =
          PROXY_VERBS.stream().filter(v -> PolicyRule.verbMatches(r.verbs(), v)).toList();
      if (!verbs.isEmpty()) {
        out.add(
            String.join(", ", verbs)
                + " on nodes/proxy (the kubelet API: exec in every pod of a node)");
      }
    }
    if (PolicyRule.verbMatches(r.verbs(), "create")
        && PolicyRule.resourceMatches(r.resources(), "serviceaccounts/token", "token")) {
      out.add("create on serviceaccounts/token (mints tokens for service accounts)");
    }
    return out;
  }

  @Override
  String consequence() {
    return "its holders can act as the pods or service accounts it reaches";
  }
}
