package dev.parapet.rbac;

import dev.parapet.model.ObjectRef;

/**
 * One chain that grants something: the binding, the subject in it that applies, the role it refers
 * to and the rule of that role.
 *
 * @param scope empty when the grant holds cluster-wide (a ClusterRoleBinding), else the namespace
 *     of the RoleBinding it is limited to
 */
public record Grant(
    Binding binding, Subject subject, ObjectRef role, PolicyRule rule, String scope) {
  public boolean clusterWide() {
    return scope.isEmpty();
  }

  @Override
  public String toString() {
    return binding
        + " -> "
        + role
        + (scope.isEmpty() ? " (cluster-wide)" : " in " + scope)
        + " rule at "
        + rule.location().display();
  }
}
