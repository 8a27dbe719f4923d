package dev.parapet.rbac;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;

/**
 * Members of {@code system:masters} bypass RBAC altogether; a binding that names the group shows
 * that credentials in it are expected to be in use. Triggers on each Group {@code system:masters}
 * subject of a binding whose name does not start with {@code system:}.
 */
@CheckInfo(
    id = "RBAC-003",
    title = "Binding names the system:masters group",
    severity = Severity.CRITICAL,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.1"},
    mitre = {"T1078", "T1098"},
    description =
        "The API server allows every request of a member of system:masters before RBAC is"
            + " consulted, and no binding can take that away: membership comes from the client"
            + " certificate's organisation, so it lasts until the certificate expires. Only the"
            + " bootstrap binding system:cluster-admin needs to name the group; another binding that"
            + " does suggests people or tools are given system:masters credentials to use. Triggered"
            + " by a Group system:masters subject in a RoleBinding or ClusterRoleBinding whose name"
            + " does not start with system:.",
    remediation =
        "Remove the subject; give the people or tools concerned their own identities and bind them"
            + " to roles that list what they need. Keep system:masters certificates for break-glass"
            + " use only.")
public final class SystemMastersBound implements InventoryCheck {
  static final String MASTERS = "system:masters";

  @Override
  public void check(CheckContext context, Sink sink) {
    RbacIndex index = RbacIndex.of(context.inventory());
    for (Binding b : index.bindings()) {
      if (RbacFacts.isSystem(b.name())) {
        continue;
      }
      for (int i = 0; i < b.subjects().size(); i++) {
        Subject s = b.subjects().get(i);
        if (s.kind() == Subject.Kind.GROUP && s.name().equals(MASTERS)) {
          sink.report(
              b.object(),
              RbacFacts.subjectNode(b, i),
              RbacFacts.binding(b)
                  + " binds "
                  + RbacFacts.role(b)
                  + " to Group system:masters, whose members bypass RBAC entirely and cannot be"
                  + " restricted by any binding");
        }
      }
    }
  }
}
