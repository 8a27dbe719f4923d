package dev.parapet.rbac;

import dev.parapet.model.ObjectRef;

/**
 * One chain that grants something: the binding, the subject in it that applies, the role it refers
 * to and the rule of that role.
 *
 * @param scope empty when the grant holds cluster-wide (a ClusterRoleBinding), else the namespace
 *     of the RoleBinding it is limited to
 * @param defaultRole true when the role is not in the input and parapet's definition of the
 *     Kubernetes default role of that name was used; the rule may still come from the input (a role
 *     the input labels for aggregation into {@code edit}, say)
 */
public record Grant(
    Binding binding,
    Subject subject,
    ObjectRef role,
    PolicyRule rule,
    String scope,
    boolean defaultRole) {
  /** A grant through a role of the input. */
  public Grant(Binding binding, Subject subject, ObjectRef role, PolicyRule rule, String scope) {
    this(binding, subject, role, rule, scope, false);
  }

  public boolean clusterWide() {
    return scope.isEmpty();
  }

  @Override
  public String toString() {
    return binding
        + " -> "
        + role
        + (defaultRole ? " [parapet default]" : "")
        + (scope.isEmpty() ? " (cluster-wide)" : " in " + scope)
        + " rule at "
        + rule.location().display();
  }
}
