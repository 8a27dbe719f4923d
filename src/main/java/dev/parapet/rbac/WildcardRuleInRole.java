package dev.parapet.rbac;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.K8sObject;

/**
 * A rule that allows every verb on every resource is cluster-admin under another name, and it
 * silently covers resource types added later. Triggers on each rule with verb {@code *} on resource
 * {@code *} in API group {@code *} (without resourceNames), or on non-resource URL {@code *}, in a
 * Role or ClusterRole whose name neither starts with {@code system:} nor is {@code cluster-admin}.
 */
@CheckInfo(
    id = "RBAC-001",
    title = "Role grants every verb on every resource",
    severity = Severity.CRITICAL,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.3", "CIS 1.10: 5.1.1"},
    mitre = {"T1078"},
    description =
        "A rule with verbs [*], resources [*] and apiGroups [*] allows everything the API offers,"
            + " including reading every Secret, creating privileged pods and editing RBAC itself;"
            + " whoever is bound to it is a cluster administrator (in a Role, of its namespace), and"
            + " the grant grows with every CRD installed later. Triggered by such a rule, or one"
            + " with verbs [*] on nonResourceURLs [*], in a Role or ClusterRole whose name does not"
            + " start with system: and is not cluster-admin, whether or not anything binds it yet.",
    remediation =
        "List the API groups, resources and verbs the role's users need; if full control is"
            + " really required, bind the built-in cluster-admin role so that it is visible as such.")
public final class WildcardRuleInRole implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    for (K8sObject role : RbacFacts.roleObjects(context.inventory())) {
      if (RbacFacts.isBuiltinRole(role.name())) {
        continue;
      }
      for (RbacFacts.WrittenRule w : RbacFacts.writtenRules(role)) {
        if (RbacFacts.isFullWildcard(w.rule())) {
          sink.report(
              role,
              w.node(),
              role.kind()
                  + " \""
                  + role.name()
                  + "\" allows "
                  + RbacFacts.describe(w.rule())
                  + ": anyone bound to it has full control"
                  + (role.kind().equals("Role")
                      ? " of namespace " + role.effectiveNamespace()
                      : ""));
        }
      }
    }
  }
}
