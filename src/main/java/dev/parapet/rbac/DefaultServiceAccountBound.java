package dev.parapet.rbac;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import java.util.List;

/**
 * Every namespace has a {@code default} service account, and every pod that names no other runs as
 * it: a grant to it is a grant to all of them, present and future. Triggers on each ServiceAccount
 * subject named {@code default} in a binding whose name does not start with {@code system:} and
 * whose role grants at least one rule.
 */
@CheckInfo(
    id = "RBAC-016",
    title = "Default service account granted permissions",
    severity = Severity.MEDIUM,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.5"},
    mitre = {"T1078.004"},
    description =
        "The default service account of a namespace is the identity of every pod there that does"
            + " not name another one, including pods created later by people who never meant to"
            + " use these permissions. Kubernetes gives it no permissions, and the CIS Benchmark"
            + " asks that it keep none. Triggered by a ServiceAccount subject named default in a"
            + " RoleBinding or ClusterRoleBinding whose name does not start with system: and whose"
            + " role has rules (a binding to a role missing from the input is reported as an input"
            + " problem instead).",
    remediation =
        "Create a service account for the workload that needs these permissions, bind the role"
            + " to it and set serviceAccountName on that workload; leave default without"
            + " bindings.")
public final class DefaultServiceAccountBound implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    RbacIndex index = RbacIndex.of(context.inventory());
    for (Binding b : index.bindings()) {
      if (RbacFacts.isSystem(b.name())) {
        continue;
      }
      List<PolicyRule> rules = RbacFacts.rules(index, b);
      if (rules.isEmpty()) {
        continue;
      }
      List<Subject> subjects = b.subjects();
      for (int i = 0; i < subjects.size(); i++) {
        Subject s = subjects.get(i);
        if (s.kind() == Subject.Kind.SERVICE_ACCOUNT
            && s.name().equals("default")
            && !b.serviceAccountNamespace(s).isEmpty()) {
          sink.report(
              b.object(),
              RbacFacts.subjectNode(b, i),
              RbacFacts.binding(b)
                  + " grants "
                  + RbacFacts.role(b)
                  + " to the default service account of namespace "
                  + b.serviceAccountNamespace(s)
                  + ", which every pod there that names no service account runs as ("
                  + RbacFacts.describe(rules)
                  + ")");
        }
      }
    }
  }
}
