package dev.parapet.rbac;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.K8sObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * escalate, bind and impersonate are the verbs RBAC's own escalation guard trusts: with them a
 * subject gets permissions it does not hold. Triggers on each rule of a Role or ClusterRole whose
 * name neither starts with {@code system:} nor is {@code cluster-admin} that allows escalate or
 * bind on roles or clusterroles (group rbac.authorization.k8s.io), or impersonate on users, groups
 * or serviceaccounts (core group) or uids and userextras/KEY (authentication.k8s.io), by name or
 * through {@code *}. A Role is held to the namespaced ones (roles, serviceaccounts). Rules that
 * allow every verb on every resource are left to RBAC-001.
 */
@CheckInfo(
    id = "RBAC-006",
    title = "Role grants escalate, bind or impersonate",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.8"},
    mitre = {"T1078", "T1098"},
    description =
        "The API server stops a subject from creating or binding a role with permissions it does"
            + " not hold itself, unless the subject may escalate (write such roles) or bind (create"
            + " bindings to such roles, cluster-admin included); impersonate lets it send requests"
            + " as another user, group or service account and so use their permissions. Triggered by"
            + " a rule allowing escalate or bind on roles or clusterroles in"
            + " rbac.authorization.k8s.io, or impersonate on users, groups or serviceaccounts in the"
            + " core group or uids or userextras/KEY (extra fields such as scopes) in authentication.k8s.io (written out or through *), in a Role"
            + " or ClusterRole whose name does not start with system: and is not cluster-admin,"
            + " whether or not it is bound yet; for a Role only roles and serviceaccounts count, as"
            + " a RoleBinding cannot grant cluster-scoped resources. resourceNames narrow the grant"
            + " but do not clear it.",
    remediation =
        "Remove these verbs; when a controller must bind roles, limit bind to the roles it hands"
            + " out with resourceNames, and limit impersonate to the identities it acts for.")
public final class PrivilegeEscalationVerb implements InventoryCheck {
  /** A verb on a resource; a cluster-scoped one cannot be granted by a namespaced Role. */
  private record Target(String verb, String group, String resource, boolean clusterScoped) {}

  private static final List<Target> TARGETS =
      List.of(
          new Target("escalate", "rbac.authorization.k8s.io", "roles", false),
          new Target("escalate", "rbac.authorization.k8s.io", "clusterroles", true),
          new Target("bind", "rbac.authorization.k8s.io", "roles", false),
          new Target("bind", "rbac.authorization.k8s.io", "clusterroles", true),
          new Target("impersonate", "", "users", true),
          new Target("impersonate", "", "groups", true),
          new Target("impersonate", "", "serviceaccounts", false),
          new Target("impersonate", "authentication.k8s.io", "uids", true));

  @Override
  public void check(CheckContext context, Sink sink) {
    for (K8sObject role : RbacFacts.roleObjects(context.inventory())) {
      if (RbacFacts.isBuiltinRole(role.name())) {
        continue;
      }
      for (RbacFacts.WrittenRule w : RbacFacts.writtenRules(role)) {
        PolicyRule r = w.rule();
        if (RbacFacts.isFullWildcard(r)) {
          continue;
        }
        List<String> parts = granted(r, role.kind().equals("Role"));
        if (parts.isEmpty()) {
          continue;
        }
        sink.report(
            role,
            w.node(),
            role.kind()
                + " \""
                + role.name()
                + "\" allows "
                + String.join("; ", parts)
                + (r.resourceNames().isEmpty()
                    ? ""
                    : " (named " + String.join(", ", r.resourceNames()) + ")")
                + ": whoever is bound to it can gain permissions it was not given");
      }
    }
  }

  /**
   * {@code escalate on roles, clusterroles} and the like for what the rule allows; a namespaced
   * grant is held to the namespaced resources.
   */
  static List<String> granted(PolicyRule r, boolean namespaced) {
    Map<String, List<String>> granted = new LinkedHashMap<>();
    for (Target t : TARGETS) {
      if (!(namespaced && t.clusterScoped())
          && PolicyRule.verbMatches(r.verbs(), t.verb())
          && PolicyRule.apiGroupMatches(r.apiGroups(), t.group())
          && PolicyRule.resourceMatches(r.resources(), t.resource(), "")) {
        granted.computeIfAbsent(t.verb(), k -> new ArrayList<>()).add(t.resource());
      }
    }
    // extra fields are the subresources of userextras, one per key (userextras/scopes)
    if (PolicyRule.verbMatches(r.verbs(), "impersonate")
        && PolicyRule.apiGroupMatches(r.apiGroups(), "authentication.k8s.io")
        && !namespaced
        && r.resources().stream()
            .anyMatch(res -> res.equals(PolicyRule.ALL) || res.startsWith("userextras/"))) {
      granted.computeIfAbsent("impersonate", k -> new ArrayList<>()).add("userextras");
    }
    List<String> parts = new ArrayList<>();
    granted.forEach((verb, resources) -> parts.add(verb + " on " + String.join(", ", resources)));
    return parts;
  }
}
