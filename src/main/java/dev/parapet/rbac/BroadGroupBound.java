package dev.parapet.rbac;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import java.util.List;
import java.util.Map;

/**
 * Granting to {@code system:anonymous}, {@code system:unauthenticated} or {@code
 * system:authenticated} grants to every caller, or to everyone with any credential including every
 * service account token. Triggers on each such subject of a binding whose name does not start with
 * {@code system:} (the bootstrap bindings such as system:basic-user, system:discovery and
 * system:public-info-viewer are expected) and whose role grants at least one rule.
 */
@CheckInfo(
    id = "RBAC-004",
    title = "Binding grants to anonymous or all authenticated users",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.1"},
    mitre = {"T1078"},
    description =
        "User system:anonymous and Group system:unauthenticated are every request without"
            + " credentials; Group system:authenticated is every request with any, which includes"
            + " every service account token mounted in every pod. A grant to them is a grant to"
            + " anyone who reaches the API server or runs code in any pod. The bootstrap policy's"
            + " own bindings (named system:*, e.g. system:basic-user, system:discovery,"
            + " system:public-info-viewer, system:service-account-issuer-discovery) grant only"
            + " discovery and are not reported. Triggered by such a subject in any other binding"
            + " whose role has rules.",
    remediation =
        "Bind the role to the specific users, groups or service accounts that need it; for public"
            + " read access to a few objects, a Role with resourceNames limits what leaks.")
public final class BroadGroupBound implements InventoryCheck {
  private static final Map<String, String> WHO =
      Map.of(
          "system:anonymous", "every request without credentials",
          "system:unauthenticated", "every request without credentials",
          "system:authenticated", "every authenticated user and every service account");

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
      for (int i = 0; i < b.subjects().size(); i++) {
        Subject s = b.subjects().get(i);
        boolean broad =
            (s.kind() == Subject.Kind.GROUP && WHO.containsKey(s.name()))
                || (s.kind() == Subject.Kind.USER && s.name().equals("system:anonymous"));
        if (broad) {
          sink.report(
              b.object(),
              RbacFacts.subjectNode(b, i),
              RbacFacts.binding(b)
                  + " grants "
                  + RbacFacts.role(b)
                  + " ("
                  + RbacFacts.describe(rules)
                  + ") "
                  + RbacFacts.scope(b)
                  + " to "
                  + s
                  + ", that is "
                  + WHO.get(s.name()));
        }
      }
    }
  }
}
